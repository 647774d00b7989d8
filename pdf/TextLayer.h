// Where each OCR word of a page goes in the case file's invisible text layer.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/Ocr.h"

namespace dossier {

/// One word of the text layer, in upright-image pixels (y down).
struct PlacedWord {
    std::string text;
    cv::Point2d origin;       ///< left end of the word on its line's baseline
    double angleDegrees = 0;  ///< baseline direction, counter-clockwise on the page (y up)
    double width = 0;         ///< length of the word along the baseline
    double fontSize = 0;      ///< em size in pixels
    int block = 0;            ///< index of the OCR block (column, table cell, caption) it is in
    int cellInColumn = -1;    ///< the block's OcrBlock::cellInColumn
    int line = 0;  ///< index of its OCR line on the page; the words of a line are consecutive
};

/// Maps every word of `ocr` (prepared-image frame) through `preparedToUpright` onto its line's
/// baseline, in the OCR's reading order (blocks, then their lines, then their words). Each word
/// sits on the line baseline evaluated at its own ends (not its box bottom), and the font size
/// comes from the line's ascent, so pdftotext keeps neighbouring lines apart. A line slanted by
/// less than `levelLinesBelowDegrees` (a scanner's skew) is laid level at its middle height so that
/// text extraction reads it as one line (default: 3 degrees).
std::vector<PlacedWord> PlaceWords(const OcrText& ocr, const cv::Matx33d& preparedToUpright,
                                   double levelLinesBelowDegrees = 3.0);

}  // namespace dossier
