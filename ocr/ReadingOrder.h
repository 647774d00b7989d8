// Layouts Tesseract's layout analysis gets wrong: columns of prose it reads as one run of lines,
// and form or table rows it cuts into columns.
#pragma once

#include <opencv2/core.hpp>

#include "core/Ocr.h"

namespace dossier {

struct ReadingOrderOptions {
    /// A gap between words at least this many line heights wide can be a gutter (default: 1.2)
    double gutterLineHeights = 1.2;
    /// Lines one under the other that a gutter must run through to split them (default: 3)
    int gutterMinLines = 3;
    /// A block whose lines hold at least this many words (median) reads as prose (default: 4)
    int proseMinWords = 4;
    /// Baselines of two lines side by side at most this many line heights apart are one row
    /// (default: 0.5)
    double rowBaselineLineHeights = 0.5;
    /// Blocks side by side are rows of cells only with at least this many lines paired (default: 2)
    int minPairedRows = 2;
};

/// The part of `line` holding `words` (some of its words, in its order): its own box, and the
/// stretch of the line's baseline under them.
OcrLine LinePart(const OcrLine& line, std::vector<OcrWord> words);

/// The blocks' words as Tesseract writes its text: a line per line, a blank line after each
/// paragraph.
std::string PlainText(const std::vector<OcrBlock>& blocks);

/// The mean confidence of the blocks' words (0 without words).
double MeanConfidence(const std::vector<OcrBlock>& blocks);

/// Returns `ocr` in reading order: a block whose lines run across a gutter (the same empty strip
/// in several lines one under the other) is cut into its columns when they hold prose (column by
/// column, the left one first); blocks side by side whose lines pair up row by row both ways,
/// one of them not prose (a form's labels and values, a table's columns; prose is lines with a
/// long run of words between gutters), are joined into rows (each row one line, left to right).
/// Everything else keeps Tesseract's order. `text` is rebuilt when the order changed, with
/// Tesseract's separators (a line per line, a blank line between blocks).
OcrText RestoreReadingOrder(OcrText ocr, const ReadingOrderOptions& options = {});

}  // namespace dossier
