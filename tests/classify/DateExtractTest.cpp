#include "classify/DateExtract.h"

#include <gtest/gtest.h>

namespace dossier {

TEST(DateExtract, ReadsEveryWrittenFormat) {
    const Date d{2026, 3, 12};
    EXPECT_EQ(TryParseDate("12.03.2026"), d);
    EXPECT_EQ(TryParseDate("12 наурыз 2026 ж."), d);
    EXPECT_EQ(TryParseDate("12 НАУРЫЗ 2026 ж."), d);
    EXPECT_EQ(TryParseDate("12 марта 2026 г."), d);
    EXPECT_EQ(TryParseDate("«12» марта 2026 года"), d);
    EXPECT_EQ(TryParseDate("March 12, 2026"), d);
    EXPECT_EQ(TryParseDate("12 March 2026"), d);
    EXPECT_EQ(TryParseDate("2026-03-12"), d);
    EXPECT_EQ(TryParseDate("2026 жылғы 12 наурыз"), d);
    EXPECT_EQ(TryParseDate("12/03/2026"), d);
    EXPECT_EQ(TryParseDate("12 қараша 2026 ж."), (Date{2026, 11, 12}));
    EXPECT_EQ(TryParseDate("1 мая 2025 г."), (Date{2025, 5, 1}));
    EXPECT_EQ(TryParseDate("Dec 1, 2025"), (Date{2025, 12, 1}));
    // OCR that lost the Kazakh letters still reads.
    EXPECT_EQ(TryParseDate("5 кыркуйек 2026 ж."), (Date{2026, 9, 5}));
}

TEST(DateExtract, RejectsImpossibleDates) {
    EXPECT_FALSE(TryParseDate("31.02.2026"));
    EXPECT_FALSE(TryParseDate("12.13.1026"));
    EXPECT_FALSE(TryParseDate("no date here"));
    // Month first only when day first is impossible.
    EXPECT_EQ(TryParseDate("03/25/2026"), (Date{2026, 3, 25}));
}

TEST(DateExtract, LabelsSayWhichDateIsWhich) {
    const std::string text =
        "Выдана гражданину Иванову, дата рождения 01.02.1980,\nДата выдачи: 10.09.2026\n"
        "Действителен до 10.09.2031\n";
    const auto dates = FindDates(text);
    ASSERT_EQ(dates.size(), 3u);
    EXPECT_EQ(dates[0].role, DateRole::Birth);
    EXPECT_EQ(dates[1].role, DateRole::Issue);
    EXPECT_EQ(dates[2].role, DateRole::Expiry);
    EXPECT_EQ(FindIssueDate(text), (Date{2026, 9, 10}));
    EXPECT_EQ(FindExpiryDate(text), (Date{2031, 9, 10}));
}

TEST(DateExtract, UnlabelledIssueDateIsTheLatestNonBirthDate) {
    const std::string text =
        "Азамат Сәрсенбаев, туған күні 14.03.1990 ж.\nсотталмаған.\n"
        "Астана, 2026 жылғы 2 қараша\n";
    EXPECT_EQ(FindIssueDate(text), (Date{2026, 11, 2}));
    EXPECT_FALSE(FindIssueDate("Born 14 March 1990"));
}

TEST(DateExtract, ForgivesTypicalOcrErrors) {
    const Date d{2026, 9, 7};
    EXPECT_EQ(TryParseDate("07.O9.2O26"), d);  // O for 0
    EXPECT_EQ(TryParseDate("O7.09.2026"), d);
    EXPECT_EQ(TryParseDate("07.09.202l"), (Date{2021, 9, 7}));  // l for 1
    EXPECT_EQ(TryParseDate("07.092026"), d);                    // a separator lost
    EXPECT_EQ(TryParseDate("7 сентбря 2026 г."), d);            // a letter lost
    EXPECT_EQ(TryParseDate("7 Septemher 2026"), d);             // a letter misread
    EXPECT_EQ(TryParseDate("7 қырк үйек 2026 ж."), d);          // a word split
    // Letters next to letters stay letters; words that are no month give no date.
    EXPECT_FALSE(TryParseDate("Справка № 5 от 2026"));
    EXPECT_FALSE(TryParseDate("Period 3 2026"));
}

TEST(DateExtract, TheApostilleConventionIsNotAnIssueDate) {
    const std::string text =
        "Date of issue: 25 May 2026\nAPOSTILLE\n(Convention de La Haye du 5 octobre 1961)\n";
    EXPECT_EQ(FindIssueDate(text), (Date{2026, 5, 25}));
    EXPECT_EQ(FindIssueDate("Апостиль (Гаагская конвенция от 5 октября 1961 г.)\nСправка выдана "
                            "12.05.2026"),
              (Date{2026, 5, 12}));
}

TEST(DateExtract, AValidityRangeExpiresAtItsEnd) {
    EXPECT_EQ(FindExpiryDate("Срок действия договора: с 01.09.2026 по 31.08.2027"),
              (Date{2027, 8, 31}));
    EXPECT_EQ(FindExpiryDate("Period of validity: 1 September 2026 to 31 August 2027"),
              (Date{2027, 8, 31}));
    EXPECT_EQ(FindExpiryDate("Срок действия: с 18 августа 2026 года по «25» декабря 2027 г."),
              (Date{2027, 12, 25}));
    EXPECT_EQ(FindExpiryDate("Сақтандыру кезеңі: 1 қыркүйек 2026 ж. бастап 2027 жылғы 5 мамыр "
                             "дейін"),
              (Date{2027, 5, 5}));
    // The start of a period alone is no expiry.
    EXPECT_FALSE(
        FindExpiryDate("Период страхования: с 29 августа 2026 года\nДата выдачи 29.08.2026"));
    EXPECT_EQ(
        FindExpiryDate("Период страхования: с 29 августа 2026 года\nДействителен до 25.12.2027"),
        (Date{2027, 12, 25}));
    EXPECT_EQ(FindExpiryDate("Срок действия до 31.08.2027. Дата выдачи 01.09.2026"),
              (Date{2027, 8, 31}));
}

}  // namespace dossier
