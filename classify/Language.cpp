// Language by letters and common words; folding of OCR text for keyword matching.
#include "classify/Language.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include <cld2/public/compact_lang_det.h>

#include "core/Utf8.h"

namespace dossier {

namespace {

bool IsCyrillic(char32_t c) {
    return c >= 0x400 && c <= 0x4FF;
}
bool IsLatin(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// Latin letters that OCR puts into Cyrillic words because they look the same.
char32_t LatinToCyrillic(char32_t c) {
    switch (c) {
        case 'A':
            return 0x410;
        case 'B':
            return 0x412;
        case 'C':
            return 0x421;
        case 'E':
            return 0x415;
        case 'H':
            return 0x41D;
        case 'K':
            return 0x41A;
        case 'M':
            return 0x41C;
        case 'O':
            return 0x41E;
        case 'P':
            return 0x420;
        case 'T':
            return 0x422;
        case 'X':
            return 0x425;
        case 'Y':
            return 0x423;
        case 'I':
            return 0x406;
        case 'a':
            return 0x430;
        case 'c':
            return 0x441;
        case 'e':
            return 0x435;
        case 'o':
            return 0x43E;
        case 'p':
            return 0x440;
        case 'x':
            return 0x445;
        case 'y':
            return 0x443;
        case 'i':
            return 0x456;
        case 'k':
            return 0x43A;
        case 'm':
            return 0x43C;
        default:
            return c;
    }
}

// Kazakh-only letters and ё/й to the Russian letters OCR reads them as.
char32_t FoldLetter(char32_t c) {
    switch (c) {
        case 0x4D9:
            return 0x430;  // ә
        case 0x493:
            return 0x433;  // ғ
        case 0x49B:
            return 0x43A;  // қ
        case 0x4A3:
            return 0x43D;  // ң
        case 0x4E9:
            return 0x43E;  // ө
        case 0x4B1:
            return 0x443;  // ұ
        case 0x4AF:
            return 0x443;  // ү
        case 0x4BB:
            return 0x445;  // һ
        case 0x456:
            return 0x438;  // і
        case 0x451:
            return 0x435;  // ё
        case 0x439:
            return 0x438;  // й
        default:
            return c;
    }
}

bool IsWordChar(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation: dashes, quotes
    if (c == 0xAB || c == 0xBB || c == 0xB0 || c == 0xA7 || c == 0x2116 || c == 0xFFFD || c == 0xB7)
        return false;
    if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
    if (c >= 0xFF00 && c <= 0xFF0F) return false;
    return true;
}

const std::map<std::string, std::unordered_set<std::string>>& LatinStopwords() {
    static const std::map<std::string, std::unordered_set<std::string>> kWords = {
        {"en", {"the",  "of",   "and", "to",   "in",          "is",   "for",    "this",
                "that", "with", "by",  "date", "certificate", "name", "issued", "was",
                "has",  "not",  "on",  "are",  "from",        "birth"}},
        {"de",
         {"der", "die", "und",  "das", "ist", "von",  "nicht",         "mit", "geboren", "den",
          "dem", "des", "eine", "ein", "für", "wird", "bescheinigung", "am",  "zu",      "im"}},
        {"fr", {"le",  "la",   "les",  "et",  "des", "est", "du",         "une", "un",  "né",
                "née", "pour", "dans", "par", "au",  "aux", "certificat", "nom", "sur", "que"}},
        {"es",
         {"el", "la", "los", "las", "del", "y", "que", "en", "por", "para", "una", "nacido",
          "certificado", "nombre", "con", "se", "es"}},
        {"it",
         {"il", "di", "che", "della", "per", "nato", "nata", "del", "gli", "una", "sono",
          "certificato", "nome", "con", "è"}},
        {"tr",
         {"ve", "bir", "bu", "için", "ile", "tarihi", "doğum", "belgesi", "adı", "soyadı", "olan",
          "olarak", "nüfus", "kayıt"}},
        {"uz",
         {"va", "uchun", "bilan", "yil", "tug'ilgan", "haqida", "guvohnoma", "familiyasi", "ismi",
          "sana", "berilgan", "respublikasi"}},
        {"pl",
         {"i", "w", "z", "na", "się", "jest", "urodzony", "urodzona", "nie", "do", "oraz",
          "zaświadczenie", "nazwisko"}},
        {"pt", {"de", "e", "do", "da", "que", "em", "nascido", "certidão", "nome", "os", "para"}},
        {"nl", {"de", "het", "en", "van", "een", "geboren", "is", "op", "voor", "naam", "met"}},
    };
    return kWords;
}

// Script of a letter: "Cyrl", "Latn", "Hani", "Kana", "Hang", "Arab", "Hebr", "Geor", "Armn",
// "Grek", "Thai", "Deva"; nullptr for anything that is not a letter of these.
const char* ScriptOf(char32_t c) {
    if (IsCyrillic(c)) return "Cyrl";
    if (IsLatin(c)) return "Latn";
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return "Hani";
    if (c >= 0x3040 && c <= 0x30FF) return "Kana";
    if (c >= 0xAC00 && c <= 0xD7AF) return "Hang";
    if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F)) return "Arab";
    if (c >= 0x590 && c <= 0x5FF) return "Hebr";
    if (c >= 0x10A0 && c <= 0x10FF) return "Geor";
    if (c >= 0x530 && c <= 0x58F) return "Armn";
    if (c >= 0x370 && c <= 0x3FF) return "Grek";
    if (c >= 0xE00 && c <= 0xE7F) return "Thai";
    if (c >= 0x900 && c <= 0x97F) return "Deva";
    return nullptr;
}

// The letters that tell the Cyrillic languages of the list apart, and how often each language
// uses them (share of its Cyrillic letters, in per cent, from their alphabets and ordinary
// official prose). A language that never uses a letter gets the OCR noise floor instead: a Russian
// page read by Tesseract shows a stray "ў" or "і" now and then, a Belarusian one never shows "и"
// sixty times.
constexpr char32_t kMarkerLetters[] = {0x4D9, 0x493, 0x49B, 0x4A3, 0x4E9, 0x4B1, 0x4AF, 0x4BB,
                                       0x456, 0x45E, 0x4B3, 0x4B7, 0x4E3, 0x4EF, 0x454, 0x457,
                                       0x491, 0x438, 0x44B, 0x44D, 0x449, 0x44A};
constexpr size_t kMarkerCount = std::size(kMarkerLetters);

struct CyrillicProfile {
    const char* code;
    // Per cent, in the order of kMarkerLetters:
    //  ә    ғ    қ    ң    ө    ұ    ү    һ    і    ў    ҳ    ҷ    ӣ    ӯ    є    ї    ґ    и
    //  ы    э    щ    ъ
    std::array<double, kMarkerCount> percent;
};

constexpr CyrillicProfile kCyrillicProfiles[] = {
    {"ru", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7.0, 1.9, 0.3, 0.4, 0.04}},
    {"kk", {2.0, 0.9, 2.2, 1.0, 0.6, 1.0, 0.9, 0.05, 3.0, 0,    0,
            0,   0,   0,   0,   0,   0,   2.5, 5.0,  0.1, 0.02, 0.02}},
    {"ky", {0, 0, 0, 1.2, 1.4, 0, 2.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4.0, 6.0, 0.3, 0.02, 0.02}},
    {"tg", {0, 0.5, 1.0, 0, 0, 0, 0, 0, 0, 0, 1.2, 0.8, 1.5, 0.6, 0, 0, 0, 6.0, 0, 0.3, 0, 0.05}},
    {"uz", {0, 0.7, 1.5, 0, 0, 0, 0, 0, 0, 1.2, 1.0, 0, 0, 0, 0, 0, 0, 6.5, 0, 0.3, 0, 0.4}},
    {"be", {0, 0, 0, 0, 0, 0, 0, 0, 5.0, 1.5, 0, 0, 0, 0, 0, 0, 0, 0, 2.0, 1.2, 0, 0}},
    {"uk", {0, 0, 0, 0, 0, 0, 0, 0, 5.0, 0, 0, 0, 0, 0, 0.5, 0.6, 0.02, 6.0, 0, 0, 0.5, 0}},
    {"mn", {0, 0, 0, 0, 2.5, 0, 2.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2.0, 1.5, 3.0, 0, 0.1}},
};

