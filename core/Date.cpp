#include "core/Date.h"

#include <charconv>
#include <chrono>
#include <ctime>

namespace dossier {

namespace chr = std::chrono;

namespace {

chr::year_month_day Civil(const Date& date) {
    return chr::year{date.year} / chr::month{static_cast<unsigned>(date.month)} /
           chr::day{static_cast<unsigned>(date.day)};
}

}  // namespace

bool Date::IsValid() const {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
           Civil(*this).ok();
}

std::string Date::ToIso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

long Date::DaysSinceEpoch() const {
    return chr::sys_days{Civil(*this)}.time_since_epoch().count();
}

Date Date::FromDaysSinceEpoch(long days) {
    const chr::year_month_day civil{chr::sys_days{chr::days{days}}};
    return Date{static_cast<int>(civil.year()), static_cast<int>(unsigned{civil.month()}),
                static_cast<int>(unsigned{civil.day()})};
}

std::optional<Date> Date::TryParseIso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](size_t pos, size_t len, int& out) {
        auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
        return ec == std::errc() && ptr == text.data() + pos + len;
    };
    Date date;
    if (!number(0, 4, date.year) || !number(5, 2, date.month) || !number(8, 2, date.day))
        return std::nullopt;
    if (!date.IsValid()) return std::nullopt;
    return date;
}

Date Date::Today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

long DaysBetween(const Date& from, const Date& to) {
    return to.DaysSinceEpoch() - from.DaysSinceEpoch();
}

Date AddDays(const Date& date, long days) {
    return Date::FromDaysSinceEpoch(date.DaysSinceEpoch() + days);
}

int AgeOn(const Date& birth, const Date& on) {
    int age = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
    return age;
}

std::string NowIsoUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace dossier
