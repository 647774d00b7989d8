// Real Tesseract on rendered documents: the classifier must cope with what OCR really reads.
#include <gtest/gtest.h>

#include "classify/Classifier.h"
#include "ocr/OcrEngine.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/fixtures/DocumentTemplates.h"

namespace dossier {

TEST(ClassifierOcr, RenderedPagesInKazakhRussianAndEnglish) {
    auto engine = CreateTesseractEngine();  // Cyrillic+eng
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"criminal_record_certificate", "kk"},
        {"medical_certificate", "ru"},
        {"state_fee_receipt", "kk"},
        {"housing_agreement", "en"},
        {"solvency_proof", "ru"}};
    unsigned seed = 11;
    for (const auto& [type, lang] : cases) {
        const auto doc = fixtures::MakeDocument(fixtures::DocumentParams{type, lang, ++seed});
        cv::Mat page = fixtures::GaussianNoise(
            fixtures::Skew(fixtures::RenderDocumentPage(doc, 0, seed), 0.5), 5, seed);
        Page p;
        p.file = type + ".png";
        p.ocr = engine->Recognize(page, 300);
        const auto docs = ClassifyDocuments({p}, testing::TestModels().classifier);
        ASSERT_EQ(docs.size(), 1u);
        EXPECT_EQ(docs[0].type, ParseDocumentType(type)) << p.ocr->text;
        EXPECT_FALSE(docs[0].needsReview) << type;
        EXPECT_EQ(docs[0].language, lang) << type;
    }
}

}  // namespace dossier