// Probabilities from log-likelihoods: softmax(ll / temperature).
std::map<std::string, double> Posterior(const std::map<std::string, double>& ll,
                                        double temperature) {
    double best = -1e300;
    for (const auto& [code, v] : ll) best = std::max(best, v);
    std::map<std::string, double> p;
    double sum = 0;
    for (const auto& [code, v] : ll) sum += p[code] = std::exp((v - best) / temperature);
    for (auto& [code, v] : p) v /= sum;
    return p;
}

// Which Cyrillic language the counts of the marker letters fit best: a Poisson likelihood of each
// marker's count under each language's rate (the noise floor where the language lacks the letter).
std::map<std::string, double> CyrillicLetterScores(const std::map<char32_t, int>& counts,
                                                   int cyrillicLetters,
                                                   const LanguageOptions& options) {
    std::map<std::string, double> ll;
    const double n = std::max(1, cyrillicLetters);
    for (const auto& profile : kCyrillicProfiles) {
        double sum = 0;
        for (size_t i = 0; i < kMarkerCount; ++i) {
            const auto it = counts.find(kMarkerLetters[i]);
            const int k = it == counts.end() ? 0 : it->second;
            const double rate = std::max(profile.percent[i] / 100.0, options.letterNoiseRate);
            const double expected = n * rate;
            sum += k * std::log(expected) - expected;
        }
        ll[profile.code] = sum;
    }
    return Posterior(ll, options.letterTemperature);
}

