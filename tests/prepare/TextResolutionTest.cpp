// The resolution of a page without one, estimated from the size of its print: pages rendered at
// known resolutions in several fonts and sizes, none told its resolution.
#include "prepare/TextResolution.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "ocr/OcrEngine.h"
#include "prepare/Prepare.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fx = fixtures;

namespace {

constexpr double kLetterWidthMm = 215.9, kLetterHeightMm = 279.4;

// Body text sizes of documents are 9-12 pt and the estimate assumes 10.5 pt, with capitals
// 0.66-0.76 of the type size where it assumes 0.71: an estimate within 0.75-1.3 of the truth is
// as good as the print allows.
constexpr double kLowest = 0.75, kHighest = 1.3;

struct Font {
    std::string name;
    std::string file;
};

std::vector<Font> Fonts() {
    std::vector<Font> fonts = {{"DejaVu Sans", fx::DejaVuSansFile()},
                               {"DejaVu Serif", fx::DejaVuSerifFile()}};
    // A Times clone: capitals 0.66 and x-height 0.45 of the type size, the smallest of common
    // body faces (DejaVu's are 0.73 and 0.55).
    const std::string times = "/usr/share/fonts/X11/Type1/NimbusRoman-Regular.pfb";
    if (std::filesystem::exists(times)) fonts.push_back({"Nimbus Roman", times});
    return fonts;
}

std::vector<std::string> BodyLines(const std::vector<fx::TextLine>& sample) {
    std::vector<std::string> lines;
    for (const auto& line : sample)
        if (line.pointSize <= 12) lines.push_back(line.text);
    return lines;
}

// A US Letter page (not A4-shaped, so its shape tells no resolution) of running text.
cv::Mat TextPage(double dpi, double points, const std::string& font,
                 const std::vector<std::string>& body, int lines = 30) {
    fx::PageSpec spec;
    spec.dpi = dpi;
    spec.widthMm = kLetterWidthMm;
    spec.heightMm = kLetterHeightMm;
    spec.fontFile = font;
    spec.lines.push_back({"NOTICE OF DECISION", points * 1.4, true, true});
    for (int i = 0; i < lines; ++i) spec.lines.push_back({body[i % body.size()], points});
    return fx::RenderPage(spec);
}

Page Untagged(const cv::Mat& pixels) {
    Page page;
    page.file = "scan.png";
    page.original = pixels;
    return page;
}

// Says every page must be turned by the same quarter turn.
class TurningOcrEngine final : public OcrEngine {
  public:
    explicit TurningOcrEngine(int degrees) : degrees_(degrees) {}
    OcrText Recognize(const cv::Mat&, double) override { return {}; }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat&, double) override {
        return OrientationGuess{degrees_, 30.f};
    }

  private:
    int degrees_;
};

}  // namespace

TEST(TextResolution, RunningTextGivesItsResolutionWithinWhatTypeSizesAllow) {
    const auto english = BodyLines(fx::EnglishSampleText());
    const auto russian = BodyLines(fx::RussianSampleText());
    for (const double dpi : {150.0, 200.0, 300.0, 400.0})
        for (const auto& font : Fonts())
            for (const double points : {9.0, 10.5, 12.0})
                for (const auto* body : {&english, &russian}) {
                    SCOPED_TRACE(font.name + ", " + std::to_string(points) + " pt, " +
                                 std::to_string(int(dpi)) + " dpi, " +
                                 (body == &english ? "English" : "Russian"));
                    const auto estimate =
                        EstimateDpiFromText(TextPage(dpi, points, font.file, *body));
                    ASSERT_TRUE(estimate.has_value());
                    EXPECT_GE(*estimate, kLowest * dpi);
                    EXPECT_LE(*estimate, kHighest * dpi);
                }
}

TEST(TextResolution, ATableOfFiguresIsMeasuredByItsDigitsNotTakenForXHeights) {
    // Digits stand as tall as capitals: read as x-heights they would give 1.3-1.5 times the
    // resolution.
    std::vector<std::string> rows;
    for (int i = 0; i < 12; ++i)
        rows.push_back(std::to_string(1000 + 137 * i) + "    " + std::to_string(20 + 7 * i) +
                       ".50    " + std::to_string(31 * i) + "    2026-0" +
                       std::to_string(1 + i % 9));
    for (const double dpi : {200.0, 300.0})
        for (const auto& font : Fonts()) {
            SCOPED_TRACE(font.name + ", " + std::to_string(int(dpi)) + " dpi");
            const auto estimate = EstimateDpiFromText(TextPage(dpi, 10.5, font.file, rows));
            ASSERT_TRUE(estimate.has_value());
            EXPECT_GE(*estimate, kLowest * dpi);
            EXPECT_LE(*estimate, kHighest * dpi);
        }
}

