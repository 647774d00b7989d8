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
    double confidence = 0.0;  ///< share of the letters in the text's main script, 0..1
    int letters = 0;          ///< letters counted
    /// Evidence for `code`, 0..1: the identifiers' share for it (letters and CLD2, mixed), or the
    /// main script's share for languages told by their script alone
    double score = 0.0;
    double margin = 0.0;   ///< score minus the runner-up's (0..1)
    std::string runnerUp;  ///< the second likeliest language, "" when none
};

/// Which evidence decides (the benchmark compares them on the same pages).
enum class LanguageMethod {
    Combined,  ///< letter counts and CLD2 mixed (what the pipeline uses)
    Letters,   ///< letter counts and common words alone (the hand-made identifier)
    Cld2,      ///< CLD2 alone (Compact Language Detector 2, Debian's libcld2)
};

struct LanguageOptions {
    /// Fewer letters than this give an empty code (default: 20)
    int minLetters = 20;
    /// Evidence used (default: Combined)
    LanguageMethod method = LanguageMethod::Combined;
    /// Rate, per Cyrillic letter, at which OCR shows a letter the language does not use (a stray
    /// "ў" or "і" in Russian); the floor of every letter's expected rate (default: 0.0015)
    double letterNoiseRate = 0.0015;
    /// Divides the letter counts' log-likelihoods before they become shares: the larger, the
    /// more letters it takes to be sure (default: 5.0)
    double letterTemperature = 5.0;
    /// Weight of the letter counts against CLD2 in the combined score (default: 0.5)
    double letterWeight = 0.5;
};

/// Guesses the language of OCR text. Cyrillic languages (kk, ru, ky, tg, uz, be, uk, mn) by the
/// counts of the letters that tell them apart, Latin-script ones by their letters and common words,
/// each mixed with CLD2's n-gram verdict; other scripts by their code points.
LanguageGuess DetectLanguage(std::string_view text, const LanguageOptions& options = {});

/// True for the languages the law accepts without a translation (Kazakh and Russian).
bool IsStateOrRussian(std::string_view code);

/// Lower-cases Latin and Cyrillic letters and folds Kazakh-only letters, ё and й to their Russian
/// look-alikes without changing any byte offset (a letter is folded only where its fold has as
/// many bytes in UTF-8, as every letter of these scripts has).
std::string FoldKeepingOffsets(std::string_view text);

/// Lower-cases, maps Latin look-alikes inside Cyrillic words to Cyrillic, folds Kazakh-only letters
/// and ё to their Russian look-alikes (OCR often loses them), turns punctuation into single spaces.
/// The result starts and ends with a space so that " word " finds whole words.
std::string FoldForMatching(std::string_view text);

}  // namespace dossier
