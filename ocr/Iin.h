// The Kazakhstan individual identification number (IIN, ЖСН/ИИН): check digit, birth date and sex.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"
#include "core/Mrz.h"

namespace dossier {

/// What a valid IIN encodes.
struct IinInfo {
    std::string digits;  ///< the 12 digits
    Date birthDate;
    std::string sex;  ///< "M" or "F"
};

/// The 12th digit for the first 11 digits, or nullopt when the IIN rule gives 10 twice (no valid
/// IIN starts with these digits) or the input is not 11 digits.
std::optional<int> TryIinCheckDigit(std::string_view first11);

/// True for 12 digits with the right check digit. The birth date is not looked at.
bool IsValidIin(std::string_view digits);

/// Decodes a valid IIN: YYMMDD, then the 7th digit gives century and sex (1/2: 1800s, 3/4: 1900s,
/// 5/6: 2000s; odd male, even female). Nullopt for a bad check digit, century digit or date.
std::optional<IinInfo> TryDecodeIin(std::string_view digits);

/// Every run of exactly 12 digits in `text` (not part of a longer number) that is a valid IIN,
/// in order of appearance, without repeats. Spaces inside the number are not bridged.
std::vector<std::string> FindIins(std::string_view text);

/// Checks `mrz.iin` (when set): its check digit, and that its birth date and sex agree with the
/// MRZ. Adds an Issue to `mrz.issues` for each problem ("iin_invalid", "iin_mismatch").
void CrossCheckIin(Mrz& mrz);

}  // namespace dossier
