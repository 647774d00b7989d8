// One script per word, and Latin words in Latin text: what Tesseract reading Cyrillic and English
// at once mixes up, mended by look-alike letters or by reading a word again in English alone.
#include "ocr/ScriptConsistency.h"

#include <gtest/gtest.h>

#include <sstream>

namespace dossier {
namespace {

// One block of one line per entry, words spaced on a grid; every word read with confidence 80.
OcrText Blocks(const std::vector<std::string>& lines) {
    OcrText text;
    int top = 100;
    for (const auto& content : lines) {
        OcrBlock block;
        OcrLine line;
        std::istringstream in(content);
        int x = 100;
        for (std::string word; in >> word;) {
            line.words.push_back(OcrWord{word, cv::Rect(x, top, 20 * int(word.size()), 40), 80});
            x += 20 * int(word.size()) + 20;
        }
        block.lines.push_back(line);
        text.blocks.push_back(block);
        top += 200;
    }
    return text;
}

std::string WordAtText(const OcrText& text, std::size_t block, std::size_t word) {
    return text.blocks[block].lines[0].words[word].text;
}

TEST(UnifyScripts, AWordOfBothScriptsTakesItsMajoritysLookAlikes) {
    // A Latin P and c inside Russian words; a Cyrillic о inside an English word.
    OcrText text = Blocks({"Pеспублика Казахстан", "Министерство юстиции Cправка", "Passpоrt"});
    UnifyScripts(text);
    EXPECT_EQ(WordAtText(text, 0, 0), "Республика");
    EXPECT_EQ(WordAtText(text, 1, 2), "Справка");
    EXPECT_EQ(WordAtText(text, 2, 0), "Passport");
    EXPECT_NE(text.text.find("Республика Казахстан"), std::string::npos) << text.text;
}

TEST(UnifyScripts, AMixWithoutLookAlikesIsLeftToTheReader) {
    // "Ж" has no Latin look-alike, and a code of two letters each is no majority.
    OcrText text = Blocks({"SЖORT", "AБ", "ТОО«Bereke"});
    UnifyScripts(text);
    EXPECT_EQ(WordAtText(text, 0, 0), "SЖORT");
    EXPECT_EQ(WordAtText(text, 1, 0), "AБ");
    // Letters either side of punctuation are words of their own.
    EXPECT_EQ(WordAtText(text, 2, 0), "ТОО«Bereke");
}

TEST(UnifyScripts, LatinTextTakesLookAlikesAndAsksForTheRestToBeReadAgain) {
    OcrText text =
        Blocks({"Investors expect the бето to be watered down РАВ in В", "Құжат берілген күні"});
    const std::vector<WordAt> reread = UnifyScripts(text);
    EXPECT_EQ(WordAtText(text, 0, 8), "PAB");
    EXPECT_EQ(WordAtText(text, 0, 10), "B");
    ASSERT_EQ(reread.size(), 1u);
    EXPECT_EQ(reread[0].block, 0u);
    EXPECT_EQ(reread[0].word, 3u);
    // A Kazakh block is Cyrillic text: nothing in it changes.
    EXPECT_EQ(WordAtText(text, 1, 0), "Құжат");
}

TEST(UnifyScripts, AShortHeadingOnAPageOfLatinTextIsLatinText) {
    const std::string prose =
        "Investors expect the demo to be watered down and the more it is "
        "diluted the better for perception";
    OcrText text = Blocks({"Morgan Stanley веѕласн", prose, prose});
    const std::vector<WordAt> reread = UnifyScripts(text);
    ASSERT_EQ(reread.size(), 1u);
    EXPECT_EQ(reread[0].block, 0u);
    EXPECT_EQ(reread[0].word, 2u);
    // Alone, the heading is too short to say which script it is in.
    OcrText alone = Blocks({"Morgan Stanley веѕласн"});
    EXPECT_TRUE(UnifyScripts(alone).empty());
}

TEST(UnifyScripts, AShortCodeReadInCyrillicOnAPageOfLatinTextIsLatin) {
    // A document's footer, its code read all in Cyrillic look-alikes; a short word with a letter
    // that has none is read again. A Russian block of its own length on the same page stays.
    const std::string prose =
        "Investors expect the demo to be watered down and the more it is "
        "diluted the better for perception";
    OcrText text =
        Blocks({prose, "ММКОІ 0004565125 мат", prose, prose, prose, "Решение суда от 12 мая"});
    const std::vector<WordAt> reread = UnifyScripts(text);
    EXPECT_EQ(WordAtText(text, 1, 0), "MMKOI");
    ASSERT_EQ(reread.size(), 1u);
    EXPECT_EQ(reread[0].block, 1u);
    EXPECT_EQ(reread[0].word, 2u);
    EXPECT_EQ(WordAtText(text, 5, 0), "Решение");
    // Without the page of Latin text around it, the code is nobody's to change.
    OcrText alone = Blocks({"ММКОІ 0004565125"});
    EXPECT_TRUE(UnifyScripts(alone).empty());
    EXPECT_EQ(WordAtText(alone, 0, 0), "ММКОІ");
}

TEST(UnifyScripts, CyrillicWordsBesideAShortLatinCodeStay) {
    // A block with a few Latin letters only (a passport's series) is no Latin text.
    OcrText text = Blocks({"АВ 123 ВЕК"});
    EXPECT_TRUE(UnifyScripts(text).empty());
    EXPECT_EQ(WordAtText(text, 0, 0), "АВ");
    EXPECT_EQ(WordAtText(text, 0, 2), "ВЕК");
}

TEST(RereadInLatin, KeepsOnlyAMoreConfidentSingleLatinWord) {
    OcrText text = Blocks({"the бето and мат and РАВ and Алматы"});
    const std::vector<WordAt> words = {{0, 0, 1}, {0, 0, 3}, {0, 0, 5}, {0, 0, 7}};
    const auto reader = [](const cv::Rect&, const cv::Rect& box) -> std::optional<OcrWord> {
        // By position: a confident "demo"; "want" but less sure than the first reading; two
        // words; garbage in Cyrillic.
        if (box.x < 250) return OcrWord{"demo", box, 95};
        if (box.x < 400) return OcrWord{"want", box, 60};
        if (box.x < 600) return OcrWord{"I PAB", box, 95};
        return OcrWord{"Anmaты", box, 95};
    };
    EXPECT_EQ(RereadInLatin(text, words, reader), 1);
    EXPECT_EQ(WordAtText(text, 0, 1), "demo");
    EXPECT_EQ(WordAtText(text, 0, 3), "мат");
    EXPECT_EQ(WordAtText(text, 0, 5), "РАВ");
    EXPECT_EQ(WordAtText(text, 0, 7), "Алматы");
    EXPECT_NE(text.text.find("the demo and"), std::string::npos) << text.text;
}

}  // namespace
}  // namespace dossier

namespace dossier {
namespace {

TEST(RereadInLatin, AWordIsReadAgainWithinItsPhraseNotAcrossAGutter) {
    // One line Tesseract ran across a gutter: "the Senate" | wide gap | "North Апата".
    OcrText text;
    OcrLine line;
    const std::pair<const char*, int> words[] = {
        {"the", 100}, {"Senate", 160}, {"North", 900}, {"Апата", 1000}};
    for (const auto& [word, x] : words) line.words.push_back(OcrWord{word, {x, 50, 80, 20}, 10});
    line.box = cv::Rect(100, 50, 980, 20);
    text.blocks.push_back(OcrBlock{{line}, line.box});
    cv::Rect phrase;
    const auto reader = [&](const cv::Rect& around, const cv::Rect&) -> std::optional<OcrWord> {
        phrase = around;
        return OcrWord{"America", {}, 60};
    };
    EXPECT_EQ(RereadInLatin(text, {{0, 0, 3}}, reader), 1);
    EXPECT_EQ(phrase, cv::Rect(900, 50, 180, 20));
    EXPECT_EQ(text.blocks[0].lines[0].words[3].text, "America");
}

}  // namespace
}  // namespace dossier
