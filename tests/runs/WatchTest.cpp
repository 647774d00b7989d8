// Watch mode with fake OCR engines: readiness, slow writers, READY, duplicates, versions,
// quarantine, SIGTERM, special files in the inbox, configuration errors.
#include "runs/Watch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"
#include "ingest/Package.h"
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"
#include "tests/fixtures/FakeOcrEngines.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

fs::path Work(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "watch" / name;
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    return dir;
}

const std::string& PageJpeg() {
    static const std::string bytes = [] {
        fx::PageSpec spec;
        spec.dpi = 100;
        spec.lines = fx::EnglishSampleText();
        return fx::EncodeJpeg(fx::RenderPage(spec), 80, 100);
    }();
    return bytes;
}

Config TestConfig() {
    Config config = DefaultConfig();
    config.applicationDate = Date{2026, 11, 20};
    config.jobs = 1;
    return config;
}

OcrEngineFactory Fake() {
    return [] { return std::unique_ptr<OcrEngine>(std::make_unique<fx::FakeOcrEngine>()); };
}

std::unique_ptr<RunContext> TestRun(OcrEngineFactory engines = Fake()) {
    return std::make_unique<RunContext>(TestConfig(), std::move(engines));
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
        result.caseData.verdict = Verdict::Incomplete;
        result.outDir = outRoot / result.caseData.id;
        fs::create_directories(result.outDir);
        const json report = {{"case_id", result.caseData.id}, {"pages", pages}};
        WriteFileAtomic(result.outDir / "report.json", report.dump(2));
        WriteFileAtomic(result.outDir / "case.pdf", "%PDF-quick " + report.dump());
        return result;
    };
}

WatchOptions Fast(double settle = 0.3) {
    WatchOptions options;
    options.processor = QuickProcessor();
    options.settleSeconds = settle;
    options.intervalSeconds = 0.1;
    options.retryDelaySeconds = 0.1;
    options.maxAttempts = 2;
    return options;
}

// Runs the watcher on a thread until stopped.
class Watcher {
  public:
    Watcher(const fs::path& work, WatchOptions options, OcrEngineFactory engines = Fake())
        : run_(TestRun(std::move(engines))) {
        options.stop = &stop_;
        thread_ = std::thread([=, this] {
            try {
                stats_ = RunWatch(work / "inbox", work / "out", *run_, options);
            } catch (const std::exception& error) {
                error_ = error.what();
            }
        });
    }
    ~Watcher() { Stop(); }
    WatchStats Stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        EXPECT_EQ(error_, "");
        return stats_;
    }

  private:
    std::unique_ptr<RunContext> run_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    WatchStats stats_;
    std::string error_;
};

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

std::vector<json> JournalEvents(const fs::path& work, const std::string& event) {
    std::vector<json> events;
    std::ifstream in(work / "out" / "watch-journal.jsonl");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && json::parse(line)["event"] == event)
            events.push_back(json::parse(line));
    return events;
}