TEST(TextResolution, SpecksAndDottedRulesDoNotCount) {
    const double dpi = 300;
    cv::Mat page = TextPage(dpi, 10.5, fx::DejaVuSerifFile(), BodyLines(fx::EnglishSampleText()));
    // Rows of dots 7 px across (leaders, a dotted form below the text): five times as many marks
    // as letters, and above the height of specks.
    for (int y = page.rows * 3 / 4; y < page.rows - 150; y += 24)
        for (int x = 150; x < page.cols - 150; x += 12)
            cv::circle(page, {x, y}, 3, cv::Scalar(0), -1);
    const auto estimate = EstimateDpiFromText(page);
    ASSERT_TRUE(estimate.has_value());
    EXPECT_GE(*estimate, kLowest * dpi);
    EXPECT_LE(*estimate, kHighest * dpi);
}

TEST(TextResolution, TooLittleTextGivesNoEstimate) {
    EXPECT_FALSE(EstimateDpiFromText(cv::Mat(3300, 2550, CV_8UC1, cv::Scalar(255))));
    fx::PageSpec spec;
    spec.widthMm = kLetterWidthMm;
    spec.heightMm = kLetterHeightMm;
    spec.lines = {{"Signed", 10.5}};
    EXPECT_FALSE(EstimateDpiFromText(fx::RenderPage(spec)));
    EXPECT_FALSE(EstimateDpiFromText(cv::Mat()));
}

TEST(PrepareResolution, APageWithoutOneGetsItsResolutionFromItsText) {
    // Letter pages: neither tagged nor A4-shaped. The configured fallback (200) is outside the
    // band at 150 and 300 dpi.
    const auto body = BodyLines(fx::EnglishSampleText());
    for (const double dpi : {150.0, 300.0}) {
        SCOPED_TRACE(std::to_string(int(dpi)) + " dpi");
        const PreparedPage prepared =
            PreparePage(Untagged(TextPage(dpi, 10.5, fx::DejaVuSansFile(), body)), nullptr);
        EXPECT_TRUE(prepared.dpiEstimated);
        EXPECT_GE(prepared.dpi, kLowest * dpi);
        EXPECT_LE(prepared.dpi, kHighest * dpi);
        EXPECT_EQ(prepared.quality.dpi, prepared.dpi);
    }
}

TEST(PrepareResolution, ASidewaysPageIsMeasuredAgainOnceTurned) {
    const double dpi = 300;
    const cv::Mat upright =
        TextPage(dpi, 10.5, fx::DejaVuSerifFile(), BodyLines(fx::RussianSampleText()));
    TurningOcrEngine engine(90);
    const PreparedPage prepared = PreparePage(Untagged(fx::RotateQuarter(upright, 270)), &engine);
    ASSERT_EQ(prepared.preparation.rotationDegrees, 90);
    EXPECT_NEAR(prepared.dpi, *EstimateDpiFromText(upright), 1.0);
}

TEST(PrepareResolution, WhatIsKnownIsKeptAndTheFallbackIsForPagesWithoutText) {
    const auto body = BodyLines(fx::EnglishSampleText());
    // A resolution from the file is trusted, whatever the text's size.
    Page tagged = Untagged(TextPage(300, 14, fx::DejaVuSansFile(), body));
    tagged.dpi = 300;
    PreparedPage prepared = PreparePage(tagged, nullptr);
    EXPECT_EQ(prepared.dpi, 300);
    EXPECT_FALSE(prepared.dpiEstimated);

    // An A4-shaped page gets its A4 resolution, though its 14 pt text alone would say more.
    fx::PageSpec a4;
    a4.dpi = 200;
    for (int i = 0; i < 20; ++i) a4.lines.push_back({body[i % body.size()], 14});
    prepared = PreparePage(Untagged(fx::RenderPage(a4)), nullptr);
    EXPECT_NEAR(prepared.dpi, 200, 1);

    // A page with nothing to measure gets the configured fallback.
    PrepareOptions options;
    options.fallbackDpi = 240;
    prepared =
        PreparePage(Untagged(cv::Mat(3300, 2550, CV_8UC1, cv::Scalar(255))), nullptr, options);
    EXPECT_EQ(prepared.dpi, 240);

    // ... as does every page when the estimate is turned off.
    options.dpiFromText = false;
    prepared =
        PreparePage(Untagged(TextPage(300, 10.5, fx::DejaVuSansFile(), body)), nullptr, options);
    EXPECT_EQ(prepared.dpi, 240);
}

}  // namespace dossier
