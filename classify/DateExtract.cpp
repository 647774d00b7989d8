// Finds dates in OCR text with the label that says what each one is.
#include "classify/DateExtract.h"
#include "core/Utf8.h"

#include <algorithm>
#include <array>
#include <regex>
#include <vector>

#include "classify/Language.h"

namespace dossier {

namespace {

// Month stems after FoldKeepingOffsets (Kazakh letters folded, lower case), longest first where
// one is a prefix of another.
struct MonthStem {
    const char* stem;
    int month;
};
constexpr std::array<MonthStem, 42> kMonths = {{
    {"кантар", 1},   {"акпан", 2},     {"наурыз", 3},     {"сауир", 4},   {"сэуир", 4},
    {"мамыр", 5},    {"маусым", 6},    {"шилде", 7},      {"тамыз", 8},   {"кыркуиек", 9},
    {"казан", 10},   {"караша", 11},   {"желтоксан", 12}, {"январ", 1},   {"феврал", 2},
    {"март", 3},     {"апрел", 4},     {"мая", 5},        {"маи", 5},     {"июн", 6},
    {"июл", 7},      {"август", 8},    {"сентябр", 9},    {"октябр", 10}, {"ноябр", 11},
    {"декабр", 12},  {"january", 1},   {"february", 2},   {"march", 3},   {"april", 4},
    {"may", 5},      {"june", 6},      {"july", 7},       {"august", 8},  {"september", 9},
    {"october", 10}, {"november", 11}, {"december", 12},  {"jan", 1},     {"feb", 2},
    {"sept", 9},     {"sep", 9},
}};
constexpr std::array<MonthStem, 7> kShortEnglish = {{
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"oct", 10},
    {"nov", 11},
}};

size_t EditDistance(const std::u32string& a, const std::u32string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] =
                std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

int MonthOf(std::string word) {
    std::erase(word, ' ');
    int best = 0;
    size_t bestLen = 0;
    auto consider = [&](const MonthStem& m) {
        const std::string stem = m.stem;
        if (word.compare(0, stem.size(), stem) == 0 && stem.size() > bestLen) {
            best = m.month;
            bestLen = stem.size();
        }
    };
    for (const auto& m : kMonths) consider(m);
    for (const auto& m : kShortEnglish) consider(m);
    if (word.rfind("dec", 0) == 0 && bestLen < 3) best = 12;
    if (best) return best;
    // A month name with one letter lost, added or misread ("октбря"): a long stem within one
    // edit of the word's start.
    const std::u32string w = DecodeUtf8(word);
    for (const auto& m : kMonths) {
        const std::u32string stem = DecodeUtf8(m.stem);
        if (stem.size() < 5 || w.size() + 1 < stem.size()) continue;
        for (size_t len = stem.size() - 1; len <= stem.size() + 1 && len <= w.size(); ++len)
            if (EditDistance(w.substr(0, len), stem) <= 1) return m.month;
    }
    return 0;
}

struct Label {
    const char* text;
    DateRole role;
};
// Folded (lower case, Kazakh letters folded) labels, matched as substrings before a date.
constexpr std::array<Label, 50> kLabels = {{
    {"дата выдачи", DateRole::Issue},

    {"берилген кун", DateRole::Issue},

    {"берилген", DateRole::Issue},
    {"issued on", DateRole::Issue},
    {"date of issue", DateRole::Issue},
    {"issue date", DateRole::Issue},

    {"date of issuance", DateRole::Issue},
    {"дата составления", DateRole::Issue},
    {"дата оформления", DateRole::Issue},
    {"рэсимделген", DateRole::Issue},
    {"ресимделген", DateRole::Issue},
    {"действителен до", DateRole::Expiry},
    {"действительна до", DateRole::Expiry},
    {"действительно до", DateRole::Expiry},
    {"срок действия", DateRole::Expiry},
    {"жарамдылык мерзими", DateRole::Expiry},
    {"жарамды", DateRole::Expiry},
    {"date of expiry", DateRole::Expiry},
    {"expiry", DateRole::Expiry},
    {"expires", DateRole::Expiry},
    {"valid until", DateRole::Expiry},
    {"valid till", DateRole::Expiry},
    {"дата окончания", DateRole::Expiry},
    {"period of validity", DateRole::Expiry},
    {"valid from", DateRole::Expiry},
    {"период страхования", DateRole::Expiry},
    {"period of insurance", DateRole::Expiry},
    {"сактандыру кезени", DateRole::Expiry},
    {"дата рождения", DateRole::Birth},
    {"родился", DateRole::Birth},
    {"родилась", DateRole::Birth},
    {"туган кун", DateRole::Birth},
    {"туган", DateRole::Birth},
    {"date of birth", DateRole::Birth},
    {"birth", DateRole::Birth},
    {"born", DateRole::Birth},
    {"рождения", DateRole::Birth},
    {"д.р", DateRole::Birth},
    {"дата въезда", DateRole::Other},
    // An apostille cites its convention "of 5 October 1961".
    {"convention", DateRole::Other},
    {"конвенц", DateRole::Other},
    {"apostil", DateRole::Other},
    {"апостил", DateRole::Other},
    {"date of entry", DateRole::Other},
    {"келген кун", DateRole::Other},
    {"дата выезда", DateRole::Other},
    {"date of departure", DateRole::Other},
    {"period of stay", DateRole::Other},
    {"срок пребывания", DateRole::Other},
    {"болу мерзими", DateRole::Other},
}};

DateRole RoleBefore(const std::string& folded, size_t from, size_t to) {
    if (to <= from) return DateRole::Unlabelled;
    // Labels are written as people write them; fold them like the text (й, ё, Kazakh letters).
    static const std::vector<std::pair<std::string, DateRole>> kFolded = [] {
        std::vector<std::pair<std::string, DateRole>> out;
        for (const auto& label : kLabels)
            out.emplace_back(FoldKeepingOffsets(label.text), label.role);
        return out;
    }();
    const std::string window = folded.substr(from, to - from);
    size_t bestPos = std::string::npos;
    size_t bestEnd = 0;
    DateRole role = DateRole::Unlabelled;
    for (const auto& [text, labelRole] : kFolded) {
        const size_t pos = window.rfind(text);
        if (pos == std::string::npos) continue;
        const size_t end = pos + text.size();
        // The label closest to the date wins; on a tie the longer (more specific) one.
        if (bestPos == std::string::npos || end > bestEnd) {
            bestPos = pos;
            bestEnd = end;
            role = labelRole;
        }
    }
    return role;
}

bool InRange(const Date& d, const DateOptions& o) {
    return d.IsValid() && d.year >= o.minYear && d.year <= o.maxYear;
}

// OCR reads the digits 0 and 1 as the letters O, l or I ("12.O9.2026", "2O26"): such a letter
// next to a digit and not next to another letter is the digit. Same length, so offsets hold.
void RepairDigitLookalikes(std::string& folded) {
    auto digit = [&](size_t i) {
        return i < folded.size() && folded[i] >= '0' && folded[i] <= '9';
    };
    auto letter = [&](size_t i) {
        if (i >= folded.size()) return false;
        const auto c = static_cast<unsigned char>(folded[i]);
        return std::isalpha(c) || c >= 0x80;
    };
    for (size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        if (c != 'o' && c != 'l' && c != 'i') continue;
        const size_t before = i == 0 ? folded.size() : i - 1;  // none before the first
        if ((digit(before) || digit(i + 1)) && !letter(before) && !letter(i + 1))
            folded[i] = c == 'o' ? '0' : '1';
    }
}

// Whether the word just before `offset` opens a range: "с", "from", "since".
bool AfterRangeStart(const std::string& folded, size_t offset) {
    size_t end = offset;
    while (end > 0 && (folded[end - 1] == ' ' || folded[end - 1] == '\n')) --end;
    size_t start = end;
    while (start > 0 && folded[start - 1] != ' ' && folded[start - 1] != '\n' &&
           folded[start - 1] != ':')
        --start;
    const std::string word = folded.substr(start, end - start);
    return word == "с" || word == "from" || word == "since" || word == "c";
}

// The words between the two dates of a range: "по", "до", "to", "-", "бастап"..., after the first
// date's year word ("года по", "г. по «") and quotes.
bool IsRangeConnector(const std::string& between) {
    static const std::vector<std::string> kYearWords = {"года", "год",   "г",      "ж",
                                                        "жыл",  "жылгы", "жылдан", "year"};
    static const std::vector<std::string> kConnectors = {
        "по", "до", "to", "till", "until", "-", "–", "—", "бастап", "дейин", "from"};
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        // Quotes and punctuation around a word are not part of it.
        const std::string_view trim = " .,:;\"'«»()";
        while (!word.empty() && (trim.find(word.back()) != std::string_view::npos ||
                                 static_cast<unsigned char>(word.back()) == 0xC2 ||
                                 static_cast<unsigned char>(word.back()) == 0xAB ||
                                 static_cast<unsigned char>(word.back()) == 0xBB))
            word.pop_back();
        while (!word.empty() && (trim.find(word.front()) != std::string_view::npos ||
                                 static_cast<unsigned char>(word.front()) == 0xC2 ||
                                 static_cast<unsigned char>(word.front()) == 0xAB ||
                                 static_cast<unsigned char>(word.front()) == 0xBB))
            word.erase(word.begin());
        if (!word.empty() &&
            std::find(kYearWords.begin(), kYearWords.end(), word) == kYearWords.end())
            words.push_back(word);
        word.clear();
    };
    for (char c : between) {
        if (c == ' ' || c == '\n' || c == '\t')
            flush();
        else
            word.push_back(c);
    }
    flush();
    return words.size() == 1 &&
           std::find(kConnectors.begin(), kConnectors.end(), words[0]) != kConnectors.end();
}

}  // namespace