fs::path ArchivedCase(const fs::path& work, const std::string& name) {
    if (!fs::exists(work / "archive")) return {};
    for (const auto& day : fs::directory_iterator(work / "archive"))
        if (fs::exists(day.path() / name)) return day.path() / name;
    return {};
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(RunWatch, AFileWrittenSlowlyIsNotReadBeforeItIsComplete) {
    const fs::path work = Work("slow");
    Watcher watcher(work, Fast(0.3));
    const fs::path caseDir = work / "inbox" / "case-slow";
    fs::create_directories(caseDir);
    const std::string& bytes = PageJpeg();
    {
        std::ofstream out(caseDir / "scan.jpg", std::ios::binary);
        const size_t chunk = bytes.size() / 5;
        for (size_t at = 0; at < bytes.size(); at += chunk) {
            out.write(bytes.data() + at, std::min(chunk, bytes.size() - at));
            out.flush();
            // The pause is longer than the settle time: only the missing end marker holds it.
            std::this_thread::sleep_for(at == 2 * chunk ? 900ms : 100ms);
            EXPECT_TRUE(fs::exists(caseDir)) << "picked up after " << at << " bytes";
        }
    }
    ASSERT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-slow").empty(); }));
    watcher.Stop();
    EXPECT_EQ(Read(ArchivedCase(work, "case-slow") / "scan.jpg"), bytes);
    EXPECT_EQ(JournalEvents(work, "started").size(), 1u);
    const json report = json::parse(Read(work / "out" / "case-slow" / "report.json"));
    EXPECT_EQ(report["pages"][0]["sha256"], Sha256Hex(bytes));  // read whole, not early
    EXPECT_TRUE(fs::exists(work / "out" / "watch-status.json"));
}

TEST(RunWatch, ReadyMarkerDoesNotWaitForTheSettleTime) {
    const fs::path work = Work("ready");
    Watcher watcher(work, Fast(3600));
    const fs::path caseDir = work / "inbox" / "case-ready";
    fs::create_directories(caseDir);
    fx::WriteFile(caseDir / "scan.jpg", PageJpeg());
    std::this_thread::sleep_for(300ms);
    EXPECT_TRUE(fs::exists(caseDir));  // settles only after an hour
    fx::WriteFile(caseDir / "READY", "");
    EXPECT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-ready").empty(); }, 5s));
    EXPECT_TRUE(fs::exists(work / "out" / "case-ready" / "report.json"));
}

TEST(RunWatch, DuplicatesAreNotProcessedAgainAndChangesBecomeVersions) {
    const fs::path work = Work("duplicate");
    auto submit = [&](int pages) {
        const fs::path staging = work / "station" / "case-dup";
        fs::remove_all(staging);
        fs::create_directories(staging);
        for (int i = 0; i < pages; ++i)
            fx::WriteFile(staging / ("scan" + std::to_string(i) + ".jpg"), PageJpeg());
        fx::WriteFile(staging / "READY", "");
        fs::rename(staging, work / "inbox" / "case-dup");  // as a station moving a finished folder
    };
    Watcher watcher(work, Fast());
    submit(1);
    ASSERT_TRUE(WaitFor([&] { return JournalEvents(work, "archived").size() == 1; }));
    const int calls = fx::FakeOcrEngine::calls;
    submit(1);  // the same package again
    ASSERT_TRUE(WaitFor([&] { return JournalEvents(work, "duplicate").size() == 1; }));
    EXPECT_EQ(fx::FakeOcrEngine::calls, calls);
    EXPECT_EQ(JournalEvents(work, "started").size(), 1u);
    submit(2);  // re-submitted with another page
    ASSERT_TRUE(WaitFor([&] { return JournalEvents(work, "archived").size() == 2; }));
    const WatchStats stats = watcher.Stop();
    EXPECT_EQ(stats.processed, 2);
    EXPECT_EQ(stats.duplicates, 1);
    EXPECT_EQ(TryReadCaseState(work / "out" / "case-dup")->version, 2);
    EXPECT_EQ(TryReadCaseState(work / "out" / "case-dup")->pages, 2);
    EXPECT_TRUE(fs::exists(work / "out" / "case-dup" / "versions" / "1" / "report.json"));
    int archived = 0;
    for (const auto& day : fs::directory_iterator(work / "archive"))
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(day.path())) ++archived;
    EXPECT_EQ(archived, 3);  // case-dup, case-dup-2, case-dup-3: inputs are never dropped
}

TEST(RunWatch, RepeatedFailureEndsInQuarantineWithAReason) {
    const fs::path work = Work("quarantine");
    const fs::path caseDir = work / "inbox" / "case-broken";
    fs::create_directories(caseDir);
    fx::WriteFile(caseDir / "scan.jpg", PageJpeg());
    fx::WriteFile(caseDir / "READY", "");
    Watcher watcher(work, Fast(), [] {
        return std::unique_ptr<OcrEngine>(std::make_unique<fx::ThrowingOcrEngine>());
    });
    ASSERT_TRUE(
        WaitFor([&] { return fs::exists(work / "quarantine" / "case-broken" / "reason.txt"); }));
    const WatchStats stats = watcher.Stop();
    EXPECT_EQ(stats.failures, 2);
    EXPECT_EQ(stats.quarantined, 1);
    const std::string reason = Read(work / "quarantine" / "case-broken" / "reason.txt");
    EXPECT_NE(reason.find("simulated OCR failure"), std::string::npos) << reason;
    EXPECT_NE(reason.find("attempts: 2"), std::string::npos) << reason;
    EXPECT_EQ(Read(work / "quarantine" / "case-broken" / "scan.jpg"), PageJpeg());
    EXPECT_FALSE(fs::exists(work / "out" / "case-broken"));
    EXPECT_EQ(JournalEvents(work, "started").size(), 2u);
}

