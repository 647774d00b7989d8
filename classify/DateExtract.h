// Dates as certificates write them (12.03.2026, 12 наурыз 2026 ж., 12 марта 2026 г., March 12,
// 2026, ISO).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"

namespace dossier {

/// What the words just before a date say it is.
enum class DateRole { Unlabelled, Issue, Expiry, Birth, Other };

struct FoundDate {
    Date date;
    size_t offset = 0;  ///< byte offset of the date in the text
    size_t length = 0;  ///< bytes
    DateRole role = DateRole::Unlabelled;
};

struct DateOptions {
    /// Dates before this year are ignored as OCR noise or historic references (default: 1900)
    int minYear = 1900;
    /// Dates after this year are ignored (default: 2100)
    int maxYear = 2100;
    /// How far back (in bytes) to look for a label such as "дата выдачи" (default: 80)
    size_t labelWindow = 80;
};

/// Every date in the text, in order, with the role its label gives it. Numeric dates are read
/// day-first (as in Kazakhstan and Russia) unless only month-first makes sense.
std::vector<FoundDate> FindDates(std::string_view text, const DateOptions& options = {});

/// The date a certificate was issued: a date labelled as the issue date, else the latest date that
/// is labelled neither birth nor expiry (certificates end with their date of issue and signature).
std::optional<Date> FindIssueDate(std::string_view text, const DateOptions& options = {});

/// The expiry date of a document as printed ("действителен до", "date of expiry"...), if labelled:
/// the latest such date, the end of a labelled range ("срок действия: с ... по ...").
std::optional<Date> FindExpiryDate(std::string_view text, const DateOptions& options = {});

/// Parses one date written in any of the supported formats (whole string, spaces trimmed).
std::optional<Date> TryParseDate(std::string_view text, const DateOptions& options = {});

}  // namespace dossier
