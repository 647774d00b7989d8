// Package hashes, case state files, atomic publication of case folders and the watch journal.
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/Date.h"
#include "core/Error.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;

namespace {

fs::path Fresh(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "journal" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(CaseState, RoundTripsAndDecidesUpToDate) {
    const fs::path dir = Fresh("state");
    CaseState state;
    state.caseId = "2026-11-20-0001";
    state.inputHash = "abc";
    state.configFingerprint = "cfg";
    state.version = 3;
    state.verdict = "incomplete";
    state.missing = {"state_fee"};
    state.pages = 4;
    state.outputs = {"report.json"};
    WriteCaseState(dir, state);
    const auto read = TryReadCaseState(dir);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->version, 3);
    EXPECT_EQ(read->missing, std::vector<std::string>{"state_fee"});
    EXPECT_EQ(read->pages, 4);

    EXPECT_FALSE(IsCaseUpToDate(dir, "abc", "cfg"));  // report.json absent
    fx::WriteFile(dir / "report.json", "{}");
    EXPECT_TRUE(IsCaseUpToDate(dir, "abc", "cfg"));
    EXPECT_FALSE(IsCaseUpToDate(dir, "abd", "cfg"));
    EXPECT_FALSE(IsCaseUpToDate(dir, "abc", "other"));
    fx::WriteFile(dir / kCaseStateFile, "{\"case_id\": \"torn");
    EXPECT_FALSE(TryReadCaseState(dir));
}

TEST(PublishCaseFolder, ReplacesAtomicallyAndKeepsEarlierVersions) {
    const fs::path root = Fresh("publish");
    const fs::path staging = root / kStagingDir;
    auto stage = [&](const std::string& content) {
        const fs::path dir = staging / "case";
        fs::create_directories(dir);
        fx::WriteFile(dir / "report.json", content);
        return dir;
    };
    PublishCaseFolder(stage("v1"), root / "case", 0);
    EXPECT_EQ(Read(root / "case" / "report.json"), "v1");
    PublishCaseFolder(stage("v1 again"), root / "case", 0);  // same content redone
    EXPECT_EQ(Read(root / "case" / "report.json"), "v1 again");
    EXPECT_FALSE(fs::exists(root / "case" / "versions"));
    PublishCaseFolder(stage("v2"), root / "case", 1);
    EXPECT_EQ(Read(root / "case" / "report.json"), "v2");
    EXPECT_EQ(Read(root / "case" / "versions" / "1" / "report.json"), "v1 again");
    PublishCaseFolder(stage("v3"), root / "case", 2);
    EXPECT_EQ(Read(root / "case" / "versions" / "1" / "report.json"), "v1 again");
    EXPECT_EQ(Read(root / "case" / "versions" / "2" / "report.json"), "v2");
    EXPECT_FALSE(fs::exists(root / "case" / "versions" / "2" / "versions"));
    EXPECT_TRUE(fs::is_empty(staging));  // the old folder went away after the exchange
}

TEST(RemoveStaleTempFiles, RemovesWhatAKilledRunLeaves) {
    const fs::path root = Fresh("stale");
    fs::create_directories(root / kStagingDir / "case-1-0");
    fx::WriteFile(root / kStagingDir / "case-1-0" / "report.json", "half");
    fs::create_directories(root / "case");
    fx::WriteFile(root / "case" / ".case.pdf.tmp-12-3-0", "half");
    fx::WriteFile(root / ".summary.json.tmp-1-2-3", "half");
    fx::WriteFile(root / "case" / "case.pdf", "whole");
    fx::WriteFile(root / "summary.json", "whole");
    EXPECT_EQ(RemoveStaleTempFiles(root), 3);
    EXPECT_FALSE(fs::exists(root / kStagingDir));
    EXPECT_FALSE(fs::exists(root / "case" / ".case.pdf.tmp-12-3-0"));
    EXPECT_TRUE(fs::exists(root / "case" / "case.pdf"));
    EXPECT_TRUE(fs::exists(root / "summary.json"));
}

TEST(OutputLock, SecondRunOnTheSameOutputIsRefused) {
    const fs::path root = Fresh("lock");
    {
        OutputLock first(root);
        try {
            OutputLock second(root);
            FAIL() << "second lock taken";
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), ErrorCode::InvalidUsage);
        }
    }
    EXPECT_NO_THROW(OutputLock again(root));
}

TEST(Journal, SurvivesReopeningAndTornLines) {
    const fs::path file = Fresh("journal_file") / "watch-journal.jsonl";
    {
        Journal journal(file);
        journal.Append({"c1", "h1", "started", 1, "", ""});
        journal.Append({"c1", "h1", "failed", 1, "ocr: boom", ""});
        journal.Append({"c1", "h1", "started", 2, "", ""});
        journal.Append({"c2", "h2", "started", 1, "", ""});
        journal.Append({"c2", "h2", "done", 1, "", ""});
        journal.Append({"c2", "h2", "archived", 1, "", ""});
    }
    {
        std::ofstream torn(file, std::ios::app);
        torn << "{\"case\": \"c3\", \"hash\": \"h";  // killed in the middle of an append
    }
    Journal journal(file);
    const JournalRecord c1 = journal.Find("c1", "h1");
    EXPECT_EQ(c1.attempts, 2);
    EXPECT_FALSE(c1.done);
    EXPECT_EQ(c1.lastError, "ocr: boom");
    const JournalRecord c2 = journal.Find("c2", "h2");
    EXPECT_TRUE(c2.done);
    EXPECT_TRUE(c2.finished);
    EXPECT_EQ(journal.Find("c2", "other").attempts, 0);

    journal.Compact();
    Journal compacted(file);
    EXPECT_EQ(compacted.Find("c1", "h1").attempts, 2);
    EXPECT_TRUE(compacted.Find("c2", "h2").finished);
    journal.Append({"c1", "h1", "quarantined", 2, "ocr: boom", ""});
    journal.Append({"c1", "h1", "reset", 0, "", ""});
    EXPECT_EQ(journal.Find("c1", "h1").attempts, 0);
    EXPECT_FALSE(journal.Find("c1", "h1").quarantined);
}

}  // namespace dossier
