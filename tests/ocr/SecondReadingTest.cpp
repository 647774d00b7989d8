// Doubtful words read again from a smoothed copy: the surer reading of each word is kept, the
// first reading's boxes, lines and blocks stay.
#include "ocr/SecondReading.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace dossier {
namespace {

OcrWord Word(const std::string& text, const cv::Rect& box, float confidence) {
    return {text, box, confidence};
}

OcrText PageOf(std::vector<OcrWord> words) {
    OcrText ocr;
    OcrBlock block;
    OcrLine line;
    line.words = std::move(words);
    for (const OcrWord& word : line.words) line.box |= word.box;
    block.lines.push_back(line);
    ocr.blocks.push_back(block);
    return ocr;
}

TEST(TakeSurerReadings, ADoubtfulWordTakesTheSurerReadingAtItsPlace) {
    OcrText first =
        PageOf({Word("November", {100, 100, 200, 40}, 93), Word("Tho", {320, 100, 90, 40}, 41),
                Word("GAIT", {520, 100, 110, 40}, 38), Word("2077", {700, 100, 100, 40}, 62)});
    // The second reading cut its words a little differently, and read one worse.
    const OcrText second =
        PageOf({Word("Novembar", {101, 99, 199, 42}, 60), Word("11:49", {318, 101, 95, 38}, 88),
                Word("GMT", {522, 100, 106, 40}, 91), Word("2017", {703, 98, 96, 43}, 64)});
    EXPECT_EQ(TakeSurerReadings(first, second), 2);
    const auto& words = first.blocks[0].lines[0].words;
    EXPECT_EQ(words[0].text, "November");  // sure already: not read again
    EXPECT_EQ(words[1].text, "11:49");
    EXPECT_EQ(words[1].box, cv::Rect(320, 100, 90, 40));  // the first reading's box stays
    EXPECT_FLOAT_EQ(words[1].confidence, 88);
    EXPECT_EQ(words[2].text, "GMT");
    EXPECT_EQ(words[3].text, "2077");  // surer by less than 5: the first reading stays
    EXPECT_NE(first.text.find("11:49 GMT"), std::string::npos) << first.text;
    EXPECT_NEAR(first.meanConfidence, (93 + 88 + 91 + 62) / 4.0, 1e-3);
}

TEST(TakeSurerReadings, AReadingElsewhereOrOfAnotherSpanIsNotTaken) {
    OcrText first =
        PageOf({Word("Tho", {320, 100, 90, 40}, 41), Word("AM", {430, 100, 60, 40}, 30)});
    // One word where the first reading has two: not the same word as either.
    const OcrText second =
        PageOf({Word("11:49AM", {320, 100, 170, 40}, 95), Word("GMT", {900, 100, 100, 40}, 99)});
    EXPECT_EQ(TakeSurerReadings(first, second), 0);
    EXPECT_EQ(first.blocks[0].lines[0].words[0].text, "Tho");
    EXPECT_EQ(first.blocks[0].lines[0].words[1].text, "AM");
    EXPECT_EQ(TakeSurerReadings(first, OcrText{}), 0);
}

TEST(WorthReadingAgain, OnlyAPageWithManyDoubtfulWords) {
    std::vector<OcrWord> words;
    for (int i = 0; i < 40; ++i) words.push_back(Word("word", {i * 60, 0, 50, 20}, 90));
    EXPECT_FALSE(WorthReadingAgain(PageOf(words)));
    for (int i = 0; i < 4; ++i) words[size_t(i)].confidence = 30;
    EXPECT_FALSE(WorthReadingAgain(PageOf(words)));  // 4 doubtful words: fewer than 5
    words[4].confidence = 30;
    EXPECT_TRUE(WorthReadingAgain(PageOf(words)));  // 5 of 40
    for (int i = 0; i < 40; ++i) words.push_back(Word("word", {i * 60, 40, 50, 20}, 90));
    EXPECT_FALSE(WorthReadingAgain(PageOf(words)));  // 5 of 80: under a tenth
    EXPECT_FALSE(WorthReadingAgain(OcrText{}));
}

TEST(SmoothedForSecondReading, ScreenedPrintClosesIntoStrokes) {
    // A letter's stroke printed as a screen of dots, one pixel on, one off.
    cv::Mat page(60, 60, CV_8UC1, cv::Scalar(255));
    for (int y = 10; y < 50; ++y)
        for (int x = 20; x < 30; ++x)
            if ((x + y) % 2 == 0) page.at<uint8_t>(y, x) = 0;
    const cv::Mat smoothed = SmoothedForSecondReading(page, 300);
    ASSERT_EQ(smoothed.size(), page.size());
    // Inside the stroke no pixel is paper any more; the paper round it stays paper.
    double lightest = 0;
    cv::minMaxLoc(smoothed(cv::Rect(22, 12, 6, 36)), nullptr, &lightest);
    EXPECT_LT(lightest, 160);
    EXPECT_EQ(smoothed.at<uint8_t>(5, 5), 255);
    EXPECT_TRUE(SmoothedForSecondReading(cv::Mat(), 300).empty());
}

}  // namespace
}  // namespace dossier
