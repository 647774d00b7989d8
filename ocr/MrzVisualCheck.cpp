// Cross-check of the MRZ against the printed (visual) zone: labelled number and dates on the page,
// and the names and state codes that settle characters the MRZ reader could read two ways.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ocr/MrzVisualCheck.h"

#include "core/Utf8.h"
#include "ocr/Transliteration.h"

namespace dossier {

namespace {

std::string Lower(std::string text) {
    // ASCII only: Cyrillic labels are matched in their printed case.
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool HasAny(const std::string& line, std::initializer_list<const char*> keys) {
    const std::string lower = Lower(line);
    return std::any_of(keys.begin(), keys.end(),
                       [&](const char* key) { return lower.find(key) != std::string::npos; });
}

std::vector<Date> FindDates(const std::string& line) {
    static const std::regex numeric(R"((\d{2})[./-](\d{2})[./-](\d{4}))");
    static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
    static const std::regex named(R"((\d{2})\s+([A-Za-z]{3})[A-Za-z/]*\s+(\d{4}))");
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    std::vector<Date> dates;
    for (std::sregex_iterator it(line.begin(), line.end(), numeric), end; it != end; ++it)
        dates.push_back({std::stoi((*it)[3]), std::stoi((*it)[2]), std::stoi((*it)[1])});
    for (std::sregex_iterator it(line.begin(), line.end(), iso), end; it != end; ++it)
        dates.push_back({std::stoi((*it)[1]), std::stoi((*it)[2]), std::stoi((*it)[3])});
    for (std::sregex_iterator it(line.begin(), line.end(), named), end; it != end; ++it) {
        const std::string month = Lower((*it)[2]);
        for (int m = 0; m < 12; ++m)
            if (month == kMonths[m])
                dates.push_back({std::stoi((*it)[3]), m + 1, std::stoi((*it)[1])});
    }
    std::erase_if(dates, [](const Date& d) { return !d.IsValid(); });
    return dates;
}

std::vector<std::string> Tokens(const std::string& line) {
    std::vector<std::string> out;
    std::string current;
    for (char c : line) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else {
            if (!current.empty()) out.push_back(current);
            current.clear();
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

/// The value printed under (or after) a label: the label's own line and the next one.
std::string LabelledText(const std::vector<std::string>& lines, size_t i) {
    return lines[i] + "\n" + (i + 1 < lines.size() ? lines[i + 1] : "");
}

void AddMismatch(Mrz& mrz, const std::string& field) {
    Issue issue;
    issue.severity = Severity::Warning;
    issue.code = "mrz_visual_mismatch";
    issue.message = "The " + field + " printed on the page differs from the MRZ.";
    mrz.issues.push_back(issue);
}

void CheckDate(Mrz& mrz, const std::vector<std::string>& lines, const std::optional<Date>& value,
               std::initializer_list<const char*> labels, const std::string& field) {
    if (!value) return;
    bool seen = false, agrees = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!HasAny(lines[i], labels)) continue;
        // The first date after the label is the value (the next label's line may hold another).
        std::vector<Date> dates = FindDates(lines[i]);
        if (dates.empty() && i + 1 < lines.size()) dates = FindDates(lines[i + 1]);
        if (dates.empty()) continue;
        seen = true;
        agrees = agrees || dates.front() == *value;
    }
    if (seen && !agrees) AddMismatch(mrz, field);
}

// Every spelling of a word whose letters have `options` each, at most `limit` of them.
void AddSpellings(const std::vector<std::vector<std::string>>& options, std::set<std::string>& out,
                  size_t limit = 64) {
    std::vector<std::string> spellings{""};
    for (const auto& choices : options) {
        std::vector<std::string> next;
        for (const auto& prefix : spellings)
            for (const auto& choice : choices)
                if (next.size() < limit) next.push_back(prefix + choice);
        spellings = std::move(next);
    }
    for (auto& spelling : spellings)
        if (!spelling.empty()) out.insert(std::move(spelling));
}

// Words of a line in the MRZ's letters: Latin raised to capitals, Cyrillic transliterated (every
// usual spelling, or with `russianCode` the one of the Russian internal passport's letter code),
// every other character (digits included: no printed name holds one) a separator.
void AddNameWords(const std::string& line, bool russianCode, std::set<std::string>& words) {
    std::vector<std::vector<std::string>> word;
    for (const char32_t c : DecodeUtf8(line)) {
        const char32_t capital = UpperCase(c);
        if (capital >= U'A' && capital <= U'Z') {
            word.push_back({std::string(1, static_cast<char>(capital))});
            continue;
        }
        if (const char code = russianCode ? RussianMrzCode(capital) : 0) {
            word.push_back({std::string(1, code)});
            continue;
        }
        if (const auto* spellings = LatinSpellings(capital)) {
            word.push_back(*spellings);
            continue;
        }
        AddSpellings(word, words);
        word.clear();
    }
    AddSpellings(word, words);
}

// A line of the MRZ as OCR read it (fillers, or one long run of capitals and digits): it would
// confirm the MRZ reader with its own reading of the same print, which is no proof.
bool LooksMachineReadable(const std::string& line) {
    if (line.find('<') != std::string::npos || line.find("«") != std::string::npos) return true;
    size_t run = 0;
    for (char c : line) {
        const bool machine = std::isupper(static_cast<unsigned char>(c)) ||
                             std::isdigit(static_cast<unsigned char>(c));
        run = machine ? run + 1 : 0;
        if (run >= 16) return true;
    }
    return false;
}

enum class FieldKind { Name, StateCode, Number };

struct Field {
    int line = 0;
    int start = 0;
    int end = 0;  // one past the last column
    FieldKind kind = FieldKind::Name;
};

// The MRZ fields that the visual zone prints: the name and the states, which no check digit
// covers, and the document and personal numbers, whose O/0 swaps can cancel out in their check
// digits.
std::vector<Field> VisualFields(const Mrz& mrz) {
    using enum FieldKind;
    if (mrz.lines.size() == 3)
        return {{2, 0, 30, Name},   {0, 2, 5, StateCode}, {1, 15, 18, StateCode},
                {0, 5, 14, Number}, {0, 15, 30, Number},  {1, 18, 29, Number}};
    if (mrz.lines.size() != 2) return {};
    const int length = static_cast<int>(mrz.lines[0].size());
    const int optionalEnd = length == 44 ? 42 : 35;
    return {{0, 5, length, Name},
            {0, 2, 5, StateCode},
            {1, 10, 13, StateCode},
            {1, 0, 9, Number},
            {1, 28, optionalEnd, Number}};
}

// The word that reading `c` at `position` makes in `field`: the run of letters around it in a
// name (empty for a filler), the whole code of a state, the number without its fillers.
std::string WordWith(std::string text, const Field& field, int position, char c) {
    text[static_cast<size_t>(position)] = c;
    std::string whole =
        text.substr(static_cast<size_t>(field.start), static_cast<size_t>(field.end - field.start));
    if (field.kind == FieldKind::StateCode) return whole;
    if (field.kind == FieldKind::Number) {
        std::erase(whole, '<');
        return whole;
    }
    if (c == '<') return "";
    int from = position, to = position + 1;
    while (from > field.start && text[static_cast<size_t>(from - 1)] != '<') --from;
    while (to < field.end && text[static_cast<size_t>(to)] != '<') ++to;
    return text.substr(static_cast<size_t>(from), static_cast<size_t>(to - from));
}

// A line's capitals and digits run together, as a number is printed with or without spaces and
// hyphens ("19720706-95254"): Cyrillic letters that look like Latin ones (OCR of a page in
// Cyrillic reads a printed E as Е) taken as those.
std::string NumberText(const std::string& line) {
    static const std::map<char32_t, char> lookAlikes = {
        {U'А', 'A'}, {U'В', 'B'}, {U'Е', 'E'}, {U'К', 'K'}, {U'М', 'M'}, {U'Н', 'H'},
        {U'О', 'O'}, {U'Р', 'P'}, {U'С', 'C'}, {U'Т', 'T'}, {U'Х', 'X'}, {U'У', 'Y'}};
    std::string text;
    for (const char32_t c : DecodeUtf8(line)) {
        const char32_t cp = UpperCase(c);
        if ((cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9'))
            text += static_cast<char>(cp);
        else if (const auto it = lookAlikes.find(cp); it != lookAlikes.end())
            text += it->second;
    }
    return text;
}

bool EveryNameWordPrinted(const std::string& text, const Field& field,
                          const std::set<std::string>& printed) {
    // The MRZ's words run between fillers (a Russian internal passport's hold digits).
    std::set<std::string> words;
    std::string word;
    for (int i = field.start; i <= field.end; ++i) {
        const char c = i < field.end ? text[static_cast<size_t>(i)] : '<';
        if (c != '<') {
            word += c;
        } else if (!word.empty()) {
            words.insert(word);
            word.clear();
        }
    }
    return !words.empty() && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return printed.count(w) > 0;
    });
}

}  // namespace

void CrossCheckVisualZone(Mrz& mrz, const OcrText& pageText) {
    std::vector<std::string> lines;
    for (const OcrBlock& block : pageText.blocks)
        for (const OcrLine& line : block.lines) {
            std::string text;
            for (const OcrWord& word : line.words) text += (text.empty() ? "" : " ") + word.text;
            // The MRZ itself is not the visual zone.
            if (text.find("<<") == std::string::npos) lines.push_back(text);
        }

    if (!mrz.documentNumber.empty()) {
        bool seen = false, agrees = false;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (!HasAny(lines[i], {"no.", "№", "number", "номер", "нөмір"})) continue;
            for (const std::string& token : Tokens(LabelledText(lines, i))) {
                const bool hasDigit = std::any_of(token.begin(), token.end(),
                                                  [](char c) { return std::isdigit(c) != 0; });
                if (!hasDigit || token.size() + 1 < mrz.documentNumber.size() ||
                    token.size() > mrz.documentNumber.size() + 1)
                    continue;
                seen = true;
                agrees = agrees || token == mrz.documentNumber;
            }
        }
        if (seen && !agrees) AddMismatch(mrz, "document number");
    }
    CheckDate(mrz, lines, mrz.birthDate, {"birth", "туған", "рожд"}, "birth date");
    CheckDate(mrz, lines, mrz.expiryDate, {"expiry", "жарамдылық", "срок действия", "valid until"},
              "expiry date");
}

void SettleWithVisualZone(Mrz& mrz, const OcrText& pageText) {
    const auto unsettled = [](const MrzAmbiguity& a) { return a.settledBy.empty(); };
    if (std::none_of(mrz.ambiguities.begin(), mrz.ambiguities.end(), unsettled)) return;
    std::set<std::string> printed;
    std::vector<std::string> printedNumbers;
    const bool russianCode = !mrz.lines.empty() && IsRussianInternalPassport(mrz.lines[0]);
    for (const OcrBlock& block : pageText.blocks)
        for (const OcrLine& line : block.lines) {
            std::string text;
            for (const OcrWord& word : line.words) text += (text.empty() ? "" : " ") + word.text;
            if (LooksMachineReadable(text)) continue;
            AddNameWords(text, russianCode, printed);
            printedNumbers.push_back(NumberText(text));
        }
    if (printed.empty() && printedNumbers.empty()) return;

    const auto fields = VisualFields(mrz);
    for (MrzAmbiguity& a : mrz.ambiguities) {
        if (!a.settledBy.empty() || a.candidates.empty()) continue;
        const auto field = std::find_if(fields.begin(), fields.end(), [&](const Field& f) {
            return f.line == a.line && a.position >= f.start && a.position < f.end;
        });
        if (field == fields.end() || static_cast<size_t>(a.line) >= mrz.lines.size() ||
            mrz.lines[static_cast<size_t>(a.line)].size() < static_cast<size_t>(field->end))
            continue;
        const std::string& text = mrz.lines[static_cast<size_t>(a.line)];
        const auto isPrinted = [&](char c) {
            const std::string word = WordWith(text, *field, a.position, c);
            if (field->kind != FieldKind::Number)  // one or two letters are found by chance
                return word.size() >= 3 && printed.count(word) > 0;
            // A number is found inside a line's run of capitals and digits; short ones are not
            // told from dates and codes.
            return word.size() >= 5 && std::any_of(printedNumbers.begin(), printedNumbers.end(),
                                                   [&](const std::string& t) {
                                                       return t.find(word) != std::string::npos;
                                                   });
        };
        const bool otherPrinted = std::any_of(a.candidates.begin() + 1, a.candidates.end(),
                                              [&](char c) { return isPrinted(c); });
        if (otherPrinted) continue;
        const bool keptProven = a.candidates[0] == '<' && field->kind == FieldKind::Name
                                    ? EveryNameWordPrinted(text, *field, printed)
                                    : isPrinted(a.candidates[0]);
        if (keptProven) a.settledBy = "visual_zone";
    }

    if (mrz.needsReview &&
        std::none_of(mrz.ambiguities.begin(), mrz.ambiguities.end(), unsettled)) {
        // needsReview is only ever set on an MRZ whose check digits all held.
        mrz.needsReview = false;
        mrz.valid = true;
        std::erase_if(mrz.issues, [](const Issue& i) { return i.code == "mrz_ambiguous"; });
    }
}

}  // namespace dossier
