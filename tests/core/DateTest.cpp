#include "core/Date.h"

#include <gtest/gtest.h>

namespace dossier {

TEST(Date, ParsesIsoAndRejectsImpossibleDays) {
    EXPECT_EQ(Date::TryParseIso("2026-11-20"), (Date{2026, 11, 20}));
    EXPECT_EQ(Date::TryParseIso("2024-02-29"), (Date{2024, 2, 29}));
    EXPECT_FALSE(Date::TryParseIso("2026-02-29"));
    EXPECT_FALSE(Date::TryParseIso("2026-13-01"));
    EXPECT_FALSE(Date::TryParseIso("2026-1-01"));
    EXPECT_FALSE(Date::TryParseIso("20261120xx"));
    // Centuries are leap years only every fourth one.
    EXPECT_TRUE(Date::TryParseIso("2000-02-29"));
    EXPECT_FALSE(Date::TryParseIso("1900-02-29"));
    EXPECT_FALSE(Date::TryParseIso("2100-02-29"));
    EXPECT_FALSE(Date::TryParseIso("2026-04-31"));
    EXPECT_FALSE((Date{2026, 0, 10}.IsValid()));
    EXPECT_FALSE((Date{0, 1, 10}.IsValid()));
}

TEST(Date, DayArithmeticRoundTrips) {
    const Date start{2026, 11, 20};
    EXPECT_EQ(AddDays(start, 180), (Date{2027, 5, 19}));
    EXPECT_EQ(DaysBetween(start, AddDays(start, 180)), 180);
    EXPECT_EQ(AddDays(Date{2024, 2, 28}, 1), (Date{2024, 2, 29}));
    EXPECT_EQ(Date::FromDaysSinceEpoch(0), (Date{1970, 1, 1}));
    for (long d = -40000; d < 40000; d += 97)
        EXPECT_EQ(Date::FromDaysSinceEpoch(d).DaysSinceEpoch(), d);
}

TEST(Date, AgeIsCompletedYears) {
    EXPECT_EQ(AgeOn(Date{2012, 5, 1}, Date{2026, 4, 30}), 13);
    EXPECT_EQ(AgeOn(Date{2012, 5, 1}, Date{2026, 5, 1}), 14);
    EXPECT_EQ(AgeOn(Date{2008, 2, 29}, Date{2026, 2, 28}), 17);
}

}  // namespace dossier
