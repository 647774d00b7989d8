// The MRZ gate: only a confidently read page of print, all of whose ink is in words, skips the
// MRZ search.
#include "ocr/MrzEvidence.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace dossier {
namespace {

// A page of `rows` x 6 "words" drawn as dark bars, each reported by OCR with its box.
struct PrintPage {
    cv::Mat gray{1600, 1200, CV_8U, cv::Scalar(255)};
    OcrText ocr;
};

PrintPage MakePrintPage(int rows = 10, double confidence = 92) {
    PrintPage page;
    OcrBlock block;
    for (int r = 0; r < rows; ++r) {
        OcrLine line;
        for (int w = 0; w < 6; ++w) {
            const cv::Rect box(100 + w * 170, 100 + r * 60, 140, 30);
            cv::rectangle(page.gray, box, cv::Scalar(20), cv::FILLED);
            line.words.push_back(OcrWord{"слово", box, static_cast<float>(confidence)});
        }
        block.lines.push_back(line);
    }
    page.ocr.blocks.push_back(block);
    page.ocr.meanConfidence = confidence;
    return page;
}

TEST(MrzEvidence, AConfidentPageOfPrintHoldsNoMrz) {
    const PrintPage page = MakePrintPage();
    EXPECT_FALSE(MayHoldMrz(page.ocr, page.gray));
}

TEST(MrzEvidence, AnythingMachineReadableKeepsTheSearch) {
    for (const char* word :
         {"P<KAZABDULLAEV", "L898902C36UTO7408", "«««", "KKKKKKKKKKKKKKKKKKKK"}) {
        PrintPage page = MakePrintPage();
        page.ocr.blocks[0].lines[3].words[2].text = word;
        EXPECT_TRUE(MayHoldMrz(page.ocr, page.gray)) << word;
    }
    // Capitals of a title, word by word, are print.
    PrintPage title = MakePrintPage();
    title.ocr.blocks[0].lines[0].words[0].text = "CERTIFICATE";
    title.ocr.blocks[0].lines[0].words[1].text = "РЕСПУБЛИКА";
    EXPECT_FALSE(MayHoldMrz(title.ocr, title.gray));
}

TEST(MrzEvidence, DoubtKeepsTheSearch) {
    const PrintPage unsure = MakePrintPage(10, 60);
    EXPECT_TRUE(MayHoldMrz(unsure.ocr, unsure.gray)) << "a poor reading rules nothing out";
    const PrintPage sparse = MakePrintPage(2);
    EXPECT_TRUE(MayHoldMrz(sparse.ocr, sparse.gray)) << "too few words";
    // Ink no word explains: a document copied sideways, a photo, a region OCR skipped.
    PrintPage withCopy = MakePrintPage();
    for (int x = 200; x < 700; x += 30)  // lines of a document turned sideways
        cv::rectangle(withCopy.gray, cv::Rect(x, 750, 14, 700), cv::Scalar(40), cv::FILLED);
    EXPECT_TRUE(MayHoldMrz(withCopy.ocr, withCopy.gray));
    // A form's hairline rulings are not content.
    PrintPage form = MakePrintPage();
    for (int y = 80; y < 1500; y += 60) cv::line(form.gray, {50, y}, {1150, y}, cv::Scalar(0), 1);
    EXPECT_FALSE(MayHoldMrz(form.ocr, form.gray));
}

}  // namespace
}  // namespace dossier
