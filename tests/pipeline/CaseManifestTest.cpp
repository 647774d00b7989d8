#include "pipeline/CaseManifest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/Error.h"

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

TEST(CaseManifest, LoadsFromAFile) {
    const auto dir = std::filesystem::path(DOSSIER_TEST_WORK_DIR) / "manifest";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "case.yaml") << "service: labor-immigrant\n";
    EXPECT_EQ(LoadCaseManifest(dir / "case.yaml").service, "labor-immigrant");
    EXPECT_THROW(LoadCaseManifest(dir / "absent.yaml"), Error);
}

}  // namespace dossier
