#include "classify/Grouping.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/classify/ClassifyTestSupport.h"
#include "tests/fixtures/DocumentTemplates.h"

namespace dossier {

using testing::TestModels;

namespace {

Page TextPage(const std::string& file, int pageInFile, const std::string& text) {
    Page p;
    p.file = file;
    p.pageInFile = pageInFile;
    p.ocr = OcrText{};
    p.ocr->text = text;
    return p;
}

std::string Text(const std::string& type, const std::string& lang, unsigned seed) {
    const auto doc = fixtures::MakeDocument(fixtures::DocumentParams{type, lang, seed});
    std::string t;
    for (const auto& s : doc.pageTexts) t += s;
    return t;
}

void ExpectEveryPageOnce(const std::vector<Document>& docs, size_t pages) {
    std::multiset<int> seen;
    for (const auto& d : docs) seen.insert(d.pageIndexes.begin(), d.pageIndexes.end());
    ASSERT_EQ(seen.size(), pages);
    for (size_t i = 0; i < pages; ++i) EXPECT_EQ(seen.count(static_cast<int>(i)), 1u) << i;
}

}  // namespace

TEST(Grouping, ScannerBundleSplitsWhereTheTypeChanges) {
    const std::vector<std::string> types = {"application_form", "criminal_record_certificate",
                                            "medical_certificate", "state_fee_receipt",
                                            "housing_agreement"};
    std::vector<Page> pages;
    for (size_t i = 0; i < types.size(); ++i)
        pages.push_back(TextPage("bundle.pdf", static_cast<int>(i + 1),
                                 Text(types[i], i % 2 ? "kk" : "ru", 5)));
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), types.size());
    for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(docs[i].type, ParseDocumentType(types[i]));
    ExpectEveryPageOnce(docs, pages.size());
}

TEST(Grouping, RepeatedTitleStartsTheNextDocumentOfTheSameType) {
    std::vector<Page> pages = {TextPage("b.pdf", 1, Text("birth_certificate", "ru", 1)),
                               TextPage("b.pdf", 2, Text("birth_certificate", "ru", 2))};
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    EXPECT_EQ(docs.size(), 2u);
}

TEST(Grouping, ContinuationPagesJoinAndABlankBackStandsAlone) {
    std::vector<Page> pages = {
        TextPage("contract.pdf", 1, Text("labor_contract", "ru", 2)),
        TextPage("contract.pdf", 2,
                 "Страница 2\n5. Обязанности сторон. Стороны обязуются соблюдать условия.\n"),
        TextPage("contract.pdf", 3, "Подписи сторон ______ ______\n"),
        TextPage("contract.pdf", 4, ""),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].type, DocumentType::LaborContract);
    EXPECT_EQ(docs[0].pageIndexes, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(docs[1].type, DocumentType::Unknown);
    EXPECT_EQ(docs[1].pageIndexes, (std::vector<int>{3}));
}

bool HasIssue(const Document& doc, const std::string& code) {
    for (const auto& issue : doc.issues)
        if (issue.code == code) return true;
    return false;
}

TEST(Grouping, BlankBackSidesOfABundleAreNeverPartOfADocument) {
    // A duplex scanner bundle: every sheet's back side is blank, one read as a little noise and
    // marked blank by image preparation.
    std::vector<Page> pages = {
        TextPage("bundle.tif", 1, Text("medical_insurance", "ru", 3)),
        TextPage("bundle.tif", 2, ""),
        TextPage("bundle.tif", 3, Text("solvency_proof", "ru", 2)),
        TextPage("bundle.tif", 4, "' , . ~ ii ш ы ; : ll 1 ' , r n .. ~~ m i"),
        TextPage("bundle.tif", 5, Text("state_fee_receipt", "ru", 4)),
    };
    Issue marked;
    marked.code = "blank_page";
    pages[3].issues.push_back(marked);
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 5u);
    ExpectEveryPageOnce(docs, pages.size());
    EXPECT_EQ(docs[0].type, DocumentType::MedicalInsurance);
    EXPECT_EQ(docs[2].type, DocumentType::SolvencyProof);
    EXPECT_EQ(docs[4].type, DocumentType::StateFeeReceipt);
    for (int blank : {1, 3}) {
        EXPECT_EQ(docs[blank].type, DocumentType::Unknown) << blank;
        EXPECT_EQ(docs[blank].pageIndexes, (std::vector<int>{blank}));
        EXPECT_FALSE(docs[blank].needsReview) << blank;
        EXPECT_TRUE(HasIssue(docs[blank], "blank_page")) << blank;
    }
    for (int document : {0, 2, 4}) EXPECT_EQ(docs[document].pageIndexes.size(), 1u);
}

