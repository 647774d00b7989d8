// ICAO 9303 Part 3 codes for issuing states, nationalities and organisations in an MRZ.
#pragma once

#include <string_view>

namespace dossier {

/// True when `code` (as printed in the MRZ, fillers allowed: "D<<", "KAZ") is an ICAO 9303 code:
/// an ISO 3166-1 alpha-3 code, "D" for Germany, or an ICAO special code (GBD, UNO, XXA, EUE...).
bool IsIcaoCountryCode(std::string_view code);

}  // namespace dossier
