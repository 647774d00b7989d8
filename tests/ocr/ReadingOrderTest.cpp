// Reading order mended after Tesseract's layout analysis: prose columns read across are cut
// apart, form rows cut into columns are joined, and what Tesseract got right is left alone.
#include "ocr/ReadingOrder.h"

#include <gtest/gtest.h>

#include <sstream>

namespace dossier {
namespace {

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

std::string Lines(const OcrText& ocr) {
    std::string out;
    for (const auto& block : ocr.blocks) {
        for (const auto& line : block.lines) {
            for (size_t w = 0; w < line.words.size(); ++w)
                out += (w ? " " : "") + line.words[w].text;
            out += "|";
        }
        out += "#";
    }
    return out;
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
        Lines(ordered),
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
    EXPECT_EQ(Lines(ordered),
              "Тегі / Фамилия Сейткалиева|Аты / Имя Айгерим|Туған күні 07.09.1994|#");
    EXPECT_NE(ordered.text.find("Аты / Имя Айгерим\n"), std::string::npos) << ordered.text;
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