// Share of common words (articles, prepositions, "certificate") in ordinary official text.
constexpr double kCommonWordShare = 0.1;

// Latin-script languages by their letters and common words: shares of the evidence found, scaled
// down when the text has fewer common words than any language has.
std::map<std::string, double> LatinLetterScores(const std::u32string& text) {
    std::map<std::string, double> score;
    for (char32_t c : text) {
        switch (LowerCase(c)) {
            case 0xDF:
            case 0xE4:
            case 0xF6:
            case 0xFC:
                score["de"] += 2;
                break;
            case 0xE7:
            case 0xE8:
            case 0xEA:
            case 0xE0:
                score["fr"] += 2;
                break;
            case 0xF1:
            case 0xE1:
            case 0xED:
            case 0xF3:
            case 0xFA:
                score["es"] += 1.5;
                break;
            case 0x11F:
            case 0x15F:
            case 0x131:
                score["tr"] += 2;
                break;
            case 0x105:
            case 0x119:
            case 0x142:
            case 0x15B:
            case 0x17C:
            case 0x17A:
                score["pl"] += 2;
                break;
            case 0xE3:
            case 0xF5:
                score["pt"] += 2;
                break;
            default:
                break;
        }
    }
    std::string word;
    int words = 0, commonWords = 0;
    auto flush = [&] {
        if (word.empty()) return;
        ++words;
        bool common = false;
        for (const auto& [code, list] : LatinStopwords())
            if (list.count(word)) score[code] += 1, common = true;
        commonWords += common;
        word.clear();
    };
    for (char32_t c : text) {
        if (IsLatin(c) || c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x2BB) {
            AppendUtf8(word, c == 0x2018 || c == 0x2019 || c == 0x2BB ? U'\'' : LowerCase(c));
        } else {
            flush();
        }
    }
    flush();
    score["en"] *= 1.2;  // English is by far the most common foreign language here
    double sum = 0;
    for (const auto& [code, s] : score) sum += s;
    if (sum <= 0) return {};
    // Text in a language has common words (a tenth of its words and more); OCR's reading of a
    // script it has no model for (Chinese, Arabic, Armenian as Latin letters) has almost none, and
    // the evidence shrinks with them.
    const double coverage = std::min(1.0, commonWords / std::max(1.0, kCommonWordShare * words));
    for (auto& [code, s] : score) s = s / sum * coverage;
    return score;
}