TEST(RunWatch, RestartAfterACrashBeforeArchivingDoesNotProcessAgain) {
    const fs::path work = Work("restart");
    const fs::path caseDir = work / "inbox" / "case-r";
    fs::create_directories(caseDir);
    fx::WriteFile(caseDir / "scan.jpg", PageJpeg());
    fx::WriteFile(caseDir / "READY", "");
    {
        // The outputs were made durable, then the process died before moving the input.
        Watcher watcher(work, Fast());
        ASSERT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-r").empty(); }));
    }
    fs::rename(ArchivedCase(work, "case-r"), caseDir);
    {
        std::ofstream journal(work / "out" / "watch-journal.jsonl", std::ios::trunc);
        const std::string hash = HashPackage(caseDir);
        journal
            << json{{"case", "case-r"}, {"hash", hash}, {"event", "started"}, {"attempt", 1}}.dump()
            << "\n"
            << json{{"case", "case-r"}, {"hash", hash}, {"event", "done"}, {"attempt", 1}}.dump()
            << "\n";
    }
    const int calls = fx::FakeOcrEngine::calls;
    Watcher watcher(work, Fast());
    ASSERT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-r").empty(); }));
    watcher.Stop();
    EXPECT_EQ(fx::FakeOcrEngine::calls, calls);
    EXPECT_EQ(JournalEvents(work, "started").size(), 1u);
}

TEST(RunWatch, SigtermFinishesThePackageInHandAndExitsCleanly) {
    const fs::path work = Work("sigterm");
    const fs::path caseDir = work / "inbox" / "case-term";
    fs::create_directories(caseDir);
    for (int i = 0; i < 4; ++i)
        fx::WriteFile(caseDir / ("scan" + std::to_string(i) + ".jpg"), PageJpeg());
    fx::WriteFile(caseDir / "READY", "");
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        WatchOptions options = Fast();
        options.processor = QuickProcessor(250);  // the signal arrives while the package is in hand
        int status = 0;
        try {
            RunWatch(work / "inbox", work / "out", *TestRun(), options);
        } catch (...) {
            status = 3;
        }
        ::_exit(status);
    }
    ASSERT_TRUE(WaitFor([&] { return JournalEvents(work, "started").size() == 1; }));
    std::this_thread::sleep_for(200ms);
    ::kill(child, SIGTERM);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(JournalEvents(work, "archived").size(), 1u);
    EXPECT_FALSE(ArchivedCase(work, "case-term").empty());
    EXPECT_EQ(TryReadCaseState(work / "out" / "case-term")->pages, 4);
    const json statusFile = json::parse(Read(work / "out" / "watch-status.json"));
    EXPECT_EQ(statusFile["processed"], 1);
    EXPECT_EQ(statusFile["last_package"]["id"], "case-term");
}

