// The real `dossier batch` and `dossier watch` binaries: kill -9 and rerun, exit statuses.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;
using nlohmann::json;

namespace {

fs::path Work(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "batch_binary" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void MakeInbox(const fs::path& inbox, int cases) {
    fx::PageSpec spec;
    spec.dpi = 100;
    spec.lines = fx::RussianSampleText();
    const std::string jpeg = fx::EncodeJpeg(fx::RenderPage(spec), 80, 100);
    for (int i = 1; i <= cases; ++i) {
        const fs::path dir = inbox / ("2026-11-20-000" + std::to_string(i));
        fs::create_directories(dir);
        fx::WriteFile(dir / "scan.jpg", jpeg);
        fx::WriteFile(dir / "case.yaml", "service: labor-immigrant\n");
    }
}

// Starts the binary with `arguments`, stderr to `log`.
pid_t Start(const std::vector<std::string>& arguments, const fs::path& log) {
    const pid_t child = ::fork();
    if (child == 0) {
        std::vector<char*> argv{const_cast<char*>(DOSSIER_BINARY)};
        for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        std::freopen(log.c_str(), "w", stderr);
        std::freopen("/dev/null", "w", stdout);
        ::execv(DOSSIER_BINARY, argv.data());
        ::_exit(127);
    }
    return child;
}

int Wait(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

json Report(const fs::path& file) {
    json report = json::parse(Read(file));
    report.erase("timings_ms");
    return report;
}

}  // namespace

TEST(BatchBinary, KilledWithSigkillAndRerunMatchesAnUninterruptedRun) {
    const fs::path work = Work("kill");
    MakeInbox(work / "inbox", 4);
    const std::vector<std::string> common = {
        "--jobs", "2", "--ocr-engine", "none", "--application-date", "2026-11-20"};
    auto batch = [&](const fs::path& out) {
        std::vector<std::string> arguments = {"batch", (work / "inbox").string(), "--out",
                                              out.string()};
        arguments.insert(arguments.end(), common.begin(), common.end());
        return arguments;
    };
    ASSERT_EQ(Wait(Start(batch(work / "reference"), work / "reference.log")), 0)
        << Read(work / "reference.log");

    // Killed as soon as the first case is published, with the others in flight. (Half of the
    // reference run's time, as this once waited, can outlast the whole run on a loaded machine.)
    const pid_t child = Start(batch(work / "out"), work / "killed.log");
    const auto published = [&] {
        int count = 0;
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(work / "out", error))
            if (fs::exists(entry.path() / "report.json")) ++count;
        return count;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (published() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ::kill(child, SIGKILL);
    EXPECT_LT(published(), 4) << "the run ended before it could be killed";
    EXPECT_EQ(Wait(child), 128 + SIGKILL);
    ASSERT_EQ(Wait(Start(batch(work / "out"), work / "rerun.log")), 0) << Read(work / "rerun.log");

    const json summary = json::parse(Read(work / "out" / "summary.json"));
    EXPECT_EQ(summary["totals"]["failed"], 0);
    EXPECT_EQ(summary["totals"]["processed"].get<int>() + summary["totals"]["skipped"].get<int>(),
              4);
    for (const auto& entry : fs::directory_iterator(work / "reference")) {
        if (!entry.is_directory() || entry.path().filename().string()[0] == '.') continue;
        const fs::path mine = work / "out" / entry.path().filename();
        EXPECT_EQ(Report(mine / "report.json"), Report(entry.path() / "report.json"));
        EXPECT_EQ(TryReadCaseState(mine)->version, 1);  // once: never a second version
        for (const auto& file : fs::directory_iterator(mine))
            EXPECT_EQ(file.path().filename().string().find(".tmp-"), std::string::npos);
    }
    EXPECT_FALSE(fs::exists(work / "out" / kStagingDir));
}

TEST(BatchBinary, ExitStatusesFollowTheContract) {
    const fs::path work = Work("status");
    MakeInbox(work / "inbox", 1);
    fx::WriteFile(work / "bad.yaml", "no_such_setting: 1\n");
    for (const std::string command : {"batch", "watch"}) {
        const pid_t child =
            Start({command, (work / "inbox").string(), "--out", (work / "out").string(), "--config",
                   (work / "bad.yaml").string(), "--ocr-engine", "none"},
                  work / "config.log");
        EXPECT_EQ(Wait(child), 2) << command;
        EXPECT_NE(Read(work / "config.log").find("no_such_setting"), std::string::npos)
            << Read(work / "config.log");
        EXPECT_EQ(Wait(Start({command, (work / "missing").string(), "--out",
                              (work / "out").string(), "--ocr-engine", "none"},
                             work / "missing.log")),
                  2)
            << command;
    }
    // Broken model data stops the run before its first case, naming the file.
    fs::copy(DOSSIER_SOURCE_DIR "/models", work / "models", fs::copy_options::recursive);
    fx::WriteFile(work / "models.yaml", "models_dir: " + (work / "models").string() + "\n");
    for (const auto& entry : fs::recursive_directory_iterator(work / "models"))
        if (entry.path().filename() == "permanent-residence.yaml")
            fx::WriteFile(entry.path(), "items: [unclosed\n");
    for (const std::string command : {"process", "batch", "watch"}) {
        const fs::path input =
            command == "process" ? work / "inbox" / "2026-11-20-0001" : work / "inbox";
        EXPECT_EQ(Wait(Start({command, input.string(), "--out", (work / "out").string(), "--config",
                              (work / "models.yaml").string(), "--ocr-engine", "none"},
                             work / "models.log")),
                  2)
            << command << ": " << Read(work / "models.log");
        EXPECT_NE(Read(work / "models.log").find("permanent-residence"), std::string::npos)
            << Read(work / "models.log");
    }
    EXPECT_FALSE(fs::exists(work / "out" / "2026-11-20-0001"));
    EXPECT_TRUE(fs::exists(work / "inbox" / "2026-11-20-0001"));  // nothing moved on error
}

TEST(WatchBinary, SigtermAfterThePackageExitsZero) {
    const fs::path work = Work("watch");
    MakeInbox(work / "inbox", 1);
    fx::WriteFile(work / "inbox" / "2026-11-20-0001" / "READY", "");
    const pid_t child = Start({"watch", (work / "inbox").string(), "--out", (work / "out").string(),
                               "--ocr-engine", "none", "--settle", "0.2", "--log-format", "json"},
                              work / "watch.log");
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(work / "archive") && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(child, SIGTERM);
    EXPECT_EQ(Wait(child), 0) << Read(work / "watch.log");
    EXPECT_TRUE(fs::exists(work / "out" / "2026-11-20-0001" / "report.json"));
    EXPECT_TRUE(fs::exists(work / "out" / "watch-status.json"));
    // JSON logs: every line one object.
    std::istringstream lines(Read(work / "watch.log"));
    std::string line;
    while (std::getline(lines, line)) EXPECT_NO_THROW(json::parse(line)) << line;
}

}  // namespace dossier

namespace dossier {

TEST(SigningBinary, KeygenProcessWithSignP12ThenVerify) {
    const fs::path work = Work("signing");
    MakeInbox(work / "inbox", 1);
    const fs::path keys = work / "keys";
    ASSERT_EQ(Wait(Start({"keygen", "--out", keys.string(), "--ec"}, work / "keygen.log")), 0)
        << Read(work / "keygen.log");
    const fs::path caseDir = work / "inbox" / "2026-11-20-0001";
    ASSERT_EQ(Wait(Start({"process", caseDir.string(), "--out", (work / "out").string(),
                          "--ocr-engine", "none", "--application-date", "2026-11-20", "--sign-p12",
                          (keys / "signer.p12").string(), "--sign-pass-file",
                          (keys / "signer.pass").string()},
                         work / "process.log")),
              0)
        << Read(work / "process.log");
    const fs::path pdf = work / "out" / "2026-11-20-0001" / "case.pdf";
    const std::string log = Read(work / "process.log");
    // The password file's content never reaches the log.
    std::string password = Read(keys / "signer.pass");
    password = password.substr(0, password.find('\n'));
    ASSERT_FALSE(password.empty());
    EXPECT_EQ(log.find(password), std::string::npos);

    EXPECT_EQ(Wait(Start({"verify", pdf.string(), "--ca", (keys / "ca.crt").string()},
                         work / "verify.log")),
              0)
        << Read(work / "verify.log");
    // One byte changed inside the signed range: verify exits 1.
    std::string bytes = Read(pdf);
    const size_t at = bytes.find("/Producer");
    ASSERT_NE(at, std::string::npos);
    bytes[at + 2] = bytes[at + 2] == 'r' ? 'R' : 'r';
    fx::WriteFile(work / "tampered.pdf", bytes);
    EXPECT_EQ(
        Wait(Start({"verify", (work / "tampered.pdf").string(), "--ca", (keys / "ca.crt").string()},
                   work / "tampered.log")),
        1)
        << Read(work / "tampered.log");
}

}  // namespace dossier

namespace dossier {

TEST(BatchBinary, FoldersComeFromTheConfigurationWhenNotGiven) {
    const fs::path work = Work("folders");
    MakeInbox(work / "inbox", 1);
    fx::WriteFile(work / "folders.yaml", "folders:\n  inbox: " + (work / "inbox").string() +
                                             "\n  out: " + (work / "out").string() + "\n");
    EXPECT_EQ(Wait(Start({"batch", "--config", (work / "folders.yaml").string(), "--ocr-engine",
                          "none", "--quiet"},
                         work / "batch.log")),
              0)
        << Read(work / "batch.log");
    EXPECT_TRUE(fs::exists(work / "out" / "2026-11-20-0001" / "report.json"));
    EXPECT_TRUE(fs::exists(work / "out" / "summary.csv"));
    // Neither the command line nor the configuration names the inbox: bad usage, said clearly.
    EXPECT_EQ(Wait(Start({"batch", "--out", (work / "out2").string(), "--ocr-engine", "none"},
                         work / "none.log")),
              2);
    EXPECT_NE(Read(work / "none.log").find("INBOX is required"), std::string::npos)
        << Read(work / "none.log");
}

}  // namespace dossier

namespace dossier {

// Issue 14, item 9: the key is loaded and checked once at start-up. A wrong password must stop
// each command with exit status 2 before any page is read, not fail every case after its OCR.
TEST(SigningBinary, AWrongPasswordStopsProcessBatchAndWatchBeforeTheFirstPage) {
    const fs::path work = Work("wrong_password");
    MakeInbox(work / "inbox", 2);
    const fs::path keys = work / "keys";
    ASSERT_EQ(Wait(Start({"keygen", "--out", keys.string(), "--ec"}, work / "keygen.log")), 0)
        << Read(work / "keygen.log");
    fx::WriteFile(work / "wrong.pass", "not the password\n");
    const std::vector<std::string> key = {"--sign-p12",       (keys / "signer.p12").string(),
                                          "--sign-pass-file", (work / "wrong.pass").string(),
                                          "--ocr-engine",     "none"};
    const auto with = [&](std::vector<std::string> arguments) {
        arguments.insert(arguments.end(), key.begin(), key.end());
        return arguments;
    };
    const fs::path caseDir = work / "inbox" / "2026-11-20-0001";
    EXPECT_EQ(Wait(Start(with({"process", caseDir.string(), "--out", (work / "out1").string()}),
                         work / "process.log")),
              2)
        << Read(work / "process.log");
    EXPECT_FALSE(fs::exists(work / "out1" / "2026-11-20-0001"));
    EXPECT_NE(Read(work / "process.log").find("signing key"), std::string::npos)
        << Read(work / "process.log");

    EXPECT_EQ(
        Wait(Start(with({"batch", (work / "inbox").string(), "--out", (work / "out2").string()}),
                   work / "batch.log")),
        2)
        << Read(work / "batch.log");
    EXPECT_FALSE(fs::exists(work / "out2" / "summary.json"));

    EXPECT_EQ(Wait(Start(with({"watch", (work / "inbox").string(), "--out",
                               (work / "out3").string(), "--settle", "0", "--exit-when-idle"}),
                         work / "watch.log")),
              2)
        << Read(work / "watch.log");
    // Nothing was taken from the inbox: no archive, no quarantine, both packages still there.
    EXPECT_TRUE(fs::exists(caseDir));
    EXPECT_TRUE(fs::exists(work / "inbox" / "2026-11-20-0002"));
    EXPECT_FALSE(fs::exists(work / "quarantine"));
    EXPECT_FALSE(fs::exists(work / "archive"));
}

}  // namespace dossier
