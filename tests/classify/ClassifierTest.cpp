#include "classify/Classifier.h"

#include <gtest/gtest.h>

#include <set>

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

PageAnalysis AnalysisOf(const fixtures::GeneratedDocument& doc, bool withMrz) {
    PageAnalysis s;
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
    for (const DocumentType type : AllDocumentTypes()) {
        if (type == DocumentType::Unknown) continue;
        auto langs = fixtures::TemplateLanguages(ToString(type));
        if (type == DocumentType::Photo) langs = {"ru"};
        ASSERT_FALSE(langs.empty()) << type;
        for (const auto& lang : langs)
            for (unsigned seed = 1; seed <= 4; ++seed) {
                DocumentParams p;
                p.type = ToString(type);
                p.language = lang;
                p.seed = seed;
                const auto doc = MakeDocument(p);
                const auto cls = ClassifyText(Joined(doc), AnalysisOf(doc, seed % 2 == 0), model);
                EXPECT_EQ(cls.type, type) << lang << " seed " << seed << "\n" << Joined(doc);
                EXPECT_TRUE(cls.IsConfident({})) << type << "/" << lang << " confidence "
                                                 << cls.confidence << " margin " << cls.margin;
                ++checked;
            }
    }
    EXPECT_GT(checked, 250);
}

TEST(Classifier, EveryTuningWordingIsRecognised) {
    // The held-out wordings are the bench's (classify_bench): no test may tune to them.
    const auto& model = TestModels().classifier;
    for (const DocumentType type : AllDocumentTypes()) {
        if (type == DocumentType::Unknown || type == DocumentType::Photo) continue;
        for (const auto& wording : fixtures::Wordings(ToString(type))) {
            if (wording.heldOut || wording.language == "zh") continue;
            DocumentParams p{ToString(type), wording.language, 3};
            p.wording = wording.index;
            const auto doc = MakeDocument(p);
            const auto cls = ClassifyText(Joined(doc), AnalysisOf(doc, false), model);
            EXPECT_EQ(cls.type, type) << Joined(doc);
        }
    }
}

