#include "classify/Classifier.h"

#include <gtest/gtest.h>

#include "core/Document.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/fixtures/DocumentTemplates.h"

namespace dossier {

using fixtures::DocumentParams;
using fixtures::MakeDocument;
using testing::TestModels;

namespace {

std::string Joined(const fixtures::GeneratedDocument& doc) {
    std::string text;
    for (const auto& t : doc.pageTexts) text += t + "\n";
    return text;
}

PageSignals SignalsOf(const fixtures::GeneratedDocument& doc, bool withMrz) {
    PageSignals s;
    if (withMrz) s.mrz = doc.mrz;
    s.face = doc.photo;
    s.widthMm = doc.photo ? 35 : 210;
    s.heightMm = doc.photo ? 45 : 297;
    return s;
}

}  // namespace

TEST(Classifier, EveryTypeInEveryTemplateLanguage) {
    const auto& model = TestModels().classifier;
    int checked = 0;
    for (const auto& type : DocumentTypeIds()) {
        if (type == "unknown") continue;
        auto langs = fixtures::TemplateLanguages(type);
        if (type == "photo") langs = {"ru"};
        ASSERT_FALSE(langs.empty()) << type;
        for (const auto& lang : langs)
            for (unsigned seed = 1; seed <= 4; ++seed) {
                DocumentParams p;
                p.type = type;
                p.language = lang;
                p.seed = seed;
                const auto doc = MakeDocument(p);
                const auto cls = ClassifyText(Joined(doc), SignalsOf(doc, seed % 2 == 0), model);
                EXPECT_EQ(cls.type, type) << lang << " seed " << seed << "\n" << Joined(doc);
                EXPECT_TRUE(cls.IsConfident({})) << type << "/" << lang << " confidence "
                                                 << cls.confidence << " margin " << cls.margin;
                ++checked;
            }
    }
    EXPECT_GT(checked, 250);
}

TEST(Classifier, SurvivesOcrDamage) {
    const auto& model = TestModels().classifier;
    int total = 0, right = 0;
    for (const auto& type : DocumentTypeIds()) {
        if (type == "unknown" || type == "photo") continue;
        for (const auto& lang : {"kk", "ru", "en"})
            for (unsigned seed = 1; seed <= 5; ++seed) {
                DocumentParams p{type, lang, seed};
                const auto doc = MakeDocument(p);
                const auto text = fixtures::DamageText(Joined(doc), 0.04, seed * 17);
                const auto cls = ClassifyText(text, SignalsOf(doc, false), model);
                ++total;
                right += cls.type == type;
            }
    }
    EXPECT_GE(static_cast<double>(right) / total, 0.95) << right << " of " << total;
}

TEST(Classifier, NothingFitsGivesUnknown) {
    const auto& model = TestModels().classifier;
    const auto cls =
        ClassifyText("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod",
                     PageSignals{}, model);
    EXPECT_EQ(cls.type, "unknown");
    EXPECT_FALSE(cls.IsConfident({}));
    const auto blank = ClassifyText("", PageSignals{}, model);
    EXPECT_TRUE(blank.empty);
    EXPECT_EQ(blank.type, "unknown");
}

TEST(Classifier, CloseCallsAreNeedsReviewWithCandidates) {
    const auto& model = TestModels().classifier;
    // Weak evidence for two types (a diagnosis, a policy number): no silent guess.
    Page page;
    page.file = "mixed.jpg";
    page.ocr = OcrText{};
    page.ocr->text = "Пациент: Иванов А.\nДиагноз: J45.0\nПолис № 123456\n";
    const auto docs = ClassifyDocuments({page}, {}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_TRUE(docs[0].needsReview);
    ASSERT_GE(docs[0].candidates.size(), 2u);
    std::set<std::string> top = {docs[0].candidates[0].type, docs[0].candidates[1].type};
    EXPECT_TRUE(top.count("treatment_document"));
    EXPECT_TRUE(top.count("medical_insurance"));
    EXPECT_LT(docs[0].margin, ClassifyOptions{}.minMargin);
}

TEST(Classifier, MrzFormatDecidesBetweenPassportAndIdCard) {
    const auto& model = TestModels().classifier;
    PageSignals td3, td1;
    td3.mrz = Mrz{};
    td3.mrz->format = MrzFormat::TD3;
    td1.mrz = Mrz{};
    td1.mrz->format = MrzFormat::TD1;
    EXPECT_EQ(ClassifyText("Surname SMITH\nGiven names JOHN", td3, model).type, "passport");
    EXPECT_EQ(ClassifyText("Surname SMITH\nGiven names JOHN", td1, model).type, "identity_card");
}

TEST(Classifier, DocumentsGetLanguageAndDates) {
    const auto& model = TestModels().classifier;
    DocumentParams p{"criminal_record_certificate", "kk", 3};
    p.issueDate = Date{2026, 8, 14};
    const auto doc = MakeDocument(p);
    Page page;
    page.file = "a.jpg";
    page.ocr = OcrText{};
    page.ocr->text = Joined(doc);
    const auto docs = ClassifyDocuments({page}, {}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].id, "d1");
    EXPECT_EQ(docs[0].type, "criminal_record_certificate");
    EXPECT_EQ(docs[0].language, "kk");
    EXPECT_EQ(docs[0].issueDate, p.issueDate);
    EXPECT_FALSE(docs[0].needsReview);
}

}  // namespace dossier
