// OCR results: words with boxes, baselines and confidences, in the prepared page's pixel frame.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace dossier {

/// The resolution OCR assumes for a page that tells none (`dpi` <= 0): a scan's usual 300 dpi.
inline double ResolutionOrDefault(double dpi) {
    return dpi > 0 ? dpi : 300.0;
}

/// Pixels in a point (1/72 inch) of a page at `dpi` (<= 0: ResolutionOrDefault's).
inline double PixelsPerPoint(double dpi) {
    return ResolutionOrDefault(dpi) / 72.0;
}

struct OcrWord {
    std::string text;        ///< UTF-8
    cv::Rect box;            ///< in prepared-page pixels
    float confidence = 0.f;  ///< 0..100, Tesseract's scale
};

struct OcrLine {
    std::vector<OcrWord> words;
    cv::Rect box;
    /// Baseline end points in prepared-page pixels (the text layer sits on this line).
    cv::Point2f baselineStart, baselineEnd;
    /// Height of the line's ascenders above the baseline in pixels (font size of the text layer).
    float ascent = 0.f;
    /// Index of the line's paragraph in its block, as Tesseract's layout analysis found it.
    int paragraph = 0;
};

struct OcrBlock {
    std::vector<OcrLine> lines;  ///< in reading order
    cv::Rect box;                ///< in prepared-page pixels (empty when unknown)
    /// A cell of a ruled table: its place in its column of cells, from the top (0, 1, ...); -1
    /// for any other block. The text layer keeps a cell apart from the one under it.
    int cellInColumn = -1;
};

struct OcrText {
    std::vector<OcrBlock> blocks;        ///< in reading order
    std::string text;                    ///< plain UTF-8 text in reading order
    double meanConfidence = 0.0;         ///< mean word confidence, 0..100
    std::vector<std::string> languages;  ///< languages the engine really had loaded
};

}  // namespace dossier
