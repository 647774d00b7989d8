// The orchestration with fake OCR engines: every page accounted for, atomic outputs, failures.
#include "pipeline/ProcessCase.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "tests/fixtures/FakeOcrEngines.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;

namespace {

fs::path MakeCase(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "process_case" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    fx::PageSpec spec;
    spec.dpi = 150;
    spec.lines = fx::RussianSampleText();
    const cv::Mat page = fx::RenderPage(spec);
    fx::WriteFile(dir / "scan_0001.jpg", fx::EncodeJpeg(page, 85, 150));
    fx::WriteFile(dir / "scan_0002.png", fx::EncodePng(page, 150));
    fx::WriteFile(dir / "bundle.tif", fx::EncodeTiff({page, page}, 150));
    fx::WriteFile(dir / "broken.jpg", fx::EncodeJpeg(page, 85, 150).substr(0, 300));
    fx::WriteFile(dir / ".hidden.jpg", "not part of the package");
    return dir;
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

nlohmann::json ReadJson(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

std::vector<std::string> Listing(const fs::path& dir) {
    std::vector<std::string> names;
    if (fs::exists(dir))
        for (const auto& entry : fs::directory_iterator(dir))
            names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST(ProcessCase, EveryPageOfEveryInputIsInExactlyOneDocument) {
    const fs::path caseDir = MakeCase("2026-11-20-0001");
    const fs::path out = fs::path(DOSSIER_TEST_WORK_DIR) / "process_case_out";
    fs::remove_all(out);
    RunContext run(TestConfig(), Fake());
    const ProcessResult result = ProcessCase(caseDir, out, run);
    EXPECT_EQ(result.caseData.id, "2026-11-20-0001");
    EXPECT_EQ(result.caseData.pages.size(), 4u);

    const auto report = ReadJson(out / "2026-11-20-0001" / "report.json");
    EXPECT_EQ(report["schema"], "dossier.report/1");
    EXPECT_EQ(report["application_date"], "2026-11-20");
    std::multiset<std::pair<std::string, int>> pages;
    for (const auto& document : report["documents"])
        for (const auto& page : document["pages"])
            pages.insert({page["file"].get<std::string>(), page["page"].get<int>()});
    const std::multiset<std::pair<std::string, int>> expected = {
        {"bundle.tif", 1}, {"bundle.tif", 2}, {"scan_0001.jpg", 1}, {"scan_0002.png", 1}};
    EXPECT_EQ(pages, expected);

    bool brokenReported = false;
    for (const auto& issue : report["issues"])
        if (issue["code"] == "unreadable_input" && issue["file"] == "broken.jpg")
            brokenReported = true;
    EXPECT_TRUE(brokenReported) << report["issues"].dump(2);
    for (const auto& input : report["inputs"]) EXPECT_NE(input["file"], ".hidden.jpg");

    struct stat st {};
    ASSERT_EQ(::stat((out / "2026-11-20-0001" / "report.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0007, 0u) << "outputs must not be world-readable";
}

TEST(ProcessCase, AFailingOcrEngineLeavesNoOutputBehind) {
    const fs::path caseDir = MakeCase("2026-11-20-0002");
    const fs::path out = fs::path(DOSSIER_TEST_WORK_DIR) / "process_case_fail";
    fs::remove_all(out);
    const OcrEngineFactory throwing = [] {
        return std::unique_ptr<OcrEngine>(std::make_unique<fx::ThrowingOcrEngine>());
    };
    RunContext run(TestConfig(), throwing);
    EXPECT_THROW(ProcessCase(caseDir, out, run), Error);
    for (const auto& name : Listing(out / "2026-11-20-0002"))
        ADD_FAILURE() << "left behind: " << name;
    // Inputs untouched.
    EXPECT_EQ(Listing(caseDir).size(), 5u);
}

TEST(ProcessCase, AMissingCaseFolderIsAnError) {
    RunContext run(TestConfig(), Fake());
    EXPECT_THROW(ProcessCase("/nonexistent/case", DOSSIER_TEST_WORK_DIR, run), Error);
}

}  // namespace dossier
