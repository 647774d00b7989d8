#include "pipeline/Config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

// ctest runs each test in a process of its own, in parallel: a folder per test keeps one from
// reading the file another is writing.
fs::path WriteConfig(const std::string& name, const std::string& text) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "config_test" /
                         ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir);
    WriteFileAtomic(dir / name, text);
    return dir / name;
}

std::string ErrorOf(const std::string& yaml) {
    Config config = DefaultConfig();
    try {
        ApplyConfigFile(config, WriteConfig("bad.yaml", yaml));
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Config, FileOverridesDefaultsAndRecordsSources) {
    Config config = DefaultConfig();
    const auto file =
        WriteConfig("good.yaml",
                    "service: labor-immigrant\njobs: 3\nocr:\n  languages: kaz+rus+eng\n"
                    "quality:\n  min_sharpness: 90\nwatch:\n  settle_seconds: 1.5\n");
    ApplyConfigFile(config, file);
    EXPECT_EQ(config.defaultService, "labor-immigrant");
    EXPECT_EQ(config.jobs, 3);
    EXPECT_EQ(config.ocr.languages, "kaz+rus+eng");
    EXPECT_EQ(config.prepare.minSharpness, 90);
    EXPECT_EQ(config.watch.settleSeconds, 1.5);
    const std::string description = DescribeConfig(config);
    EXPECT_NE(description.find("jobs: 3  # " + file.string()), std::string::npos) << description;
    EXPECT_NE(description.find("# default"), std::string::npos);
}

TEST(Config, BadFilesNameTheKeyAndTheReason) {
    EXPECT_NE(ErrorOf("jobz: 2\n").find("'jobz': unknown key"), std::string::npos);
    EXPECT_NE(ErrorOf("jobs: many\n").find("'jobs'"), std::string::npos);
    EXPECT_NE(ErrorOf("jobs: -1\n").find("between"), std::string::npos);
    EXPECT_NE(ErrorOf("service: citizenship\n").find("unknown service"), std::string::npos);
    EXPECT_NE(ErrorOf("application_date: 2026-02-30\n").find("YYYY-MM-DD"), std::string::npos);
    EXPECT_NE(ErrorOf("signing:\n  sub_filter: x\n").find("sub_filter"), std::string::npos);
    EXPECT_NE(ErrorOf("[1, 2\n").find("not valid YAML"), std::string::npos);
}

TEST(Config, WrongTypeNamesTheFileTheExpectedTypeAndTheLine) {
    const std::string message = ErrorOf("jobs: 2\nwatch:\n  poll: sometimes\n");
    EXPECT_EQ(message.rfind(WriteConfig("bad.yaml", "").string() + ": 'watch.poll': ", 0), 0u)
        << message;
    EXPECT_NE(message.find("expected true or false: 'sometimes' is neither (line 3, column 9)"),
              std::string::npos)
        << message;
    EXPECT_NE(ErrorOf("signing:\n  sub_filtre: x\n").find("unknown key 'sub_filtre' (known: "),
              std::string::npos);
}

TEST(Config, FingerprintChangesWithOutputAffectingSettingsOnly) {
    Config a = DefaultConfig(), b = DefaultConfig();
    EXPECT_EQ(ConfigFingerprint(a), ConfigFingerprint(b));
    b.jobs = 7;
    b.watch.settleSeconds = 99;
    EXPECT_EQ(ConfigFingerprint(a), ConfigFingerprint(b));
    b.ocr.languages = "eng";
    EXPECT_NE(ConfigFingerprint(a), ConfigFingerprint(b));
}

TEST(Config, FingerprintFollowsTheModelDataAndTheDay) {
    const fs::path models = fs::path(DOSSIER_TEST_WORK_DIR) / "config_models";
    fs::remove_all(models);
    fs::copy(DefaultConfig().modelsDir, models, fs::copy_options::recursive);
    Config config = DefaultConfig();
    config.modelsDir = models.string();
    config.applicationDate = Date::TryParseIso("2026-11-20");
    const std::string before = ConfigFingerprint(config);
    EXPECT_EQ(ConfigFingerprint(config), before);
    // An operator edits a rule file: every case must be redone.
    std::ofstream(models / "photo.yaml", std::ios::app) << "\n# edited\n";
    const std::string edited = ConfigFingerprint(config);
    EXPECT_NE(edited, before);
    // With no configured date, "today" decides the verdicts, so it is part of the fingerprint.
    Config undated = config;
    undated.applicationDate.reset();
    EXPECT_NE(ConfigFingerprint(undated), edited);
}

}  // namespace dossier

namespace dossier {

TEST(Config, TheDocumentedExampleLoadsAndEqualsTheDefaults) {
    Config config = DefaultConfig();
    ApplyConfigFile(config, fs::path(DOSSIER_SOURCE_DIR) / "examples" / "dossier.yaml");
    Config defaults = DefaultConfig();
    EXPECT_EQ(ConfigFingerprint(config), ConfigFingerprint(defaults));
}

}  // namespace dossier
