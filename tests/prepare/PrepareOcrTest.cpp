// Orientation recovery and OCR of prepared pages with the real Tesseract (label: ocr).
#include <gtest/gtest.h>

#include "ocr/OcrEngine.h"
#include "prepare/Prepare.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fx = fixtures;

class PrepareOcr : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { engine_ = CreateTesseractEngine().release(); }
    static void TearDownTestSuite() { delete engine_; }
    static OcrEngine* engine_;
};
OcrEngine* PrepareOcr::engine_ = nullptr;

TEST_F(PrepareOcr, TurnsEveryQuarterRotationUpright) {
    fx::PageSpec spec;
    spec.dpi = 200;
    spec.lines = fx::RussianSampleText();
    for (const auto& line : fx::EnglishSampleText()) spec.lines.push_back(line);
    const cv::Mat upright = fx::RenderPage(spec);
    // With OSD on every page, and the default way: OSD only where the lines do not visibly run
    // across, with upside down settled by reading.
    for (const bool osdEverywhere : {true, false}) {
        PrepareOptions options;
        options.osdOnlyWhenLinesUnclear = !osdEverywhere;
        for (int rotation : {0, 90, 180, 270}) {
            Page page;
            page.original = fx::RotateQuarter(upright, rotation);
            page.dpi = 200;
            PreparedPage prepared = PreparePage(page, engine_, options);
            EXPECT_EQ(prepared.prepared.size(), upright.size()) << rotation;
            ApplyPreparation(page, std::move(prepared));
            const OcrText text = ReadUpright(page, *engine_, options);
            EXPECT_EQ(page.preparation.rotationDegrees, (360 - rotation) % 360)
                << rotation << (osdEverywhere ? " OSD everywhere" : " OSD where unclear");
            EXPECT_GT(text.meanConfidence, 70) << rotation;
        }
    }
}

TEST_F(PrepareOcr, ReadsKazakhWithAllItsLetters) {
    fx::PageSpec spec;
    spec.dpi = 300;
    spec.lines = fx::KazakhSampleText();
    Page page;
    page.original = fx::RenderPage(spec);
    page.dpi = 300;
    const PreparedPage prepared = PreparePage(page, engine_);
    const OcrText text = engine_->Recognize(prepared.prepared, prepared.dpi);
    std::string truth;
    for (const auto& line : spec.lines) truth += line.text + "\n";
    EXPECT_LT(fx::CharacterErrorRate(text.text, truth), 0.02) << text.text;
    for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"})
        EXPECT_NE(text.text.find(letter), std::string::npos) << letter;
    ASSERT_FALSE(text.blocks.empty());
    EXPECT_GT(text.meanConfidence, 80);
}

}  // namespace dossier
