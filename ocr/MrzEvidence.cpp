// Cheap evidence, from a page's OCR and ink, that it holds no MRZ.
#include "ocr/MrzEvidence.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <string>

namespace dossier {

namespace {

bool IsMachineChar(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// '<' (or what a general model makes of it: « ‹ <), or a long token of capitals and digits
// (a filler run read as K, a document number line).
bool LooksMachineReadable(const std::string& word, int minToken) {
    if (word.find('<') != std::string::npos || word.find("\xC2\xAB") != std::string::npos ||
        word.find("\xE2\x80\xB9") != std::string::npos)
        return true;
    int run = 0;
    for (unsigned char c : word) {
        run = IsMachineChar(c) ? run + 1 : 0;
        if (run >= minToken) return true;
    }
    return false;
}

}  // namespace

bool MayHoldMrz(const OcrText& ocr, const cv::Mat& gray, const MrzEvidenceOptions& options) {
    if (ocr.meanConfidence < options.minConfidence || gray.empty()) return true;
    int words = 0;
    for (const auto& block : ocr.blocks)
        for (const auto& line : block.lines)
            for (const auto& word : line.words) {
                ++words;
                if (LooksMachineReadable(word.text, options.minMachineToken)) return true;
            }
    if (words < options.minWords) return true;

    // Ink outside every word box (boxes grown by a little), on a small copy.
    const double scale = std::min(1.0, 800.0 / std::max(gray.cols, gray.rows));
    cv::Mat small, ink;
    cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::adaptiveThreshold(small, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15,
                          25);
    // Hairlines (form rulings, table borders) are no content.
    cv::morphologyEx(ink, ink, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {2, 2}));
    const int grow = std::max(2, static_cast<int>(small.cols / 150));
    for (const auto& block : ocr.blocks)
        for (const auto& line : block.lines)
            for (const auto& word : line.words) {
                cv::Rect box(static_cast<int>(word.box.x * scale) - grow,
                             static_cast<int>(word.box.y * scale) - grow,
                             static_cast<int>(word.box.width * scale) + 2 * grow,
                             static_cast<int>(word.box.height * scale) + 2 * grow);
                box &= cv::Rect(0, 0, ink.cols, ink.rows);
                if (box.area() > 0) ink(box).setTo(0);
            }
    const double unexplained = static_cast<double>(cv::countNonZero(ink)) / ink.total();
    return unexplained > options.maxUnexplainedInk;
}

}  // namespace dossier
