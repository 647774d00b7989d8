// Orchestrates one case: the order of the stages and their parallelism; the stages do the work.
#include "pipeline/ProcessCase.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "classify/Classifier.h"
#include "classify/Models.h"
#include "classify/Rules.h"
#include "core/Error.h"
#include "core/Files.h"
#include "ingest/CaseManifest.h"
#include "ingest/Ingest.h"
#include "ocr/MrzEvidence.h"
#include "ocr/MrzReader.h"
#include "ocr/MrzVisualCheck.h"
#include "ocr/OcrEngine.h"
#include "pdf/CaseFile.h"
#include "pdf/Receipt.h"
#include "pdf/Signer.h"
#include "photo/FaceFinder.h"
#include "photo/PhotoCandidates.h"
#include "photo/PhotoCheck.h"
#include "pipeline/Parallel.h"
#include "pipeline/Report.h"
#include "prepare/Prepare.h"

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
    if (ec)
        throw Error(ErrorCode::Io,
                    "cannot create output folder " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0750);
}

// What each worker holds for the length of a case, borrowed from the run: tools are not
// thread-safe.
struct WorkerTools {
    ToolPool<OcrEngine>::Lent ocr;
    ToolPool<MrzReader>::Lent mrz;
};

// The cost of analysing one page and why it stopped: the run's account, not a finding about the
// page (those are on the Page).
struct PageWork {
    double prepareMs = 0, ocrMs = 0, mrzMs = 0, faceMs = 0;
    std::string failure;  ///< why a stage threw on the page; empty when none did
};

void ApplyManifest(Case& c, const fs::path& caseDir, const Config& config, const Models& models) {
    c.service = config.defaultService;
    c.manifest = ReadCaseManifest(caseDir, &models.rules, config.ingest.maxManifestBytes, c.issues);
    if (!c.manifest.service.empty()) c.service = c.manifest.service;
    c.purpose = c.manifest.purpose;
    c.applicationDate = config.applicationDate ? *config.applicationDate
                                               : c.manifest.applicationDate.value_or(Date::Today());
}

// The page's quality as its reviewer must see it: what the measures prove about its content.
void AddQualityIssue(Page& page) {
    const PageQuality& q = page.quality;
    switch (q.content) {
        case ContentVerdict::Blank:
            page.issues.push_back(Issue{Severity::Info, "blank_page",
                                        "blank page (a back side or separator sheet): kept, "
                                        "not a defect",
                                        "", page.file, page.pageInFile});
            break;
        case ContentVerdict::Poor:
            page.issues.push_back(Issue{Severity::Warning, "poor_quality",
                                        "poor-quality copy (rule 9-1): " + q.DescribeProblems(), "",
                                        page.file, page.pageInFile});
            break;
        case ContentVerdict::Doubtful:
            page.issues.push_back(
                Issue{Severity::Warning, "quality_doubtful",
                      "copy quality to be checked (rule 9-1): " + q.DescribeProblems(), "",
                      page.file, page.pageInFile});
            break;
        case ContentVerdict::Legible:
            break;
    }
}

