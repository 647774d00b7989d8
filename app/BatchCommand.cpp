// `dossier batch INBOX --out DIR [--jobs N] [--force]`: every case folder of an inbox, resumable.
#include <signal.h>

#include <spdlog/spdlog.h>
#include <atomic>
#include <iostream>

#include "app/Cli.h"
#include "app/ExitCode.h"
#include "core/Files.h"
#include "core/Logging.h"
#include "ocr/OcrEngine.h"
#include "runs/Batch.h"

namespace dossier {

namespace {

std::atomic<bool> batchStop{false};

// First SIGINT/SIGTERM: finish the cases in hand and write the summary; a second one kills.
void OnBatchSignal(int signal) {
    batchStop = true;
    ::signal(signal, SIG_DFL);
}

}  // namespace

void AddBatchCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand(
        "batch", "process every case folder of INBOX into DIR; resumable, progress on a terminal");
    struct Arguments {
        std::string inbox, out, logFormat = "plain";
        bool force = false;
    };
    auto arguments = std::make_shared<Arguments>();
    command->add_option("INBOX", arguments->inbox, "folder of case folders (config folders.inbox)");
    command->add_option("--out,-o", arguments->out,
                        "output root; each case goes to DIR/<case id>/ (config folders.out)");
    command->add_flag("--force", arguments->force,
                      "redo cases whose inputs and configuration are unchanged");
    command->add_option("--log-format", arguments->logFormat, "plain or json")
        ->check(CLI::IsMember({"plain", "json"}));
    AddCommonOptions(*command, common);
    command->callback([&common, arguments] {
        SetUpLogging({arguments->logFormat, common.quiet, common.verbose, common.logPii});
        const auto run = StartRun(common);
        const Config& config = run->config;
        BatchOptions options;
        options.jobs = config.EffectiveJobs();
        options.force = arguments->force;
        options.progressBar = !common.quiet;
        options.stop = &batchStop;
        ::signal(SIGINT, OnBatchSignal);
        ::signal(SIGTERM, OnBatchSignal);
        const BatchResult result =
            RunBatch(FolderOption(arguments->inbox, config.folders.inbox, "INBOX"),
                     FolderOption(arguments->out, config.folders.out, "--out"), *run, options);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        if (common.json)
            std::cout << ReadFileBytes(std::filesystem::path(arguments->out) / "summary.json");
        const bool complete =
            result.processed + result.skipped == static_cast<int>(result.cases.size());
        common.exitStatus = complete ? kExitProcessed : kExitCaseFailed;
    });
}

}  // namespace dossier
