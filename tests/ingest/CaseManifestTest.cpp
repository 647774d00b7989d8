#include "ingest/CaseManifest.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/Error.h"
#include "core/Files.h"

namespace dossier {

namespace {

std::string ErrorOf(const std::string& yaml) {
    try {
        ParseCaseManifest(yaml);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(CaseManifest, ReadsEveryKey) {
    const auto m = ParseCaseManifest(
        "service: temporary-residence\npurpose: work\napplication_date: 2026-11-20\n"
        "categories: [eaeu-citizen]\nco_applicants:\n  - {relation: child, birth_date: "
        "2012-05-01}\n"
        "  - {birth_date: 2015-01-31}\n");
    EXPECT_EQ(m.service, "temporary-residence");
    EXPECT_EQ(m.purpose, "work");
    EXPECT_EQ(m.applicationDate, (Date{2026, 11, 20}));
    EXPECT_EQ(m.categories, std::vector<std::string>{"eaeu-citizen"});
    ASSERT_EQ(m.coApplicants.size(), 2u);
    EXPECT_EQ(m.coApplicants[0].birthDate, (Date{2012, 5, 1}));
    EXPECT_EQ(m.coApplicants[1].relation, "child");
}

TEST(CaseManifest, EmptyManifestMeansDefaults) {
    const auto m = ParseCaseManifest("");
    EXPECT_TRUE(m.service.empty());
    EXPECT_FALSE(m.applicationDate);
}

TEST(CaseManifest, ClearErrorsNameTheProblem) {
    EXPECT_NE(ErrorOf("servise: permanent-residence\n").find("unknown key 'servise'"),
              std::string::npos);
    EXPECT_NE(ErrorOf("service: tourist-visa\n").find("unknown service 'tourist-visa'"),
              std::string::npos);
    EXPECT_NE(ErrorOf("service: temporary-residence\npurpose: tourism\n")
                  .find("unknown purpose 'tourism'"),
              std::string::npos);
    EXPECT_NE(ErrorOf("service: permanent-residence\npurpose: work\n").find("takes no purpose"),
              std::string::npos);
    EXPECT_NE(ErrorOf("application_date: 2026-02-30\n").find("application_date"),
              std::string::npos);
    EXPECT_NE(ErrorOf("application_date: 20.11.2026\n").find("not a date"), std::string::npos);
    EXPECT_NE(ErrorOf("categories: [vip]\n").find("unknown category 'vip'"), std::string::npos);
    EXPECT_NE(ErrorOf("co_applicants:\n  - {relation: child, age: 5}\n").find("unknown key 'age'"),
              std::string::npos);
    EXPECT_NE(ErrorOf("co_applicants:\n  - {relation: cousin}\n").find("cousin"),
              std::string::npos);
    EXPECT_NE(
        ErrorOf("application_date: 2026-01-01\nco_applicants:\n  - {birth_date: 2026-06-01}\n")
            .find("born after"),
        std::string::npos);
    EXPECT_NE(ErrorOf("service: [a, b]\n").find("single value"), std::string::npos);
    EXPECT_NE(ErrorOf("- just\n- a list\n").find("mapping"), std::string::npos);
    EXPECT_NE(ErrorOf("service: {unclosed\n").find("not valid YAML"), std::string::npos);
}

TEST(CaseManifest, WrongTypeIsNamedWithItsLine) {
    // A clerk's manifest is edited by hand: the error says where, not only what.
    EXPECT_EQ(ErrorOf("service: permanent-residence\napplication_date: [2026, 11, 20]\n"),
              "case.yaml: 'application_date': expected a single value, got a list (line 2, "
              "column 19)");
    EXPECT_EQ(ErrorOf("co_applicants:\n  - relation: child\n    birth_date: {y: 2012}\n"),
              "case.yaml: 'co_applicants[1].birth_date': expected a single value, got a mapping "
              "(line 3, column 17)");
}

TEST(CaseManifest, LoadsFromAFile) {
    const auto dir = std::filesystem::path(DOSSIER_TEST_WORK_DIR) / "manifest";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "case.yaml") << "service: labor-immigrant\n";
    EXPECT_EQ(LoadCaseManifest(dir / "case.yaml").service, "labor-immigrant");
    EXPECT_THROW(LoadCaseManifest(dir / "absent.yaml"), Error);
}

// What ReadCaseManifest says about the case.yaml of `setUp`'s folder: the one issue's code, or ""
// when the manifest was used.
std::string ManifestIssue(const std::string& name,
                          const std::function<void(const std::filesystem::path&)>& setUp,
                          CaseManifest* manifest = nullptr) {
    const auto dir = std::filesystem::path(DOSSIER_TEST_WORK_DIR) / "manifest_read" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    setUp(dir);
    std::vector<Issue> issues;
    const CaseManifest read = ReadCaseManifest(dir, nullptr, 1024, issues);
    if (manifest) *manifest = read;
    if (issues.empty()) return "";
    EXPECT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].file, "case.yaml");
    return issues[0].code;
}

TEST(CaseManifest, ReadNeverFollowsALinkNorOpensAFifoNorReadsMoreThanTheCap) {
    namespace fs = std::filesystem;
    const fs::path outside = fs::path(DOSSIER_TEST_WORK_DIR) / "manifest_read_secret.yaml";
    std::ofstream(outside) << "top_secret_api_key: 1\n";
    CaseManifest manifest;
    EXPECT_EQ(ManifestIssue(
                  "plain",
                  [](const fs::path& d) {
                      std::ofstream(d / "case.yaml") << "service: labor-immigrant\n";
                  },
                  &manifest),
              "");
    EXPECT_EQ(manifest.service, "labor-immigrant");
    EXPECT_EQ(ManifestIssue("none", [](const fs::path&) {}), "");
    EXPECT_EQ(ManifestIssue(
                  "link", [&](const fs::path& d) { fs::create_symlink(outside, d / "case.yaml"); }),
              "symlink_not_followed");
    EXPECT_EQ(ManifestIssue("fifo",
                            [](const fs::path& d) {
                                ASSERT_EQ(::mkfifo((d / "case.yaml").c_str(), 0600), 0);
                            }),
              "not_a_regular_file");
    EXPECT_EQ(
        ManifestIssue("folder", [](const fs::path& d) { fs::create_directory(d / "case.yaml"); }),
        "not_a_regular_file");
    EXPECT_EQ(ManifestIssue("huge",
                            [](const fs::path& d) {
                                std::ofstream(d / "case.yaml");
                                fs::resize_file(d / "case.yaml", 1u << 30);  // sparse
                            }),
              "too_large");
}

TEST(CaseManifest, BytesThatAreNotUtf8GiveAValidUtf8Message) {
    std::vector<Issue> issues;
    const auto dir = std::filesystem::path(DOSSIER_TEST_WORK_DIR) / "manifest_bad_utf8";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "case.yaml") << "service: permanent-residence\n\xFF\xFE: 1\n";
    ReadCaseManifest(dir, nullptr, 1024, issues);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].code, "invalid_manifest");
    EXPECT_EQ(issues[0].message, ValidUtf8(issues[0].message));
    EXPECT_NE(issues[0].message.find("\xEF\xBF\xBD"), std::string::npos) << issues[0].message;
}

}  // namespace dossier