// Every stage of one page: preparation, OCR, MRZ, faces, quality issues.
void AnalysePage(Page& page, PageWork& work, WorkerTools& tool, RunContext& run,
                 const Date& applicationDate) {
    const Config& config = run.config;
    auto start = Clock::now();
    ApplyPreparation(page, PreparePage(page, &*tool.ocr, config.prepare));
    work.prepareMs = MillisecondsSince(start);

    // A page of one colour has nothing to read or find: it is judged blank at once (a PDF of
    // 5,000 empty pages must not cost 5,000 readings).
    if (IsUniform(page.prepared)) {
        page.ocr = OcrText{};
        JudgeContent(page.quality, *page.ocr, page.prepared.size(), config.prepare);
        return;
    }

    start = Clock::now();
    page.ocr = ReadUpright(page, *tool.ocr, config.prepare);
    work.ocrMs = MillisecondsSince(start);

    start = Clock::now();
    std::optional<Mrz>& mrz = page.analysis.mrz;
    // A page of print read confidently, with no ink outside its words, holds no MRZ.
    if (MayHoldMrz(*page.ocr, page.prepared))
        mrz = tool.mrz->Read(page.prepared, page.dpi, applicationDate);
    if (mrz) {
        SettleWithVisualZone(*mrz, *page.ocr);
        CrossCheckVisualZone(*mrz, *page.ocr);
    }
    work.mrzMs = MillisecondsSince(start);

    if (config.findFaces) {
        start = Clock::now();
        page.analysis.face =
            !FindFaces(page.prepared, config.photo.faces, run.faceCascades).empty();
        work.faceMs = MillisecondsSince(start);
    }

    JudgeContent(page.quality, *page.ocr, page.prepared.size(), config.prepare);
}

// A page no stage could finish: it keeps its original pixels (the case file shows them), a gray
// copy for the later stages, no text, and an issue saying why.
void MarkUnprocessable(Page& page, const std::string& why) {
    try {
        page.prepared = cv::Mat();
        if (!page.original.empty() && page.original.channels() == 3)
            cv::cvtColor(page.original, page.prepared, cv::COLOR_BGR2GRAY);
        else
            page.prepared = page.original;  // shares the pixels: later stages only read them
    } catch (const std::exception&) {
        page.prepared = cv::Mat();
    }
    if (page.prepared.empty()) page.prepared = cv::Mat(1, 1, CV_8UC1, cv::Scalar(255));
    page.preparation = Preparation{};
    page.ocr = OcrText{};
    page.issues.push_back(Issue{Severity::Error, "page_unprocessable",
                                "page " + std::to_string(page.pageInFile) + " of \"" + page.file +
                                    "\" could not be processed (" + ValidUtf8(why) +
                                    "); it is in the case file as it is, unread",
                                "", page.file, page.pageInFile});
}

void AnalysePages(Case& c, RunContext& run, const CaseOptions& options) {
    const int wanted = options.pageWorkers > 0 ? options.pageWorkers : run.config.EffectiveJobs();
    const int workers = std::max(1, std::min<int>(wanted, static_cast<int>(c.pages.size())));
    std::vector<WorkerTools> tools(static_cast<size_t>(workers));
    std::atomic<int> pagesDone{0};
    std::vector<PageWork> works(c.pages.size());
    ForEachParallel(workers, c.pages.size(), [&](int worker, size_t index) {
        auto& tool = tools[static_cast<size_t>(worker)];
        if (!tool.ocr) tool.ocr = run.ocrEngines.Lend();
        if (!tool.mrz) tool.mrz = run.mrzReaders.Lend();
        Page& page = c.pages[index];
        PageWork& work = works[index];

        // One page that a library cannot handle (OpenCV, Tesseract, ...) costs that page, not the
        // case: it stays in the case file as it is, with the reason.
        auto failed = [&](const std::string& why) {
            work = PageWork{};
            work.failure = why;
            page.analysis = PageAnalysis{};
            MarkUnprocessable(page, why);
        };
        try {
            page.Unpark();
            AnalysePage(page, work, tool, run, c.applicationDate);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::MissingResource) throw;  // the run's, not the page's
            failed(e.what());
        } catch (const std::exception& e) {
            failed(e.what());
        } catch (...) {
            failed("unknown error");
        }
        // The printed size is measured on the OCR copy before its pixels go. Later stages need the
        // original's pixels for a few pages (the photo, the case file), decoded again then: a
        // case's peak is a page per worker.
        const cv::Size2d printed = PrintedSizeMm(page);
        page.analysis.widthMm = printed.width;
        page.analysis.heightMm = printed.height;
        page.prepared.release();
        page.Park();
        if (options.onPageDone) options.onPageDone(++pagesDone);
    });
    tools.clear();  // the engines and readers go back to the run's pools
    // One bad page is the page's problem; every page of several failing is the engine's (a
    // broken installation), which batch and watch must see as a failed case to retry.
    const bool allFailed = std::all_of(works.begin(), works.end(),
                                       [](const PageWork& w) { return !w.failure.empty(); });
    if (works.size() >= 2 && allFailed)
        throw Error(ErrorCode::Ocr,
                    "no page of the case could be processed: " + ValidUtf8(works.front().failure));
    double prepareMs = 0, ocrMs = 0, mrzMs = 0, faceMs = 0;
    for (const auto& work : works) {
        prepareMs += work.prepareMs;
        ocrMs += work.ocrMs;
        mrzMs += work.mrzMs;
        faceMs += work.faceMs;
    }
    c.timingsMs["prepare_cpu"] = prepareMs;
    c.timingsMs["ocr_cpu"] = ocrMs;
    c.timingsMs["mrz_cpu"] = mrzMs;
    c.timingsMs["faces_cpu"] = faceMs;
}

