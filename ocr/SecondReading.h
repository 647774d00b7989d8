// A second reading of a page's doubtful words from a smoothed copy of it. Print screened into dots
// (grey text, a hyperlink's colour, a bilevel scan of a grey stamp) reaches the model as specks:
// "11:49 AM GMT" came out "Tho AM GAIT", "2017" as "2077". Smoothed, the dots close into strokes
// again, while sharp print loses a little: the surer of the two readings is kept, word by word.
#pragma once

#include <opencv2/core.hpp>

#include "core/Ocr.h"

namespace dossier {

struct SecondReadingOptions {
    /// Words read with a confidence below this are doubtful (default: 70, Tesseract's 0..100)
    double doubtfulBelow = 70.0;
    /// A page is read again only when at least this many of its words are doubtful... (default: 5)
    int minDoubtfulWords = 5;
    /// ... making up at least this share of them (default: 0.1)
    double minDoubtfulShare = 0.1;
    /// The second reading of a word replaces the first only when at least this much surer
    /// (default: 5)
    double surerBy = 5.0;
    /// A word of the second reading is at a word's place when their boxes share at least this
    /// share of their union: the same word, not one cut differently (default: 0.7)
    double minOverlap = 0.7;
    /// The smoothing: a Gaussian this wide, in points (default: 0.72, 3 pixels at 300 dpi)
    double smoothingPoints = 0.72;
};

/// Whether `ocr` holds enough doubtful words to read its page again.
bool WorthReadingAgain(const OcrText& ocr, const SecondReadingOptions& options = {});

/// `gray` smoothed for the second reading; `dpi` scales the smoothing (<= 0: 300).
cv::Mat SmoothedForSecondReading(const cv::Mat& gray, double dpi,
                                 const SecondReadingOptions& options = {});

/// Each doubtful word of `first` takes the text and confidence of the word of `second` (a reading
/// of the same page) at its place (the one whose box overlaps it most, by at least minOverlap of
/// their union) when that reading is surer by `surerBy`; boxes, lines and blocks stay `first`'s.
/// Returns how many words changed; `text` and the mean confidence are rebuilt when any did.
int TakeSurerReadings(OcrText& first, const OcrText& second,
                      const SecondReadingOptions& options = {});

}  // namespace dossier
