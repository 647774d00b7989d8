// Orchestrates one case: the order of the stages and their parallelism; the stages do the work.
#include "pipeline/ProcessCase.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
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

struct PageFindings {
    std::optional<Mrz> mrz;
    bool face = false;
    double prepareMs = 0, ocrMs = 0, mrzMs = 0, faceMs = 0;
    std::string failure;    ///< why a stage threw on the page; empty when none did
    cv::Size preparedSize;  ///< the OCR copy's size, kept when its pixels go
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
void AnalysePage(Page& page, PageFindings& found, WorkerTools& tool, RunContext& run,
                 const Date& applicationDate) {
    const Config& config = run.config;
    auto start = Clock::now();
    ApplyPreparation(page, PreparePage(page, &*tool.ocr, config.prepare));
    found.prepareMs = MillisecondsSince(start);

    // A page of one colour has nothing to read or find: it is judged blank at once (a PDF of
    // 5,000 empty pages must not cost 5,000 readings).
    if (IsUniform(page.prepared)) {
        page.ocr = OcrText{};
        JudgeContent(page.quality, *page.ocr, page.prepared.size(), config.prepare);
        return;
    }

    start = Clock::now();
    page.ocr = ReadUpright(page, *tool.ocr, config.prepare);
    found.ocrMs = MillisecondsSince(start);

    start = Clock::now();
    // A page of print read confidently, with no ink outside its words, holds no MRZ.
    if (MayHoldMrz(*page.ocr, page.prepared))
        found.mrz = tool.mrz->Read(page.prepared, page.dpi, applicationDate);
    if (found.mrz) {
        SettleWithVisualZone(*found.mrz, *page.ocr);
        CrossCheckVisualZone(*found.mrz, *page.ocr);
    }
    found.mrzMs = MillisecondsSince(start);

    if (config.findFaces) {
        start = Clock::now();
        found.face = !FindFaces(page.prepared, config.photo.faces, run.faceCascades).empty();
        found.faceMs = MillisecondsSince(start);
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

void AnalysePages(Case& c, RunContext& run, const CaseOptions& options,
                  std::vector<PageFindings>& findings) {
    const int wanted = options.pageWorkers > 0 ? options.pageWorkers : run.config.EffectiveJobs();
    const int workers = std::max(1, std::min<int>(wanted, static_cast<int>(c.pages.size())));
    std::vector<WorkerTools> tools(static_cast<size_t>(workers));
    std::atomic<int> pagesDone{0};
    findings.assign(c.pages.size(), {});
    ForEachParallel(workers, c.pages.size(), [&](int worker, size_t index) {
        auto& tool = tools[static_cast<size_t>(worker)];
        if (!tool.ocr) tool.ocr = run.ocrEngines.Lend();
        if (!tool.mrz) tool.mrz = run.mrzReaders.Lend();
        Page& page = c.pages[index];
        PageFindings& found = findings[index];

        // One page that a library cannot handle (OpenCV, Tesseract, ...) costs that page, not the
        // case: it stays in the case file as it is, with the reason.
        try {
            page.Unpark();
            AnalysePage(page, found, tool, run, c.applicationDate);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::MissingResource) throw;  // the run's, not the page's
            found = PageFindings{};
            found.failure = e.what();
            MarkUnprocessable(page, e.what());
        } catch (const std::exception& e) {
            found = PageFindings{};
            found.failure = e.what();
            MarkUnprocessable(page, e.what());
        } catch (...) {
            found = PageFindings{};
            found.failure = "unknown error";
            MarkUnprocessable(page, "unknown error");
        }
        // Later stages need the OCR copy's size only, and the original's pixels for a few pages
        // (the photo, the case file), decoded again then: a case's peak is a page per worker.
        found.preparedSize = page.prepared.size();
        page.prepared.release();
        page.Park();
        if (options.onPageDone) options.onPageDone(++pagesDone);
    });
    tools.clear();  // the engines and readers go back to the run's pools
    // One bad page is the page's problem; every page of several failing is the engine's (a
    // broken installation), which batch and watch must see as a failed case to retry.
    const bool allFailed = std::all_of(findings.begin(), findings.end(),
                                       [](const PageFindings& f) { return !f.failure.empty(); });
    if (findings.size() >= 2 && allFailed)
        throw Error(ErrorCode::Ocr, "no page of the case could be processed: " +
                                        ValidUtf8(findings.front().failure));
    double prepareMs = 0, ocrMs = 0, mrzMs = 0, faceMs = 0;
    for (const auto& found : findings) {
        prepareMs += found.prepareMs;
        ocrMs += found.ocrMs;
        mrzMs += found.mrzMs;
        faceMs += found.faceMs;
    }
    c.timingsMs["prepare_cpu"] = prepareMs;
    c.timingsMs["ocr_cpu"] = ocrMs;
    c.timingsMs["mrz_cpu"] = mrzMs;
    c.timingsMs["faces_cpu"] = faceMs;
}

std::vector<PageSignals> SignalsOf(const Case& c, const std::vector<PageFindings>& findings) {
    std::vector<PageSignals> signals(c.pages.size());
    for (size_t i = 0; i < c.pages.size(); ++i) {
        signals[i].mrz = findings[i].mrz;
        signals[i].face = findings[i].face;
        const Page& page = c.pages[i];
        const cv::Size prepared = findings[i].preparedSize;
        if (page.dpi > 0 && !page.dpiEstimated) {
            signals[i].widthMm = prepared.width / page.dpi * 25.4;
            signals[i].heightMm = prepared.height / page.dpi * 25.4;
        } else if (const double dpi = page.quality.dpi > 0 ? page.quality.dpi : page.dpi; dpi > 0) {
            // What the classifier works out from the original when given no size (SignalsFor);
            // the original is parked by now.
            const cv::Size original = page.OriginalSize();
            signals[i].widthMm = original.width / dpi * 25.4;
            signals[i].heightMm = original.height / dpi * 25.4;
        }
    }
    return signals;
}

// A sheet of photos carries no text; a page with a few words may still be one (a studio's stamp).
bool NearlyTextless(const Page& page) {
    if (!page.ocr) return true;
    int letters = 0;
    for (unsigned char ch : page.ocr->text) letters += std::isalnum(ch) || ch >= 0x80;
    return letters < 40;
}

// The 35 x 45 photo: a photo document first, then a photo glued into the application form, then
// any other page that is not an identity document and shows a face or next to no text. Form pages
// are searched whether or not a face was seen: the page-wide face search looks for faces of a
// fifth of the page, and the photo box's face is much smaller. FindPhoto looks down to 8 mm.
void CheckThePhoto(Case& c, const std::vector<PageFindings>& findings, RunContext& run) {
    std::vector<int> candidates;
    using Wanted = std::optional<DocumentType>;  // nullopt: any other document
    for (const Wanted type :
         {Wanted(DocumentType::Photo), Wanted(DocumentType::ApplicationForm), Wanted()})
        for (const auto& document : c.documents) {
            const bool wanted = type ? document.type == *type
                                     : document.type != DocumentType::Passport &&
                                           document.type != DocumentType::IdentityCard &&
                                           document.type != DocumentType::Photo &&
                                           document.type != DocumentType::ApplicationForm;
            if (!wanted) continue;
            for (int index : document.pageIndexes)
                if (type || findings[static_cast<size_t>(index)].face ||
                    NearlyTextless(c.pages[static_cast<size_t>(index)]))
                    candidates.push_back(index);
        }
    for (int index : candidates) {
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
    std::vector<PageFindings> findings;
    AnalysePages(c, run, options, findings);
    c.timingsMs["pages"] = MillisecondsSince(stageStart);

    stageStart = Clock::now();
    c.documents =
        ClassifyDocuments(c.pages, SignalsOf(c, findings), run.models.classifier, config.classify);
    c.timingsMs["classify"] = MillisecondsSince(stageStart);

    ReportScanQuality(c);
    stageStart = Clock::now();
    CheckThePhoto(c, findings, run);
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