// CLD2's view of the text: each detected language's share of the text, weighted by how typical
// of that language CLD2 found the text (its normalized score, 1.0 for ordinary text). Empty when
// CLD2 found nothing.
std::map<std::string, double> Cld2Scores(std::string_view utf8) {
    // CLD2 wants valid UTF-8 (OCR output is re-encoded) and may read past short buffers' ends.
    std::string clean;
    for (char32_t c : DecodeUtf8(utf8))
        if (c != 0xFFFD) AppendUtf8(clean, c);
    CLD2::Language languages[3];
    int percents[3];
    double normalized[3];
    int textBytes = 0;
    bool reliable = false;
    CLD2::ExtDetectLanguageSummary(clean.data(), static_cast<int>(clean.size()), true, nullptr, 0,
                                   CLD2::UNKNOWN_LANGUAGE, languages, percents, normalized,
                                   &textBytes, &reliable);
    std::map<std::string, double> scores;
    double sum = 0;
    for (int i = 0; i < 3; ++i) {
        if (languages[i] == CLD2::UNKNOWN_LANGUAGE || percents[i] <= 0) continue;
        std::string code = CLD2::LanguageCode(languages[i]);
        if (code == "zh-Hant") code = "zh";
        const double typical = std::clamp(normalized[i] / 1000.0, 0.25, 1.0);
        sum += scores[code] += percents[i] / 100.0 * typical;
    }
    if (sum <= 0) return {};
    // What CLD2 could not place stays unassigned: the scores sum to at most 1.
    for (auto& [code, s] : scores) s /= std::max(1.0, sum);
    return scores;
}

// Mixes two score tables: weight `w` on the first.
std::map<std::string, double> Mix(const std::map<std::string, double>& a,
                                  const std::map<std::string, double>& b, double w) {
    std::map<std::string, double> out;
    for (const auto& [code, s] : a) out[code] += w * s;
    for (const auto& [code, s] : b) out[code] += (1 - w) * s;
    return out;
}

// Best and runner-up of a score table into the guess.
void Rank(const std::map<std::string, double>& scores, LanguageGuess& guess) {
    std::string best, second;
    double bestScore = -1, secondScore = 0;
    for (const auto& [code, s] : scores) {
        if (s > bestScore) {
            second = best, secondScore = std::max(0.0, bestScore);
            best = code, bestScore = s;
        } else if (s > secondScore || second.empty()) {
            second = code, secondScore = s;
        }
    }
    guess.code = best;
    guess.score = std::max(0.0, bestScore);
    guess.runnerUp = second;
    guess.margin = guess.score - secondScore;
}

}  // namespace

