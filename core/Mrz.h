// The machine-readable zone of a travel document (ICAO 9303) and what was read from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/Issue.h"

namespace dossier {

enum class MrzFormat { TD1, TD2, TD3, MRVA, MRVB };
const char* ToString(MrzFormat format);

/// A character changed from what OCR saw, and the check digit that proves the change.
struct MrzCorrection {
    int line = 0;      ///< 0-based
    int position = 0;  ///< 0-based column
    char from = '?';
    char to = '?';
    std::string provenBy;  ///< check digit field, e.g. "document_number"
};

/// A character the reader could not tell apart on glyph evidence alone (its best and second-best
/// readings were close, or it was changed by a correction), and what settled it.
struct MrzAmbiguity {
    int line = 0;            ///< 0-based
    int position = 0;        ///< 0-based column
    std::string candidates;  ///< the readings weighed, the one kept first (e.g. "O0")
    /// What proved the kept reading: "check_digit" (every other choice breaks a check digit),
    /// "country_code" (only it makes an ICAO code), "second_reader" (Tesseract saw the same
    /// glyph), "iin" (a Kazakh IIN's digit offered a letter: the IIN's check digit and birth date
    /// hold as read), "visual_zone" (the page prints the word it makes, and no other reading's);
    /// empty when nothing did, and the MRZ then needs review.
    std::string settledBy;
};

struct MrzCheck {
    std::string
        field;  ///< "document_number", "birth_date", "expiry_date", "optional_data", "composite"
    bool ok = false;
};

struct Mrz {
    MrzFormat format = MrzFormat::TD3;
    std::vector<std::string> lines;
    std::string documentCode;  ///< "P", "I", "ID", "V"...
    std::string issuingState;
    std::string surname;
    std::string givenNames;
    std::string documentNumber;
    std::string nationality;
    std::optional<Date> birthDate;
    std::string sex;  ///< "M", "F" or "X"
    std::optional<Date> expiryDate;
    std::string optionalData;
    std::string optionalData2;       ///< TD1 line 2 optional data
    std::optional<std::string> iin;  ///< Kazakhstan IIN from the optional data, when present
    /// The name in the document's own letters where the MRZ spells it letter for letter (a
    /// Russian internal passport's letter code): Cyrillic capitals, UTF-8; else empty. `surname`
    /// and `givenNames` then hold its ICAO 9303-3 transliteration.
    std::string surnameNative;
    std::string givenNamesNative;
    std::optional<Date> issueDate;  ///< when the MRZ states it (Russian internal passport)
    std::string authorityCode;      ///< the issuing department ("220-004"), when the MRZ states it
    /// The expiry date is not in the MRZ but follows from a rule about the holder's age (a Russian
    /// internal passport is replaced at 20 and 45); an issue says which.
    bool expiryDerived = false;
    std::vector<MrzCheck> checks;
    std::vector<MrzCorrection> corrections;
    std::vector<MrzAmbiguity> ambiguities;
    std::vector<Issue> issues;
    /// Every check digit that the format defines is right (a quirky optional-data digit does not
    /// make the MRZ invalid; it is an issue), and the reader was sure of every character that no
    /// check digit covers (names, states, sex).
    bool valid = false;
    /// The check digits hold, but some character is ambiguous and nothing proved its reading:
    /// a person must compare the MRZ with the document (never reported valid then).
    bool needsReview = false;
    /// The reader's weakest score (0..1) over the characters no check digit covers; 1 when the
    /// text did not come from an image.
    double uncheckedConfidence = 1.0;
    std::string reader;  ///< which reader's text won: "ocrb_template", "tesseract", "both"
};

}  // namespace dossier
