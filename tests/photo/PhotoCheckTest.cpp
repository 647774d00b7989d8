// Golden photo fixtures judged by CheckPhoto/FindPhoto as their expectation files say, and the
// photo model's loader.
#include "photo/PhotoCheck.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <set>

#include "core/Error.h"
#include "tests/fixtures/PhotoFixtures.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using fixtures::MakePhoto;
using fixtures::PhotoFraming;

// What the check must say about one fixture: tests/photo/photo_golden/<fixture>.json.
struct Golden {
    std::string name;
    std::string description;
    bool onPage = false;  ///< "input": "page" is searched with FindPhoto, "photo" judged as it is
    double dpi = 300;
    bool dpiTrusted = true;
    bool found = true;
    std::string verdict;            ///< compliant, needs_review or not_compliant
    std::set<std::string> fails;    ///< codes that must fail
    std::set<std::string> mayFail;  ///< codes that may fail as a consequence (e.g. dark background)
    std::optional<std::pair<double, double>> sizeMm;  ///< measured print size, +/- 1 mm
};

void PrintTo(const Golden& golden, std::ostream* os) {
    *os << golden.name;
}

fs::path GoldenDir() {
    return fs::path(DOSSIER_SOURCE_DIR) / "tests" / "photo" / "photo_golden";
}

Golden ReadGolden(const fs::path& file) {
    std::ifstream in(file);
    const nlohmann::json j = nlohmann::json::parse(in);
    Golden g;
    g.name = file.stem().string();
    g.description = j.at("description").get<std::string>();
    const std::string input = j.at("input").get<std::string>();
    if (input != "photo" && input != "page")
        throw std::runtime_error(file.string() + ": input must be photo or page");
    g.onPage = input == "page";
    g.dpi = j.at("dpi").get<double>();
    g.dpiTrusted = j.at("dpi_trusted").get<bool>();
    g.found = j.at("found").get<bool>();
    if (!g.found) return g;
    g.verdict = j.at("verdict").get<std::string>();
    if (g.verdict != "compliant" && g.verdict != "needs_review" && g.verdict != "not_compliant")
        throw std::runtime_error(file.string() + ": unknown verdict " + g.verdict);
    g.fails = j.at("fails").get<std::set<std::string>>();
    g.mayFail = j.at("may_fail").get<std::set<std::string>>();
    if (j.contains("size_mm"))
        g.sizeMm = std::pair{j["size_mm"].at(0).get<double>(), j["size_mm"].at(1).get<double>()};
    return g;
}

std::vector<Golden> Goldens() {
    std::vector<Golden> goldens;
    for (const auto& entry : fs::directory_iterator(GoldenDir()))
        if (entry.path().extension() == ".json") goldens.push_back(ReadGolden(entry.path()));
    std::sort(goldens.begin(), goldens.end(),
              [](const Golden& a, const Golden& b) { return a.name < b.name; });
    return goldens;
}

const cv::Mat& Studio(bool busy = false, int people = 1) {
    static std::map<std::pair<bool, int>, cv::Mat> cache;
    auto& studio = cache[{busy, people}];
    if (studio.empty()) studio = fixtures::Studio(busy, people);
    return studio;
}

cv::Mat Compliant(double dpi = 300) {
    PhotoFraming f;
    f.dpi = dpi;
    return MakePhoto(f, Studio());
}

cv::Mat Framed(std::function<void(PhotoFraming&)> change, const cv::Mat& studio = Studio()) {
    PhotoFraming f;
    change(f);
    return MakePhoto(f, studio);
}

cv::Mat Adjusted(const cv::Mat& image, double gain, double bias) {
    cv::Mat out;
    image.convertTo(out, -1, gain, bias);
    return out;
}

