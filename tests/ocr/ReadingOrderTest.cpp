// Reading order mended after Tesseract's layout analysis: prose columns read across are cut
// apart, form rows cut into columns are joined, and what Tesseract got right is left alone.
#include "ocr/ReadingOrder.h"

#include <gtest/gtest.h>

#include "tests/ocr/BlockLines.h"

#include <sstream>

namespace dossier {
namespace {

using testing::BlockLines;

constexpr int kLineHeight = 40, kLineStep = 60, kCharWidth = 20, kSpace = 20;

// A line of `text` starting at x on row `row`; words laid out with kSpace between them, and
// `gapBefore` extra pixels before the word at index `gapAt` (a gutter inside the line).
OcrLine Line(const std::string& text, int x, int row, size_t gapAt = 0, int gapBefore = 0) {
    OcrLine line;
    const int top = 100 + row * kLineStep;
    std::istringstream in(text);
    size_t index = 0;
    for (std::string word; in >> word; ++index) {
        if (index == gapAt && index > 0) x += gapBefore;
        OcrWord w;
        w.text = word;
        w.box = cv::Rect(x, top, int(word.size()) * kCharWidth / 2, kLineHeight);
        w.confidence = 90;
        line.words.push_back(w);
        x += w.box.width + kSpace;
    }
    line.box = line.words.front().box | line.words.back().box;
    line.baselineStart = {float(line.box.x), float(top + 30)};
    line.baselineEnd = {float(line.box.br().x), float(top + 30)};
    line.ascent = 30;
    return line;
}

// A row of cells on row `row`: each cell's words from its x on (Line's spacing).
OcrLine Cells(const std::vector<std::pair<std::string, int>>& cells, int row) {
    OcrLine line = Line(cells.front().first, cells.front().second, row);
    for (size_t c = 1; c < cells.size(); ++c) {
        const OcrLine cell = Line(cells[c].first, cells[c].second, row);
        line.words.insert(line.words.end(), cell.words.begin(), cell.words.end());
    }
    line.box = line.words.front().box | line.words.back().box;
    line.baselineEnd.x = float(line.box.br().x);
    return line;
}

TEST(RestoreReadingOrder, ProseColumnsReadAcrossAreCutColumnByColumn) {
    // Tesseract gave one block whose lines run across both columns: left + gutter + right.
    OcrText ocr;
    OcrBlock block;
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"aa bb cc dd ee", "one two three four five"},
        {"ff gg hh ii jj", "six seven eight nine ten"},
        {"kk ll mm nn oo", "eleven twelve thirteen four five"},
        {"pp qq rr", ""}};
    for (size_t r = 0; r < rows.size(); ++r) {
        const std::string text =
            rows[r].first + (rows[r].second.empty() ? "" : " ") + rows[r].second;
        block.lines.push_back(Line(text, 100, int(r), 5, 1200 - 100 - 5 * 60));
    }
    ocr.blocks.push_back(block);
    ocr.text = "as Tesseract wrote it";
    const OcrText ordered = RestoreReadingOrder(ocr);
    EXPECT_EQ(
        BlockLines(ordered),
        "aa bb cc dd ee|ff gg hh ii jj|kk ll mm nn oo|pp qq rr|#"
        "one two three four five|six seven eight nine ten|eleven twelve thirteen four five|#");
    EXPECT_EQ(ordered.text.substr(0, 15), "aa bb cc dd ee\n");
    EXPECT_NE(ordered.text.find("pp qq rr\n\none two"), std::string::npos) << ordered.text;
    // Each column's lines keep their baseline within the column.
    EXPECT_LT(ordered.blocks[0].lines[0].baselineEnd.x, 1000);
    EXPECT_GE(ordered.blocks[1].lines[0].baselineStart.x, 1100);
}

TEST(RestoreReadingOrder, AFormsLabelAndValueColumnsAreJoinedIntoRows) {
    OcrText ocr;
    OcrBlock labels, values;
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"Тегі / Фамилия", "Сейткалиева"}, {"Аты / Имя", "Айгерим"}, {"Туған күні", "07.09.1994"}};
    for (size_t r = 0; r < rows.size(); ++r) {
        labels.lines.push_back(Line(rows[r].first, 100, int(r)));
        values.lines.push_back(Line(rows[r].second, 1100, int(r)));
    }
    ocr.blocks = {labels, values};
    const OcrText ordered = RestoreReadingOrder(ocr);
    EXPECT_EQ(BlockLines(ordered),
              "Тегі / Фамилия Сейткалиева|Аты / Имя Айгерим|Туған күні 07.09.1994|#");
    EXPECT_NE(ordered.text.find("Аты / Имя Айгерим\n"), std::string::npos) << ordered.text;
}

