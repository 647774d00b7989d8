// The resolution of a page whose file tells none, from the size of its print.
#pragma once

#include <opencv2/core.hpp>
#include <optional>

namespace dossier {

struct TextResolutionOptions {
    /// Size body text is assumed to be set in, in points: letters, forms, reports and filings use
    /// 9-12 pt (default: 10.5)
    double bodyTextPoints = 10.5;
    /// Fewer letter-like marks than this are too few to measure: no estimate (default: 40)
    int minLetters = 40;
};

/// Estimates the resolution of an 8-bit gray page from the height of its letters, as Tesseract
/// does when told none: the tall letters of its body text (capitals, digits, ascenders) are
/// taken to be those of `bodyTextPoints` type. Nullopt when the page holds too little text, or
/// text so large or small that no plausible scan resolution (50-1200 dpi) explains it.
std::optional<double> EstimateDpiFromText(const cv::Mat& gray,
                                          const TextResolutionOptions& options = {});

}  // namespace dossier