TEST(Classifier, SurvivesOcrDamage) {
    const auto& model = TestModels().classifier;
    int total = 0, right = 0;
    for (const DocumentType type : AllDocumentTypes()) {
        if (type == DocumentType::Unknown || type == DocumentType::Photo) continue;
        for (const auto& lang : {"kk", "ru", "en"})
            for (unsigned seed = 1; seed <= 5; ++seed) {
                DocumentParams p{ToString(type), lang, seed};
                const auto doc = MakeDocument(p);
                const auto text = fixtures::DamageText(Joined(doc), 0.04, seed * 17);
                const auto cls = ClassifyText(text, AnalysisOf(doc, false), model);
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
                     PageAnalysis{}, model);
    EXPECT_EQ(cls.type, DocumentType::Unknown);
    EXPECT_FALSE(cls.IsConfident({}));
    const auto blank = ClassifyText("", PageAnalysis{}, model);
    EXPECT_TRUE(blank.empty);
    EXPECT_EQ(blank.type, DocumentType::Unknown);
}

TEST(Classifier, CloseCallsAreNeedsReviewWithCandidates) {
    const auto& model = TestModels().classifier;
    // Weak evidence for two types (a diagnosis, a policy number): no silent guess.
    Page page;
    page.file = "mixed.jpg";
    page.ocr = OcrText{};
    page.ocr->text = "Пациент: Иванов А.\nДиагноз: J45.0\nПолис № 123456\n";
    const auto docs = ClassifyDocuments({page}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_TRUE(docs[0].needsReview);
    ASSERT_GE(docs[0].candidates.size(), 2u);
    std::set<DocumentType> top = {docs[0].candidates[0].type, docs[0].candidates[1].type};
    EXPECT_TRUE(top.count(DocumentType::TreatmentDocument));
    EXPECT_TRUE(top.count(DocumentType::MedicalInsurance));
    EXPECT_LT(docs[0].margin, ClassifyOptions{}.minMargin);
}

TEST(Classifier, MrzFormatDecidesBetweenPassportAndIdCard) {
    const auto& model = TestModels().classifier;
    PageAnalysis td3, td1;
    td3.mrz = Mrz{};
    td3.mrz->format = MrzFormat::TD3;
    td1.mrz = Mrz{};
    td1.mrz->format = MrzFormat::TD1;
    EXPECT_EQ(ClassifyText("Surname SMITH\nGiven names JOHN", td3, model).type,
              DocumentType::Passport);
    EXPECT_EQ(ClassifyText("Surname SMITH\nGiven names JOHN", td1, model).type,
              DocumentType::IdentityCard);
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
    const auto docs = ClassifyDocuments({page}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].id, "d1");
    EXPECT_EQ(docs[0].type, DocumentType::CriminalRecordCertificate);
    EXPECT_EQ(docs[0].language, "kk");
    EXPECT_EQ(docs[0].issueDate, p.issueDate);
    EXPECT_FALSE(docs[0].needsReview);
}

TEST(Classifier, FieldLabelIsNotATitle) {
    const auto& model = TestModels().classifier;
    // A migration card whose title OCR lost: "Паспорт № ..." names a field, not the document.
    const std::string card =
        "РЕСПУБЛИКА КАЗАХСТАН\nМИГ Р АЦ И0ННА Я КАР Т0ЧКА\nФамилия, имя: Ким Наталья\n"
        "Паспорт № 4410023\nЦель визита: работа\nДата въезда: 12.09.2026\n"
        "Пункт пропуска: Жибек Жолы\nСрок пребывания: 90 дней\n";
    const auto cls = ClassifyText(card, PageAnalysis{}, model);
    EXPECT_NE(cls.type, DocumentType::Passport) << cls.confidence;
    EXPECT_FALSE(cls.hasTitle && cls.type == DocumentType::Passport);
    // The same word on its own line is a title.
    const auto title =
        ClassifyText("ПАСПОРТ\nФамилия / Surname KIM\nДата выдачи 01.09.2026\n", {}, model);
    EXPECT_EQ(title.type, DocumentType::Passport);
    EXPECT_TRUE(title.hasTitle);
}

namespace {

std::vector<Document> OriginalAndTranslation(const std::string& translationText,
                                             const std::string& originalText) {
    Page original, translation;
    original.file = "original.jpg";
    original.ocr = OcrText{};
    original.ocr->text = originalText;
    translation.file = "translation.jpg";
    translation.ocr = OcrText{};
    translation.ocr->text = translationText;
    return ClassifyDocuments({original, translation}, TestModels().classifier);
}

}  // namespace

TEST(Classifier, NotaryCertificationOfATranslationIsRecorded) {
    DocumentParams original{"criminal_record_certificate", "de", 4};
    original.apostille = true;
    DocumentParams translation = original;
    translation.language = "ru";
    translation.translation = true;
    const std::string originalText = MakeDocument(original).pageTexts[0];
    auto docs = OriginalAndTranslation(MakeDocument(translation).pageTexts[0], originalText);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_TRUE(docs[1].isTranslation);
    EXPECT_EQ(docs[1].fields[kNotaryField], "found");
    EXPECT_EQ(docs[0].fields[kLegalizationField], "found");
    EXPECT_EQ(docs[1].fields[kLegalizationField], "found");  // the apostille, translated

    // A translator's own statement is not a notary's certification.
    translation.notarized = false;
    docs = OriginalAndTranslation(MakeDocument(translation).pageTexts[0], originalText);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_TRUE(docs[1].isTranslation);
    EXPECT_EQ(docs[1].fields[kNotaryField], "not_found");
    const std::string signedByTranslator =
        "СПРАВКА О НАЛИЧИИ ИЛИ ОТСУТСТВИИ СУДИМОСТИ\nПеревод с немецкого языка на русский язык.\n"
        "Не судим. Перевод верен. Переводчик Серикова А.\n";
    docs = OriginalAndTranslation(signedByTranslator, originalText);
    EXPECT_EQ(docs[1].fields[kNotaryField], "not_found");

    // One OCR error in each word of the formula still counts; Kazakh formulas count.
    docs = OriginalAndTranslation(
        "СПРАВКА О НАЛИЧИИ ИЛИ ОТСУТСТВИИ СУДИМОСТИ\nПеревод с немецкого языка выполнен.\n"
        "Я, нотариуc г. Алматы, свидетельствую подлинноcть подписи переводчика.\n",
        originalText);
    EXPECT_EQ(docs[1].fields[kNotaryField], "found");
    docs = OriginalAndTranslation(
        "СОТТЫЛЫҒЫ ТУРАЛЫ АНЫҚТАМА\nНеміс тілінен қазақ тіліне аударылды. Аудармашы Серікова "
        "А.\nМен, Алматы қаласының нотариусы, аудармашының қолының түпнұсқалығын "
        "куәландырамын.\n",
        originalText);
    EXPECT_TRUE(docs[1].isTranslation);
    EXPECT_EQ(docs[1].fields[kNotaryField], "found");
}

TEST(Classifier, ApostilleIsFoundInDamagedText) {
    const auto& model = TestModels().classifier;
    Page page;
    page.file = "a.jpg";
    page.ocr = OcrText{};
    page.ocr->text =
        "FUHRUNGSZEUGNIS\nBundesamt für Justiz\nKeine Eintragung\nAP0STILLE\n(Conventlon de "
        "La Haye du 5 octobre 1961)\n1. Land: Bundesrepublik Deutschland\n";
    auto docs = ClassifyDocuments({page}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].fields[kLegalizationField], "found");
    page.ocr->text = "FUHRUNGSZEUGNIS\nBundesamt für Justiz\nKeine Eintragung\n";
    docs = ClassifyDocuments({page}, model);
    EXPECT_FALSE(docs[0].fields.count(kLegalizationField));
}

