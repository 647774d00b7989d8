// A calendar date without time zone: application dates, birth, issue and expiry dates.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

struct Date {
    int year = 0;
    int month = 0;  ///< 1..12
    int day = 0;    ///< 1..31

    /// True for a real calendar day (leap years included).
    bool IsValid() const;
    /// "YYYY-MM-DD".
    std::string ToIso() const;
    /// Days since 1970-01-01 (negative before).
    long DaysSinceEpoch() const;

    static Date FromDaysSinceEpoch(long days);
    /// Parses "YYYY-MM-DD"; nullopt for anything else or an impossible day.
    static std::optional<Date> TryParseIso(std::string_view text);
    /// Today in the local time zone.
    static Date Today();

    auto operator<=>(const Date&) const = default;
};

/// Signed number of days from `from` to `to`.
long DaysBetween(const Date& from, const Date& to);
Date AddDays(const Date& date, long days);
/// Completed years of age on `on` for someone born on `birth`.
int AgeOn(const Date& birth, const Date& on);

/// The current time as ISO 8601 UTC, e.g. 2026-11-20T08:15:00Z.
std::string NowIsoUtc();

}  // namespace dossier