TEST(RestoreReadingOrder, ATableCutInTwoHalvesIsJoinedIntoRows) {
    // Tesseract gave a wide table as two blocks, each row's left half and right half: many words
    // to a line, but a few to a cell, so neither half is prose.
    OcrText ocr;
    OcrBlock left, right;
    const std::vector<std::vector<std::string>> rows = {
        {"Miami", "127", "1,891", "1,358", "650", "241", "0"},
        {"New Orleans", "69", "1,132", "689", "22", "89", "1"},
        {"Coastal Sectors Total", "255", "3,585", "2,608", "6,843", "482", "1"},
        {"Blaine", "292", "524", "380", "0", "25", "2"}};
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& cells = rows[r];
        left.lines.push_back(
            Cells({{cells[0], 100}, {cells[1], 700}, {cells[2], 900}, {cells[3], 1100}}, int(r)));
        right.lines.push_back(
            Cells({{cells[4], 1500}, {cells[5], 1700}, {cells[6], 1900}}, int(r)));
    }
    ocr.blocks = {left, right};
    EXPECT_EQ(BlockLines(RestoreReadingOrder(ocr)),
              "Miami 127 1,891 1,358 650 241 0|New Orleans 69 1,132 689 22 89 1|"
              "Coastal Sectors Total 255 3,585 2,608 6,843 482 1|Blaine 292 524 380 0 25 2|#");
}

TEST(RestoreReadingOrder, TextBesideATableIsNotJoinedToItsRows) {
    // A dense table's rows (one line each) beside a heading alone and a short note whose lines
    // are spaced wider than the rows: neither pairs up with the rows both ways.
    OcrText ocr;
    OcrBlock table, heading, note;
    for (int r = 0; r < 8; ++r)
        table.lines.push_back(Cells({{"Label", 100}, {"12.5", 500}, {"(3.1)", 700}}, r));
    heading.lines.push_back(Line("Scenario", 1100, 0));
    for (int r = 2; r < 8; r += 3) note.lines.push_back(Line("Our note", 1100, r));
    ocr.blocks = {table, heading, note};
    ocr.text = "unchanged";
    const OcrText ordered = RestoreReadingOrder(ocr);
    EXPECT_EQ(ordered.text, "unchanged");
    EXPECT_EQ(ordered.blocks.size(), 3u);
}

TEST(RestoreReadingOrder, NumberedTranscriptPagesSideBySideStayApart) {
    // Two transcript pages printed side by side, each line numbered in a margin: every line has
    // a gap after its number, but a long run of words after it, so both blocks are prose.
    OcrText ocr;
    OcrBlock first, second;
    for (int r = 0; r < 4; ++r) {
        const std::string number = std::to_string(r + 1);
        first.lines.push_back(Line(number + " so at the bottom of that paragraph", 100, r, 1, 80));
        second.lines.push_back(Line(number + " we attend them and have a booth", 1300, r, 1, 80));
    }
    ocr.blocks = {first, second};
    ocr.text = "unchanged";
    EXPECT_EQ(RestoreReadingOrder(ocr).text, "unchanged");
}

TEST(RestoreReadingOrder, WhatTesseractGotRightIsLeftAlone) {
    // Two prose blocks side by side (a kk/ru certificate Tesseract split well) stay columns, and a
    // single column with ordinary word gaps is not cut.
    OcrText ocr;
    OcrBlock kk, ru;
    for (int r = 0; r < 3; ++r) {
        kk.lines.push_back(Line("бір екі үш төрт бес", 100, r));
        ru.lines.push_back(Line("раз два три четыре пять", 1100, r));
    }
    ocr.blocks = {kk, ru};
    ocr.text = "unchanged";
    OcrText ordered = RestoreReadingOrder(ocr);
    EXPECT_EQ(ordered.text, "unchanged");
    EXPECT_EQ(ordered.blocks.size(), 2u);

    OcrText single;
    OcrBlock column;
    for (int r = 0; r < 4; ++r) column.lines.push_back(Line("one two three four five six", 100, r));
    single.blocks = {column};
    single.text = "unchanged";
    EXPECT_EQ(RestoreReadingOrder(single).text, "unchanged");
    EXPECT_TRUE(RestoreReadingOrder(OcrText{}).blocks.empty());
}

}  // namespace
}  // namespace dossier