TEST(Classifier, ConsentsAreToldApartByWhoConsentsForWhom) {
    const auto& model = TestModels().classifier;
    struct Case {
        const char* text;
        const char* type;
    };
    // Titles that name no side, or the other side's words ("согласие на выезд ребенка" is a
    // parent's title yet reads like "согласие ребенка"): the relation decides.
    const std::vector<Case> cases = {
        {"СОГЛАСИЕ НА ВЫЕЗД РЕБЕНКА\nЯ, Каримов Тимур Ильич, даю согласие на выезд моей "
         "несовершеннолетней дочери Каримовой Лейлы в Республику Казахстан.\nНотариус ___\n",
         "parent_consent"},
        {"СОГЛАСИЕ\nЯ, Каримова Лейла Тимуровна, даю согласие на выезд в Республику Казахстан "
         "на постоянное жительство вместе с моей матерью Каримовой Д.\nНотариус ___\n",
         "child_consent"},
        {"Statement of consent\nI, Leila Karimova, a minor, agree to move to Kazakhstan for "
         "permanent residence together with my parents.\nNotary ___\n",
         "child_consent"},
        {"CONSENT\nI, Timur Karimov, consent to my son Ali Karimov moving to the Republic of "
         "Kazakhstan for permanent residence.\nNotary ___\n",
         "parent_consent"},
        {"КЕЛІСІМ\nМен, Каримова Лейла, ата-анаммен бірге Қазақстанға тұрақты тұруға көшуге "
         "келісім беремін.\nНотариус ___\n",
         "child_consent"},
        {"КЕЛІСІМ\nМен, Каримов Тимур, кәмелетке толмаған ұлымның Қазақстанға тұрақты тұруға "
         "шығуына келісім беремін.\nНотариус ___\n",
         "parent_consent"},
    };
    for (const auto& c : cases) {
        const auto cls = ClassifyText(c.text, PageAnalysis{}, model);
        EXPECT_EQ(cls.type, ParseDocumentType(c.type)) << c.text;
        EXPECT_TRUE(cls.IsConfident({})) << c.text << " confidence " << cls.confidence;
        EXPECT_EQ(cls.consentBy, std::string(c.type) == "child_consent" ? "child" : "parent");
    }
}

TEST(Classifier, ConsentingPersonsAgeTellsAChildsConsent) {
    const auto& model = TestModels().classifier;
    auto consent = [](const std::string& birth) {
        return "СОГЛАСИЕ\nЯ, Петров Иван Сергеевич, " + birth +
               " года рождения, даю согласие на переезд в Республику Казахстан на постоянное "
               "место жительства.\nг. Бишкек, 12.10.2026\nНотариус ________\n";
    };
    const auto minor = ClassifyText(consent("03.05.2010"), PageAnalysis{}, model);
    EXPECT_EQ(minor.type, DocumentType::ChildConsent);
    EXPECT_EQ(minor.consentBy, "child");
    // An adult's consent is no child's consent; naming no minor child, it is no decided
    // parent's consent either.
    const auto adult = ClassifyText(consent("03.05.1984"), PageAnalysis{}, model);
    EXPECT_NE(adult.type, DocumentType::ChildConsent);
    EXPECT_EQ(adult.consentBy, "");
    // A birth date after the child's name is the child's, not the consenting person's.
    const auto parent = ClassifyText(
        "СОГЛАСИЕ\nЯ, Петров Иван Сергеевич, даю согласие на выезд моего сына Петрова Олега, "
        "03.05.2010 года рождения, в Республику Казахстан.\n12.10.2026\nНотариус ___\n",
        PageAnalysis{}, model);
    EXPECT_EQ(parent.type, DocumentType::ParentConsent);
}

