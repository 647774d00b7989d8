// Language by letters and common words; folding of OCR text for keyword matching.
#include "classify/Language.h"

#include <array>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace dossier {

namespace {

// Decodes UTF-8 leniently: a broken byte becomes U+FFFD so that OCR garbage never throws.
std::u32string DecodeUtf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 2) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        out.push_back(ok ? cp : 0xFFFD);
        i += ok ? len : 1;
    }
    return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool IsCyrillic(char32_t c) {
    return c >= 0x400 && c <= 0x4FF;
}
bool IsLatin(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

char32_t Lower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (c >= 0x460 && c <= 0x4FF && c != 0x4C0 && (c % 2) == 0 && !(c >= 0x4C1 && c <= 0x4CE))
        return c + 1;
    if (c >= 0x4C1 && c <= 0x4CE && (c % 2) == 1) return c + 1;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c >= 0x100 && c <= 0x17F && (c % 2) == 0) return c + 1;
    return c;
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

bool IsKazakhOnly(char32_t c) {
    switch (Lower(c)) {
        case 0x4D9:
        case 0x493:
        case 0x49B:
        case 0x4A3:
        case 0x4E9:
        case 0x4B1:
        case 0x4AF:
        case 0x4BB:
        case 0x456:
            return true;
        default:
            return false;
    }
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

std::string LatinLanguage(const std::u32string& text) {
    std::map<std::string, double> score;
    for (char32_t c : text) {
        switch (Lower(c)) {
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
    auto flush = [&] {
        if (word.empty()) return;
        for (const auto& [code, words] : LatinStopwords())
            if (words.count(word)) score[code] += 1;
        word.clear();
    };
    for (char32_t c : text) {
        if (IsLatin(c) || c == '\'') {
            AppendUtf8(word, Lower(c));
        } else {
            flush();
        }
    }
    flush();
    std::string best = "en";
    double bestScore =
        score["en"] * 1.2;  // English is by far the most common foreign language here
    for (const auto& [code, s] : score)
        if (s > bestScore) best = code, bestScore = s;
    return best;
}

}  // namespace

LanguageGuess DetectLanguage(std::string_view utf8, const LanguageOptions& options) {
    const std::u32string text = DecodeUtf8(utf8);
    std::map<std::string, int> scripts;
    int letters = 0;
    int cyrWords = 0, kazakhWords = 0;
    std::map<char32_t, int> marks;  // letters that tell Cyrillic languages apart
    bool inWord = false, wordCyr = false, wordKaz = false;
    auto endWord = [&] {
        if (inWord && wordCyr) {
            ++cyrWords;
            if (wordKaz) ++kazakhWords;
        }
        inWord = wordCyr = wordKaz = false;
    };
    for (char32_t c : text) {
        std::string script;
        if (IsCyrillic(c))
            script = "Cyrl";
        else if (IsLatin(c))
            script = "Latn";
        else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
            script = "Hani";
        else if (c >= 0x3040 && c <= 0x30FF)
            script = "Kana";
        else if (c >= 0xAC00 && c <= 0xD7AF)
            script = "Hang";
        else if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F))
            script = "Arab";
        else if (c >= 0x590 && c <= 0x5FF)
            script = "Hebr";
        else if (c >= 0x10A0 && c <= 0x10FF)
            script = "Geor";
        else if (c >= 0x530 && c <= 0x58F)
            script = "Armn";
        else if (c >= 0x370 && c <= 0x3FF)
            script = "Grek";
        else if (c >= 0xE00 && c <= 0xE7F)
            script = "Thai";
        else if (c >= 0x900 && c <= 0x97F)
            script = "Deva";
        if (script.empty()) {
            endWord();
            continue;
        }
        ++letters;
        ++scripts[script];
        if (script == "Cyrl") {
            inWord = true;
            wordCyr = true;
            if (IsKazakhOnly(c)) wordKaz = true;
            ++marks[Lower(c)];
        } else if (script != "Latn") {
            endWord();
        } else {
            inWord = true;
        }
    }
    endWord();

    LanguageGuess guess;
    guess.letters = letters;
    if (letters < options.minLetters) return guess;
    std::string script;
    int count = 0;
    for (const auto& [s, n] : scripts)
        if (n > count) script = s, count = n;
    // Chinese and Japanese share Han characters; any kana makes it Japanese.
    if (script == "Hani" && scripts["Kana"] > scripts["Hani"] / 10) script = "Kana";
    guess.script = script == "Kana" ? "Hani" : script;
    guess.confidence = static_cast<double>(count) / letters;
    if (script == "Cyrl") {
        auto has = [&](char32_t c) { return marks.count(c) ? marks[c] : 0; };
        const int specificKazakh = has(0x4D9) + has(0x493) + has(0x49B) + has(0x4B1) + has(0x456);
        if (has(0x454) + has(0x457) + has(0x491) > 0) {
            guess.code = "uk";
        } else if (has(0x45E) > 0) {
            guess.code = has(0x49B) + has(0x493) + has(0x4B3) > 0 ? "uz" : "be";
        } else if (cyrWords > 0 && kazakhWords > options.kazakhWordShare * cyrWords) {
            // ң ө ү without the letters only Kazakh has: Kyrgyz or Mongolian.
            if (specificKazakh == 0)
                guess.code = has(0x4A3) > 0 ? "ky" : "mn";
            else
                guess.code = "kk";
        } else {
            guess.code = "ru";
        }
    } else if (script == "Latn") {
        guess.code = LatinLanguage(text);
    } else {
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
    }
    return guess;
}

std::u32string ToCodePoints(std::string_view text) {
    return DecodeUtf8(text);
}

bool IsStateOrRussian(std::string_view code) {
    return code == "kk" || code == "ru";
}

std::string FoldKeepingOffsets(std::string_view utf8) {
    std::string out(utf8);
    for (size_t i = 0; i < out.size();) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + 32);
            ++i;
            continue;
        }
        if ((c >> 5) == 6 && i + 1 < out.size()) {
            const char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(out[i + 1]) & 0x3F);
            const char32_t folded = FoldLetter(Lower(cp));
            if (folded < 0x800 && folded >= 0x80) {
                out[i] = static_cast<char>(0xC0 | (folded >> 6));
                out[i + 1] = static_cast<char>(0x80 | (folded & 0x3F));
            }
            i += 2;
            continue;
        }
        ++i;
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
            AppendUtf8(out, FoldLetter(Lower(c)));
        }
        i = j;
    }
    if (out.back() != ' ') out.push_back(' ');
    return out;
}

}  // namespace dossier
