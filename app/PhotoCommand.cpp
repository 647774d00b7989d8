// `dossier photo IMAGE [--json]`: find the 35 x 45 mm photo in one image or scan and judge it.
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/Cli.h"
#include "core/Error.h"
#include "core/Logging.h"
#include "ingest/Ingest.h"
#include "photo/PhotoCheck.h"
#include "pipeline/Config.h"
#include "pipeline/Report.h"

namespace dossier {

namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void PrintText(const PhotoCheck& photo) {
    std::cout << photo.file << " page " << photo.page << ": "
              << (photo.compliant     ? "compliant"
                  : photo.needsReview ? "needs review"
                                      : "NOT compliant")
              << "\n";
    std::cout << "  photo at " << photo.x << "," << photo.y << " " << photo.width << "x"
              << photo.height << " px";
    if (photo.widthMm && photo.heightMm)
        std::cout << ", " << *photo.widthMm << " x " << *photo.heightMm << " mm";
    else
        std::cout << ", size unknown (no trustworthy resolution)";
    std::cout << "\n";
    for (const PhotoMeasure& m : photo.checks)
        std::cout << "  " << (m.ok ? (*m.ok ? "ok    " : "FAIL  ") : "review") << " " << m.code
                  << " = " << m.value << " (expected " << m.expected << ")"
                  << (m.note.empty() ? "" : "; " + m.note) << "\n";
}

}  // namespace

void AddPhotoCommand(CLI::App& app, CommonOptions& common) {
    auto image = std::make_shared<std::string>();
    CLI::App* command =
        app.add_subcommand("photo", "Find the 35 x 45 mm photo in an image or scan and judge it");
    command->add_option("IMAGE", *image, "Photo, scan of a photo, or application-form page")
        ->required()
        ->check(CLI::ExistingFile);
    AddCommonOptions(*command, common);
    command->callback([image, &common] {
        SetUpLogging({"plain", common.quiet, common.verbose, common.logPii});
        // The whole command should take a few hundred milliseconds; --verbose says where they go.
        auto start = Clock::now();
        const Config config = ResolveConfig(common);
        const PhotoOptions& options = config.photo;
        spdlog::debug("photo: configuration {:.0f} ms", MillisecondsSince(start));

        start = Clock::now();
        IngestResult ingested;
        const std::filesystem::path path(*image);
        IngestFile(path, path.filename().string(), config.ingest, ingested);
        spdlog::debug("photo: decoding {:.0f} ms", MillisecondsSince(start));
        if (ingested.pages.empty()) {
            for (const Issue& issue : ingested.issues) std::cerr << issue.message << "\n";
            common.exitStatus = 1;
            return;
        }
        start = Clock::now();
        std::optional<PhotoCheck> found;
        for (const Page& page : ingested.pages) {
            // A resolution the file states is a scanner's; an estimated one is not a measurement.
            found = FindPhoto(page.original, page.dpi, page.dpi > 0 && !page.dpiEstimated, options);
            if (found) {
                found->file = page.file;
                found->page = page.pageInFile;
                break;
            }
        }
        spdlog::debug("photo: finding and judging {:.0f} ms", MillisecondsSince(start));
        if (common.json)
            std::cout << (found ? PhotoJson(*found) : nlohmann::json{{"found", false}}).dump(2)
                      << "\n";
        else if (found)
            PrintText(*found);
        else
            std::cout << "no photo with a face found\n";
        common.exitStatus = 0;
    });
}

}  // namespace dossier