TEST(Grouping, AnUnreadablePageWithInkIsNoBlankPage) {
    // Image preparation found ink where OCR read nothing: an unreadable copy, not a back side.
    std::vector<Page> pages = {TextPage("form.pdf", 1, Text("application_form", "ru", 1)),
                               TextPage("form.pdf", 2, "")};
    QualityCheck faint;
    faint.code = "faint";
    pages[1].quality.checks.push_back(faint);
    pages[1].quality.sharpness = 12.0;
    auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_FALSE(HasIssue(docs[0], "blank_page"));
    // Measured without ink, it is blank however noisy its text.
    pages[1].quality.sharpness = 0.0;
    pages[1].ocr->text = "ll ii , . ' ~ m n";
    docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_TRUE(HasIssue(docs[1], "blank_page"));

    // A faint shadow of the other side: ink tiles, but judged blank on its content.
    pages[1].quality.sharpness = 12.0;
    pages[1].quality.content = ContentVerdict::Blank;
    docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_TRUE(HasIssue(docs[1], "blank_page"));
}

TEST(Grouping, AHousingStatementAfterAConsentIsItsOwnDocument) {
    // One notary's PDF: the other parent's consent, then the owner's housing statement.
    std::vector<Page> pages = {
        TextPage("notary.pdf", 1,
                 "СОГЛАСИЕ\nЯ, Каримов Тимур Ильич, 1984 года рождения, даю согласие на выезд "
                 "моей несовершеннолетней дочери Каримовой Лейлы в Республику Казахстан на "
                 "постоянное место жительства.\nНотариус ________\n"),
        TextPage("notary.pdf", 2,
                 "ЗАЯВЛЕНИЕ\nЯ, Сергеева Анна, собственник квартиры по адресу г. Алматы, ул. "
                 "Абая 12, кв. 5, даю согласие на проживание и постоянную регистрацию Каримовой "
                 "Д. и ее дочери.\nНотариус ________\n"),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].type, DocumentType::ParentConsent);
    EXPECT_EQ(docs[1].type, DocumentType::HousingAgreement);
}

TEST(Grouping, CardSidesInSeparateFilesJoin) {
    std::vector<Page> pages = {
        TextPage("id_front.jpg", 1,
                 "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ\nЖЕКЕ КУӘЛІК\nТегі АХМЕТОВ\nАты ЕРЛАН\n"),
        TextPage("id_back.jpg", 1,
                 "Туған жері АЛМАТЫ\nБерген орган ІІМ\nIDKAZ0123456789<<<<<<<<<<<<<<<\n"),
        TextPage("fee.jpg", 1, Text("state_fee_receipt", "ru", 3)),
    };
    pages[1].analysis.mrz = Mrz{};
    pages[1].analysis.mrz->format = MrzFormat::TD1;
    pages[1].analysis.mrz->valid = true;
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].type, DocumentType::IdentityCard);
    EXPECT_EQ(docs[0].pageIndexes, (std::vector<int>{0, 1}));
    ASSERT_TRUE(docs[0].mrz);
    EXPECT_EQ(docs[1].type, DocumentType::StateFeeReceipt);
}

TEST(Grouping, AnUnknownFileIsItsOwnUnknownDocument) {
    std::vector<Page> pages = {
        TextPage("a.jpg", 1, Text("medical_certificate", "ru", 1)),
        TextPage("b.jpg", 1, "Lorem ipsum dolor sit amet consectetur adipiscing elit")};
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[1].type, DocumentType::Unknown);
    EXPECT_TRUE(docs[1].needsReview);
    ExpectEveryPageOnce(docs, 2);
}

TEST(Grouping, ForeignOriginalPairsWithItsTranslation) {
    fixtures::DocumentParams original{"criminal_record_certificate", "de", 4};
    fixtures::DocumentParams translation = original;
    translation.language = "ru";
    translation.translation = true;
    std::vector<Page> pages = {
        TextPage("zeugnis.jpg", 1, fixtures::MakeDocument(original).pageTexts[0]),
        TextPage("perevod.jpg", 1, fixtures::MakeDocument(translation).pageTexts[0]),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].language, "de");
    EXPECT_EQ(docs[0].type, DocumentType::CriminalRecordCertificate);
    EXPECT_TRUE(docs[1].isTranslation);
    EXPECT_EQ(docs[1].translationOf, "d1");
}

