// Names between the Cyrillic of a visual zone and the Latin capitals of an MRZ: ICAO 9303-3's
// transliteration (with the spellings issuing states use instead) and the letter code of the
// Russian internal passport's MRZ, which writes each Cyrillic letter as one character.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// Latin spellings of the Cyrillic capital `c` in passports: ICAO 9303-3's first, then the forms
/// issuing states write instead (YE for a Kazakh Е, KH or H for Х, ZH or J for Ж), the Kazakh
/// letters as Kazakhstan's passports write them; null when `c` is no Cyrillic capital.
const std::vector<std::string>* LatinSpellings(char32_t c);

/// `text` (UTF-8) with each Cyrillic letter in ICAO 9303-3's Latin, in capitals; other characters
/// are kept as they are.
std::string IcaoLatin(std::string_view text);

/// The character that stands for the Cyrillic capital `c` in a Russian internal passport's MRZ
/// (А -> A, Ё -> 2, Й -> Q, Ч -> 3, Ш -> 4, Щ -> W, Ъ -> X, Ы -> Y, Ь -> 9, Э -> 6, Ю -> 7, Я -> 8,
/// the others by sound); 0 for none.
char RussianMrzCode(char32_t c);

/// The Cyrillic capital that `code` stands for in a Russian internal passport's MRZ; 0 for a
/// character that stands for none (0, 1, 5, '<').
char32_t CyrillicOfRussianMrzCode(char code);

/// The Russian internal passport's MRZ: a TD3 whose document code is PN and state RUS. Its name
/// line is in the letter code above, its expiry date is fillers and its optional data holds the
/// series' last digit, the issue date and the issuing department's code.
bool IsRussianInternalPassport(std::string_view firstLine);

}  // namespace dossier
