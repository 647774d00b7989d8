// IIN tests: the two-pass check digit rule, decoding of birth date and sex, and finding in text.
#include "ocr/Iin.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/fixtures/PassportRenderer.h"

namespace dossier {
namespace {

std::string WithCheckDigit(const std::string& first11) {
    const auto check = TryIinCheckDigit(first11);
    return check ? first11 + std::to_string(*check) : "";
}

TEST(Iin, FirstPassCheckDigit) {
    // 9*1+0*2+0*3+5*4+2*5+6*6+3*7+0*8+0*9+5*10+6*11 = 212; 212 mod 11 = 3.
    EXPECT_EQ(TryIinCheckDigit("90052630056"), 3);
    EXPECT_TRUE(IsValidIin("900526300563"));
    EXPECT_FALSE(IsValidIin("900526300564"));
}

TEST(Iin, SecondPassWhenTheFirstGivesTen) {
    // Find an 11-digit head whose first pass gives 10, and check the second weights by hand.
    for (int serial = 0; serial < 10000; ++serial) {
        char head[16];
        std::snprintf(head, sizeof head, "8501013%04d", serial);
        int first = 0, second = 0;
        for (int i = 0; i < 11; ++i) {
            first += (head[i] - '0') * (i + 1);
            second += (head[i] - '0') * ((i + 2) % 11 + 1);
        }
        if (first % 11 != 10) continue;
        const auto check = TryIinCheckDigit(head);
        if (second % 11 == 10) {
            EXPECT_FALSE(check) << head;
        } else {
            ASSERT_TRUE(check) << head;
            EXPECT_EQ(*check, second % 11) << head;
        }
    }
}

TEST(Iin, RejectsWrongShapes) {
    EXPECT_FALSE(IsValidIin(""));
    EXPECT_FALSE(IsValidIin("90052630056"));
    EXPECT_FALSE(IsValidIin("9005263005633"));
    EXPECT_FALSE(IsValidIin("90052630056A"));
    EXPECT_FALSE(TryIinCheckDigit("9005263005"));
}

TEST(Iin, DecodesBirthDateAndSex) {
    const auto male = TryDecodeIin("900526300563");
    ASSERT_TRUE(male);
    EXPECT_EQ(male->birthDate, (Date{1990, 5, 26}));
    EXPECT_EQ(male->sex, "M");
    const std::string girl = WithCheckDigit("05031160012");
    ASSERT_FALSE(girl.empty());
    const auto decoded = TryDecodeIin(girl);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->birthDate, (Date{2005, 3, 11}));
    EXPECT_EQ(decoded->sex, "F");
    // Century digit 0 or 7 and impossible dates do not decode.
    EXPECT_FALSE(TryDecodeIin(WithCheckDigit("90052600056")));
    EXPECT_FALSE(TryDecodeIin(WithCheckDigit("90022930056")));
}

TEST(Iin, FixtureIinsRoundTrip) {
    std::mt19937 rng(5);
    for (int i = 0; i < 300; ++i) {
        const Date birth{1930 + i % 90, 1 + i % 12, 1 + i % 28};
        const std::string sex = i % 2 ? "F" : "M";
        const auto info = TryDecodeIin(fixtures::MakeIin(birth, sex, rng));
        ASSERT_TRUE(info);
        EXPECT_EQ(info->birthDate, birth);
        EXPECT_EQ(info->sex, sex);
    }
}

TEST(Iin, FindsIinsInText) {
    const std::string text =
        "ЖСН/ИИН 900526300563, тел. 87011234567, счёт 1900526300563, ИИН 900526300563 again";
    const auto found = FindIins(text);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], "900526300563");
}

TEST(Iin, CrossCheckWithMrz) {
    Mrz mrz;
    mrz.iin = "900526300563";
    mrz.birthDate = Date{1990, 5, 26};
    mrz.sex = "M";
    CrossCheckIin(mrz);
    EXPECT_TRUE(mrz.issues.empty());
    mrz.sex = "F";
    CrossCheckIin(mrz);
    ASSERT_EQ(mrz.issues.size(), 1u);
    EXPECT_EQ(mrz.issues[0].code, "iin_mismatch");
    mrz.issues.clear();
    mrz.iin = "900526300564";
    CrossCheckIin(mrz);
    ASSERT_EQ(mrz.issues.size(), 1u);
    EXPECT_EQ(mrz.issues[0].code, "iin_invalid");
}

}  // namespace
}  // namespace dossier
