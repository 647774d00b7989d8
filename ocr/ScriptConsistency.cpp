#include "ocr/ScriptConsistency.h"

#include <utility>

#include "core/Utf8.h"
#include "ocr/ReadingOrder.h"

namespace dossier {

namespace {

bool IsLatin(char32_t c) {
    return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
}

bool IsCyrillic(char32_t c) {
    return c >= 0x0400 && c <= 0x04FF;
}

// Letters printed alike in both scripts (in the fonts of documents, not by their names): the
// pairs Tesseract trades for each other.
constexpr std::pair<char32_t, char32_t> kLookAlikes[] = {
    {U'А', U'A'}, {U'В', U'B'}, {U'Е', U'E'}, {U'К', U'K'}, {U'М', U'M'}, {U'Н', U'H'},
    {U'О', U'O'}, {U'Р', U'P'}, {U'С', U'C'}, {U'Т', U'T'}, {U'Х', U'X'}, {U'Ү', U'Y'},
    {U'І', U'I'}, {U'Ј', U'J'}, {U'Ѕ', U'S'}, {U'а', U'a'}, {U'е', U'e'}, {U'о', U'o'},
    {U'р', U'p'}, {U'с', U'c'}, {U'у', U'y'}, {U'х', U'x'}, {U'і', U'i'}, {U'ј', U'j'},
    {U'ѕ', U's'}, {U'һ', U'h'},
};

std::optional<char32_t> LatinLookAlike(char32_t cyrillic) {
    for (const auto& [c, l] : kLookAlikes)
        if (c == cyrillic) return l;
    return std::nullopt;
}

std::optional<char32_t> CyrillicLookAlike(char32_t latin) {
    for (const auto& [c, l] : kLookAlikes)
        if (l == latin) return c;
    return std::nullopt;
}

struct LetterCount {
    int latin = 0, cyrillic = 0;
};

LetterCount CountLetters(const std::u32string& text) {
    LetterCount count;
    for (char32_t c : text) {
        if (IsLatin(c)) ++count.latin;
        if (IsCyrillic(c)) ++count.cyrillic;
    }
    return count;
}

// A run of letters in its majority script, when every letter of the other script has a
// look-alike; unchanged otherwise (a real mix such as a code "AБ12" is left to the reader).
std::u32string OneScriptRun(const std::u32string& run) {
    const LetterCount count = CountLetters(run);
    if (count.latin == 0 || count.cyrillic == 0 || count.latin == count.cyrillic) return run;
    const bool toCyrillic = count.cyrillic > count.latin;
    std::u32string out = run;
    for (char32_t& c : out) {
        if (toCyrillic ? !IsLatin(c) : !IsCyrillic(c)) continue;
        const auto alike = toCyrillic ? CyrillicLookAlike(c) : LatinLookAlike(c);
        if (!alike) return run;
        c = *alike;
    }
    return out;
}

// Each run of letters of the word in one script: "Pеспублика" is mended, while in
// "ТОО«Bereke" the Russian and the English name keep their own scripts.
std::u32string OneScript(const std::u32string& word) {
    std::u32string out, run;
    for (char32_t c : word) {
        if (IsLatin(c) || IsCyrillic(c)) {
            run += c;
            continue;
        }
        out += OneScriptRun(run) + c;
        run.clear();
    }
    return out + OneScriptRun(run);
}

LetterCount CountLetters(const OcrBlock& block) {
    LetterCount count;
    for (const auto& line : block.lines)
        for (const auto& word : line.words) {
            const LetterCount w = CountLetters(DecodeUtf8(word.text));
            count.latin += w.latin;
            count.cyrillic += w.cyrillic;
        }
    return count;
}

bool Dominates(const LetterCount& count, double dominance, const ScriptOptions& options) {
    return count.latin >= options.minLetters && count.latin >= dominance * count.cyrillic;
}

// The words of `line` around word `w` not parted from it by a gap wider than twice its height: its
// phrase, where a line Tesseract ran across a gutter also holds another column's words.
cv::Rect PhraseAround(const OcrLine& line, std::size_t w) {
    const int gap = 2 * std::max(1, line.words[w].box.height);
    std::size_t first = w, last = w;
    while (first > 0 && line.words[first].box.x - line.words[first - 1].box.br().x <= gap) --first;
    while (last + 1 < line.words.size() &&
           line.words[last + 1].box.x - line.words[last].box.br().x <= gap)
        ++last;
    cv::Rect phrase;
    for (std::size_t i = first; i <= last; ++i) phrase |= line.words[i].box;
    return phrase;
}

}  // namespace

std::vector<WordAt> UnifyScripts(OcrText& text, const ScriptOptions& options) {
    bool changed = false;
    for (auto& block : text.blocks)
        for (auto& line : block.lines)
            for (auto& word : line.words) {
                const std::u32string decoded = DecodeUtf8(word.text);
                const std::u32string unified = OneScript(decoded);
                if (unified != decoded) {
                    word.text = EncodeUtf8(unified);
                    changed = true;
                }
            }

    // Which script each block, and the page, is written in: counted once, after the mending.
    std::vector<LetterCount> blocks;
    LetterCount page;
    for (const auto& block : text.blocks) {
        blocks.push_back(CountLetters(block));
        page.latin += blocks.back().latin;
        page.cyrillic += blocks.back().cyrillic;
    }
    const bool latinPage = Dominates(page, options.pageDominance, options);

    std::vector<WordAt> reread;
    for (std::size_t b = 0; b < text.blocks.size(); ++b) {
        const LetterCount& count = blocks[b];
        // On a page of Latin text, a block too short to tell its script alone (a footer's
        // "ММКОІ 0004565125", which Tesseract read all in Cyrillic look-alikes) is taken for Latin
        // text too: its other words are only read again, and a Cyrillic reading is kept unless a
        // Latin one is surer.
        const bool tooShortToTell = count.latin + count.cyrillic < options.minLetters;
        if (!Dominates(count, options.dominance, options) &&
            !(latinPage && (count.latin > count.cyrillic || tooShortToTell)))
            continue;
        OcrBlock& block = text.blocks[b];
        for (std::size_t l = 0; l < block.lines.size(); ++l)
            for (std::size_t w = 0; w < block.lines[l].words.size(); ++w) {
                OcrWord& word = block.lines[l].words[w];
                std::u32string decoded = DecodeUtf8(word.text);
                if (CountLetters(decoded).cyrillic == 0) continue;
                bool allAlike = true;
                for (char32_t& c : decoded)
                    if (IsCyrillic(c)) {
                        const auto alike = LatinLookAlike(c);
                        if (!alike) {
                            allAlike = false;
                            break;
                        }
                        c = *alike;
                    }
                if (allAlike) {
                    word.text = EncodeUtf8(decoded);
                    changed = true;
                } else {
                    reread.push_back({b, l, w});
                }
            }
    }
    if (changed) text.text = PlainText(text.blocks);
    return reread;
}

int RereadInLatin(OcrText& text, const std::vector<WordAt>& words, const WordReader& reread) {
    int changed = 0;
    for (const WordAt& at : words) {
        if (at.block >= text.blocks.size() || at.line >= text.blocks[at.block].lines.size() ||
            at.word >= text.blocks[at.block].lines[at.line].words.size())
            continue;
        OcrLine& line = text.blocks[at.block].lines[at.line];
        OcrWord& word = line.words[at.word];
        const std::optional<OcrWord> second = reread(PhraseAround(line, at.word), word.box);
        if (!second || second->text.empty() || second->confidence <= word.confidence) continue;
        const std::u32string decoded = DecodeUtf8(second->text);
        bool oneLatinWord = CountLetters(decoded).latin > 0;
        for (char32_t c : decoded)
            if (IsCyrillic(c) || c == U' ' || c == U'\n' || c == U'\t' || c == 0xFFFD)
                oneLatinWord = false;
        if (!oneLatinWord) continue;
        word.text = second->text;
        word.confidence = second->confidence;
        ++changed;
    }
    if (changed) text.text = PlainText(text.blocks);
    return changed;
}

}  // namespace dossier