namespace {

/// The date formats a page may print; built once, as regexes are slow to compile.
struct DatePatterns {
    std::regex numeric, numericJoined, iso, dayMonth, yearFirst, monthFirst;
};

const DatePatterns& Patterns() {
    static const DatePatterns kPatterns = [] {
        const std::string q = "(?:\\s|\"|'|«|»|“|”)*";
        // Any word in a month's place (3 to 40 bytes: Cyrillic letters take two; the regex sees
        // bytes, so only ASCII is excluded): MonthOf decides, and forgives one OCR error. After a
        // day, also two pieces of one that OCR split ("кырк уйек").
        const std::string word = "[^\\s\\d,.:;\"'/()-]";
        const std::string month = "(" + word + "{3,40})\\.?";
        const std::string splitMonth = "(" + word + "{2,40}(?: " + word + "{2,20})?)\\.?";
        const std::regex kNumeric(
            "(^|[^\\d])(\\d{1,2})\\s?[./,-]\\s?(\\d{1,2})\\s?[./,-]\\s?((?:19|20)\\d{2})(?!\\d)");
        // The separator before the year lost ("07.092026"): only with a two-digit month.
        const std::regex kNumericJoined(
            "(^|[^\\d])(\\d{1,2})\\s?[./-]\\s?(\\d{2})((?:19|20)\\d{2})(?!\\d)");
        const std::regex kIso("(^|[^\\d])((?:19|20)\\d{2})[-./](\\d{2})[-./](\\d{2})(?!\\d)");
        const std::regex kDayMonth("(^|[^\\d])(\\d{1,2})" + q + "-?\\s*" + splitMonth +
                                   "\\s*,?\\s*((?:19|20)\\d{2})(?!\\d)");
        const std::regex kYearFirst("(^|[^\\d])((?:19|20)\\d{2})\\s*(?:жылгы|жыл|ж\\.?)?\\s*" + q +
                                    "(\\d{1,2})" + q + "\\s*" + month);
        const std::regex kMonthFirst(
            month + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d{2})(?!\\d)");
        return DatePatterns{kNumeric, kNumericJoined, kIso, kDayMonth, kYearFirst, kMonthFirst};
    }();
    return kPatterns;
}

/// Every date of `folded` in range. Where two readings overlap, the format tried first wins: the
/// unambiguous ones (ISO, a month in words) before the numeric ones.
std::vector<FoundDate> MatchDates(const std::string& folded, const DateOptions& options) {
    const DatePatterns& patterns = Patterns();
    std::vector<FoundDate> found;
    auto add = [&](size_t offset, size_t length, int y, int m, int d) {
        Date date{y, m, d};
        if (!InRange(date, options)) return;
        for (const auto& f : found)
            if (offset < f.offset + f.length && f.offset < offset + length) return;  // overlaps
        found.push_back(FoundDate{date, offset, length, DateRole::Unlabelled});
    };
    auto run = [&](const std::regex& re, auto handle) {
        for (auto it = std::sregex_iterator(folded.begin(), folded.end(), re);
             it != std::sregex_iterator(); ++it)
            handle(*it);
    };
    auto prefixLen = [](const std::smatch& m) { return static_cast<size_t>(m.length(1)); };
    run(patterns.iso, [&](const std::smatch& m) {
        add(m.position(0) + prefixLen(m), m.length(0) - prefixLen(m), std::stoi(m[2]),
            std::stoi(m[3]), std::stoi(m[4]));
    });
    run(patterns.yearFirst, [&](const std::smatch& m) {
        add(m.position(0) + prefixLen(m), m.length(0) - prefixLen(m), std::stoi(m[2]),
            MonthOf(m[4]), std::stoi(m[3]));
    });
    run(patterns.dayMonth, [&](const std::smatch& m) {
        add(m.position(0) + prefixLen(m), m.length(0) - prefixLen(m), std::stoi(m[4]),
            MonthOf(m[3]), std::stoi(m[2]));
    });
    run(patterns.monthFirst, [&](const std::smatch& m) {
        // "march" must be a word start, not the tail of another word.
        const size_t pos = m.position(0);
        if (pos > 0 && std::isalpha(static_cast<unsigned char>(folded[pos - 1]))) return;
        add(pos, m.length(0), std::stoi(m[3]), MonthOf(m[1]), std::stoi(m[2]));
    });
    auto numeric = [&](const std::smatch& m) {
        int a = std::stoi(m[2]), b = std::stoi(m[3]);
        // Day first; month first only when the day-first reading is impossible.
        if (b > 12 && a <= 12) std::swap(a, b);
        add(m.position(0) + prefixLen(m), m.length(0) - prefixLen(m), std::stoi(m[4]), b, a);
    };
    run(patterns.numeric, numeric);
    run(patterns.numericJoined, numeric);
    return found;
}

/// What each date is, from the label before it (within options.labelWindow, not reaching back
/// over the date before): `found` is in text order.
void AssignRoles(const std::string& folded, const DateOptions& options,
                 std::vector<FoundDate>& found) {
    size_t previousEnd = 0;
    bool previousStartsValidity = false;  // "Срок действия: с 01.09.2026 ..."
    for (size_t i = 0; i < found.size(); ++i) {
        auto& f = found[i];
        const size_t from = std::max(
            previousEnd, f.offset > options.labelWindow ? f.offset - options.labelWindow : 0);
        f.role = RoleBefore(folded, from, f.offset);
        // "Срок действия: с 01.09.2026 по 31.08.2027": the label names the range; its end is the
        // expiry, its start ("с", "from") is not.
        const bool startsValidity = f.role == DateRole::Expiry && AfterRangeStart(folded, f.offset);
        if (startsValidity) f.role = DateRole::Other;
        if (i > 0 && f.role == DateRole::Unlabelled &&
            (previousStartsValidity || found[i - 1].role == DateRole::Expiry) &&
            IsRangeConnector(folded.substr(previousEnd, f.offset - previousEnd))) {
            found[i - 1].role = DateRole::Other;
            f.role = DateRole::Expiry;
        }
        previousStartsValidity = startsValidity;
        previousEnd = f.offset + f.length;
    }
}

}  // namespace

