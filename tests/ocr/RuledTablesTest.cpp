// Ruled tables found by their rules, solid or dotted, and their cells read in the table's order in
// place of the page's reading, only when that reading missed text.
#include "ocr/RuledTables.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace dossier {
namespace {

constexpr double kDpi = 200.0;  // 2.8 pixels per point

cv::Mat Paper() {
    return cv::Mat(1400, 1200, CV_8UC1, cv::Scalar(255));
}

// A rule from a to b: solid, or dots of 2 px every 5 px as a table is ruled in a report.
void Rule(cv::Mat& page, cv::Point a, cv::Point b, bool dotted) {
    if (!dotted) {
        cv::line(page, a, b, cv::Scalar(0), 2);
        return;
    }
    const bool across = a.y == b.y;
    for (int t = across ? a.x : a.y; t <= (across ? b.x : b.y); t += 5)
        cv::rectangle(page, across ? cv::Rect(t, a.y, 2, 2) : cv::Rect(a.x, t, 2, 2), cv::Scalar(0),
                      cv::FILLED);
}

// A grid: rows at `ys`, columns at `xs`.
void Grid(cv::Mat& page, const std::vector<int>& xs, const std::vector<int>& ys, bool dotted) {
    for (int y : ys) Rule(page, {xs.front(), y}, {xs.back(), y}, dotted);
    for (int x : xs) Rule(page, {x, ys.front()}, {x, ys.back()}, dotted);
}

void Text(cv::Mat& page, const std::string& text, cv::Point at) {
    cv::putText(page, text, at, cv::FONT_HERSHEY_SIMPLEX, 0.9, cv::Scalar(0), 2);
}

TEST(FindRuledTables, SolidAndDottedGridsGiveTheirCellsRowByRow) {
    for (const bool dotted : {false, true}) {
        cv::Mat page = Paper();
        Grid(page, {100, 500, 800, 1100}, {200, 300, 400, 500}, dotted);
        Text(page, "Analyst", {120, 260});
        const std::vector<RuledTable> tables = FindRuledTables(page, kDpi);
        ASSERT_EQ(tables.size(), 1u) << "dotted " << dotted;
        const RuledTable& table = tables[0];
        ASSERT_EQ(table.cells.size(), 9u);
        ASSERT_EQ(table.frames.size(), 9u);
        // Row by row, left to right, each inside its rules.
        for (std::size_t i = 0; i < 9; ++i) {
            const cv::Rect& cell = table.cells[i];
            const int row = int(i / 3), column = int(i % 3);
            const int left[] = {100, 500, 800}, right[] = {500, 800, 1100};
            EXPECT_GT(cell.x, left[column]) << i;
            EXPECT_LT(cell.x, left[column] + 15) << i;
            EXPECT_LT(cell.br().x, right[column]) << i;
            EXPECT_GT(cell.y, 200 + 100 * row) << i;
            EXPECT_LT(cell.br().y, 300 + 100 * row) << i;
            EXPECT_TRUE((table.frames[i] & cell) == cell) << i;
        }
        EXPECT_TRUE(table.box.contains({100, 200}) && table.box.contains({1099, 499}));
    }
}

TEST(FindRuledTables, ACellSpansTheSquaresNoRuleSeparates) {
    cv::Mat page = Paper();
    // Two columns; the right one has no rule between its two rows: one tall cell.
    Rule(page, {100, 200}, {900, 200}, true);
    Rule(page, {100, 300}, {500, 300}, true);
    Rule(page, {100, 400}, {900, 400}, true);
    for (int x : {100, 500, 900}) Rule(page, {x, 200}, {x, 400}, true);
    const std::vector<RuledTable> tables = FindRuledTables(page, kDpi);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0].cells.size(), 3u);
    // Order: the top left cell, the tall right one (it starts on the first row), the lower left.
    EXPECT_LT(tables[0].cells[0].x, 200);
    EXPECT_LT(tables[0].cells[0].br().y, 300);
    EXPECT_GT(tables[0].cells[1].x, 500);
    EXPECT_GT(tables[0].cells[1].height, 180);
    EXPECT_LT(tables[0].cells[2].x, 200);
    EXPECT_GT(tables[0].cells[2].y, 300);
}

TEST(FindRuledTables, AFrameOpenRulesAndLetterCombsAreNoTable) {
    cv::Mat frame = Paper();
    Grid(frame, {100, 1100}, {200, 900}, false);  // a box round text: one cell
    Text(frame, "Remarks", {150, 300});
    EXPECT_TRUE(FindRuledTables(frame, kDpi).empty());

    cv::Mat open = Paper();  // rules across only, as a book prints its tables
    for (int y : {200, 260, 600}) Rule(open, {100, y}, {1100, y}, false);
    EXPECT_TRUE(FindRuledTables(open, kDpi).empty());

    cv::Mat comb = Paper();  // a form's name field, a box per letter (5 mm)
    std::vector<int> xs;
    for (int x = 100; x <= 1100; x += 40) xs.push_back(x);
    Grid(comb, xs, {200, 250}, false);
    EXPECT_TRUE(FindRuledTables(comb, kDpi).empty());

    cv::Mat prose = Paper();  // text, an ellipsis and an underline: no rules that meet
    for (int row = 0; row < 12; ++row)
        Text(prose, "Lorem ipsum dolor sit amet ... i.e.", {100, 200 + 50 * row});
    cv::line(prose, {100, 900}, {700, 900}, cv::Scalar(0), 2);
    EXPECT_TRUE(FindRuledTables(prose, kDpi).empty());
}

