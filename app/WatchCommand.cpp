// `dossier watch INBOX --out DIR`: stays running and processes each package once it is complete.
#include <spdlog/spdlog.h>

#include "app/Cli.h"
#include "app/ExitCode.h"
#include "core/Logging.h"
#include "ocr/OcrEngine.h"
#include "runs/Watch.h"

namespace dossier {

void AddWatchCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand(
        "watch", "process each case folder of INBOX once complete; archive or quarantine it");
    struct Arguments {
        std::string inbox, out, logFormat = "plain", archive, quarantine, statusFile;
        bool poll = false, exitWhenIdle = false;
        double settle = -1;
    };
    auto arguments = std::make_shared<Arguments>();
    command->add_option("INBOX", arguments->inbox,
                        "folder the scanning stations write into (config folders.inbox)");
    command->add_option("--out,-o", arguments->out,
                        "output root; each case goes to DIR/<case id>/ (config folders.out)");
    command->add_flag("--poll", arguments->poll,
                      "poll instead of inotify (network file systems; config watch.poll)");
    command
        ->add_option(
            "--settle", arguments->settle,
            "seconds without change that make a package ready (config watch.settleSeconds)")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--archive", arguments->archive,
                        "archive root (default: INBOX/../archive)");
    command->add_option("--quarantine", arguments->quarantine,
                        "quarantine folder (default: INBOX/../quarantine)");
    command->add_option("--status-file", arguments->statusFile,
                        "monitoring status JSON (default: DIR/watch-status.json)");
    command->add_flag("--exit-when-idle", arguments->exitWhenIdle,
                      "return once the inbox is empty (cron-style runs)");
    command->add_option("--log-format", arguments->logFormat, "plain or json")
        ->check(CLI::IsMember({"plain", "json"}));
    AddCommonOptions(*command, common);
    command->callback([&common, arguments] {
        SetUpLogging({arguments->logFormat, common.quiet, common.verbose, common.logPii});
        const auto run = StartRun(common);
        const Config& config = run->config;
        WatchOptions options = WatchOptionsFromConfig(config);
        if (arguments->poll) options.poll = true;
        if (arguments->settle >= 0) options.settleSeconds = arguments->settle;
        const auto folder = [](const std::string& given, const std::string& configured) {
            return given.empty() ? configured : given;
        };
        options.archiveDir = folder(arguments->archive, config.folders.archive);
        options.quarantineDir = folder(arguments->quarantine, config.folders.quarantine);
        options.statusFile = folder(arguments->statusFile, config.folders.statusFile);
        options.exitWhenIdle = arguments->exitWhenIdle;
        RunWatch(FolderOption(arguments->inbox, config.folders.inbox, "INBOX"),
                 FolderOption(arguments->out, config.folders.out, "--out"), *run, options);
        common.exitStatus = kExitProcessed;  // failures are quarantined, not fatal to the service
    });
}

}  // namespace dossier
