// Words Tesseract read from drawings (a chart's curve, an axis) leave the text; printed words stay,
// however unsure their reading, and so do letters touching a rule and white print on a dark ground.
#include "ocr/Drawings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "ocr/ReadingOrder.h"

namespace dossier {
namespace {

constexpr double kDpi = 300;

cv::Mat Paper() {
    return cv::Mat(1800, 2400, CV_8UC1, cv::Scalar(255));
}

// `text` printed on `page` with its baseline's left end at `origin`, as one OCR word read with
// `confidence`.
OcrWord Print(cv::Mat& page, const std::string& text, cv::Point origin, float confidence,
              const cv::Scalar& colour = cv::Scalar(0)) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, 1.5, 3, &baseline);
    cv::putText(page, text, origin, cv::FONT_HERSHEY_SIMPLEX, 1.5, colour, 3);
    return {text, cv::Rect(origin.x, origin.y - size.height, size.width, size.height + baseline),
            confidence};
}

// A word Tesseract read where no word is printed, at `box`.
OcrWord Reading(const std::string& text, const cv::Rect& box, float confidence) {
    return {text, box, confidence};
}

OcrLine LineOf(std::vector<OcrWord> words) {
    OcrLine line;
    line.words = std::move(words);
    line.box = line.words.front().box | line.words.back().box;
    line.baselineStart = {float(line.box.x), float(line.box.br().y)};
    line.baselineEnd = {float(line.box.br().x), float(line.box.br().y)};
    line.ascent = float(line.box.height);
    return line;
}

OcrText PageOf(std::vector<std::vector<OcrLine>> blocks) {
    OcrText ocr;
    for (auto& lines : blocks) {
        OcrBlock block;
        block.lines = std::move(lines);
        for (const OcrLine& line : block.lines) block.box |= line.box;
        ocr.blocks.push_back(std::move(block));
    }
    ocr.text = PlainText(ocr.blocks);
    ocr.meanConfidence = MeanConfidence(ocr.blocks);
    return ocr;
}

std::vector<std::string> WordsOf(const OcrText& ocr) {
    std::vector<std::string> words;
    for (const OcrBlock& block : ocr.blocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words) words.push_back(word.text);
    return words;
}

constexpr int kCurveMiddle = 900;

int CurveAt(int x) {
    return kCurveMiddle + int(120 * std::sin(x / 90.0));
}

// A price chart's curve across the page, 3 px thick, swinging 120 px up and down.
void DrawCurve(cv::Mat& page) {
    std::vector<cv::Point> curve;
    for (int x = 200; x <= 2200; x += 4) curve.emplace_back(x, CurveAt(x));
    cv::polylines(page, curve, false, cv::Scalar(0), 3, cv::LINE_AA);
}

// The box of a word Tesseract read on the curve from x on, `width` wide: the curve's stretch
// there, with a little paper above and below.
cv::Rect OnCurve(int x, int width) {
    int top = CurveAt(x), bottom = top;
    for (int at = x; at <= x + width; ++at) {
        top = std::min(top, CurveAt(at));
        bottom = std::max(bottom, CurveAt(at));
    }
    return cv::Rect(x, top - 6, width, bottom - top + 12);
}

TEST(SetAsideReadingsOfDrawings, WordsReadOnAChartsCurveGoAndItsUnsureCaptionStays) {
    cv::Mat page = Paper();
    DrawCurve(page);
    // A caption read unsurely (small print, a poor scan): still print.
    const OcrWord caption = Print(page, "Price", {200, 600}, 40);
    const OcrWord history = Print(page, "History", {400, 600}, 35);
    const OcrText ocr = PageOf({{LineOf({caption, history})},
                                {LineOf({Reading("ГАЛИНА", OnCurve(600, 180), 9.7f),
                                         Reading("ne", OnCurve(1300, 60), 4.9f)})}});

    const OcrText out = SetAsideReadingsOfDrawings(ocr, page, kDpi);
    EXPECT_EQ(WordsOf(out), (std::vector<std::string>{"Price", "History"}));
    // The curve's block went with its words; the text and the confidence were rebuilt.
    EXPECT_EQ(out.blocks.size(), 1u);
    EXPECT_EQ(out.text.find("ГАЛИНА"), std::string::npos) << out.text;
    EXPECT_NE(out.text.find("Price History"), std::string::npos) << out.text;
    EXPECT_GT(out.meanConfidence, ocr.meanConfidence);
}

