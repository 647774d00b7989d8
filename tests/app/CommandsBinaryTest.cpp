// The image commands as a user runs them: `dossier mrz IMAGE... --json`, `dossier photo IMAGE
// --json`.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "ocr/MrzReader.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/fixtures/PassportRenderer.h"
#include "tests/fixtures/PhotoFixtures.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
namespace fx = fixtures;
using nlohmann::json;

fs::path Work(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "commands" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Runs the binary; stdout is returned, the exit status stored.
std::string RunDossier(const std::string& arguments, int* status) {
    const std::string command = std::string(DOSSIER_BINARY) + " " + arguments + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    const int raw = ::pclose(pipe);
    *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return out;
}

TEST(CommandsBinary, MrzJsonReadsAPassportPage) {
    const fs::path work = Work("mrz");
    std::mt19937 rng(7);
    const Date reference = *Date::TryParseIso("2026-11-20");
    const fx::IdentityData person = fx::RandomIdentity(rng, MrzFormat::TD3, reference);
    const fs::path page = work / "passport.jpg";
    fx::WriteFile(
        page, fx::EncodeJpeg(fx::RenderIdentityPage(person, fx::CaptureQuality::Scan, 3), 90, 300));
    int status = -1;
    const std::string out =
        RunDossier("mrz '" + page.string() + "' --json --application-date 2026-11-20", &status);
    EXPECT_EQ(status, 0) << out;
    const json result = json::parse(out);
    EXPECT_EQ(result["format"], "TD3");
    EXPECT_EQ(result["valid"], true);
    EXPECT_EQ(result["lines"], json(fx::ComposeMrz(person)));

    // A page without an MRZ: JSON null and exit status 1.
    const fs::path blank = work / "blank.png";
    fx::WriteFile(blank, fx::EncodePng(cv::Mat(800, 600, CV_8UC1, cv::Scalar(255))));
    EXPECT_EQ(json::parse(RunDossier("mrz '" + blank.string() + "' --json", &status)),
              json(nullptr));
    EXPECT_EQ(status, 1);
}

TEST(CommandsBinary, MrzReadsSeveralImagesInOneProcessEachUnderItsFileName) {
    const fs::path work = Work("mrz-several");
    const Date reference = *Date::TryParseIso("2026-11-20");
    std::mt19937 rng(11);
    const fx::IdentityData passport = fx::RandomIdentity(rng, MrzFormat::TD3, reference);
    const fx::IdentityData card = fx::RandomIdentity(rng, MrzFormat::TD1, reference);
    const fs::path first = work / "passport.jpg", second = work / "card.png";
    const fs::path blank = work / "blank.png", notAnImage = work / "notes.txt";
    fx::WriteFile(
        first,
        fx::EncodeJpeg(fx::RenderIdentityPage(passport, fx::CaptureQuality::Scan, 1), 90, 300));
    fx::WriteFile(second, fx::EncodePng(fx::RenderIdentityPage(card, fx::CaptureQuality::Scan, 2)));
    fx::WriteFile(blank, fx::EncodePng(cv::Mat(800, 600, CV_8UC1, cv::Scalar(255))));
    fx::WriteFile(notAnImage, "not an image");
    int status = -1;
    const json list = json::parse(
        RunDossier("mrz '" + first.string() + "' '" + second.string() + "' '" + blank.string() +
                       "' '" + notAnImage.string() + "' --json --application-date 2026-11-20",
                   &status));
    ASSERT_EQ(list.size(), 4u) << list.dump();
    EXPECT_EQ(list[0]["file"], first.string());
    EXPECT_EQ(list[0]["mrz"]["lines"], json(fx::ComposeMrz(passport)));
    EXPECT_EQ(list[1]["file"], second.string());
    EXPECT_EQ(list[1]["mrz"]["lines"], json(fx::ComposeMrz(card)));
    EXPECT_EQ(list[2]["mrz"], json(nullptr));
    EXPECT_FALSE(list[2].contains("error"));
    EXPECT_EQ(list[3]["mrz"], json(nullptr));
    EXPECT_NE(list[3]["error"].get<std::string>().find("notes.txt"), std::string::npos);
    EXPECT_EQ(status, 1);  // not every image had an MRZ

    // Only images with an MRZ: status 0, and the plain text names each file.
    const std::string text = RunDossier(
        "mrz '" + first.string() + "' '" + second.string() + "' --application-date 2026-11-20",
        &status);
    EXPECT_EQ(status, 0);
    EXPECT_NE(text.find("== " + first.string()), std::string::npos) << text;
    EXPECT_NE(text.find("== " + second.string()), std::string::npos) << text;
    EXPECT_NE(text.find(fx::ComposeMrz(card)[0]), std::string::npos) << text;
}

TEST(CommandsBinary, MrzThatNeedsTheSecondReaderReadsAsTheFullReaderDoes) {
    // `dossier mrz` reads with the templates alone first and starts again under a single-threaded
    // OpenMP only for an image that the second reader must see: such an image must come out as
    // the reader with Tesseract reads it in the pipeline.
    const fs::path work = Work("mrz-second-reader");
    const Date reference = *Date::TryParseIso("2026-11-20");
    MrzOptions templatesOnly;
    templatesOnly.useTesseract = false;
    MrzReader firstPass(templatesOnly), full;
    for (unsigned seed = 1; seed <= 40; ++seed) {
        std::mt19937 rng(seed);
        const fx::IdentityData person = fx::RandomIdentity(rng, MrzFormat::TD1, reference);
        const cv::Mat page = fx::RenderIdentityPage(person, fx::CaptureQuality::Phone, seed, 150);
        firstPass.Read(page, 150, reference);
        if (!firstPass.SecondReaderWanted()) continue;
        SCOPED_TRACE("seed " + std::to_string(seed));
        const fs::path file = work / "card.png";
        fx::WriteFile(file, fx::EncodePng(page));
        int status = -1;
        const json result = json::parse(RunDossier(
            "mrz '" + file.string() + "' --json --application-date 2026-11-20", &status));
        const auto expected = full.Read(page, 150, reference);
        ASSERT_TRUE(expected);
        EXPECT_EQ(result["lines"], json(expected->lines));
        EXPECT_EQ(result["reader"], expected->reader);
        EXPECT_NE(expected->reader, "ocrb_template");  // Tesseract's reading was weighed
        return;
    }
    FAIL() << "no page of 40 needed the second reader";
}

TEST(CommandsBinary, PhotoJsonJudgesAPhotoAndAPageWithoutOne) {
    const fs::path work = Work("photo");
    const fs::path photo = work / "photo.png";
    fx::WriteFile(photo, fx::EncodePng(fx::MakePhoto(fx::PhotoFraming{})));
    int status = -1;
    json result = json::parse(RunDossier("photo '" + photo.string() + "' --json", &status));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(result["compliant"], true) << result.dump(2);
    ASSERT_TRUE(result["checks"].is_array());
    EXPECT_FALSE(result["checks"].empty());

    const fs::path document = work / "document.png";
    fx::WriteFile(document, fx::EncodePng(fx::DocumentCrop(35, 45, 300)));
    result = json::parse(RunDossier("photo '" + document.string() + "' --json", &status));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(result["found"], false) << result.dump(2);
    EXPECT_FALSE(result.value("compliant", false)) << result.dump(2);
}

}  // namespace
}  // namespace dossier
