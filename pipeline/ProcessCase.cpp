// Orchestrates one case: the order of the stages and their parallelism; the stages do the work.
#include "pipeline/ProcessCase.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <chrono>

#include "core/Error.h"
#include "core/Files.h"
#include "ocr/OcrEngine.h"
#include "pipeline/Ingest.h"
#include "pipeline/Parallel.h"
#include "pipeline/Prepare.h"
#include "pipeline/Report.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void CreateOutputFolder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create output folder " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0750);
}

// Documents until the classifier has spoken: one per input file, type unknown.
std::vector<Document> OneDocumentPerFile(const std::vector<Page>& pages) {
    std::vector<Document> documents;
    for (size_t i = 0; i < pages.size(); ++i) {
        if (documents.empty() || pages[i].file != pages[documents.back().pageIndexes.front()].file) {
            Document document;
            document.id = "d" + std::to_string(documents.size() + 1);
            documents.push_back(document);
        }
        documents.back().pageIndexes.push_back(static_cast<int>(i));
    }
    return documents;
}

void AnalysePages(Case& c, const Config& config, const OcrEngineFactory& engines) {
    const int workers = std::max(1, std::min<int>(config.EffectiveJobs(), static_cast<int>(c.pages.size())));
    std::vector<std::unique_ptr<OcrEngine>> ocr(static_cast<size_t>(workers));
    std::vector<double> prepareMs(c.pages.size()), ocrMs(c.pages.size());
    ForEachParallel(workers, c.pages.size(), [&](int worker, size_t index) {
        auto& engine = ocr[static_cast<size_t>(worker)];
        if (!engine) engine = engines();  // created on the thread that uses it, once per case
        Page& page = c.pages[index];
        auto start = Clock::now();
        PreparedPage prepared = PreparePage(page, engine.get(), config.prepare);
        page.prepared = std::move(prepared.prepared);
        page.preparation = prepared.preparation;
        page.quality = std::move(prepared.quality);
        page.dpi = prepared.dpi;
        page.dpiEstimated = prepared.dpiEstimated;
        prepareMs[index] = MillisecondsSince(start);
        start = Clock::now();
        page.ocr = engine->Recognize(page.prepared, page.dpi);
        ocrMs[index] = MillisecondsSince(start);
        for (const auto& code : page.quality.FailedCodes())
            page.issues.push_back(Issue{Severity::Warning, "poor_quality_" + code,
                                        "poor-quality copy (rule 9-1): " + code, "", page.file,
                                        page.pageInFile});
    });
    double prepareTotal = 0, ocrTotal = 0;
    for (size_t i = 0; i < c.pages.size(); ++i) {
        prepareTotal += prepareMs[i];
        ocrTotal += ocrMs[i];
    }
    c.timingsMs["prepare_cpu"] = prepareTotal;
    c.timingsMs["ocr_cpu"] = ocrTotal;
}

}  // namespace

ProcessResult ProcessCase(const fs::path& caseDir, const fs::path& outRoot, const Config& config,
                          const OcrEngineFactory& engines) {
    const auto started = Clock::now();
    std::error_code ec;
    if (!fs::is_directory(caseDir, ec))
        throw Error(ErrorCode::Io, "case folder " + caseDir.string() + " does not exist or is not a folder");
    ProcessResult result;
    Case& c = result.caseData;
    c.id = fs::absolute(caseDir).lexically_normal().filename().string();
    if (c.id.empty()) c.id = fs::absolute(caseDir).parent_path().filename().string();
    c.service = config.defaultService;
    c.applicationDate = config.applicationDate.value_or(Date::Today());

    auto stageStart = Clock::now();
    IngestResult ingested = IngestCase(caseDir, config.ingest);
    c.inputs = std::move(ingested.inputs);
    c.pages = std::move(ingested.pages);
    c.issues = std::move(ingested.issues);
    c.timingsMs["ingest"] = MillisecondsSince(stageStart);

    stageStart = Clock::now();
    AnalysePages(c, config, engines);
    c.timingsMs["pages"] = MillisecondsSince(stageStart);

    c.documents = OneDocumentPerFile(c.pages);

    result.outDir = outRoot / c.id;
    CreateOutputFolder(result.outDir);
    ReportOutputs outputs;
    c.timingsMs["total"] = MillisecondsSince(started);
    WriteFileAtomic(result.outDir / "report.json", BuildReport(c, outputs).dump(2) + "\n");
    spdlog::info("case {}: {} pages, verdict {}, {:.0f} ms", c.id, c.pages.size(), c.verdict,
                 c.timingsMs["total"]);
    return result;
}

}  // namespace dossier
