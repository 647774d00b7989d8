// Cross-check of the MRZ against the printed (visual) zone: labelled number and dates on the page.
#include <algorithm>
#include <cctype>
#include <regex>

#include "ocr/MrzVisualCheck.h"

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

}  // namespace dossier