TEST(RunWatch, SymlinksFifosAndHiddenFilesAreIgnoredSafely) {
    const fs::path work = Work("special");
    const fs::path inbox = work / "inbox";
    fs::create_directories(work / "elsewhere");
    fx::WriteFile(work / "elsewhere" / "scan.jpg", PageJpeg());
    fx::WriteFile(work / "elsewhere" / "READY", "");
    fs::create_directory_symlink(work / "elsewhere", inbox / "linked-case");
    ASSERT_EQ(::mkfifo((inbox / "fifo").c_str(), 0600), 0);
    fs::create_directories(inbox / ".incoming");
    fx::WriteFile(inbox / ".incoming" / "READY", "");
    const fs::path caseDir = inbox / "case-odd";
    fs::create_directories(caseDir);
    fx::WriteFile(caseDir / "scan.jpg", PageJpeg());
    ASSERT_EQ(::mkfifo((caseDir / "pipe.jpg").c_str(), 0600), 0);
    fs::create_symlink("/etc/passwd", caseDir / "passwd.jpg");
    fx::WriteFile(caseDir / ".scan2.jpg.tmp", "half");
    WatchOptions options = Fast();
    options.processor = nullptr;  // the real ProcessCase: its ingest must not block on the FIFO
    Watcher watcher(work, options);
    // The real ProcessCase (OCR included) takes over 10 s under the sanitizers on a busy machine.
    ASSERT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-odd").empty(); }, 90s));
    watcher.Stop();
    EXPECT_EQ(TryReadCaseState(work / "out" / "case-odd")->pages, 1);
    EXPECT_TRUE(fs::exists(work / "elsewhere" / "scan.jpg"));  // never followed nor moved
    EXPECT_TRUE(fs::is_symlink(inbox / "linked-case"));
    EXPECT_TRUE(fs::exists(inbox / ".incoming"));
    EXPECT_FALSE(fs::exists(work / "out" / "linked-case"));
}

TEST(RunWatch, BadInboxAndSettingsAreClearErrors) {
    const fs::path work = Work("errors");
    fx::WriteFile(work / "file", "x");
    try {
        RunWatch(work / "missing", work / "out", *TestRun(), Fast());
        FAIL();
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::InvalidUsage);
        EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos);
    }
    EXPECT_THROW(RunWatch(work / "file", work / "out", *TestRun(), Fast()), Error);
    WatchOptions bad = Fast();
    bad.maxAttempts = 0;
    try {
        RunWatch(work / "inbox", work / "out", *TestRun(), bad);
        FAIL();
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::InvalidConfig);
    }
    EXPECT_THROW(RunWatch(work / "inbox", work / "inbox" / "out", *TestRun(), Fast()), Error);
}

}  // namespace dossier

namespace dossier {

// Issue 14, item 10: whatever leaves RunWatch, even an exception that is no std::exception, the
// status thread is joined and the inotify descriptor closed; before, a joinable thread destroyed
// on the way out called std::terminate.
TEST(RunWatch, AnExceptionLeavingTheLoopJoinsTheStatusThread) {
    const fs::path work = Work("raii");
    const fs::path caseDir = work / "inbox" / "case-1";
    fs::create_directories(caseDir);
    fx::WriteFile(caseDir / "scan.jpg", PageJpeg());
    fx::WriteFile(caseDir / "READY", "");
    WatchOptions options = Fast();
    options.processor = [](const fs::path&, const fs::path&, RunContext&,
                           const CaseOptions&) -> ProcessResult { throw 42; };
    bool thrown = false;
    try {
        RunWatch(work / "inbox", work / "out", *TestRun(), options);
    } catch (int value) {
        thrown = value == 42;
    }
    EXPECT_TRUE(thrown);
    // The package stays in the inbox for the next run.
    EXPECT_TRUE(fs::exists(caseDir / "scan.jpg"));
}

// A case folder that disappears between two passes of the loop is forgotten, not fatal.
TEST(RunWatch, ACaseFolderRemovedWhileWatchedIsForgotten) {
    const fs::path work = Work("vanish");
    const fs::path gone = work / "inbox" / "case-gone";
    fs::create_directories(gone);
    fx::WriteFile(gone / "scan.jpg", PageJpeg());
    Watcher watcher(work, Fast(30));  // never settles within the test
    std::this_thread::sleep_for(300ms);
    fs::remove_all(gone);
    const fs::path kept = work / "inbox" / "case-kept";
    fs::create_directories(kept);
    fx::WriteFile(kept / "scan.jpg", PageJpeg());
    fx::WriteFile(kept / "READY", "");
    EXPECT_TRUE(WaitFor([&] { return !ArchivedCase(work, "case-kept").empty(); }));
    EXPECT_EQ(watcher.Stop().processed, 1);
}

}  // namespace dossier