TEST(Grouping, UnclassifiedForeignOriginalTakesItsTranslationsType) {
    fixtures::DocumentParams translation{"medical_certificate", "ru", 2};
    translation.translation = true;
    translation.translatedFrom = "zh";
    std::vector<Page> pages = {
        TextPage("orig.jpg", 1,
                 "医疗证明 该人员身体健康 未发现传染病 日期 2026-09-01 医生签名 北京市第一医院"),
        TextPage("perevod.jpg", 1, fixtures::MakeDocument(translation).pageTexts[0]),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].language, "zh");
    EXPECT_EQ(docs[0].type, DocumentType::MedicalCertificate);
    EXPECT_EQ(docs[1].translationOf, "d1");
}

namespace {

// A notary's certification photographed on its own, naming the signer in the genitive.
const char* kCertification =
    "г. Астана, семнадцатого марта две тысячи двадцать шестого года.\n"
    "Я, Орлова Марина Викторовна, нотариус города Астаны, действующая на основании "
    "лицензии, свидетельствую подлинность подписи Ахметова Данияра Сериковича, которая "
    "сделана в моем присутствии. Личность подписавшего установлена.\n"
    "Зарегистрировано в реестре за № 1187.\nНотариус ____________\n";

}  // namespace

TEST(Grouping, ANotarysCertificationJoinsTheDocumentItsSignerSigned) {
    std::vector<Page> pages = {
        TextPage("IMG_0412.jpg", 1, kCertification),
        TextPage("fee.jpg", 1, Text("state_fee_receipt", "ru", 3)),
        TextPage("IMG_0409.jpg", 1,
                 Text("housing_agreement", "ru", 7) +
                     "\nПредоставляющая сторона: Ахметов Данияр Серикович ____________\n"),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ExpectEveryPageOnce(docs, pages.size());
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].id, "d1");
    EXPECT_EQ(docs[1].id, "d2");
    EXPECT_EQ(docs[1].type, DocumentType::HousingAgreement);
    EXPECT_EQ(docs[1].pageIndexes, (std::vector<int>{2, 0}));
    EXPECT_TRUE(HasIssue(docs[1], "certification_joined"));
}

TEST(Grouping, AKazakhCertificationNamesTheSignerWithACaseEnding) {
    std::vector<Page> pages = {
        TextPage("IMG_0412.jpg", 1,
                 "Астана қаласы, екі мың жиырма алтыншы жылғы он жетінші наурыз.\n"
                 "Мен, Астана қаласының нотариусы Оразова Меруерт Жанатқызы, Сейтқали Арман "
                 "Болатұлының қолының түпнұсқалығын куәландырамын. Қол менің көзімше қойылды.\n"
                 "Тізілімде № 2231 болып тіркелді.\nНотариус ____________\n"),
        TextPage("IMG_0409.jpg", 1,
                 Text("housing_agreement", "kk", 4) +
                     "\nТұрғын үй беруші: Сейтқали Арман Болатұлы ____________\n"),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].type, DocumentType::HousingAgreement);
    EXPECT_EQ(docs[0].pageIndexes, (std::vector<int>{1, 0}));
}

TEST(Grouping, ACertificationWhoseSignerSignedTwoDocumentsStaysApart) {
    const std::string signer = "\nАхметов Данияр Серикович ____________\n";
    std::vector<Page> pages = {
        TextPage("IMG_0412.jpg", 1, kCertification),
        TextPage("IMG_0409.jpg", 1, Text("housing_agreement", "ru", 7) + signer),
        TextPage("IMG_0415.jpg", 1, Text("parent_consent", "ru", 2) + signer),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ExpectEveryPageOnce(docs, pages.size());
    ASSERT_EQ(docs.size(), 3u);
    EXPECT_NE(docs[0].type, DocumentType::HousingAgreement);
    for (const auto& doc : docs) EXPECT_FALSE(HasIssue(doc, "certification_joined"));
}

TEST(Grouping, ACertificationNamingNobodyElseStaysApart) {
    std::vector<Page> pages = {
        TextPage("IMG_0412.jpg", 1, kCertification),
        TextPage("IMG_0409.jpg", 1,
                 Text("housing_agreement", "ru", 7) + "\nНурланов Ерлан Бекович ______\n"),
    };
    const auto docs = ClassifyDocuments(pages, TestModels().classifier);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[1].pageIndexes, (std::vector<int>{1}));
}

}  // namespace dossier