// The fixture behind each golden file; each changes one thing about the compliant photo or puts it
// somewhere on a page.
const std::map<std::string, std::function<cv::Mat()>>& Fixtures() {
    static const std::map<std::string, std::function<cv::Mat()>> fixtures = {
        {"compliant_300dpi", [] { return Compliant(300); }},
        {"compliant_600dpi", [] { return Compliant(600); }},
        {"no_trusted_dpi", [] { return Compliant(300); }},
        {"head_too_small", [] { return Framed([](PhotoFraming& f) { f.headRatio = 0.5; }); }},
        {"head_too_large",
         [] { return Framed([](PhotoFraming& f) { f.headRatio = 0.95, f.crownMargin = 0.01; }); }},
        {"off_centre", [] { return Framed([](PhotoFraming& f) { f.offsetX = 0.15; }); }},
        {"tilted", [] { return Framed([](PhotoFraming& f) { f.rollDegrees = 14; }); }},
        {"too_dark", [] { return Adjusted(Compliant(), 0.3, 0); }},
        {"overexposed", [] { return Adjusted(Compliant(), 1.3, 45); }},
        {"blurred",
         [] {
             cv::Mat out;
             cv::GaussianBlur(Compliant(), out, cv::Size(), 5);
             return out;
         }},
        {"busy_background", [] { return Framed([](PhotoFraming&) {}, Studio(true)); }},
        {"two_faces",
         [] { return Framed([](PhotoFraming& f) { f.headRatio = 0.45; }, Studio(false, 2)); }},
        {"no_face_document", [] { return fixtures::DocumentCrop(35, 45, 300); }},
        {"wrong_aspect_40x40",
         [] { return Framed([](PhotoFraming& f) { f.widthMm = 40, f.heightMm = 40; }); }},
        {"wrong_size_30x38.6",
         [] {
             return Framed([](PhotoFraming& f) { f.widthMm = 30, f.heightMm = 30 * 45.0 / 35; });
         }},
        {"low_resolution_150dpi", [] { return Compliant(150); }},
        {"form_page_300dpi", [] { return fixtures::FormPage(Compliant(), 300); }},
        {"form_page_bad_photo",
         [] {
             return fixtures::FormPage(Framed([](PhotoFraming& f) { f.headRatio = 0.5; }), 300);
         }},
        {"form_page_empty_box", [] { return fixtures::FormPage(cv::Mat(), 300); }},
        {"photo_scan_300dpi",
         [] {
             return fixtures::PhotoScanPage(Compliant(), 300, {700, 900});
         }},
        {"photo_sheet_300dpi", [] { return fixtures::PhotoSheet(Compliant(), 300); }},
    };
    return fixtures;
}

std::string Describe(const PhotoCheck& check) {
    std::string text;
    for (const auto& m : check.checks)
        text += "  " + m.code + " " + (m.ok ? (*m.ok ? "pass" : "FAIL") : "review") + " " +
                std::to_string(m.value) + " (" + m.expected + ") " + m.note + "\n";
    return text;
}

void ExpectGolden(const Golden& golden, const PhotoCheck& check) {
    SCOPED_TRACE(golden.name + " (" + golden.description + ")\n" + Describe(check));
    EXPECT_TRUE(check.found);
    EXPECT_EQ(check.compliant, golden.verdict == "compliant");
    EXPECT_EQ(check.needsReview, golden.verdict == "needs_review");
    std::set<std::string> failed;
    for (const auto& m : check.checks)
        if (m.ok.has_value() && !*m.ok) failed.insert(m.code);
    for (const auto& code : golden.fails) EXPECT_TRUE(failed.count(code)) << code << " should fail";
    for (const auto& code : failed)
        EXPECT_TRUE(golden.fails.count(code) || golden.mayFail.count(code))
            << code << " should not fail";
    if (golden.sizeMm) {
        ASSERT_TRUE(check.widthMm && check.heightMm);
        EXPECT_NEAR(*check.widthMm, golden.sizeMm->first, 1.0);
        EXPECT_NEAR(*check.heightMm, golden.sizeMm->second, 1.0);
    }
}

