// Whether a page's OCR leaves room for a machine-readable zone: the MRZ search is the dearest step
// after recognition on a page of print, and most pages of a package are print.
#pragma once

#include <opencv2/core.hpp>

#include "core/Ocr.h"

namespace dossier {

struct MrzEvidenceOptions {
    /// Only a page read at least this confidently (mean word confidence) can rule an MRZ out
    /// (default: 75)
    double minConfidence = 75.0;
    /// ... with at least this many words (default: 30)
    int minWords = 30;
    /// ... and at most this share of its area in ink that no word explains: a photo, a document
    /// copied sideways, a picture region Tesseract skipped (default: 0.02)
    double maxUnexplainedInk = 0.02;
    /// A token of at least this many characters from A-Z, 0-9 and '<' looks machine-readable
    /// (default: 16)
    int minMachineToken = 16;
};

/// False only when `ocr` read the prepared page `gray` confidently, every bit of ink is in a
/// word, and no line looks machine-readable (a '<' filler or a long run of capitals and digits).
/// True whenever in doubt: the search is then run as usual.
bool MayHoldMrz(const OcrText& ocr, const cv::Mat& gray, const MrzEvidenceOptions& options = {});

}  // namespace dossier
