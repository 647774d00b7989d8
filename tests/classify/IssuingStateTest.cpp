#include "classify/IssuingState.h"

#include <gtest/gtest.h>

#include "tests/classify/ClassifyTestSupport.h"
#include "tests/fixtures/LanguageSamples.h"

namespace dossier {

namespace {

const StatesModel& States() {
    return testing::TestModels().classifier.states;
}

std::string SampleText(const fixtures::LanguageSample& s) {
    std::string text;
    for (const auto& line : s.lines) text += line + "\n";
    return text;
}

}  // namespace

TEST(IssuingState, ReadsTheIssuerLineInEverySampleLanguage) {
    for (const auto& s : fixtures::LanguageSamples()) {
        const auto found = FindIssuingState(SampleText(s), "", false, States());
        EXPECT_EQ(found.state, s.state) << s.language << " " << s.script << " " << s.kind;
        // A tenancy agreement between private persons may name no state at all.
        if (!s.state.empty()) {
            EXPECT_TRUE(IsConfidentState(found)) << s.language << " " << found.foundBy;
        }
    }
}

TEST(IssuingState, NamesInKazakhRussianAndEnglishIssuerLines) {
    EXPECT_EQ(FindIssuingState("МВД Республики Узбекистан\nСПРАВКА", "", false, States()).state,
              "UZB");
    EXPECT_EQ(FindIssuingState("Армения Республикасы\nАНЫҚТАМА", "", false, States()).state, "ARM");
    EXPECT_EQ(
        FindIssuingState("POLICE OF THE REPUBLIC OF ARMENIA\nCERTIFICATE", "", false, States())
            .state,
        "ARM");
    // The holder's citizenship is not the issuer.
    EXPECT_EQ(FindIssuingState("ДОГОВОР НАЙМА\nНаниматель: гражданин Республики Узбекистан\n", "",
                               false, States())
                  .state,
              "");
    // OCR that read "O'zbekiston" with an apostrophe or none.
    EXPECT_EQ(
        FindIssuingState("OZBEKISTON RESPUBLIKASI IIV\nMa'lumotnoma", "", false, States()).state,
        "UZB");
}

TEST(IssuingState, MrzFirst) {
    const auto found = FindIssuingState("REPUBLIC OF ARMENIA\nPASSPORT", "UZB", false, States());
    EXPECT_EQ(found.state, "UZB");
    EXPECT_EQ(found.foundBy, kStateByMrz);
    EXPECT_EQ(FindIssuingState("", "D<<", false, States()).state, "DEU");
}

TEST(IssuingState, TranslatorsLinesAreNotTheIssuer) {
    // A translation made in Kazakhstan names Kazakhstan for its notary, and the source language
    // ("с китайского", "с украинского") is not the state.
    const std::string translation =
        "Перевод с китайского языка на русский язык\n"
        "СПРАВКА об отсутствии судимости\n"
        "Перевод выполнен переводчиком в городе Алматы, Республика Казахстан\n";
    EXPECT_EQ(FindIssuingState(translation, "", true, States()).state, "");
    EXPECT_EQ(FindIssuingState("Переклад з української мови\nПеревод с украинского языка\nДОВІДКА",
                               "", true, States())
                  .state,
              "");
    EXPECT_EQ(FindIssuingState("Перевод с английского языка\nРЕСПУБЛИКА АРМЕНИЯ\nСПРАВКА", "", true,
                               States())
                  .foundBy,
              kStateByIssuerLine);
}

TEST(IssuingState, ANameInTheBodyIsOnlyAHint) {
    const std::string text =
        "CERTIFICATE OF NO CRIMINAL RECORD\nThis is to certify that the holder\nhas no record.\n"
        "Line four\nLine five\nLine six\nThe holder was born in Armenia.\n"
        "Issued for submission in the Republic of Kazakhstan.\n";
    const auto found = FindIssuingState(text, "", false, States());
    EXPECT_EQ(found.state, "ARM");
    EXPECT_EQ(found.foundBy, kStateByText);
    EXPECT_FALSE(IsConfidentState(found));
    // Two foreign states in the body: no answer.
    EXPECT_EQ(
        FindIssuingState(text + "Previously resident in Georgia.\n", "", false, States()).state,
        "");
}

TEST(IssuingState, TreatiesDecideLegalization) {
    // Minsk Convention parties: no legalization between them and Kazakhstan.
    for (const char* state : {"ARM", "UZB", "KGZ", "TJK", "BLR", "RUS", "AZE", "MDA", "TKM"})
        EXPECT_EQ(LegalizationFor(state, States()), LegalizationNeed::Waived) << state;
    // Apostille states and states in no treaty: an apostille or a consular legalization.
    for (const char* state : {"DEU", "TUR", "KOR", "IND", "USA", "IRN", "BRA"})
        EXPECT_EQ(LegalizationFor(state, States()), LegalizationNeed::Required) << state;
    // A treaty whose status or text is in doubt: a reviewer decides.
    for (const char* state : {"UKR", "MNG", "CHN"})
        EXPECT_EQ(LegalizationFor(state, States()), LegalizationNeed::Uncertain) << state;
    EXPECT_EQ(LegalizationFor("KAZ", States()), LegalizationNeed::Waived);
}

}  // namespace dossier
