// The Russian internal passport's MRZ: the name in the Russian letter code (digits among the
// letters), series and number split across the number and the optional data, the issue date and
// department code, and an expiry that follows from the holder's age instead of being written.
#include <gtest/gtest.h>

#include "ocr/MrzParser.h"
#include "ocr/Transliteration.h"
#include "tests/fixtures/PassportRenderer.h"

namespace dossier {
namespace {

const Date kReference{2026, 11, 20};

bool HasIssue(const Mrz& mrz, const std::string& code) {
    for (const Issue& i : mrz.issues)
        if (i.code == code) return true;
    return false;
}

TEST(RussianLetterCode, EachCyrillicLetterHasOneCharacterAndBack) {
    const std::u32string alphabet = U"АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
    std::string codes;
    for (const char32_t c : alphabet) {
        const char code = RussianMrzCode(c);
        ASSERT_NE(code, 0);
        EXPECT_EQ(CyrillicOfRussianMrzCode(code), c);
        EXPECT_EQ(codes.find(code), std::string::npos) << code;  // no two letters share one
        codes += code;
    }
    EXPECT_EQ(codes, "ABVGDE2JZIQKLMNOPRSTUFHC34WXY9678");
    for (const char none : {'0', '1', '5', '<'}) EXPECT_EQ(CyrillicOfRussianMrzCode(none), 0);
    EXPECT_EQ(IcaoLatin("ЗДРИЛЮК Сергей"), "ZDRILIUK SERGEI");
    EXPECT_EQ(IcaoLatin("Щукина Ёлка, 1"), "SHCHUKINA ELKA, 1");
}

TEST(RussianInternalPassport, NameNumberIssueDateAndDepartmentAreReadFromTheCode) {
    // ЗДРИЛЮК СЕРГЕЙ АНАТОЛЬЕВИЧ, series 45 09, number 735758, born 27 July 1982, issued at 32.
    const auto lines = fixtures::ComposeRussianInternalMrz(
        "ZDRIL7K<<SERGEQ<ANATOL9EVI3", "4509", "735758", "820727", "M", "150705", "220004");
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    EXPECT_EQ(mrz->surnameNative, "ЗДРИЛЮК");
    EXPECT_EQ(mrz->givenNamesNative, "СЕРГЕЙ АНАТОЛЬЕВИЧ");
    EXPECT_EQ(mrz->surname, "ZDRILIUK");
    EXPECT_EQ(mrz->givenNames, "SERGEI ANATOLEVICH");
    EXPECT_EQ(mrz->documentNumber, "4509735758");
    EXPECT_EQ(mrz->issueDate, (Date{2015, 7, 5}));
    EXPECT_EQ(mrz->authorityCode, "220-004");
    EXPECT_FALSE(HasIssue(*mrz, "mrz_name_digits"));
    // Issued at 32: replaced at 45 (27 July 2027), valid 90 days after.
    EXPECT_TRUE(mrz->expiryDerived);
    EXPECT_EQ(mrz->expiryDate, (Date{2027, 10, 25}));
    EXPECT_TRUE(HasIssue(*mrz, "mrz_expiry_by_age"));
    EXPECT_FALSE(HasIssue(*mrz, "mrz_date"));
}

TEST(RussianInternalPassport, APassportDueForReplacementAtTwentyHasExpired) {
    // Issued at 14 in 2018 to a girl born on 29 February 2004: she turned 20 on 29 February 2024.
    const auto lines = fixtures::ComposeRussianInternalMrz("IVANOVA<<ANNA", "4518", "123456",
                                                           "040229", "F", "180315", "770001");
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    EXPECT_EQ(mrz->expiryDate, AddDays(Date{2024, 2, 29}, 90));
    EXPECT_LT(*mrz->expiryDate, kReference);
    // A holder born on 29 February turns 45 on 1 March in a common year.
    const auto later =
        TryParseMrz(fixtures::ComposeRussianInternalMrz("IVANOVA<<ANNA", "4524", "123456", "040229",
                                                        "F", "240401", "770001"),
                    kReference);
    ASSERT_TRUE(later);
    EXPECT_EQ(later->expiryDate, AddDays(Date{2049, 3, 1}, 90));
}

TEST(RussianInternalPassport, AnIssueDateItsCheckDigitDoesNotConfirmDecidesNoExpiry) {
    auto lines = fixtures::ComposeRussianInternalMrz("IVANOVA<<ANNA", "4518", "123456", "040229",
                                                     "F", "180315", "770001");
    lines[1][30] = '9';  // issued in 2019 as read; the optional data's check digit says otherwise
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_FALSE(mrz->expiryDate);
    EXPECT_FALSE(mrz->expiryDerived);
    EXPECT_TRUE(HasIssue(*mrz, "mrz_expiry_by_age"));
}

TEST(RussianInternalPassport, IssuedAtFortyFiveItDoesNotExpire) {
    const auto mrz =
        TryParseMrz(fixtures::ComposeRussianInternalMrz("PETROV<<IVAN", "4510", "654321", "600101",
                                                        "M", "100505", "770001"),
                    kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    EXPECT_FALSE(mrz->expiryDate);
    EXPECT_FALSE(mrz->expiryDerived);
    EXPECT_TRUE(HasIssue(*mrz, "mrz_expiry_by_age"));
}

TEST(RussianInternalPassport, OnlyPnRusUsesTheLetterCode) {
    // The same line as an international passport (P<RUS): digits in a name are a misreading.
    auto lines = fixtures::ComposeRussianInternalMrz("ZDRIL7K<<SERGEQ", "4509", "735758", "820727",
                                                     "M", "150705", "220004");
    lines[0][1] = '<';
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->surnameNative.empty());
    EXPECT_EQ(mrz->surname, "ZDRIL7K");
    EXPECT_TRUE(HasIssue(*mrz, "mrz_name_digits"));
    EXPECT_FALSE(mrz->expiryDate);
    EXPECT_TRUE(HasIssue(*mrz, "mrz_date"));  // an international passport must state its expiry
}

TEST(RussianInternalPassport, ACharacterOfTheCodeThatStandsForNoLetterLeavesNoNativeName) {
    const auto mrz =
        TryParseMrz(fixtures::ComposeRussianInternalMrz("PETR0V<<IVAN", "4510", "654321", "800101",
                                                        "M", "100505", "770001"),
                    kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->surnameNative.empty());
    EXPECT_EQ(mrz->givenNamesNative, "ИВАН");
    EXPECT_TRUE(HasIssue(*mrz, "mrz_name_digits"));
}

}  // namespace
}  // namespace dossier