TEST(FindRuledTables, AnyPageIsSafe) {
    // What a scan can be: nothing, a pixel, all ink, noise, stripes of rules with nothing between.
    EXPECT_TRUE(FindRuledTables(cv::Mat(), kDpi).empty());
    EXPECT_TRUE(FindRuledTables(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), kDpi).empty());
    EXPECT_TRUE(FindRuledTables(cv::Mat(300, 200, CV_8UC1, cv::Scalar(0)), kDpi).empty());
    cv::Mat noise(700, 500, CV_8UC1);
    cv::randu(noise, 0, 256);
    for (const RuledTable& table : FindRuledTables(noise, 0))
        for (const cv::Rect& cell : table.cells)
            EXPECT_TRUE((cell & cv::Rect(0, 0, noise.cols, noise.rows)) == cell);
    cv::Mat stripes = Paper();
    for (int y = 0; y < stripes.rows; y += 3) cv::line(stripes, {0, y}, {stripes.cols, y}, 0, 1);
    for (int x = 0; x < stripes.cols; x += 3) cv::line(stripes, {x, 0}, {x, stripes.rows}, 0, 1);
    for (const RuledTable& table : FindRuledTables(stripes, kDpi))
        EXPECT_LE(table.cells.size(), 300u);
    // Squared paper: 1.27 cm squares, each big enough to be a cell, too many to be a table's.
    cv::Mat squared(2400, 2000, CV_8UC1, cv::Scalar(255));
    std::vector<int> xs, ys;
    for (int x = 20; x < squared.cols; x += 100) xs.push_back(x);
    for (int y = 20; y < squared.rows; y += 100) ys.push_back(y);
    Grid(squared, xs, ys, false);
    EXPECT_TRUE(FindRuledTables(squared, kDpi).empty());
    RuledTableOptions more;
    more.maxCells = 1000;
    EXPECT_EQ(FindRuledTables(squared, kDpi, more).size(), 1u);
}

OcrWord Word(const std::string& text, cv::Rect box) {
    return OcrWord{text, box, 80.f};
}

OcrBlock Block(std::vector<std::vector<OcrWord>> lines) {
    OcrBlock block;
    for (auto& words : lines) {
        OcrLine line;
        for (const OcrWord& w : words) line.box |= w.box;
        line.words = std::move(words);
        line.baselineStart = {float(line.box.x), float(line.box.br().y)};
        line.baselineEnd = {float(line.box.br().x), float(line.box.br().y)};
        block.box |= line.box;
        block.lines.push_back(std::move(line));
    }
    return block;
}

OcrText Reading(std::vector<OcrBlock> blocks) {
    OcrText text;
    text.blocks = std::move(blocks);
    return text;
}

// A two-cell table under a heading; the page's reading dropped the right cell's number and read
// its rule as ':'.
RuledTable TwoCells() {
    RuledTable table;
    table.cells = {cv::Rect(110, 210, 280, 80), cv::Rect(410, 210, 280, 80)};
    table.frames = {cv::Rect(100, 200, 300, 100), cv::Rect(400, 200, 300, 100)};
    table.box = cv::Rect(100, 200, 600, 100);
    return table;
}

TEST(WithTableCells, TheCellsReplaceThePagesReadingOfThemWhereItWas) {
    OcrText page =
        Reading({Block({{Word("Payments", {100, 100, 200, 40})}}),
                 Block({{Word("Tim", {120, 220, 60, 30}), Word("Chiang", {190, 220, 120, 30}),
                         Word(":", {398, 230, 4, 20})}}),
                 Block({{Word("Signed", {100, 400, 200, 40})}})});
    const std::vector<OcrText> cells = {
        Reading({Block({{Word("Tim", {120, 220, 60, 30}), Word("Chiang", {190, 220, 120, 30})},
                        {Word("Director", {120, 255, 160, 30})}})}),
        Reading(
            {Block({{Word("(203)", {420, 220, 90, 30}), Word("569-4355", {520, 220, 150, 30})}})})};
    const OcrText out = WithTableCells(page, TwoCells(), cells);
    EXPECT_EQ(out.text, "Payments\n\nTim Chiang\nDirector\n\n(203) 569-4355\n\nSigned\n\n");
    EXPECT_NEAR(out.meanConfidence, 80.0, 1e-9);
}

TEST(WithTableCells, ThePagesReadingStaysWhenTheCellsAddNothingOrACellReadsNothing) {
    OcrText page =
        Reading({Block({{Word("Tim", {120, 220, 60, 30}), Word("Chiang", {190, 220, 120, 30})},
                        {Word("4355", {420, 220, 90, 30})}})});
    page.text = "as Tesseract wrote it";
    // The same words in the cells: the page's order is kept.
    const std::vector<OcrText> same = {
        Reading({Block({{Word("Tim", {120, 220, 60, 30}), Word("Chiang", {190, 220, 120, 30})}})}),
        Reading({Block({{Word("4355", {420, 220, 90, 30})}})})};
    EXPECT_EQ(WithTableCells(page, TwoCells(), same).text, "as Tesseract wrote it");
    // The left cell reads more, the right one nothing: its word stays from the page.
    const std::vector<OcrText> oneEmpty = {
        Reading({Block(
            {{Word("Tim", {120, 220, 60, 30}), Word("Chiang", {190, 220, 120, 30})},
             {Word("Managing", {120, 255, 160, 30}), Word("Director", {290, 255, 90, 30})}})}),
        Reading({})};
    EXPECT_EQ(WithTableCells(page, TwoCells(), oneEmpty).text,
              "Tim Chiang\nManaging Director\n\n4355\n\n");
}

}  // namespace
}  // namespace dossier