LanguageGuess DetectLanguage(std::string_view utf8, const LanguageOptions& options) {
    std::u32string text = DecodeUtf8(utf8);
    // Latin look-alikes inside Cyrillic words are Cyrillic letters OCR mistook ("i" for "і").
    for (size_t i = 0; i < text.size();) {
        size_t j = i;
        bool cyr = false, lat = false;
        while (j < text.size() && ScriptOf(text[j])) {
            cyr = cyr || IsCyrillic(text[j]);
            lat = lat || IsLatin(text[j]);
            ++j;
        }
        if (cyr && lat)
            for (size_t k = i; k < j; ++k) text[k] = LatinToCyrillic(text[k]);
        i = std::max(j, i + 1);
    }
    std::map<std::string, int> scripts;
    std::map<char32_t, int> cyrillicCounts;
    int letters = 0;
    for (char32_t c : text) {
        const char* script = ScriptOf(c);
        if (!script) continue;
        ++letters;
        ++scripts[script];
        if (IsCyrillic(c)) ++cyrillicCounts[LowerCase(c)];
    }

    LanguageGuess guess;
    guess.letters = letters;
    if (letters < options.minLetters) return guess;
    std::string script;
    int count = 0, secondCount = 0;
    for (const auto& [s, n] : scripts) {
        if (n > count) {
            secondCount = count;
            script = s, count = n;
        } else if (n > secondCount) {
            secondCount = n;
        }
    }
    // Chinese and Japanese share Han characters; any kana makes it Japanese.
    if (script == "Hani" && scripts["Kana"] > scripts["Hani"] / 10) script = "Kana";
    guess.script = script == "Kana" ? "Hani" : script;
    guess.confidence = static_cast<double>(count) / letters;

    if (script == "Cyrl" || script == "Latn") {
        const auto byLetters = script == "Cyrl"
                                   ? CyrillicLetterScores(cyrillicCounts, count, options)
                                   : LatinLetterScores(text);
        const auto byCld2 = options.method == LanguageMethod::Letters
                                ? std::map<std::string, double>{}
                                : Cld2Scores(utf8);
        std::map<std::string, double> scores;
        if (options.method == LanguageMethod::Cld2)
            scores = byCld2;
        else if (options.method == LanguageMethod::Letters || byCld2.empty())
            scores = byLetters;  // CLD2 places no language (Mongolian is not in its tables)
        else
            scores = Mix(byLetters, byCld2, options.letterWeight);
        if (scores.empty()) return guess;
        Rank(scores, guess);
        return guess;
    }
    static const std::map<std::string, std::string> kByScript = {
        {"Hani", "zh"}, {"Kana", "ja"}, {"Hang", "ko"}, {"Arab", "ar"}, {"Hebr", "he"},
        {"Geor", "ka"}, {"Armn", "hy"}, {"Grek", "el"}, {"Thai", "th"}, {"Deva", "hi"}};
    guess.code = kByScript.at(script);
    if (script == "Arab") {
        // Persian letters absent from Arabic.
        int persian = 0;
        for (char32_t c : text)
            if (c == 0x67E || c == 0x686 || c == 0x698 || c == 0x6AF) ++persian;
        if (persian > 2) guess.code = "fa";
    }
    guess.score = guess.confidence;
    guess.margin = static_cast<double>(count - secondCount) / letters;
    return guess;
}

bool IsStateOrRussian(std::string_view code) {
    return code == "kk" || code == "ru";
}

std::string FoldKeepingOffsets(std::string_view utf8) {
    std::string out(utf8);
    for (size_t i = 0; i < out.size();) {
        const size_t length = ValidUtf8SequenceAt(out, i);
        if (length == 0) {  // a stray byte stays as it is
            ++i;
            continue;
        }
        const char32_t c = DecodeUtf8(std::string_view(out).substr(i, length)).front();
        std::string folded;
        AppendUtf8(folded, FoldLetter(LowerCase(c)));
        // Only a fold of the same length keeps every later offset where it was.
        if (folded.size() == length) out.replace(i, length, folded);
        i += length;
    }
    return out;
}

std::string FoldForMatching(std::string_view utf8) {
    const std::u32string text = DecodeUtf8(utf8);
    std::string out = " ";
    out.reserve(utf8.size() + 2);
    size_t i = 0;
    while (i < text.size()) {
        if (!IsWordChar(text[i])) {
            if (out.back() != ' ') out.push_back(' ');
            ++i;
            continue;
        }
        size_t j = i;
        bool cyr = false, lat = false;
        while (j < text.size() && IsWordChar(text[j])) {
            cyr = cyr || IsCyrillic(text[j]);
            lat = lat || IsLatin(text[j]);
            ++j;
        }
        for (size_t k = i; k < j; ++k) {
            char32_t c = text[k];
            if (cyr && lat) c = LatinToCyrillic(c);
            AppendUtf8(out, FoldLetter(LowerCase(c)));
        }
        i = j;
    }
    if (out.back() != ' ') out.push_back(' ');
    return out;
}

}  // namespace dossier
