// `dossier mrz IMAGE [--json]`: find and read the MRZ of one image.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "app/Cli.h"
#include "core/Error.h"
#include "ingest/Ingest.h"
#include "ocr/MrzReader.h"
#include "ocr/MrzVisualCheck.h"
#include "ocr/OcrEngine.h"
#include "pipeline/Report.h"
#include "prepare/Prepare.h"

namespace dossier {

void AddMrzCommand(CLI::App& app, CommonOptions& common, char** argv) {
    auto image = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("mrz", "Find and read the MRZ of one image");
    command->add_option("IMAGE", *image, "Image of a passport page, ID card or visa")
        ->required()
        ->check(CLI::ExistingFile);
    AddCommonOptions(*command, common);
    command->callback([image, &common, argv] {
        const Config config = ResolveConfig(common);
        // The same decoding as `process`: every format it reads, EXIF orientation applied.
        IngestResult ingested;
        const std::filesystem::path path(*image);
        IngestFile(path, path.filename().string(), config.ingest, ingested);
        if (ingested.pages.empty())  // the issue names the file and says why
            throw Error(ErrorCode::Io, ingested.issues.empty() ? "cannot read image " + *image
                                                               : ingested.issues[0].message);
        const Page& page = ingested.pages.front();
        cv::Mat gray = page.original;
        if (gray.channels() == 3) cv::cvtColor(page.original, gray, cv::COLOR_BGR2GRAY);
        const Date reference = config.applicationDate.value_or(Date::Today());
        // A photo states no resolution; the reader's scale search starts from a scan's 300 dpi.
        const double dpi = page.dpi > 0 ? page.dpi : 300;
        // The template reader first, alone: a clear MRZ needs neither Tesseract nor the restart
        // that runs it single-threaded (libgomp reads OMP_THREAD_LIMIT only when it loads).
        MrzOptions templatesOnly = config.mrz;
        templatesOnly.useTesseract = false;
        MrzReader reader(templatesOnly);
        auto mrz = reader.Read(gray, dpi, reference);
        const bool secondReader = config.mrz.useTesseract && reader.SecondReaderWanted();
        if (secondReader || (mrz && mrz->needsReview))
            EnsureSingleThreadedOpenMp(argv);  // returns once single-threaded
        if (secondReader) {
            MrzOptions mrzOptions = config.mrz;
            mrzOptions.loadTesseractOnFirstUse = true;
            mrz = MrzReader(mrzOptions).Read(gray, dpi, reference);
        }
        if (mrz && mrz->needsReview) {
            // As `process` does: the printed names and codes may settle what the lines left in
            // doubt. Only then is the page read, so that a clear MRZ costs no OCR.
            Page read = page;
            const auto engine = MakeEngineFactory(config, common)();
            ApplyPreparation(read, PreparePage(read, engine.get(), config.prepare));
            SettleWithVisualZone(*mrz, ReadUpright(read, *engine, config.prepare));
        }
        if (common.json) {
            std::cout << (mrz ? MrzJson(*mrz) : nlohmann::json(nullptr)).dump(2) << "\n";
        } else if (!mrz) {
            std::cout << "no MRZ found\n";
        } else {
            std::cout << ToString(mrz->format) << (mrz->valid ? " valid" : " NOT valid") << "\n";
            for (const auto& line : mrz->lines) std::cout << line << "\n";
            for (const MrzCheck& check : mrz->checks)
                std::cout << "  check " << check.field << ": " << (check.ok ? "ok" : "WRONG")
                          << "\n";
            for (const MrzCorrection& c : mrz->corrections)
                std::cout << "  corrected line " << c.line + 1 << " column " << c.position + 1
                          << ": " << c.from << " -> " << c.to << " (proven by " << c.provenBy
                          << ")\n";
            for (const Issue& issue : mrz->issues)
                std::cout << "  " << ToString(issue.severity) << " " << issue.code << ": "
                          << issue.message << "\n";
        }
        common.exitStatus = mrz ? 0 : 1;
    });
}

}  // namespace dossier
