// The text of drawn frames read frame by frame where Tesseract's lines run from one frame into
// another; a ruled table's rows, a table's labels outside its rules and open text stay as they are.
#include "ocr/Frames.h"

#include <gtest/gtest.h>

#include "tests/ocr/BlockLines.h"

#include <opencv2/imgproc.hpp>
#include <sstream>

namespace dossier {
namespace {

using testing::BlockLines;

constexpr double kDpi = 300;
constexpr int kCharWidth = 22, kWordHeight = 34, kSpace = 18, kLineStep = 60;

// A page of white paper.
cv::Mat Paper() {
    return cv::Mat(3508, 2480, CV_8UC1, cv::Scalar(255));
}

// The words of `text` inked on `page` from (x, top) on, one OCR word each.
std::vector<OcrWord> Ink(cv::Mat& page, const std::string& text, int x, int top) {
    std::vector<OcrWord> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) {
        OcrWord w;
        w.text = word;
        w.box = cv::Rect(x, top, int(word.size()) * kCharWidth, kWordHeight);
        w.confidence = 90;
        // Letters: strokes with paper between them, as print has.
        for (int stroke = w.box.x; stroke < w.box.br().x; stroke += kCharWidth)
            cv::rectangle(page, cv::Rect(stroke, top, kCharWidth / 3, kWordHeight), cv::Scalar(0),
                          cv::FILLED);
        words.push_back(w);
        x += w.box.width + kSpace;
    }
    return words;
}

// One OCR line of the given runs of words, each inked from its x on row `row`.
OcrLine Line(cv::Mat& page, const std::vector<std::pair<std::string, int>>& runs, int row) {
    OcrLine line;
    const int top = 400 + row * kLineStep;
    for (const auto& [text, x] : runs)
        for (const auto& word : Ink(page, text, x, top)) line.words.push_back(word);
    line.box = line.words.front().box | line.words.back().box;
    line.baselineStart = {float(line.box.x), float(top + kWordHeight - 6)};
    line.baselineEnd = {float(line.box.br().x), float(top + kWordHeight - 6)};
    line.ascent = kWordHeight - 6;
    return line;
}

// Three lines across two boxes and the paper between them, as Tesseract reads an organisation
// chart's row of boxes.
OcrText ChartRow(cv::Mat& page, const cv::Scalar& outline, int thickness) {
    cv::rectangle(page, cv::Rect(200, 340, 900, 260), outline, thickness);
    cv::rectangle(page, cv::Rect(1300, 340, 900, 260), outline, thickness);
    OcrBlock block;
    block.lines = {Line(page, {{"Bo Hamilton", 300}, {"Clark Kent", 1400}}, 0),
                   Line(page, {{"Field Sales", 300}, {"District Manager", 1400}}, 1),
                   Line(page, {{"4/9/2012", 300}, {"1/16/2012", 1400}}, 2)};
    OcrText ocr;
    ocr.blocks = {block};
    ocr.text = "as Tesseract wrote it";
    return ocr;
}

TEST(ReadFramesApart, AChartsBoxesAreReadBoxByBox) {
    cv::Mat page = Paper();
    const OcrText ordered = ReadFramesApart(ChartRow(page, cv::Scalar(0), 3), page, kDpi);
    EXPECT_EQ(BlockLines(ordered),
              "Bo Hamilton|Field Sales|4/9/2012|#Clark Kent|District Manager|1/16/2012|#");
    EXPECT_EQ(ordered.text,
              "Bo Hamilton\nField Sales\n4/9/2012\n\nClark Kent\nDistrict "
              "Manager\n1/16/2012\n\n");
    // Each part keeps its own box and baseline.
    EXPECT_LT(ordered.blocks[0].lines[0].box.br().x, 1100);
    EXPECT_GE(ordered.blocks[1].lines[0].baselineStart.x, 1300);
}

TEST(ReadFramesApart, AFaintDottedOutlineStillHoldsItsText) {
    cv::Mat page = Paper();
    OcrText ocr = ChartRow(page, cv::Scalar(255), 1);
    // Grey dots two points long, two points apart, round both boxes.
    for (const cv::Rect box : {cv::Rect(200, 340, 900, 260), cv::Rect(1300, 340, 900, 260)})
        for (int t = 0; t < 2 * (box.width + box.height); t += 16) {
            cv::Point p = t < box.width ? cv::Point(box.x + t, box.y)
                          : t < box.width + box.height
                              ? cv::Point(box.br().x, box.y + t - box.width)
                          : t < 2 * box.width + box.height
                              ? cv::Point(box.br().x - (t - box.width - box.height), box.br().y)
                              : cv::Point(box.x, box.br().y - (t - 2 * box.width - box.height));
            cv::rectangle(page, cv::Rect(p.x - 4, p.y - 4, 8, 8), cv::Scalar(170), cv::FILLED);
        }
    EXPECT_EQ(BlockLines(ReadFramesApart(ocr, page, kDpi)),
              "Bo Hamilton|Field Sales|4/9/2012|#Clark Kent|District Manager|1/16/2012|#");
}

TEST(ReadFramesApart, ARuledTablesRowsAndOpenTextStayAsTheyAre) {
    // A table ruled into cells (a rule between cells, no paper), its label column outside the
    // rules, and text on open paper: nothing runs from frame to frame across paper.
    cv::Mat page = Paper();
    cv::rectangle(page, cv::Rect(900, 380, 1200, 200), cv::Scalar(0), 3);
    cv::line(page, {1500, 380}, {1500, 580}, cv::Scalar(0), 3);
    OcrBlock table;
    table.lines = {Line(page, {{"Revenue", 200}, {"915.9", 1000}, {"1,382.7", 1600}}, 0),
                   Line(page, {{"Taxes", 200}, {"(120)", 1000}, {"(254)", 1600}}, 1)};
    OcrBlock prose;
    prose.lines = {Line(page, {{"a line of open text below", 200}}, 5)};
    OcrText ocr;
    ocr.blocks = {table, prose};
    ocr.text = "unchanged";
    const OcrText same = ReadFramesApart(ocr, page, kDpi);
    EXPECT_EQ(same.text, "unchanged");
    EXPECT_EQ(BlockLines(same), BlockLines(ocr));
}

TEST(ReadFramesApart, AnyPageIsSafe) {
    cv::Mat page = Paper();
    OcrText ocr = ChartRow(page, cv::Scalar(0), 3);
    // Words off the page, an empty page, a page of ink, a colour image: no crash, no word lost.
    ocr.blocks[0].lines[0].words[0].box = cv::Rect(-50, -50, 10, 10);
    ocr.blocks[0].lines[2].words.back().box = cv::Rect(5000, 5000, 30, 30);
    auto words = [](const OcrText& text) {
        size_t count = 0;
        for (const auto& block : text.blocks)
            for (const auto& line : block.lines) count += line.words.size();
        return count;
    };
    EXPECT_EQ(words(ReadFramesApart(ocr, page, kDpi)), words(ocr));
    EXPECT_EQ(words(ReadFramesApart(ocr, cv::Mat(), kDpi)), words(ocr));
    EXPECT_EQ(words(ReadFramesApart(ocr, cv::Mat(100, 100, CV_8UC1, cv::Scalar(0)), 0)),
              words(ocr));
    EXPECT_EQ(words(ReadFramesApart(ocr, cv::Mat(1, 1, CV_8UC1, cv::Scalar(255)), kDpi)),
              words(ocr));
    EXPECT_EQ(ReadFramesApart(ocr, cv::Mat(100, 100, CV_8UC3), kDpi).text, ocr.text);
    EXPECT_TRUE(ReadFramesApart(OcrText{}, page, kDpi).blocks.empty());
}

}  // namespace
}  // namespace dossier
