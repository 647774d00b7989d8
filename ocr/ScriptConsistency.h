// One script per word, and Latin words in Latin text. Tesseract reading with Cyrillic and English
// models at once picks a model per character: English text comes out with words such as "бето"
// for "demo" or "РАВ" for "IPAB", and Russian words with a Latin "P" or "c" inside; a reviewer's
// search and the classifier's vocabularies then miss them.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/Ocr.h"

namespace dossier {

struct ScriptOptions {
    /// A block is Latin text when it has at least this many times as many Latin letters as
    /// Cyrillic ones (default: 3)
    double dominance = 3.0;
    /// ... and at least this many Latin letters: a name or a code alone says nothing (default: 12)
    int minLetters = 12;
    /// On a page with this many times as many Latin letters as Cyrillic ones, a block with more
    /// Latin than Cyrillic letters, or with fewer than minLetters letters, is Latin text too: a
    /// heading of two words or a footer's code says little alone (default: 10)
    double pageDominance = 10.0;
};

/// Where a word is in an OcrText.
struct WordAt {
    std::size_t block = 0, line = 0, word = 0;
};

/// Mends what look-alike letters settle without reading again, and says which words need reading
/// again: in a word of both scripts, letters of the word's minority script that have a look-alike
/// in its majority script take the look-alike ("Pеспублика" -> "Республика"); in a block of Latin
/// text, a Cyrillic word made only of look-alikes becomes Latin ("РАВ" -> "PAB"). Returned: the
/// other words with a Cyrillic letter in blocks of Latin text, for a Latin-only reader.
std::vector<WordAt> UnifyScripts(OcrText& text, const ScriptOptions& options = {});

/// A second reading of the word at `word` within its phrase at `phrase` (the words of its line
/// about it, no wide gap between them): its text and confidence, or nullopt when nothing was read.
using WordReader =
    std::function<std::optional<OcrWord>(const cv::Rect& phrase, const cv::Rect& word)>;

/// Reads the `words` again with `reread` and keeps a second reading only when it is one word of
/// Latin letters (digits and punctuation allowed) and more confident than the first. Returns how
/// many words changed. `text.text` is rebuilt from the lines when any did.
int RereadInLatin(OcrText& text, const std::vector<WordAt>& words, const WordReader& reread);

}  // namespace dossier
