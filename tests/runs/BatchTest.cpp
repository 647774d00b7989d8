// Batch runs with fake OCR engines: resuming, forcing, versions, failures, summary, kill -9.
#include "runs/Batch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"
#include "ingest/Package.h"
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"
#include "runs/Progress.h"
#include "tests/fixtures/FakeOcrEngines.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;
using nlohmann::json;

namespace {

fs::path Work(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "batch" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

const std::string& PageJpeg() {
    static const std::string bytes = [] {
        fx::PageSpec spec;
        spec.dpi = 100;
        spec.lines = fx::RussianSampleText();
        return fx::EncodeJpeg(fx::RenderPage(spec), 80, 100);
    }();
    return bytes;
}

void MakeCase(const fs::path& dir, int pages, const std::string& salt = "") {
    fs::create_directories(dir);
    for (int i = 0; i < pages; ++i)
        fx::WriteFile(dir / ("scan_" + std::to_string(i + 1) + ".jpg"), PageJpeg());
    fx::WriteFile(dir / "case.yaml", "service: labor-immigrant\n" + salt);
}

Config TestConfig() {
    Config config = DefaultConfig();
    config.applicationDate = Date{2026, 11, 20};
    config.jobs = 2;
    return config;
}

OcrEngineFactory Fake() {
    return [] { return std::unique_ptr<OcrEngine>(std::make_unique<fx::FakeOcrEngine>()); };
}

std::unique_ptr<RunContext> TestRun(Config config = TestConfig(),
                                    OcrEngineFactory engines = Fake()) {
    return std::make_unique<RunContext>(std::move(config), std::move(engines));
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

BatchOptions Quiet(int jobs = 2) {
    BatchOptions options;
    options.jobs = jobs;
    options.progressBar = false;
    return options;
}

// A stand-in for ProcessCase that is fast and deterministic: one "page" per image file, read
// and recognised through the engine factory, then report.json and case.pdf written atomically.
// ProcessCase's own behaviour is tested in ProcessCaseTest; here the orchestration is.
CaseProcessor QuickProcessor(int millisecondsPerPage = 0) {
    return [=](const fs::path& caseDir, const fs::path& outRoot, RunContext& run,
               const CaseOptions& options) {
        auto engine = run.ocrEngines.Lend();
        int pagesDone = 0;
        ProcessResult result;
        result.caseData.id = caseDir.filename().string();
        json pages = json::array();
        for (const auto& file : ListContentFiles(caseDir)) {
            if (file.filename() == "case.yaml") continue;
            engine->Recognize(cv::Mat(40, 40, CV_8U, cv::Scalar(255)), 100);
            std::this_thread::sleep_for(std::chrono::milliseconds(millisecondsPerPage));
            pages.push_back(
                {{"file", file.filename().string()}, {"sha256", Sha256Hex(ReadFileBytes(file))}});
            result.caseData.pages.emplace_back();
            if (options.onPageDone) options.onPageDone(++pagesDone);
        }
        const bool complete = pages.size() >= 2;
        result.caseData.verdict = complete ? Verdict::Complete : Verdict::Incomplete;
        ChecklistEntry fee;
        fee.item = "state_fee";
        fee.status = complete ? ItemStatus::Present : ItemStatus::Missing;
        result.caseData.checklist.push_back(fee);
        result.outDir = outRoot / result.caseData.id;
        fs::create_directories(result.outDir);
        const json report = {{"case_id", result.caseData.id},
                             {"pages", pages},
                             {"verdict", ToString(result.caseData.verdict)}};
        WriteFileAtomic(result.outDir / "report.json", report.dump(2));
        WriteFileAtomic(result.outDir / "case.pdf", "%PDF-quick " + report.dump());
        return result;
    };
}

BatchOptions Quick(int millisecondsPerPage = 0) {
    BatchOptions options = Quiet();
    options.processor = QuickProcessor(millisecondsPerPage);
    return options;
}

json ReadJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

// Every file under `root` that a reader could see (not hidden), relative.
std::vector<std::string> VisibleFiles(const fs::path& root) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        const std::string name = it->path().filename().string();
        if (name[0] == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(fs::relative(it->path(), root).string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

json WithoutTimings(json report) {
    report.erase("timings_ms");
    return report;
}

}  // namespace

TEST(Progress, CountsPackagesPagesAndFailures) {
    Progress progress({2, 3, 1}, false);
    EXPECT_NE(progress.Line().find("0/3 packages  0/6 pages"), std::string::npos);
    progress.OnPages(1, 2);
    progress.OnPages(1, 9);  // more recognitions than pages (e.g. MRZ crops) stay capped
    EXPECT_NE(progress.Line().find("0/3 packages  3/6 pages"), std::string::npos);
    progress.OnCaseDone(1, 4, false, false);  // the estimate was low
    progress.OnCaseDone(0, 2, true, false);
    progress.OnCaseDone(2, 0, false, true);
    EXPECT_NE(progress.Line().find("3/3 packages  7/7 pages"), std::string::npos)
        << progress.Line();
    EXPECT_NE(progress.Line().find("failures 1"), std::string::npos);
}

TEST(FindCaseFolders, SkipsHiddenSymlinksAndFiles) {
    const fs::path inbox = Work("find") / "inbox";
    fs::create_directories(inbox / "b-case");
    fs::create_directories(inbox / "a-case");
    fs::create_directories(inbox / ".incoming");
    fx::WriteFile(inbox / "stray.jpg", "x");
    fs::create_directory_symlink(inbox / "a-case", inbox / "link-case");
    ASSERT_EQ(::mkfifo((inbox / "fifo").c_str(), 0600), 0);
    const auto folders = FindCaseFolders(inbox);
    ASSERT_EQ(folders.size(), 2u);
    EXPECT_EQ(folders[0].filename(), "a-case");
    EXPECT_EQ(folders[1].filename(), "b-case");
    EXPECT_THROW(FindCaseFolders(inbox / "stray.jpg"), Error);
    EXPECT_THROW(FindCaseFolders(inbox / "absent"), Error);
}

TEST(RunBatch, ProcessesEveryCaseThenResumesAndForces) {
    const fs::path work = Work("resume");
    const fs::path inbox = work / "inbox", out = work / "out";
    MakeCase(inbox / "2026-11-20-0001", 1);
    MakeCase(inbox / "2026-11-20-0002", 1);
    MakeCase(inbox / "2026-11-20-0003", 2);

    const BatchResult first = RunBatch(inbox, out, *TestRun(), Quiet());
    EXPECT_EQ(first.processed, 3);
    EXPECT_EQ(first.failed, 0);
    for (const auto& outcome : first.cases) {
        EXPECT_EQ(outcome.status, "processed") << outcome.error;
        EXPECT_FALSE(outcome.verdict.empty());
        EXPECT_TRUE(fs::exists(out / outcome.caseId / "report.json"));
        EXPECT_TRUE(fs::exists(out / outcome.caseId / kCaseStateFile));
    }
    EXPECT_EQ(first.cases[2].pages, 2);
    const json summary = ReadJson(out / "summary.json");
    EXPECT_EQ(summary["schema"], "dossier.summary/1");
    ASSERT_EQ(summary["cases"].size(), 3u);
    EXPECT_EQ(summary["cases"][0]["id"], "2026-11-20-0001");
    EXPECT_EQ(summary["cases"][0]["pages"], 1);
    EXPECT_EQ(summary["totals"]["pages"], 4);

    const int calls = fx::FakeOcrEngine::calls;
    const BatchResult second = RunBatch(inbox, out, *TestRun(), Quiet());
    EXPECT_EQ(second.skipped, 3);
    EXPECT_EQ(fx::FakeOcrEngine::calls, calls);  // nothing recognised again
    const json resumed = ReadJson(out / "summary.json");
    EXPECT_EQ(resumed["cases"][2]["verdict"], summary["cases"][2]["verdict"]);
    EXPECT_EQ(resumed["cases"][2]["pages"], 2);

    // What follows is about when to redo, not how: the quick processor keeps it fast.
    BatchOptions force = Quick();
    force.force = true;
    const BatchResult third = RunBatch(inbox, out, *TestRun(), force);
    EXPECT_EQ(third.processed, 3);
    EXPECT_EQ(third.cases[0].version, 1);  // same content redone: no new version
    EXPECT_GT(fx::FakeOcrEngine::calls, calls);

    Config other = TestConfig();
    other.defaultService = "temporary-residence";  // a setting that changes outputs
    EXPECT_EQ(RunBatch(inbox, out, *TestRun(other), Quick()).processed, 3);
    other.jobs = 1;  // one that does not
    EXPECT_EQ(RunBatch(inbox, out, *TestRun(other), Quick()).skipped, 3);
}

TEST(RunBatch, ChangedPackageBecomesANewVersion) {
    const fs::path work = Work("version");
    const fs::path inbox = work / "inbox", out = work / "out";
    MakeCase(inbox / "case-a", 1);
    RunBatch(inbox, out, *TestRun(), Quick());
    const std::string firstReport = Read(out / "case-a" / "report.json");
    MakeCase(inbox / "case-a", 2);  // a second page arrives
    const BatchResult result = RunBatch(inbox, out, *TestRun(), Quick());
    EXPECT_EQ(result.cases[0].status, "processed");
    EXPECT_EQ(result.cases[0].version, 2);
    EXPECT_EQ(result.cases[0].pages, 2);
    EXPECT_EQ(Read(out / "case-a" / "versions" / "1" / "report.json"), firstReport);
}

TEST(RunBatch, AFailingCaseIsReportedAndTheOthersFinish) {
    const fs::path work = Work("failure");
    const fs::path inbox = work / "inbox", out = work / "out";
    MakeCase(inbox / "case-good", 1);
    MakeCase(inbox / "case-bad", 1);
    BatchOptions options = Quiet();
    // The throwing engine for one case only, as a broken page would.
    const auto throwing = TestRun(TestConfig(), [] {
        return std::unique_ptr<OcrEngine>(std::make_unique<fx::ThrowingOcrEngine>());
    });
    options.processor = [&throwing](const fs::path& caseDir, const fs::path& outRoot,
                                    RunContext& run, const CaseOptions& caseOptions) {
        if (caseDir.filename() == "case-bad")
            return QuickProcessor()(caseDir, outRoot, *throwing, caseOptions);
        return QuickProcessor()(caseDir, outRoot, run, caseOptions);
    };
    const BatchResult result = RunBatch(inbox, out, *TestRun(), options);
    EXPECT_EQ(result.processed, 1);
    EXPECT_EQ(result.failed, 1);
    EXPECT_EQ(result.cases[0].caseId, "case-bad");
    EXPECT_EQ(result.cases[0].errorCode, "ocr");
    EXPECT_FALSE(fs::exists(out / "case-bad"));
    const std::string csv = Read(out / "summary.csv");
    EXPECT_NE(csv.find("case-bad,failed,,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("simulated OCR failure"), std::string::npos);
    for (const auto& file : VisibleFiles(out)) EXPECT_EQ(file.find("case-bad"), std::string::npos);
    // A failed case is retried by the next run; the good one is not redone.
    const BatchResult again = RunBatch(inbox, out, *TestRun(), options);
    EXPECT_EQ(again.failed, 1);
    EXPECT_EQ(again.skipped, 1);
}

TEST(RunBatch, OutputInsideTheInboxIsRefused) {
    const fs::path work = Work("inside");
    MakeCase(work / "inbox" / "case", 1);
    EXPECT_THROW(RunBatch(work / "inbox", work / "inbox" / "case", *TestRun(), Quiet()), Error);
}

// kill -9 at random moments, then a rerun: every case ends up processed exactly once, its
// outputs equal an uninterrupted run's, and no partial file is ever visible.
TEST(RunBatch, KilledAtAnyMomentAndRerunFinishesEveryCaseOnce) {
    const fs::path work = Work("kill");
    const fs::path inbox = work / "inbox";
    for (int i = 1; i <= 6; ++i) MakeCase(inbox / ("case-" + std::to_string(i)), 1 + i % 3);
    const BatchOptions slow = Quick(60);
    const fs::path reference = work / "reference";
    ASSERT_EQ(RunBatch(inbox, reference, *TestRun(), slow).processed, 6);

    std::mt19937 random(7);
    for (int round = 0; round < 6; ++round) {
        const fs::path out = work / ("out" + std::to_string(round));
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            try {
                RunBatch(inbox, out, *TestRun(), slow);
            } catch (...) {
            }
            ::_exit(0);
        }
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 600)(random)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);

        // After the kill: every visible case folder is complete.
        int published = 0;
        if (fs::exists(out))
            for (const auto& entry : fs::directory_iterator(out)) {
                if (!entry.is_directory() || entry.path().filename().string()[0] == '.') continue;
                ++published;
                EXPECT_TRUE(TryReadCaseState(entry.path())) << entry.path();
                EXPECT_NO_THROW(ReadJson(entry.path() / "report.json")) << entry.path();
            }
        const BatchResult rerun = RunBatch(inbox, out, *TestRun(), slow);
        EXPECT_EQ(rerun.skipped, published) << "round " << round;
        EXPECT_EQ(rerun.processed, 6 - published);
        EXPECT_EQ(rerun.failed, 0);
        EXPECT_FALSE(fs::exists(out / kStagingDir));
        EXPECT_EQ(VisibleFiles(out), VisibleFiles(reference));
        for (const auto& outcome : rerun.cases) {
            EXPECT_EQ(outcome.version, 1);
            EXPECT_EQ(WithoutTimings(ReadJson(out / outcome.caseId / "report.json")),
                      WithoutTimings(ReadJson(reference / outcome.caseId / "report.json")))
                << outcome.caseId;
        }
    }
}

}  // namespace dossier
