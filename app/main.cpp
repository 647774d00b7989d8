// The dossier command line: one binary, one subcommand per job; exit statuses decided here only.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>

#include "app/Cli.h"
#include "app/ExitCode.h"
#include "core/Error.h"
#include "image/LargeImages.h"
#include "ocr/OcrEngine.h"
#include "pipeline/ProcessCase.h"

int main(int argc, char** argv) {
    // Before any thread: libgomp reads it when the Tesseract module loads it, on first use.
    dossier::LimitOpenMpToOneThread();
    spdlog::set_default_logger(spdlog::stderr_color_mt("dossier"));
    dossier::UseHugePagesForLargeImages();

    CLI::App app{"dossier: scanned application packages in, checked and signed case files out"};
    app.require_subcommand(1);
    app.set_version_flag("--version", DOSSIER_VERSION);
    dossier::CommonOptions common;
    dossier::AddProcessCommand(app, common);
    dossier::AddBatchCommand(app, common);
    dossier::AddWatchCommand(app, common);
    dossier::AddVerifyCommand(app, common);
    dossier::AddKeygenCommand(app, common);
    dossier::AddPhotoCommand(app, common);
    dossier::AddMrzCommand(app, common);
    dossier::AddConfigCommand(app, common);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);
        return status == 0 ? 0 : dossier::kExitBadUsage;
    } catch (const dossier::Error& e) {
        spdlog::error("{} ({})", e.what(), dossier::ToString(e.code()));
        return dossier::ExitStatusFor(e.code());
    } catch (const std::exception& e) {
        spdlog::error("internal error: {}", e.what());
        return dossier::kExitCaseFailed;
    }
    return common.exitStatus;
}
