// Which language a document is written in, and the text folding that keyword matching relies on.
#pragma once

#include <string>
#include <string_view>

namespace dossier {

/// What the letters of a text say about its language.
struct LanguageGuess {
    std::string
        code;  ///< ISO 639-1 ("kk", "ru", "en", "de", "zh"...), "" when there is too little text
    std::string
        script;  ///< "Cyrl", "Latn", "Hani", "Arab", "Hang", "Geor", "Armn", "Grek", "Hebr", ""
    double confidence = 0.0;  ///< 0..1
    int letters = 0;          ///< letters counted
};

struct LanguageOptions {
    /// Fewer letters than this give an empty code (default: 20)
    int minLetters = 20;
    /// Share of Cyrillic words with a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і) above which the
    /// text is Kazakh (default: 0.08)
    double kazakhWordShare = 0.08;
};

/// Guesses the language of OCR text: Kazakh vs Russian by the Kazakh-only letters, English vs other
/// Latin-script languages by their letters and common words, other scripts by their code points.
LanguageGuess DetectLanguage(std::string_view text, const LanguageOptions& options = {});

/// True for the languages the law accepts without a translation (Kazakh and Russian).
bool IsStateOrRussian(std::string_view code);

/// Code points of UTF-8 text; broken bytes become U+FFFD (OCR output is never trusted to be valid).
std::u32string ToCodePoints(std::string_view text);

/// Lower-cases Latin and Cyrillic letters and folds Kazakh-only letters, ё and й to their Russian
/// look-alikes without changing any byte offset (every letter touched is two bytes either way).
std::string FoldKeepingOffsets(std::string_view text);

/// Lower-cases, maps Latin look-alikes inside Cyrillic words to Cyrillic, folds Kazakh-only letters
/// and ё to their Russian look-alikes (OCR often loses them), turns punctuation into single spaces.
/// The result starts and ends with a space so that " word " finds whole words.
std::string FoldForMatching(std::string_view text);

}  // namespace dossier