TEST(PhotoGoldenFiles, EveryFixtureHasExpectationsAndEveryExpectationAFixture) {
    std::set<std::string> golden;
    for (const auto& g : Goldens()) golden.insert(g.name);
    std::set<std::string> made;
    for (const auto& [name, make] : Fixtures()) made.insert(name);
    EXPECT_EQ(golden, made);
}

class PhotoGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(PhotoGolden, JudgedAsItsExpectationSays) {
    const Golden& golden = GetParam();
    const auto fixture = Fixtures().find(golden.name);
    ASSERT_NE(fixture, Fixtures().end()) << "no fixture for " << golden.name;
    const cv::Mat image = fixture->second();
    // To look at the fixtures: DOSSIER_PHOTO_FIXTURE_DIR=/some/folder.
    if (const char* dir = std::getenv("DOSSIER_PHOTO_FIXTURE_DIR"))
        cv::imwrite(std::string(dir) + "/" + golden.name + ".png", image);
    if (!golden.onPage) {
        ExpectGolden(golden, CheckPhoto(image, golden.dpi, golden.dpiTrusted));
        return;
    }
    const auto check = FindPhoto(image, golden.dpi, golden.dpiTrusted);
    ASSERT_EQ(check.has_value(), golden.found) << (check ? Describe(*check) : "");
    if (check) ExpectGolden(golden, *check);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PhotoGolden, ::testing::ValuesIn(Goldens()),
                         [](const auto& info) {
                             std::string name = info.param.name;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

const PhotoMeasure& Find(const PhotoCheck& check, const std::string& code) {
    for (const auto& m : check.checks)
        if (m.code == code) return m;
    throw std::runtime_error("no check " + code);
}

TEST(PhotoCheck, MeasuresPrintSizeFromTrustedResolution) {
    const PhotoCheck at300 = CheckPhoto(Compliant(300), 300, true);
    ASSERT_TRUE(at300.widthMm && at300.heightMm);
    EXPECT_NEAR(*at300.widthMm, 35.0, 0.1);
    EXPECT_NEAR(*at300.heightMm, 45.0, 0.1);
    const PhotoCheck at600 = CheckPhoto(Compliant(600), 600, true);
    ASSERT_TRUE(at600.heightMm);
    EXPECT_NEAR(*at600.heightMm, 45.0, 0.1);
}

TEST(PhotoCheck, NeverInventsASizeWithoutTrustedResolution) {
    const cv::Mat photo = Compliant(300);
    for (auto [dpi, trusted] : {std::pair{300.0, false}, {72.0, true}, {0.0, true}}) {
        const PhotoCheck check = CheckPhoto(photo, dpi, trusted);
        EXPECT_FALSE(check.widthMm.has_value());
        EXPECT_FALSE(check.heightMm.has_value());
        EXPECT_FALSE(Find(check, "size_mm").ok.has_value());
        EXPECT_EQ(Find(check, "aspect_ratio").ok, std::optional<bool>(true));
    }
}

TEST(PhotoCheck, HeadRatioTracksTheFraming) {
    // The estimate follows the true head height closely enough to tell 0.6 from 0.75 from 0.9.
    double previous = 0;
    for (double ratio : {0.6, 0.75, 0.9}) {
        const PhotoCheck check =
            CheckPhoto(Framed([&](PhotoFraming& f) { f.headRatio = ratio; }), 300, true);
        const double measured = Find(check, "head_height_ratio").value;
        EXPECT_NEAR(measured, ratio, 0.05) << Describe(check);
        EXPECT_GT(measured, previous);
        previous = measured;
    }
}

TEST(PhotoCheck, RollIsMeasuredFromTheEyes) {
    // The astronaut's own head is turned a little, so tilt both ways: the two rolls add up to 28.
    double sum = 0;
    for (double degrees : {14.0, -14.0}) {
        const PhotoCheck check =
            CheckPhoto(Framed([&](PhotoFraming& f) { f.rollDegrees = degrees; }), 300, true);
        const auto& roll = Find(check, "eyes_level");
        ASSERT_TRUE(roll.ok.has_value()) << Describe(check);
        EXPECT_FALSE(*roll.ok);
        sum += roll.value;
    }
    EXPECT_NEAR(sum, 28, 4);
}

TEST(PhotoCheck, ARollWithinTheStandardsEightDegreesPasses) {
    // ISO/IEC 19794-5 allows 8 degrees of roll: a head tilted by 6 is no reason to doubt. The
    // astronaut's own head is turned by about 3 degrees, so one of the two turns measures 6-7.
    double largest = 0;
    for (double degrees : {3.5, -3.5}) {
        const PhotoCheck check =
            CheckPhoto(Framed([&](PhotoFraming& f) { f.rollDegrees = degrees; }), 300, true);
        const auto& roll = Find(check, "eyes_level");
        largest = std::max(largest, roll.value);
        ASSERT_TRUE(roll.ok.has_value()) << Describe(check);
        EXPECT_TRUE(*roll.ok) << Describe(check);
    }
    EXPECT_GT(largest, 5.0);
}

TEST(PhotoCheck, AnEyeLineJustOutsideTheRecommendationIsShownNotJudged) {
    // The head is 0.75 of the height and wholly inside the photo, lowered step by step: ISO's eye
    // line (0.50-0.70 above the bottom edge) is a recommendation, so its band of doubt leaves the
    // photo compliant with the value shown; a head lowered further is misframed and fails.
    bool sawDoubt = false, sawFailure = false;
    for (double margin : {0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22}) {
        const PhotoCheck check = CheckPhoto(Framed([&](PhotoFraming& f) {
                                                f.headRatio = 0.75;
                                                f.crownMargin = margin;
                                            }),
                                            300, true);
        const PhotoMeasure& eyes = Find(check, "eye_height");
        EXPECT_TRUE(eyes.advisory);
        bool othersPass = true;
        for (const auto& m : check.checks)
            if (m.code != "eye_height" && m.ok != true) othersPass = false;
        if (!othersPass) continue;
        if (!eyes.ok.has_value()) {
            sawDoubt = true;
            EXPECT_LT(eyes.value, 0.50);
            EXPECT_TRUE(check.compliant) << margin << " " << Describe(check);
            EXPECT_FALSE(check.needsReview);
        } else if (!*eyes.ok) {
            sawFailure = true;
            EXPECT_FALSE(check.compliant) << margin << " " << Describe(check);
        }
    }
    EXPECT_TRUE(sawDoubt);
    EXPECT_TRUE(sawFailure);
}

TEST(PhotoCheck, GrayInputIsAccepted) {
    cv::Mat gray;
    cv::cvtColor(Compliant(), gray, cv::COLOR_BGR2GRAY);
    const PhotoCheck check = CheckPhoto(gray, 300, true);
    EXPECT_TRUE(check.compliant) << Describe(check);
}

TEST(PhotoCheck, IsSafeToRunOnSeveralThreadsSharingTheRunsCascades) {
    const cv::Mat photo = Compliant();
    const std::string expected = Describe(CheckPhoto(photo, 300, true));
    FaceCascades cascades;
    auto run = [&] { return Describe(CheckPhoto(photo, 300, true, {}, cascades)); };
    auto a = std::async(std::launch::async, run), b = std::async(std::launch::async, run);
    EXPECT_EQ(a.get(), expected);
    EXPECT_EQ(b.get(), expected);
}

TEST(FindPhoto, CropsThePhotoGluedIntoTheApplicationForm) {
    cv::Rect truth;
    const cv::Mat page = fixtures::FormPage(Compliant(), 300, &truth);
    const auto check = FindPhoto(page, 300, true);
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(check->compliant) << Describe(*check);
    EXPECT_LE(std::abs(check->x - truth.x), 6);
    EXPECT_LE(std::abs(check->y - truth.y), 6);
    EXPECT_LE(std::abs(check->width - truth.width), 8);
    EXPECT_LE(std::abs(check->height - truth.height), 8);
    ASSERT_TRUE(check->heightMm.has_value());
    EXPECT_NEAR(*check->heightMm, 45, 1);
    EXPECT_NEAR(*check->widthMm, 35, 1);
}

TEST(FindPhoto, FindsAPhotoLyingOnAScannerPage) {
    const cv::Mat photo = Compliant(300);
    const auto check = FindPhoto(fixtures::PhotoScanPage(photo, 300, {700, 900}), 300, true);
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(check->compliant) << Describe(*check);
    EXPECT_NEAR(check->x, 700, 6);
    EXPECT_NEAR(check->y, 900, 6);
}

TEST(FindPhoto, TakesAnImageThatIsThePhotoAsAWhole) {
    const cv::Mat photo = Compliant(300);
    const auto check = FindPhoto(photo, 300, true);
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(check->compliant) << Describe(*check);
    EXPECT_EQ(check->width, photo.cols);
    EXPECT_EQ(check->height, photo.rows);
}

// A phone's 12-megapixel picture of the photo, filling the frame: its edges and face are found
// on the reduced search copy, and it is judged as the photo itself is.
TEST(FindPhoto, JudgesA12MegapixelPhoneImageAsThePhotoItIs) {
    const cv::Mat photo = Compliant(600);
    cv::Mat phone;
    cv::resize(photo, phone, cv::Size(3024, 3888), 0, 0, cv::INTER_CUBIC);
    const auto check = FindPhoto(phone, 0, false);
    ASSERT_TRUE(check.has_value());
    EXPECT_EQ(check->x, 0);
    EXPECT_EQ(check->y, 0);
    EXPECT_NEAR(check->width, phone.cols, 4);
    EXPECT_NEAR(check->height, phone.rows, 4);
    const PhotoCheck direct = CheckPhoto(photo, 0, false);
    ASSERT_EQ(check->checks.size(), direct.checks.size());
    for (size_t i = 0; i < direct.checks.size(); ++i)
        EXPECT_EQ(check->checks[i].ok, direct.checks[i].ok)
            << direct.checks[i].code << ": " << Describe(*check);
}

// The same camera, the photo lying on a table: found on the reduced copy, placed in the full image.
TEST(FindPhoto, PlacesAPhotoOnATableInA12MegapixelImage) {
    cv::Mat print;
    cv::resize(Compliant(600), print, cv::Size(1400, 1800), 0, 0, cv::INTER_AREA);
    cv::Mat table(4032, 3024, CV_8UC3, cv::Scalar(90, 110, 130));
    const cv::Rect where(800, 1100, print.cols, print.rows);
    print.copyTo(table(where));
    const auto check = FindPhoto(table, 0, false);
    ASSERT_TRUE(check.has_value());
    // Edges are located where the face is 100 px tall, about 7 px of this image: within a few.
    EXPECT_NEAR(check->x, where.x, 20);
    EXPECT_NEAR(check->y, where.y, 20);
    EXPECT_NEAR(check->width, where.width, 30);
    EXPECT_NEAR(check->height, where.height, 30);
    EXPECT_FALSE(check->checks.empty());
    EXPECT_TRUE(check->checks.front().ok.value_or(false)) << Describe(*check);  // one face
}

// ctest runs each test in a process of its own, in parallel: a folder per test keeps one from
// reading the file another is writing.
fs::path WriteModel(const std::string& name, const std::string& yaml) {
    const fs::path path = fs::path(DOSSIER_TEST_WORK_DIR) / "photo_model" /
                          ::testing::UnitTest::GetInstance()->current_test_info()->name() / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << yaml;
    return path;
}

TEST(LoadPhotoOptions, ShippedModelMatchesTheDefaults) {
    const PhotoOptions loaded = LoadPhotoOptions(fs::path(DOSSIER_MODELS_DIR) / "photo.yaml");
    const PhotoOptions defaults;
    EXPECT_EQ(loaded.widthMm, defaults.widthMm);
    EXPECT_EQ(loaded.heightMm, defaults.heightMm);
    EXPECT_EQ(loaded.sizeToleranceMm, defaults.sizeToleranceMm);
    EXPECT_EQ(loaded.headHeightRatio.min, defaults.headHeightRatio.min);
    EXPECT_EQ(loaded.headHeightRatio.max, defaults.headHeightRatio.max);
    EXPECT_EQ(loaded.chinFactor, defaults.chinFactor);
    EXPECT_EQ(loaded.sharpness.min, defaults.sharpness.min);
    EXPECT_EQ(loaded.sharpness.review, defaults.sharpness.review);
    EXPECT_EQ(loaded.aspectDeviation.max, defaults.aspectDeviation.max);
    EXPECT_EQ(loaded.eyeRollDegrees.max, defaults.eyeRollDegrees.max);
    EXPECT_EQ(loaded.eyeHeight.advisory, defaults.eyeHeight.advisory);
    EXPECT_EQ(loaded.headHeightRatio.advisory, defaults.headHeightRatio.advisory);
    EXPECT_EQ(loaded.backgroundEdges.max, defaults.backgroundEdges.max);
    EXPECT_EQ(loaded.faces.faceCascade, defaults.faces.faceCascade);
    EXPECT_EQ(loaded.workHeight, defaults.workHeight);
    EXPECT_EQ(loaded.textlessPageLetters, defaults.textlessPageLetters);
}

TEST(LoadPhotoOptions, ReadsValuesAndKeepsDefaultsForTheRest) {
    const PhotoOptions o =
        LoadPhotoOptions(WriteModel("partial.yaml",
                                    "size: {tolerance_mm: 0.5}\nhead_height_ratio: {min: 0.69}\n"
                                    "eye_height: {advisory: false}\n"));
    EXPECT_EQ(o.sizeToleranceMm, 0.5);
    EXPECT_EQ(o.headHeightRatio.min, 0.69);
    EXPECT_FALSE(o.eyeHeight.advisory);
    EXPECT_EQ(o.eyeHeight.min, PhotoOptions{}.eyeHeight.min);
    EXPECT_EQ(o.headHeightRatio.max, PhotoOptions{}.headHeightRatio.max);
}

TEST(LoadPhotoOptions, ErrorsNameTheKeyTheExpectedTypeAndTheLine) {
    const auto errorOf = [](const char* yaml) -> std::string {
        try {
            LoadPhotoOptions(WriteModel("bad.yaml", yaml));
        } catch (const Error& e) {
            return e.what();
        }
        return "accepted";
    };
    EXPECT_EQ(errorOf("size:\n  width_mm: wide\n"),
              "photo model: 'size.width_mm': expected a number: 'wide' is not a number (line 2, "
              "column 13)");
    EXPECT_EQ(errorOf("size: {width_mm: 35}\nhead_height_ratio: {min: 0.9, max: 0.8}\n"),
              "photo model: 'head_height_ratio': min is greater than max (line 2, column 20)");
}

TEST(LoadPhotoOptions, RejectsBadData) {
    for (const char* yaml :
         {"sise: {width_mm: 35}\n", "size: {width: 35}\n", "size: {width_mm: wide}\n",
          "size: {width_mm: -3}\n", "head_height_ratio: {min: 0.9, max: 0.8}\n",
          "work: {photo_height: 300.5}\n", "size: [35, 45]\n", "size: {width_mm: [1]}\n",
          "- a list\n", "size: {width_mm: 35\n"}) {
        SCOPED_TRACE(yaml);
        try {
            LoadPhotoOptions(WriteModel("bad.yaml", yaml));
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        }
    }
    try {
        LoadPhotoOptions(fs::path(DOSSIER_TEST_WORK_DIR) / "photo_model" / "missing.yaml");
        ADD_FAILURE() << "accepted a missing file";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
    }
}

TEST(FaceFinder, MissingCascadeIsAMissingResource) {
    FaceFinderOptions options;
    options.cascadesDir = "/nonexistent";
    try {
        FindFaces(cv::Mat(100, 100, CV_8U, cv::Scalar(128)), options);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::MissingResource);
    }
}

}  // namespace
}  // namespace dossier
