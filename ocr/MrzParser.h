// Parsing ICAO 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B) from text, with
// check digits and check-digit-proven correction of ambiguous characters. Pure: no OpenCV.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"
#include "core/Mrz.h"

namespace dossier {

struct MrzParseOptions {
    /// Try 0/O, 1/I, 5/S, 8/B, 2/Z and </K where a check digit decides, and record each change
    /// in Mrz::corrections (default: true)
    bool correctAmbiguous = true;
    /// At most this many optional changes in one checked field; letters in digit-only fields are
    /// always tried. Formats without a composite check digit get only forced changes and changes a
    /// reader suggested (default: 2)
    int maxCorrectionsPerField = 2;
    /// Also try changes in letter-or-digit places that no reader suggested. In TD3 the composite
    /// weighs the number and the personal number exactly as their own check digits do, so a
    /// misreading elsewhere in such a field can be "proven" away by chance (default: false)
    bool correctWithoutEvidence = false;
    bool operator==(const MrzParseOptions&) const = default;
};

/// Value of an MRZ character in check digit sums (0-9, A=10..Z=35, '<'=0); -1 outside the alphabet.
int MrzCharValue(char c);

/// The 7-3-1 check digit of `data`; nullopt when a character is outside the MRZ alphabet.
std::optional<int> TryMrzCheckDigit(std::string_view data);

/// The format that lines of these lengths (and this document code) have; nullopt for none.
std::optional<MrzFormat> TryDetectMrzFormat(const std::vector<std::string>& lines);

/// Parses MRZ lines (upper case, exact line lengths). `referenceDate` (normally the application
/// date) resolves two-digit years: birth dates in the past, expiry dates within 50 years either
/// way. Problems found are Issues in the result; nullopt only when the lines have no MRZ shape.
std::optional<Mrz> TryParseMrz(const std::vector<std::string>& lines, const Date& referenceDate,
                               const MrzParseOptions& options = {});

/// As above, for a reader that also reports its second choice per character (`alternatives`:
/// one string per line, ' ' where it had none). A character then changes only to that choice.
std::optional<Mrz> TryParseMrz(const std::vector<std::string>& lines,
                               const std::vector<std::string>& alternatives,
                               const Date& referenceDate, const MrzParseOptions& options = {});

/// As TryParseMrz, from free text: blank lines and spaces are dropped, lower case raised.
std::optional<Mrz> TryParseMrzText(std::string_view text, const Date& referenceDate,
                                   const MrzParseOptions& options = {});

/// Surname and given names from an MRZ name field ("ERIKSSON<<ANNA<MARIA<<<"): the primary
/// identifier ends at the first "<<", single fillers are spaces.
void SplitMrzName(std::string_view field, std::string& surname, std::string& givenNames);

}  // namespace dossier
