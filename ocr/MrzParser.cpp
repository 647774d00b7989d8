// ICAO 9303 field layouts, check digits, two-digit years and check-digit-proven corrections.
#include "ocr/MrzParser.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/Utf8.h"
#include "ocr/CountryCodes.h"
#include "ocr/Iin.h"
#include "ocr/Transliteration.h"

namespace dossier {

namespace {

struct Pos {
    int line = 0;
    int col = 0;
    bool operator==(const Pos&) const = default;
};

/// A run of characters protected by a check digit.
struct CheckedField {
    std::string name;
    std::vector<Pos> data;
    Pos check;
    bool digitsOnly = false;  ///< dates: only digits (or fillers for unknown parts) are legal
};

struct Layout {
    std::vector<CheckedField> fields;
    std::optional<CheckedField> composite;
};

using Lines = std::vector<std::string>;

void Append(std::vector<Pos>& out, int line, int from, int to) {
    for (int col = from; col <= to; ++col) out.push_back({line, col});
}

std::vector<Pos> Span(int line, int from, int to) {
    std::vector<Pos> out;
    Append(out, line, from, to);
    return out;
}

char At(const Lines& lines, Pos p) {
    return lines[p.line][p.col];
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string Text(const Lines& lines, const std::vector<Pos>& positions) {
    std::string out;
    for (const Pos& p : positions) out += At(lines, p);
    return out;
}

bool CheckPasses(const Lines& lines, const CheckedField& field) {
    const std::string data = Text(lines, field.data);
    if (field.digitsOnly &&
        !std::all_of(data.begin(), data.end(), [](char c) { return IsDigit(c) || c == '<'; }))
        return false;
    const char check = At(lines, field.check);
    // An unused field may carry a filler instead of a check digit.
    if (check == '<') return std::all_of(data.begin(), data.end(), [](char c) { return c == '<'; });
    if (!IsDigit(check)) return false;
    const auto expected = TryMrzCheckDigit(data);
    return expected && *expected == check - '0';
}

/// The character OCR most often confuses with `c`, or 0 when it has none.
char Partner(char c) {
    static constexpr std::pair<char, char> kPairs[] = {{'0', 'O'}, {'1', 'I'}, {'5', 'S'},
                                                       {'8', 'B'}, {'2', 'Z'}, {'<', 'K'}};
    for (auto [a, b] : kPairs) {
        if (c == a) return b;
        if (c == b) return a;
    }
    return 0;
}

struct Change {
    Pos pos;
    char to;
};

/// Calls `visit` with every choice of exactly `count` items of `candidates`.
void ForEachCombination(const std::vector<Change>& candidates, int count,
                        const std::function<void(const std::vector<Change>&)>& visit) {
    std::vector<Change> chosen;
    std::function<void(size_t)> recurse = [&](size_t start) {
        if (static_cast<int>(chosen.size()) == count) {
            visit(chosen);
            return;
        }
        for (size_t i = start; i < candidates.size(); ++i) {
            chosen.push_back(candidates[i]);
            recurse(i + 1);
            chosen.pop_back();
        }
    };
    recurse(0);
}

void Apply(Lines& lines, const std::vector<Change>& changes) {
    for (const Change& c : changes) lines[c.pos.line][c.pos.col] = c.to;
}

void Record(const Lines& before, const std::vector<Change>& changes, const std::string& provenBy,
            std::vector<MrzCorrection>& out) {
    for (const Change& c : changes)
        out.push_back({c.pos.line, c.pos.col, At(before, c.pos), c.to, provenBy});
}

bool IsSuggested(const Lines* alternatives, Pos p, char c) {
    if (!alternatives) return false;
    const std::string& row = (*alternatives)[p.line];
    return p.col < static_cast<int>(row.size()) && row[p.col] == c;
}

/// Ambiguous places of `field` (and its check digit): letters in digit-only places must change
/// (`forced`); other characters may (`optional`), but only to what the reader also considered when
/// a reader suggested them (`alternatives`, one string per line, ' ' for none) or `blind` allows
/// it.
void FindAmbiguities(const Lines& lines, const Lines* alternatives, bool blind,
                     const CheckedField& field, std::vector<Change>& forced,
                     std::vector<Change>& optional) {
    auto consider = [&](Pos p, bool digitOnly) {
        const char c = At(lines, p);
        const char partner = Partner(c);
        if (!partner) return;
        if (digitOnly) {
            if (!IsDigit(c) && c != '<') forced.push_back({p, partner});
            return;
        }
        if (blind || IsSuggested(alternatives, p, partner)) optional.push_back({p, partner});
    };
    for (const Pos& p : field.data) consider(p, field.digitsOnly);
    consider(field.check, true);
}

/// Every smallest set of ambiguous-character changes that makes `field`'s check digit right
/// (empty when there is none).
std::vector<std::vector<Change>> FindFieldSolutions(const Lines& lines, const Lines* alternatives,
                                                    bool blind, const CheckedField& field,
                                                    int maxOptional) {
    std::vector<Change> forced, optional;
    FindAmbiguities(lines, alternatives, blind, field, forced, optional);
    Lines work = lines;
    Apply(work, forced);
    for (int count = 0; count <= maxOptional; ++count) {
        std::vector<std::vector<Change>> solutions;
        ForEachCombination(optional, count, [&](const std::vector<Change>& chosen) {
            Lines trial = work;
            Apply(trial, chosen);
            if (!CheckPasses(trial, field)) return;
            std::vector<Change> all = forced;
            all.insert(all.end(), chosen.begin(), chosen.end());
            solutions.push_back(all);
        });
        if (!solutions.empty()) return solutions;
    }
    return {};
}

/// TD1 and TD2 documents whose number is longer than 9 characters put a filler in the number's
/// check digit and continue the number, then its check digit, at the start of the optional data.
bool ApplyLongDocumentNumber(const Lines& lines, CheckedField& number, Pos optionalStart,
                             int optionalEnd, size_t& extensionLength) {
    extensionLength = 0;
    if (At(lines, number.check) != '<' || At(lines, number.data.back()) == '<') return false;
    int end = optionalStart.col;
    while (end <= optionalEnd && lines[optionalStart.line][end] != '<') ++end;
    const int length = end - optionalStart.col;
    if (length < 2) return false;
    Append(number.data, optionalStart.line, optionalStart.col, end - 2);
    number.check = {optionalStart.line, end - 1};
    extensionLength = static_cast<size_t>(length);
    return true;
}

std::string Trim(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '<' || c == ' ') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::optional<Date> TryParseMrzDate(std::string_view yymmdd, const Date& reference, bool birth) {
    if (yymmdd.size() != 6 || !std::all_of(yymmdd.begin(), yymmdd.end(), IsDigit))
        return std::nullopt;
    const int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
    const int month = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
    const int day = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
    Date date{2000 + yy, month, day};
    if (birth) {
        // A person is born before the application; 100+ year olds are not told apart.
        if (date > reference) date.year -= 100;
    } else {
        while (date.year > reference.year + 50) date.year -= 100;
        while (date.year <= reference.year - 50) date.year += 100;
    }
    if (!date.IsValid()) return std::nullopt;
    return date;
}

Issue MakeIssue(Severity severity, std::string code, std::string message) {
    Issue issue;
    issue.severity = severity;
    issue.code = std::move(code);
    issue.message = std::move(message);
    return issue;
}

Layout MakeLayout(MrzFormat format) {
    Layout layout;
    if (format == MrzFormat::TD1) {
        layout.fields.push_back({"document_number", Span(0, 5, 13), {0, 14}, false});
        layout.fields.push_back({"birth_date", Span(1, 0, 5), {1, 6}, true});
        layout.fields.push_back({"expiry_date", Span(1, 8, 13), {1, 14}, true});
        CheckedField composite{"composite", Span(0, 5, 29), {1, 29}, false};
        Append(composite.data, 1, 0, 6);
        Append(composite.data, 1, 8, 14);
        Append(composite.data, 1, 18, 28);
        layout.composite = composite;
        return layout;
    }
    // Two-line formats share the first 28 places of line 2.
    const int length = (format == MrzFormat::TD3 || format == MrzFormat::MRVA) ? 44 : 36;
    layout.fields.push_back({"document_number", Span(1, 0, 8), {1, 9}, false});
    layout.fields.push_back({"birth_date", Span(1, 13, 18), {1, 19}, true});
    layout.fields.push_back({"expiry_date", Span(1, 21, 26), {1, 27}, true});
    if (format == MrzFormat::TD3)
        layout.fields.push_back({"optional_data", Span(1, 28, 41), {1, 42}, false});
    if (format == MrzFormat::TD3 || format == MrzFormat::TD2) {
        CheckedField composite{"composite", Span(1, 0, 9), {1, length - 1}, false};
        Append(composite.data, 1, 13, 19);
        Append(composite.data, 1, 21, length - 2);
        layout.composite = composite;
    }
    return layout;
}

bool Covers(const CheckedField& field, Pos p) {
    return field.check == p ||
           std::find(field.data.begin(), field.data.end(), p) != field.data.end();
}

// ---- check-digit-proven corrections ------------------------------------------------------------

using ChangeSets = std::vector<std::vector<Change>>;             // the alternatives for one field
using Correction = std::pair<std::vector<Change>, std::string>;  // changes, proving field

// Candidate change sets per field; a field that passes as read keeps what was read.
std::vector<ChangeSets> FieldCandidates(const Lines& lines, const Layout& layout, const Lines* alts,
                                        const MrzParseOptions& options) {
    const bool hasComposite = layout.composite.has_value();
    const int maxOptional = options.correctAmbiguous ? options.maxCorrectionsPerField : 0;
    std::vector<ChangeSets> candidates;
    for (const CheckedField& field : layout.fields) {
        ChangeSets sets;
        if (!CheckPasses(lines, field) && options.correctAmbiguous)
            sets = FindFieldSolutions(lines, alts, options.correctWithoutEvidence, field,
                                      (hasComposite || alts) ? maxOptional : 0);
        if (sets.empty()) sets.push_back({});
        candidates.push_back(std::move(sets));
    }
    return candidates;
}

// Places no field check covers may change (once) for the composite alone. The composite check
// digit is a digit by format: a letter there can only be its partner.
void AddCompositeOnlyCandidates(const Lines& lines, const Layout& layout, const Lines* alts,
                                const MrzParseOptions& options,
                                std::vector<ChangeSets>& candidates) {
    const CheckedField& composite = *layout.composite;
    ChangeSets uncovered = {{}};
    for (const Pos& p : composite.data) {
        bool covered = false;
        for (const CheckedField& field : layout.fields) covered = covered || Covers(field, p);
        if (covered) continue;
        const char partner = Partner(At(lines, p));
        if (!partner) continue;
        if (!options.correctWithoutEvidence && !IsSuggested(alts, p, partner)) continue;
        uncovered.push_back({{p, partner}});
    }
    candidates.push_back(uncovered);
    const char compositeCheck = At(lines, composite.check);
    if (!IsDigit(compositeCheck) && compositeCheck != '<' && IsDigit(Partner(compositeCheck)))
        candidates.push_back({{{composite.check, Partner(compositeCheck)}}});
}

// The pick of one change set per field with the fewest changes under which the composite and
// every changed field pass. Nothing when no pick or more than one does, or when there are too
// many combinations to try.
std::optional<std::vector<size_t>> TryFindUniqueFewestChanges(
    const Lines& lines, const Layout& layout, const std::vector<ChangeSets>& candidates) {
    size_t combinations = 1;
    for (const auto& sets : candidates) combinations *= sets.size();
    if (combinations > 4096) return std::nullopt;
    std::vector<size_t> pick(candidates.size(), 0), best;
    size_t bestChanges = SIZE_MAX;
    int bestCount = 0;
    for (size_t n = 0; n < combinations; ++n) {
        size_t rest = n, changes = 0;
        Lines trial = lines;
        for (size_t f = 0; f < candidates.size(); ++f) {
            pick[f] = rest % candidates[f].size();
            rest /= candidates[f].size();
            Apply(trial, candidates[f][pick[f]]);
            changes += candidates[f][pick[f]].size();
        }
        if (changes == 0 || !CheckPasses(trial, *layout.composite)) continue;
        bool fieldsHold = true;
        for (size_t f = 0; f < layout.fields.size(); ++f)
            if (!candidates[f][pick[f]].empty() && !CheckPasses(trial, layout.fields[f]))
                fieldsHold = false;
        if (!fieldsHold) continue;
        if (changes < bestChanges) {
            bestChanges = changes;
            best = pick;
            bestCount = 1;
        } else if (changes == bestChanges) {
            ++bestCount;
        }
    }
    if (bestCount != 1) return std::nullopt;
    return best;
}

// The composite must confirm the field corrections: each one is proven by its field's check
// digit and the composite together.
std::vector<Correction> ChooseConfirmedByComposite(const Lines& lines, const Layout& layout,
                                                   const Lines* alts,
                                                   const MrzParseOptions& options,
                                                   std::vector<ChangeSets> candidates) {
    AddCompositeOnlyCandidates(lines, layout, alts, options, candidates);
    std::vector<Correction> chosen;
    const auto best = TryFindUniqueFewestChanges(lines, layout, candidates);
    if (!best) return chosen;
    for (size_t f = 0; f < candidates.size(); ++f) {
        const std::string proof =
            f < layout.fields.size() ? layout.fields[f].name + "+composite" : "composite";
        if (!candidates[f][(*best)[f]].empty())
            chosen.push_back({candidates[f][(*best)[f]], proof});
    }
    return chosen;
}

// No composite to confirm: only a single solution is proof enough.
std::vector<Correction> ChooseSingleSolutions(const Layout& layout,
                                              const std::vector<ChangeSets>& candidates) {
    std::vector<Correction> chosen;
    for (size_t f = 0; f < layout.fields.size(); ++f)
        if (candidates[f].size() == 1 && !candidates[f][0].empty())
            chosen.push_back({candidates[f][0], layout.fields[f].name});
    return chosen;
}

// ---- reading the corrected lines ---------------------------------------------------------------

// Records each check digit's result and an issue for each that fails. Returns false when a
// failure makes the MRZ invalid (a wrong optional-data check digit only warns).
bool ReportCheckDigits(const Lines& lines, const Layout& layout, Mrz& mrz) {
    bool valid = true;
    for (const CheckedField& field : layout.fields) {
        const bool ok = CheckPasses(lines, field);
        const bool optionalData = field.name == "optional_data";
        // An unused personal number with a filler check digit has nothing to check.
        if (optionalData && At(lines, field.check) == '<' && ok) continue;
        mrz.checks.push_back({field.name, ok});
        if (ok) continue;
        if (optionalData) {
            mrz.issues.push_back(MakeIssue(Severity::Warning, "mrz_optional_data_check",
                                           "The check digit of the MRZ optional data is wrong."));
        } else {
            valid = false;
            mrz.issues.push_back(MakeIssue(Severity::Error, "mrz_check_digit",
                                           "The MRZ check digit of " + field.name + " is wrong."));
        }
    }
    if (layout.composite) {
        const bool ok = CheckPasses(lines, *layout.composite);
        mrz.checks.push_back({"composite", ok});
        if (!ok) {
            valid = false;
            mrz.issues.push_back(MakeIssue(Severity::Error, "mrz_check_digit",
                                           "The MRZ composite check digit is wrong."));
        }
    }
    return valid;
}

// What the fields need beyond trimming: the name field and the dates as read.
struct RawFields {
    std::string name, birth, expiry;
};

// Copies the fields at their places in the format into `mrz`; `extension` is how far a long
// document number runs into the optional data.
RawFields ReadFields(const Lines& lines, const Layout& layout, MrzFormat format, size_t extension,
                     Mrz& mrz) {
    const std::string& l0 = lines[0];
    const std::string& l1 = lines[1];
    RawFields raw;
    mrz.documentCode = Trim(l0.substr(0, 2));
    mrz.issuingState = Trim(l0.substr(2, 3));
    if (format == MrzFormat::TD1) {
        mrz.documentNumber = Trim(Text(lines, layout.fields[0].data));
        const std::string optional1 = l0.substr(15 + std::min<size_t>(extension, 15));
        mrz.optionalData = Trim(optional1);
        raw.birth = l1.substr(0, 6);
        mrz.sex = l1.substr(7, 1);
        raw.expiry = l1.substr(8, 6);
        mrz.nationality = Trim(l1.substr(15, 3));
        mrz.optionalData2 = Trim(l1.substr(18, 11));
        raw.name = lines[2];
    } else {
        const size_t length = l0.size();
        mrz.documentNumber = Trim(Text(lines, layout.fields[0].data));
        mrz.nationality = Trim(l1.substr(10, 3));
        raw.birth = l1.substr(13, 6);
        mrz.sex = l1.substr(20, 1);
        raw.expiry = l1.substr(21, 6);
        size_t optionalEnd = length;  // exclusive
        if (format == MrzFormat::TD3) optionalEnd = 42;
        if (format == MrzFormat::TD2) optionalEnd = 35;
        mrz.optionalData =
            Trim(l1.substr(28 + extension, optionalEnd - 28 - std::min<size_t>(extension, 7)));
        raw.name = l0.substr(5);
    }
    return raw;
}

// No check digit covers the document code or the sex: a value the format does not allow is a
// misreading. Returns false (the MRZ is invalid) for either.
bool CheckCodeAndSex(MrzFormat format, Mrz& mrz) {
    bool ok = true;
    // ICAO 9303: passports start with P, visas with V, TD1/TD2 cards with A, C or I.
    const char kind = mrz.documentCode.empty() ? '?' : mrz.documentCode[0];
    const bool kindOk = format == MrzFormat::TD3 ? kind == 'P'
                        : (format == MrzFormat::MRVA || format == MrzFormat::MRVB)
                            ? kind == 'V'
                            : (kind == 'A' || kind == 'C' || kind == 'I');
    if (!kindOk) {
        ok = false;
        mrz.issues.push_back(MakeIssue(Severity::Error, "mrz_document_code",
                                       "The MRZ document code does not fit its format."));
    }
    if (mrz.sex == "<") mrz.sex = "X";
    if (mrz.sex != "M" && mrz.sex != "F" && mrz.sex != "X") {
        ok = false;
        mrz.issues.push_back(
            MakeIssue(Severity::Error, "mrz_sex", "The MRZ sex is not M, F or <."));
    }
    return ok;
}

void ReadName(const std::string& nameField, Mrz& mrz) {
    SplitMrzName(nameField, mrz.surname, mrz.givenNames);
    if (!nameField.empty() && nameField.back() != '<')
        mrz.issues.push_back(MakeIssue(Severity::Info, "mrz_name_truncated",
                                       "The name fills the MRZ name field and may be truncated."));
    // A Russian internal passport writes some Cyrillic letters as digits, but never 0, 1 or 5.
    const bool letterCode = IsRussianInternalPassport(mrz.lines[0]);
    if (std::any_of(nameField.begin(), nameField.end(), [&](char c) {
            return IsDigit(c) && !(letterCode && CyrillicOfRussianMrzCode(c));
        }))
        mrz.issues.push_back(
            MakeIssue(Severity::Warning, "mrz_name_digits", "The MRZ name contains digits."));
}

// The Cyrillic of a name written in the Russian internal passport's letter code (spaces kept);
// empty when a character stands for no letter.
std::string CyrillicOfLetterCode(const std::string& coded) {
    std::string out;
    for (const char c : coded) {
        if (c == ' ') {
            out += ' ';
            continue;
        }
        const char32_t letter = CyrillicOfRussianMrzCode(c);
        if (!letter) return "";
        AppendUtf8(out, letter);
    }
    return out;
}

// The day a person born on `birth` turns `years` (1 March for a 29 February outside leap years).
Date Birthday(const Date& birth, int years) {
    Date day{birth.year + years, birth.month, birth.day};
    if (!day.IsValid()) day = {birth.year + years, 3, 1};
    return day;
}

// A Russian internal passport's MRZ (the rules of the Russian Ministry of Internal Affairs for its
// machine-readable record): the name in the letter code, the first three digits of the series and
// the six of the number in the number field, and in the optional data the series' last digit, the
// issue date and the issuing department's code. Its expiry date is fillers: the passport is
// replaced when the holder turns 20 and 45, and stays valid until the new one is issued, but not
// more than 90 days after that birthday (the Regulation on the passport of a citizen of the
// Russian Federation, Government decree 828 of 8 July 1997, as amended).
void ReadRussianInternalPassport(const Lines& lines, const RawFields& raw,
                                 const Date& referenceDate, Mrz& mrz) {
    constexpr int kDaysValidAfterReplacementAge = 90;
    const std::string& l1 = lines[1];
    mrz.surnameNative = CyrillicOfLetterCode(mrz.surname);
    mrz.givenNamesNative = CyrillicOfLetterCode(mrz.givenNames);
    if (!mrz.surnameNative.empty()) mrz.surname = IcaoLatin(mrz.surnameNative);
    if (!mrz.givenNamesNative.empty()) mrz.givenNames = IcaoLatin(mrz.givenNamesNative);
    if (IsDigit(l1[28]) && std::all_of(l1.begin(), l1.begin() + 9, IsDigit))
        mrz.documentNumber = l1.substr(0, 3) + l1[28] + l1.substr(3, 6);
    mrz.issueDate = TryParseMrzDate(l1.substr(29, 6), referenceDate, true);
    if (std::all_of(l1.begin() + 35, l1.begin() + 41, IsDigit))
        mrz.authorityCode = l1.substr(35, 3) + "-" + l1.substr(38, 3);
    if (raw.expiry != "<<<<<<" || !mrz.birthDate || !mrz.issueDate) return;
    // The issue date decides the expiry, and a wrong optional-data check digit only warns: an
    // issue date it does not confirm decides nothing.
    const bool issueDateChecked = std::any_of(
        mrz.checks.begin(), mrz.checks.end(),
        [](const MrzCheck& check) { return check.field == "optional_data" && check.ok; });
    if (!issueDateChecked) {
        mrz.issues.push_back(MakeIssue(Severity::Warning, "mrz_expiry_by_age",
                                       "The Russian internal passport states no expiry date, and "
                                       "its issue date is not confirmed by its check digit: when "
                                       "it is to be replaced is not known."));
        return;
    }
    const int ageAtIssue = AgeOn(*mrz.birthDate, *mrz.issueDate);
    if (ageAtIssue >= 45) {
        mrz.issues.push_back(MakeIssue(Severity::Info, "mrz_expiry_by_age",
                                       "The Russian internal passport states no expiry date; "
                                       "issued at 45 or later, it does not expire."));
        return;
    }
    const int replacementAge = ageAtIssue < 20 ? 20 : 45;
    const Date replacement = Birthday(*mrz.birthDate, replacementAge);
    mrz.expiryDate = AddDays(replacement, kDaysValidAfterReplacementAge);
    mrz.expiryDerived = true;
    mrz.issues.push_back(MakeIssue(
        Severity::Info, "mrz_expiry_by_age",
        "The Russian internal passport states no expiry date; it is to be replaced at age " +
            std::to_string(replacementAge) + " (" + replacement.ToIso() +
            ") and is valid for at most " + std::to_string(kDaysValidAfterReplacementAge) +
            " days after: until " + mrz.expiryDate->ToIso() + "."));
}

void ReadDates(const RawFields& raw, const Date& referenceDate, Mrz& mrz) {
    mrz.birthDate = TryParseMrzDate(raw.birth, referenceDate, true);
    mrz.expiryDate = TryParseMrzDate(raw.expiry, referenceDate, false);
    if (!mrz.birthDate)
        mrz.issues.push_back(
            MakeIssue(Severity::Warning, "mrz_date", "The MRZ birth date is not a full date."));
    // A Russian internal passport's expiry is fillers by design: its own rule says when it ends.
    const bool noExpiryByDesign = IsRussianInternalPassport(mrz.lines[0]) && raw.expiry == "<<<<<<";
    if (!mrz.expiryDate && !noExpiryByDesign)
        mrz.issues.push_back(
            MakeIssue(Severity::Warning, "mrz_date", "The MRZ expiry date is not a full date."));
    if (mrz.birthDate && mrz.expiryDate && *mrz.expiryDate < *mrz.birthDate)
        mrz.issues.push_back(MakeIssue(Severity::Error, "mrz_date",
                                       "The MRZ expiry date is before the birth date."));
}

// Compares the codes as read, fillers included, not the trimmed fields.
void CheckCountryCodes(const Lines& lines, MrzFormat format, Mrz& mrz) {
    const std::string& l0 = lines[0];
    const std::string& l1 = lines[1];
    if (!IsIcaoCountryCode(l0.substr(2, 3)))
        mrz.issues.push_back(MakeIssue(Severity::Warning, "mrz_country_code",
                                       "The MRZ issuing state is not an ICAO code."));
    const std::string nationality = format == MrzFormat::TD1 ? l1.substr(15, 3) : l1.substr(10, 3);
    if (!IsIcaoCountryCode(nationality))
        mrz.issues.push_back(MakeIssue(Severity::Warning, "mrz_country_code",
                                       "The MRZ nationality is not an ICAO code."));
}

// Kazakhstan puts the IIN first in the optional data (ID card line 1, passport personal number).
void ReadKazakhIin(Mrz& mrz) {
    if (mrz.issuingState == "KAZ" && mrz.optionalData.size() >= 12 &&
        std::all_of(mrz.optionalData.begin(), mrz.optionalData.begin() + 12, IsDigit)) {
        mrz.iin = mrz.optionalData.substr(0, 12);
        CrossCheckIin(mrz);
    }
}

}  // namespace

int MrzCharValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    if (c == '<') return 0;
    return -1;
}

std::optional<int> TryMrzCheckDigit(std::string_view data) {
    static constexpr int kWeights[] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < data.size(); ++i) {
        const int value = MrzCharValue(data[i]);
        if (value < 0) return std::nullopt;
        sum += value * kWeights[i % 3];
    }
    return sum % 10;
}

