#include "classify/Language.h"

#include <gtest/gtest.h>

#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/LanguageSamples.h"

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

namespace {

std::string SampleText(const std::string& language, const std::string& script,
                       const std::string& kind) {
    for (const auto& s : fixtures::LanguageSamples())
        if (s.language == language && s.script == script && s.kind == kind) {
            std::string text;
            for (const auto& line : s.lines) text += line + "\n";
            return text;
        }
    ADD_FAILURE() << "no sample " << language << " " << kind;
    return {};
}

// Replaces the first `count` occurrences of `from` (after the first line) with `to`: the stray
// letters OCR puts into a page of another language.
std::string Stray(std::string text, const std::string& from, const std::string& to, int count) {
    size_t pos = text.find('\n');
    for (int k = 0; k < count; ++k) {
        pos = text.find(from, pos);
        if (pos == std::string::npos) break;
        text.replace(pos, from.size(), to);
        pos += to.size() + 40;  // spread them over the page
    }
    return text;
}

}  // namespace

// A Russian page read by OCR shows a stray "ў" or "і"; Belarusian has no "и" at all, Ukrainian no
// "ы", so a handful of stray letters do not outweigh hundreds of ordinary ones.
TEST(Language, RussianWithOcrNoiseStaysRussian) {
    for (const std::string kind : {"criminal_record", "housing"}) {
        for (unsigned seed = 1; seed <= 4; ++seed) {
            std::string text = fixtures::DamageText(SampleText("ru", "Cyrl", kind), 0.04, seed);
            text = Stray(Stray(text, "у", "ў", 2), "и", "і", 2);
            const auto guess = DetectLanguage(text);
            EXPECT_EQ(guess.code, "ru") << kind << " seed " << seed << "\n" << text;
            EXPECT_GE(guess.margin, 0.3) << kind << " seed " << seed;
        }
    }
}

// Kazakh shares қ and ғ with Uzbek: a stray "ў" does not make it Uzbek, and OCR losing some of
// its own letters does not make it Russian.
TEST(Language, KazakhWithOcrNoiseStaysKazakh) {
    for (const std::string kind : {"criminal_record", "housing"}) {
        for (unsigned seed = 1; seed <= 4; ++seed) {
            std::string text = fixtures::DamageText(SampleText("kk", "Cyrl", kind), 0.04, seed);
            text = Stray(text, "у", "ў", 2);
            const auto guess = DetectLanguage(text);
            EXPECT_EQ(guess.code, "kk") << kind << " seed " << seed << "\n" << text;
            EXPECT_GE(guess.margin, 0.3) << kind << " seed " << seed;
        }
    }
}

TEST(Language, TellsTheCyrillicLanguagesOfTheListApart) {
    for (const auto& s : fixtures::LanguageSamples()) {
        std::string text;
        for (const auto& line : s.lines) text += line + "\n";
        const auto guess = DetectLanguage(fixtures::DamageText(text, 0.02, 7));
        EXPECT_EQ(guess.code, s.language) << s.language << " " << s.script << " " << s.kind;
        // Every identifier on its own agrees on these clean-ish texts.
        for (const auto method : {LanguageMethod::Letters, LanguageMethod::Cld2}) {
            // Debian's CLD2 tables have no Mongolian: the letters alone tell it.
            if (method == LanguageMethod::Cld2 && s.language == "mn") continue;
            LanguageOptions options;
            options.method = method;
            EXPECT_EQ(DetectLanguage(text, options).code, s.language)
                << s.language << " " << s.script << " method " << static_cast<int>(method);
        }
    }
}

TEST(Language, ReportsScoreMarginAndRunnerUp) {
    const auto guess = DetectLanguage(SampleText("be", "Cyrl", "criminal_record"));
    EXPECT_EQ(guess.code, "be");
    EXPECT_GT(guess.score, 0.5);
    EXPECT_GT(guess.margin, 0.3);
    EXPECT_LE(guess.margin, guess.score);
    EXPECT_FALSE(guess.runnerUp.empty());
    EXPECT_NE(guess.runnerUp, "be");
    // Too little text: nothing to be sure of.
    const auto tiny = DetectLanguage("Справка");
    EXPECT_EQ(tiny.code, "");
    EXPECT_EQ(tiny.margin, 0.0);
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

TEST(Language, FoldingLowerCasesLatinLettersAsUnicodeDoes) {
    // Polish, Czech and Turkish names on foreign certificates: their capitals fold to their own
    // small letters (ł stayed no Ń, ž no ſ), so a name matches whatever its case.
    EXPECT_EQ(FoldForMatching("ŁÓDŹ"), FoldForMatching("łódź"));
    EXPECT_EQ(FoldForMatching("łódź"), " łódź ");
    EXPECT_EQ(FoldForMatching("ŽIŽKOV"), " žižkov ");
}

}  // namespace dossier