TEST(Classifier, ConsentWithoutASideIsReviewedNotGuessed) {
    const auto& model = TestModels().classifier;
    // Nothing says who consents for whom: both consent types stay candidates, none is chosen.
    Page page;
    page.file = "consent.jpg";
    page.ocr = OcrText{};
    page.ocr->text =
        "СОГЛАСИЕ НА ВЫЕЗД\nЯ, Петров И. С., даю согласие на выезд на постоянное место "
        "жительства в Республику Казахстан.\nНотариус ________\n";
    const auto docs = ClassifyDocuments({page}, model);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_TRUE(docs[0].needsReview);
    std::set<DocumentType> candidates;
    for (const auto& c : docs[0].candidates) candidates.insert(c.type);
    EXPECT_TRUE(candidates.count(DocumentType::ChildConsent));
    EXPECT_TRUE(candidates.count(DocumentType::ParentConsent));
    // An owner's consent to register a tenant is about no minor: a housing statement, in Russian
    // or in Kazakh (an adult's, by the birth date).
    for (const char* owner :
         {"ЗАЯВЛЕНИЕ-СОГЛАСИЕ\nЯ, Сергеева Анна, собственник жилого помещения по адресу г. Алматы, "
          "ул. Абая 12, кв. 5, даю согласие на постоянную регистрацию Петрова И. С. в моей "
          "квартире.\nНотариус ___\n",
          "Алматы қаласы\nӨТІНІШ\nМен, Сәрсенова Гүлнар, 19.12.1958 ж.т., тұрғын үйдің меншік "
          "иесі, Петров И. С. азаматына тұруға тұрғын үй ұсынуға және оны осы мекенжай бойынша "
          "тұрақты тіркеуге қоюға келісімімді беремін.\n2026 жылғы 15 маусым\n",
          // Headed only "statement", like the application form: the body decides, confidently.
          "Шымкент қаласы\nӨТІНІШ\nМен, Омаров Дәурен, ЖСН 700101300123, Тәуке хан даңғылы 5, "
          "12-пәтер мекенжайындағы пәтердің иесі ретінде, Өзбекстан азаматы Каримов Азизге "
          "тұрғын үй ұсынамын және тіркеуге қоюға қарсы емеспін.\nҚолы ______\n",
          // ... and with the notary's certification under it, whose words are the identity
          // document's and the address's, like an application form's.
          "Қарағанды қаласы\n2026 жылғы «3» наурыз\nӨТІНІШ\nМен, Байжанова Сәуле Ерланқызы, "
          "02.04.1969 ж.т., ЖСН 690402400555, жеке куәлік № 045112233, Қарағанды қ., Бұқар жырау "
          "даңғылы, 33-үй, 7-пәтер мекенжайы бойынша пәтердің меншік иесі, Қырғыз Республикасының "
          "азаматы Асанов Бекболотқа тұруға тұрғын үй ұсынуға және осы мекенжай бойынша тіркеуге "
          "қоюға келісім беремін.\nБайжанова С. Е.\nҚарағанды қаласы, Қазақстан Республикасы. "
          "2026 жылғы «3» наурыз.\nМен, Ахметова Гүлжан, Қарағанды қаласының нотариусы, "
          "мемлекеттік лицензия негізінде әрекет етуші, менің көзімше қойылған қолдың "
          "түпнұсқалығын куәландырамын. Құжатқа қол қойған адамның жеке басы анықталды.\n"
          "Нотариус ______\n"}) {
        const auto cls = ClassifyText(owner, PageAnalysis{}, model);
        EXPECT_EQ(cls.type, DocumentType::HousingAgreement) << owner;
        EXPECT_TRUE(cls.IsConfident(ClassifyOptions{})) << cls.confidence << " " << owner;
    }
}

TEST(Classifier, TitleWithInsertedWordsIsStillATitle) {
    const auto& model = TestModels().classifier;
    for (const char* title : {"СПРАВКА О НАЛИЧИИ ЛИБО ОТСУТСТВИИ СУДИМОСТИ",
                              "Справка о наличии (отсутствии) у лица судимости"}) {
        const auto cls = ClassifyText(std::string(title) +
                                          "\nВыдана Иванову И. И.\nСведениями не располагаем."
                                          "\nДата выдачи: 01.09.2026\n",
                                      PageAnalysis{}, model);
        EXPECT_EQ(cls.type, DocumentType::CriminalRecordCertificate) << title;
        EXPECT_TRUE(cls.hasTitle) << title;
    }
}

TEST(Classifier, ContinuationMarkSurvivesOcrButNotAnotherNumber) {
    const auto& model = TestModels().classifier;
    EXPECT_TRUE(ClassifyText("Стрница 2\nГражданство Өзбекстан\nАдрес: г. Алматы\n", {}, model)
                    .continuation);
    EXPECT_TRUE(ClassifyText("Страница 2\nГражданство Өзбекстан\n", {}, model).continuation);
    EXPECT_FALSE(ClassifyText("Страница 1\nЗАЯВЛЕНИЕ-АНКЕТА\n", {}, model).continuation);
    EXPECT_FALSE(ClassifyText("Page 1 of 2\nAPPLICATION FORM\n", {}, model).continuation);
}

}  // namespace dossier
