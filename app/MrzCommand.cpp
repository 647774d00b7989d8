// `dossier mrz IMAGE... [--json]`: find and read the MRZ of each image.
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

namespace {

/// One image's page in gray, decoded as `process` decodes it: every format it reads, EXIF
/// orientation applied. An image without a page throws: the issue names the file and says why.
Page ReadPage(const std::string& image, const Config& config) {
    IngestResult ingested;
    const std::filesystem::path path(image);
    IngestOptions options = config.ingest;
    options.grayOnly = true;  // the readers see gray; no case file is made
    IngestFile(path, path.filename().string(), options, ingested);
    if (ingested.pages.empty())
        throw Error(ErrorCode::Io, ingested.issues.empty() ? "cannot read image " + image
                                                           : ingested.issues[0].message);
    return std::move(ingested.pages.front());
}

cv::Mat Gray(const Page& page) {
    cv::Mat gray = page.original;
    if (gray.channels() == 3) cv::cvtColor(page.original, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

/// A photo states no resolution; the reader's scale search starts from a scan's 300 dpi.
double ReadingDpi(const Page& page) {
    return page.dpi > 0 ? page.dpi : 300;
}

/// One image's reading; `error` when the image could not be read.
struct ImageMrz {
    std::optional<Mrz> mrz;
    std::string error;
};

/// Reads one image's MRZ, decoding it once. The template reader first, alone: a clear MRZ needs
/// no Tesseract, whose module then never loads. Then, when a band came to the second reader, with
/// Tesseract; and, as `process` does, with the printed names and codes, which may settle what
/// the lines left in doubt (only then is the page read: a clear MRZ costs no OCR). An image that
/// does not decode or whose templates' reading fails is reported as this image's error; a failure
/// of the second reading (Tesseract missing, say) stops the run.
ImageMrz ReadImage(const std::string& image, const Config& config, const CommonOptions& common,
                   MrzReader& templates, Date reference) {
    ImageMrz result;
    std::optional<Page> page;
    cv::Mat gray;
    try {
        page = ReadPage(image, config);
        gray = Gray(*page);
        result.mrz = templates.Read(gray, ReadingDpi(*page), reference);
    } catch (const Error& e) {
        result.error = e.what();
        return result;
    }
    if (config.mrz.useTesseract && templates.SecondReaderWanted()) {
        MrzOptions full = config.mrz;
        full.loadTesseractOnFirstUse = true;
        result.mrz = MrzReader(full).Read(gray, ReadingDpi(*page), reference);
    }
    if (result.mrz && result.mrz->needsReview) {
        Page read = *page;
        const auto engine = MakeEngineFactory(config, common)();
        ApplyPreparation(read, PreparePage(read, engine.get(), config.prepare));
        SettleWithVisualZone(*result.mrz, ReadUpright(read, *engine, config.prepare));
    }
    return result;
}

void PrintText(const ImageMrz& result) {
    if (!result.error.empty()) {
        std::cout << "cannot read: " << result.error << "\n";
        return;
    }
    if (!result.mrz) {
        std::cout << "no MRZ found\n";
        return;
    }
    const Mrz& mrz = *result.mrz;
    std::cout << ToString(mrz.format) << (mrz.valid ? " valid" : " NOT valid") << "\n";
    for (const auto& line : mrz.lines) std::cout << line << "\n";
    for (const MrzCheck& check : mrz.checks)
        std::cout << "  check " << check.field << ": " << (check.ok ? "ok" : "WRONG") << "\n";
    for (const MrzCorrection& c : mrz.corrections)
        std::cout << "  corrected line " << c.line + 1 << " column " << c.position + 1 << ": "
                  << c.from << " -> " << c.to << " (proven by " << c.provenBy << ")\n";
    for (const Issue& issue : mrz.issues)
        std::cout << "  " << ToString(issue.severity) << " " << issue.code << ": " << issue.message
                  << "\n";
}

nlohmann::json Json(const ImageMrz& result) {
    return result.mrz ? MrzJson(*result.mrz) : nlohmann::json(nullptr);
}

}  // namespace

void AddMrzCommand(CLI::App& app, CommonOptions& common) {
    auto images = std::make_shared<std::vector<std::string>>();
    CLI::App* command =
        app.add_subcommand("mrz", "Find and read the MRZ of each image (one process for many)");
    command->add_option("IMAGE", *images, "Images of passport pages, ID cards or visas")
        ->required()
        ->check(CLI::ExistingFile);
    AddCommonOptions(*command, common);
    command->callback([images, &common] {
        const Config config = ResolveConfig(common);
        const Date reference = config.applicationDate.value_or(Date::Today());
        MrzOptions templatesOnly = config.mrz;
        templatesOnly.useTesseract = false;
        MrzReader reader(templatesOnly);
        std::vector<ImageMrz> results;
        for (const std::string& image : *images)
            results.push_back(ReadImage(image, config, common, reader, reference));
        // One image keeps its plain output and its failure status; several are listed by file,
        // a file that cannot be read among them.
        const bool single = images->size() == 1;
        if (single && !results[0].error.empty()) throw Error(ErrorCode::Io, results[0].error);
        if (common.json) {
            nlohmann::json list = nlohmann::json::array();
            for (size_t i = 0; i < results.size(); ++i) {
                nlohmann::json entry = {{"file", (*images)[i]}, {"mrz", Json(results[i])}};
                if (!results[i].error.empty()) entry["error"] = results[i].error;
                list.push_back(std::move(entry));
            }
            std::cout << (single ? Json(results[0]) : list).dump(2) << "\n";
        } else {
            for (size_t i = 0; i < results.size(); ++i) {
                if (!single) std::cout << (i > 0 ? "\n" : "") << "== " << (*images)[i] << "\n";
                PrintText(results[i]);
            }
        }
        const bool everyMrzFound = std::all_of(results.begin(), results.end(),
                                               [](const ImageMrz& r) { return r.mrz.has_value(); });
        common.exitStatus = everyMrzFound ? 0 : 1;
    });
}

}  // namespace dossier