std::vector<FoundDate> FindDates(std::string_view text, const DateOptions& options) {
    std::string folded = FoldKeepingOffsets(text);
    RepairDigitLookalikes(folded);
    std::vector<FoundDate> found = MatchDates(folded, options);
    std::sort(found.begin(), found.end(),
              [](const FoundDate& x, const FoundDate& y) { return x.offset < y.offset; });
    AssignRoles(folded, options, found);
    return found;
}

std::optional<Date> FindIssueDate(std::string_view text, const DateOptions& options) {
    const auto dates = FindDates(text, options);
    std::optional<Date> labelled;
    for (const auto& f : dates)
        if (f.role == DateRole::Issue && (!labelled || f.date > *labelled)) labelled = f.date;
    if (labelled) return labelled;
    std::optional<Date> latest;
    for (const auto& f : dates)
        if (f.role == DateRole::Unlabelled && (!latest || f.date > *latest)) latest = f.date;
    return latest;
}

std::optional<Date> FindExpiryDate(std::string_view text, const DateOptions& options) {
    // The latest: "Период страхования: с 01.09.2026 ... Действителен до 31.08.2027".
    std::optional<Date> expiry;
    for (const auto& f : FindDates(text, options))
        if (f.role == DateRole::Expiry && (!expiry || f.date > *expiry)) expiry = f.date;
    return expiry;
}

std::optional<Date> TryParseDate(std::string_view text, const DateOptions& options) {
    const auto dates = FindDates(text, options);
    if (dates.size() != 1) return std::nullopt;
    size_t first = text.find_first_not_of(" \t\r\n");
    size_t last = text.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos) return std::nullopt;
    const auto& d = dates.front();
    // Allow trailing "ж." / "г." / "year" words after the date, nothing before it.
    if (d.offset > first + 3) return std::nullopt;
    if (last + 1 > d.offset + d.length + 12) return std::nullopt;
    return d.date;
}

}  // namespace dossier
