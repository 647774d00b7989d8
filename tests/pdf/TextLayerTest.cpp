// Geometry of the text layer: words on their line's baseline, through the prepared-to-upright map.
#include "pdf/TextLayer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dossier {
namespace {

OcrText OneLine(cv::Point2f start, cv::Point2f end, float ascent, std::vector<OcrWord> words) {
    OcrLine line;
    line.baselineStart = start;
    line.baselineEnd = end;
    line.ascent = ascent;
    line.words = std::move(words);
    line.box = line.words.front().box | line.words.back().box;
    OcrText text;
    text.blocks.emplace_back().lines.push_back(line);
    return text;
}

TEST(PlaceWords, IdentityKeepsWordsOnTheBaseline) {
    auto ocr = OneLine({100, 200}, {500, 200}, 30,
                       {{"Қазақ", {100, 168, 120, 40}, 90}, {"тілі", {240, 170, 80, 38}, 90}});
    auto words = PlaceWords(ocr, cv::Matx33d::eye());
    ASSERT_EQ(words.size(), 2u);
    EXPECT_EQ(words[0].text, "Қазақ");
    EXPECT_NEAR(words[0].origin.x, 100, 1e-9);
    EXPECT_NEAR(words[0].origin.y, 200, 1e-9);  // the baseline, not the box bottom (208)
    EXPECT_NEAR(words[0].width, 120, 1e-9);
    EXPECT_NEAR(words[0].angleDegrees, 0, 1e-9);
    EXPECT_NEAR(words[0].fontSize, 30 / 0.76, 1e-6);
    EXPECT_NEAR(words[1].origin.x, 240, 1e-9);
}

TEST(PlaceWords, SkewedBaselineIsEvaluatedAtEachWord) {
    // Baseline rising to the right by 10 px over 400 px (text turned counter-clockwise).
    auto ocr = OneLine({100, 210}, {500, 200}, 30,
                       {{"a", {100, 170, 100, 40}, 90}, {"b", {300, 165, 100, 40}, 90}});
    auto words = PlaceWords(ocr, cv::Matx33d::eye(), /*levelLinesBelowDegrees=*/0);
    ASSERT_EQ(words.size(), 2u);
    EXPECT_NEAR(words[1].origin.y, 205, 1e-9);
    const double expected = std::atan2(10.0, 400.0) * 180 / CV_PI;
    EXPECT_NEAR(words[0].angleDegrees, expected, 1e-6);
    EXPECT_GT(words[0].angleDegrees, 0);
}

TEST(PlaceWords, ASlightlySlantedLineIsLaidLevelAtItsMiddle) {
    // 1.4 degrees: a scanner's skew. Both words share one baseline, so extractors keep the line.
    auto ocr = OneLine({100, 210}, {500, 200}, 30,
                       {{"a", {100, 170, 100, 40}, 90}, {"b", {300, 165, 100, 40}, 90}});
    auto words = PlaceWords(ocr, cv::Matx33d::eye());
    ASSERT_EQ(words.size(), 2u);
    EXPECT_NEAR(words[0].origin.y, (210 + 202.5) / 2, 1e-6);
    EXPECT_NEAR(words[1].origin.y, words[0].origin.y, 1e-9);
    EXPECT_EQ(words[0].angleDegrees, 0);
    EXPECT_NEAR(words[0].origin.x, 100, 1e-9);  // along the line, words stay over their ink
    EXPECT_NEAR(words[1].origin.x, 300, 1e-9);
    EXPECT_NEAR(words[1].width, 100, 0.1);

    // A steep line (10 degrees) is not a scanner's skew: it keeps its slant.
    auto steep = OneLine({100, 270}, {500, 200}, 30,
                         {{"a", {100, 170, 100, 40}, 90}, {"b", {300, 165, 100, 40}, 90}});
    words = PlaceWords(steep, cv::Matx33d::eye());
    EXPECT_GT(words[0].angleDegrees, 9);
    EXPECT_GT(words[0].origin.y, words[1].origin.y + 30);
}

TEST(PlaceWords, HomographyMapsIntoTheUprightFrame) {
    // Prepared frame = upright turned 90 degrees clockwise: upright (x, y) = (y', H - x') with H =
    // 1000.
    cv::Matx33d toUpright(0, 1, 0, -1, 0, 1000, 0, 0, 1);
    auto ocr = OneLine({100, 200}, {500, 200}, 30, {{"word", {100, 170, 200, 40}, 90}});
    auto words = PlaceWords(ocr, toUpright);
    ASSERT_EQ(words.size(), 1u);
    EXPECT_NEAR(words[0].origin.x, 200, 1e-9);
    EXPECT_NEAR(words[0].origin.y, 900, 1e-9);
    EXPECT_NEAR(words[0].width, 200, 1e-9);
    EXPECT_NEAR(std::abs(words[0].angleDegrees), 90, 1e-6);
    EXPECT_NEAR(words[0].fontSize, 30 / 0.76, 1e-6);

    // A uniform scale (the prepared copy was downsampled by 2) doubles sizes.
    cv::Matx33d twice(2, 0, 0, 0, 2, 0, 0, 0, 1);
    words = PlaceWords(ocr, twice);
    EXPECT_NEAR(words[0].width, 400, 1e-9);
    EXPECT_NEAR(words[0].fontSize, 60 / 0.76, 1e-6);
}

TEST(PlaceWords, SkipsBlankAndEmptyWordsAndSurvivesMissingBaseline) {
    auto ocr = OneLine({0, 0}, {0, 0}, 0,
                       {{" ", {10, 10, 5, 5}, 0},
                        {"", {20, 10, 5, 5}, 0},
                        {"x", {30, 10, 0, 5}, 0},
                        {"ok", {40, 10, 20, 30}, 0}});
    auto words = PlaceWords(ocr, cv::Matx33d::eye());
    ASSERT_EQ(words.size(), 1u);
    EXPECT_EQ(words[0].text, "ok");
    EXPECT_NEAR(words[0].origin.y, 40, 1e-9);  // box bottom when there is no baseline
    EXPECT_GT(words[0].fontSize, 0);
    EXPECT_TRUE(PlaceWords(OcrText{}, cv::Matx33d::eye()).empty());
}

}  // namespace
}  // namespace dossier