// The 35 x 45 photo: the first of the pages that may show it (PhotoCandidatePages) on which it is
// found.
void CheckThePhoto(Case& c, RunContext& run) {
    for (int index : PhotoCandidatePages(c.documents, c.pages, run.config.photo)) {
        const Page& page = c.pages[static_cast<size_t>(index)];
        const bool dpiTrusted = page.dpi > 0 && !page.dpiEstimated;
        std::optional<PhotoCheck> photo;
        try {
            photo =
                FindPhoto(page.Upright(), page.dpi, dpiTrusted, run.config.photo, run.faceCascades);
        } catch (const std::exception& e) {
            // A page the photo search cannot handle is not the photo; the case goes on.
            spdlog::warn("photo search failed on a page: {}", e.what());
            continue;
        }
        if (!photo || !photo->found) continue;
        photo->file = page.file;
        photo->page = page.pageInFile;
        c.photo = std::move(photo);
        // The rules and the cover measure the photo against its page's pixels.
        c.pages[static_cast<size_t>(index)].Unpark();
        return;
    }
}

// The scan-quality verdicts, once the documents are known. A 35 x 45 photo is not a scanned page:
// its edges are the picture's own, its sharpness is judged by the photo check against photo
// norms, so its page carries no scan-quality measures or verdicts. (The classifier reads a blank
// page from the measures themselves, so nothing needs these issues before it.)
void ReportScanQuality(Case& c) {
    std::vector<bool> photoPage(c.pages.size(), false);
    for (const auto& document : c.documents)
        if (document.type == DocumentType::Photo)
            for (int index : document.pageIndexes)
                if (index >= 0 && static_cast<size_t>(index) < c.pages.size())
                    photoPage[static_cast<size_t>(index)] = true;
    for (size_t index = 0; index < c.pages.size(); ++index) {
        Page& page = c.pages[index];
        // A page no stage finished says so itself; its measures, if any, were never judged.
        const bool unprocessed =
            std::any_of(page.issues.begin(), page.issues.end(),
                        [](const Issue& issue) { return issue.code == "page_unprocessable"; });
        if (!photoPage[index]) {
            if (!unprocessed) AddQualityIssue(page);
            continue;
        }
        page.quality.checks.clear();
        page.quality.ok = true;
        page.quality.content = ContentVerdict::Legible;
    }
}

std::string Summary(const Config& config) {
    std::ostringstream out;
    out << DescribeConfig(config);
    return out.str();
}

