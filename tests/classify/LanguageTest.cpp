#include "classify/Language.h"

#include <gtest/gtest.h>

namespace dossier {

TEST(Language, TellsKazakhFromRussianByTheirLetters) {
    EXPECT_EQ(
        DetectLanguage("Қазақстан Республикасында тұрақты тұруға рұқсат беру туралы өтініш").code,
        "kk");
    EXPECT_EQ(DetectLanguage(
                  "Заявление о выдаче разрешения на постоянное проживание в Республике Казахстан")
                  .code,
              "ru");
    // A Russian text that names Kazakh places stays Russian.
    EXPECT_EQ(
        DetectLanguage("Справка выдана гражданину, проживающему по адресу: г. Алматы, мкр. Көктем, "
                       "для предъявления по месту требования в миграционную службу")
            .code,
        "ru");
}

TEST(Language, NamesLatinAndOtherScripts) {
    EXPECT_EQ(
        DetectLanguage("This is to certify that the person has no criminal record in the database")
            .code,
        "en");
    EXPECT_EQ(DetectLanguage("Der Inhaber ist nicht vorbestraft und die Bescheinigung wird für die "
                             "Behörde ausgestellt")
                  .code,
              "de");
    EXPECT_EQ(DetectLanguage(
                  "Le titulaire du certificat est né à Paris et la date de délivrance est indiquée")
                  .code,
              "fr");
    EXPECT_EQ(
        DetectLanguage("兹证明该人在我国居住期间无犯罪记录特此证明此证明仅用于办理居留手续").code,
        "zh");
    EXPECT_EQ(
        DetectLanguage("شهادة عدم محكومية صادرة عن وزارة الداخلية للمواطن المذكور أعلاه").code,
        "ar");
    EXPECT_EQ(
        DetectLanguage("Бул күбөлүк Кыргыз Республикасынын жараны экенин тастыктайт, жаңы үлгү")
            .code,
        "ky");
    EXPECT_EQ(DetectLanguage("12.03.2026 №5").code, "");
}

TEST(Language, OnlyKazakhAndRussianNeedNoTranslation) {
    EXPECT_TRUE(IsStateOrRussian("kk"));
    EXPECT_TRUE(IsStateOrRussian("ru"));
    EXPECT_FALSE(IsStateOrRussian("en"));
    EXPECT_FALSE(IsStateOrRussian(""));
}

TEST(Language, FoldingUndoesOcrLookAlikes) {
    // Latin letters inside a Cyrillic word, lost Kazakh letters and punctuation all fold together.
    EXPECT_EQ(FoldForMatching("СПРАВKА о cудимости!"), FoldForMatching("справка о судимости"));
    EXPECT_EQ(FoldForMatching("Қазақстан"), FoldForMatching("Казакстан"));
    EXPECT_EQ(FoldForMatching("028/у"), " 028 у ");
    EXPECT_EQ(FoldForMatching("Passport No."), " passport no ");
    EXPECT_EQ(FoldKeepingOffsets("ҚАРАША 2026").size(), std::string("ҚАРАША 2026").size());
}

}  // namespace dossier