TEST(SetAsideReadingsOfDrawings, ASureReadingStaysWhateverItsInk) {
    cv::Mat page = Paper();
    DrawCurve(page);
    const OcrText ocr = PageOf({{LineOf({Reading("Growth", OnCurve(600, 180), 91)})}});
    EXPECT_EQ(WordsOf(SetAsideReadingsOfDrawings(ocr, page, kDpi)),
              (std::vector<std::string>{"Growth"}));
}

TEST(SetAsideReadingsOfDrawings, OnlyTheCurvesWordLeavesAMixedLine) {
    cv::Mat page = Paper();
    DrawCurve(page);
    const OcrWord left = Print(page, "Revenue", {200, 1500}, 30);
    const OcrText ocr = PageOf({{LineOf({left, Reading("fy,", OnCurve(1000, 90), 47.5f)})}});
    const OcrText out = SetAsideReadingsOfDrawings(ocr, page, kDpi);
    ASSERT_EQ(WordsOf(out), (std::vector<std::string>{"Revenue"}));
    // The line is what is left of it: it spans the kept word alone.
    EXPECT_EQ(out.blocks[0].lines[0].box.x, left.box.x);
    EXPECT_EQ(out.blocks[0].lines[0].box.width, left.box.width);
}

TEST(SetAsideReadingsOfDrawings, LettersTouchingARuleOrAFrameStayLetters) {
    cv::Mat page = Paper();
    // A sidebar's frame: its left side runs down the page, and a label's first letter touches it
    // (a poor scan's reading: "Q4" as "04").
    cv::line(page, {300, 200}, {300, 1600}, cv::Scalar(0), 3);
    const OcrWord label = Print(page, "Q4", {302, 700}, 54.6f);
    // An underlined heading, its underline through the letters' feet and well past the word.
    const OcrWord heading = Print(page, "Biotechnology", {600, 400}, 45);
    cv::line(page, {560, 402}, {1500, 402}, cv::Scalar(0), 3);
    const OcrText ocr = PageOf({{LineOf({label})}, {LineOf({heading})}});
    EXPECT_EQ(WordsOf(SetAsideReadingsOfDrawings(ocr, page, kDpi)),
              (std::vector<std::string>{"Q4", "Biotechnology"}));
}

TEST(SetAsideReadingsOfDrawings, WhitePrintOnADarkGroundStays) {
    cv::Mat page = Paper();
    cv::rectangle(page, cv::Rect(150, 500, 2100, 200), cv::Scalar(20), cv::FILLED);
    const OcrWord word = Print(page, "surrounding", {200, 630}, 33.8f, cv::Scalar(255));
    const OcrText ocr = PageOf({{LineOf({word})}});
    EXPECT_EQ(WordsOf(SetAsideReadingsOfDrawings(ocr, page, kDpi)),
              (std::vector<std::string>{"surrounding"}));
}

TEST(SetAsideReadingsOfDrawings, AReadingOfAnAxisAloneGoes) {
    cv::Mat page = Paper();
    cv::line(page, {200, 1200}, {2200, 1200}, cv::Scalar(0), 2);
    const OcrWord tick = Print(page, "2013", {1000, 1280}, 80);
    const OcrText ocr =
        PageOf({{LineOf({Reading("—", {600, 1190, 60, 20}, 20)})}, {LineOf({tick})}});
    EXPECT_EQ(WordsOf(SetAsideReadingsOfDrawings(ocr, page, kDpi)),
              (std::vector<std::string>{"2013"}));
}

TEST(SetAsideReadingsOfDrawings, AnyPageIsSafe) {
    const OcrText ocr = PageOf({{LineOf(
        {Reading("word", {10, 10, 50, 20}, 10), Reading("off", {5000, -40, 80, 30}, 10)})}});
    for (const cv::Mat& image :
         {cv::Mat(), cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), cv::Mat(60, 80, CV_8UC1, cv::Scalar(0)),
          cv::Mat(60, 80, CV_8UC3, cv::Scalar(0, 0, 0)), Paper()}) {
        // Whatever it sets aside, it keeps the rest as read.
        for (const std::string& word : WordsOf(SetAsideReadingsOfDrawings(ocr, image, 0)))
            EXPECT_TRUE(word == "word" || word == "off") << word;
    }
    // Colour or empty pages are not judged.
    EXPECT_EQ(WordsOf(SetAsideReadingsOfDrawings(ocr, cv::Mat(), kDpi)).size(), 2u);
}

}  // namespace
}  // namespace dossier