std::optional<MrzFormat> TryDetectMrzFormat(const std::vector<std::string>& lines) {
    auto all = [&](size_t length) {
        return std::all_of(lines.begin(), lines.end(),
                           [&](const std::string& l) { return l.size() == length; });
    };
    if (lines.size() == 3 && all(30)) return MrzFormat::TD1;
    if (lines.size() != 2) return std::nullopt;
    const bool visa = lines[0][0] == 'V';
    if (all(44)) return visa ? MrzFormat::MRVA : MrzFormat::TD3;
    if (all(36)) return visa ? MrzFormat::MRVB : MrzFormat::TD2;
    return std::nullopt;
}

void SplitMrzName(std::string_view field, std::string& surname, std::string& givenNames) {
    const size_t split = field.find("<<");
    if (split == std::string_view::npos) {
        surname = Trim(field);
        givenNames.clear();
        return;
    }
    surname = Trim(field.substr(0, split));
    givenNames = Trim(field.substr(split + 2));
}

std::optional<Mrz> TryParseMrz(const std::vector<std::string>& input, const Date& referenceDate,
                               const MrzParseOptions& options) {
    return TryParseMrz(input, {}, referenceDate, options);
}

std::optional<Mrz> TryParseMrz(const std::vector<std::string>& input,
                               const std::vector<std::string>& alternatives,
                               const Date& referenceDate, const MrzParseOptions& options) {
    const auto format = TryDetectMrzFormat(input);
    if (!format) return std::nullopt;
    Lines lines = input;

    Mrz mrz;
    mrz.format = *format;
    Layout layout = MakeLayout(*format);

    size_t extension = 0;
    if (*format == MrzFormat::TD1)
        ApplyLongDocumentNumber(lines, layout.fields[0], {0, 15}, 29, extension);
    else if (*format == MrzFormat::TD2)
        ApplyLongDocumentNumber(lines, layout.fields[0], {1, 28}, 34, extension);

    const Lines* alts = alternatives.size() == lines.size() ? &alternatives : nullptr;
    std::vector<ChangeSets> candidates = FieldCandidates(lines, layout, alts, options);
    std::vector<Correction> chosen;
    if (layout.composite && options.correctAmbiguous)
        chosen = ChooseConfirmedByComposite(lines, layout, alts, options, std::move(candidates));
    else if (options.correctAmbiguous)
        chosen = ChooseSingleSolutions(layout, candidates);
    for (const auto& [changes, proof] : chosen) {
        Record(lines, changes, proof, mrz.corrections);
        Apply(lines, changes);
    }

    mrz.lines = lines;
    bool valid = ReportCheckDigits(lines, layout, mrz);
    const RawFields raw = ReadFields(lines, layout, *format, extension, mrz);
    if (!CheckCodeAndSex(*format, mrz)) valid = false;
    ReadName(raw.name, mrz);
    ReadDates(raw, referenceDate, mrz);
    if (*format == MrzFormat::TD3 && IsRussianInternalPassport(lines[0]))
        ReadRussianInternalPassport(lines, raw, referenceDate, mrz);
    CheckCountryCodes(lines, *format, mrz);
    ReadKazakhIin(mrz);
    mrz.valid = valid;
    return mrz;
}

std::optional<Mrz> TryParseMrzText(std::string_view text, const Date& referenceDate,
                                   const MrzParseOptions& options) {
    std::vector<std::string> lines;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) lines.push_back(current);
        current.clear();
    };
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            flush();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    flush();
    return TryParseMrz(lines, referenceDate, options);
}

}  // namespace dossier
