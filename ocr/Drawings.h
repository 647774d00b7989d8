// Words read from drawings: a chart's curves and axes, a flowchart's diamonds, a signature's
// strokes. Tesseract's layout analysis takes some drawings for text and reads letters into them
// ("ГАЛИНА" on a price chart's curve, "—" on an axis); in the text layer they are words a reviewer
// finds where no word is printed, and the classifier reads them as part of the page.
#pragma once

#include <opencv2/core.hpp>

#include "core/Ocr.h"

namespace dossier {

struct DrawingOptions {
    /// A word whose ink belongs mostly to strokes running out of it (a curve, a rule, an outline)
    /// is a reading of a drawing: this share of its ink at least (default: 0.5)
    double minStrokeShare = 0.5;
    /// A stroke runs out of a word when it reaches this many of the word's heights beyond its box
    /// (default: 0.5); a letter's own ink stays within it
    double strokeReachHeights = 0.5;
    /// ... and only a word read with a confidence below this is taken for one: an underlined word
    /// or a word touching a table's rule is read surely (default: 60, Tesseract's 0..100 scale)
    double maxConfidence = 60.0;
    /// Straight ink at least this long, in points, is a rule (a frame's side, a table's rule, an
    /// axis) and left out of the strokes: a letter touching a frame stays a letter; a word read
    /// from rules alone is a reading of a drawing (default: 36, half an inch)
    double minRulePoints = 36.0;
    /// ... and at most this thick, in points: thicker ink is a patch or a bar (default: 2.5)
    double maxRulePoints = 2.5;
};

/// `ocr` (the reading of `gray`, an 8-bit page) without the words read from drawings: words
/// Tesseract read with little confidence whose ink, rules aside, is mostly strokes that run well
/// beyond the word (a curve, a shape's outline), or is rules alone, where a printed word's letters
/// are ink of their own. A word whose box is mostly ink (white print on a dark ground) is kept.
/// Lines and blocks left without words go; `text` and the mean confidence are rebuilt when a word
/// went. `dpi` scales the sizes in points (<= 0: 300).
OcrText SetAsideReadingsOfDrawings(OcrText ocr, const cv::Mat& gray, double dpi,
                                   const DrawingOptions& options = {});

}  // namespace dossier