void WriteCaseFiles(Case& c, const RunContext& run, const fs::path& outDir, ProcessResult& result,
                    ReportOutputs& outputs) {
    const Config& config = run.config;
    CaseFileOptions options;
    options.typeNames = run.models.names;
    options.itemNames = run.models.names;
    options.configSummary = Summary(config);
    const SigningKey* key = run.signingKey.get();  // loaded and checked when the run started
    if (key) {
        options.signerName = key->SignerName();
        options.testKey = key->IsTestKey();
    } else {
        c.issues.push_back(Issue{Severity::Warning, "unsigned",
                                 "no signing key is configured: the case file is not signed", "",
                                 "", 0});
    }

    auto start = Clock::now();
    std::string pdf = BuildCaseFile(c, options);
    c.timingsMs["case_file"] = MillisecondsSince(start);
    if (key) {
        start = Clock::now();
        pdf = SignPdf(pdf, *key, config.signing);
        c.timingsMs["signing"] = MillisecondsSince(start);
    }
    WriteFileAtomic(outDir / "case.pdf", pdf);
    result.caseFileWritten = true;
    outputs.casePdf = "case.pdf";

    const fs::path receipt = outDir / "receipt.pdf";
    if (c.verdict == Verdict::Incomplete) {
        std::string receiptPdf = BuildReceipt(c, options);
        if (key) receiptPdf = SignPdf(receiptPdf, *key, config.signing);
        WriteFileAtomic(receipt, receiptPdf);
        result.receiptWritten = true;
        outputs.receiptPdf = "receipt.pdf";
    } else {
        std::error_code ec;
        fs::remove(receipt, ec);  // a receipt from an earlier run of a since-completed package
    }
}

}  // namespace

ProcessResult ProcessCase(const fs::path& caseDir, const fs::path& outRoot, RunContext& run,
                          const CaseOptions& options) {
    const Config& config = run.config;
    const auto started = Clock::now();
    std::error_code ec;
    if (!fs::is_directory(caseDir, ec))
        throw Error(ErrorCode::Io,
                    "case folder " + caseDir.string() + " does not exist or is not a folder");
    ProcessResult result;
    Case& c = result.caseData;
    std::string folderName = fs::absolute(caseDir).lexically_normal().filename().string();
    if (folderName.empty()) folderName = fs::absolute(caseDir).parent_path().filename().string();
    // The folder's name is bytes; the report and the case file need valid UTF-8.
    c.id = ValidUtf8(folderName);
    ApplyManifest(c, caseDir, config, run.models);

    auto stageStart = Clock::now();
    IngestResult ingested = IngestCase(caseDir, config.ingest);
    c.inputs = std::move(ingested.inputs);
    c.pages = std::move(ingested.pages);
    c.issues.insert(c.issues.end(), ingested.issues.begin(), ingested.issues.end());
    c.timingsMs["ingest"] = MillisecondsSince(stageStart);

    stageStart = Clock::now();
    AnalysePages(c, run, options);
    c.timingsMs["pages"] = MillisecondsSince(stageStart);

    stageStart = Clock::now();
    c.documents = ClassifyDocuments(c.pages, run.models.classifier, config.classify);
    c.timingsMs["classify"] = MillisecondsSince(stageStart);

    ReportScanQuality(c);
    stageStart = Clock::now();
    CheckThePhoto(c, run);
    c.timingsMs["photo"] = MillisecondsSince(stageStart);

    CheckPackage(c, run.models, config.rules);

    result.outDir = outRoot / folderName;
    CreateOutputFolder(result.outDir);
    ReportOutputs outputs;
    WriteCaseFiles(c, run, result.outDir, result, outputs);
    c.timingsMs["total"] = MillisecondsSince(started);
    // The report goes last: its presence says every other output of this run is in place.
    WriteFileAtomic(
        result.outDir / "report.json",
        BuildReport(c, outputs).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
            "\n");
    for (const auto& [stage, ms] : c.timingsMs)
        spdlog::debug("case {}: stage {} {:.0f} ms", c.id, stage, ms);
    spdlog::info("case {}: {} pages, {} documents, verdict {}, {:.0f} ms", c.id, c.pages.size(),
                 c.documents.size(), ToString(c.verdict), c.timingsMs["total"]);
    return result;
}

}  // namespace dossier
