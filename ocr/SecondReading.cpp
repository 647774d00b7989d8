// Doubtful words read again from a smoothed copy of the page; the surer reading kept.
#include "ocr/SecondReading.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "ocr/ReadingOrder.h"

namespace dossier {

bool WorthReadingAgain(const OcrText& ocr, const SecondReadingOptions& options) {
    int words = 0, doubtful = 0;
    for (const OcrBlock& block : ocr.blocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words) {
                ++words;
                doubtful += word.confidence < options.doubtfulBelow;
            }
    return doubtful >= options.minDoubtfulWords &&
           doubtful >= options.minDoubtfulShare * double(words);
}

cv::Mat SmoothedForSecondReading(const cv::Mat& gray, double dpi,
                                 const SecondReadingOptions& options) {
    if (gray.empty()) return gray.clone();
    const double pixels = options.smoothingPoints * PixelsPerPoint(dpi);
    const int kernel = std::max(3, int(std::lround(pixels)) | 1);
    cv::Mat smoothed;
    cv::GaussianBlur(gray, smoothed, cv::Size(kernel, kernel), 0);
    return smoothed;
}

int TakeSurerReadings(OcrText& first, const OcrText& second, const SecondReadingOptions& options) {
    std::vector<const OcrWord*> others;
    for (const OcrBlock& block : second.blocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words)
                if (!word.text.empty() && !word.box.empty()) others.push_back(&word);
    // By left edge, so that a word's candidates are found without going through the page.
    std::sort(others.begin(), others.end(),
              [](const OcrWord* a, const OcrWord* b) { return a->box.x < b->box.x; });
    int widest = 0;
    for (const OcrWord* word : others) widest = std::max(widest, word->box.width);

    int changed = 0;
    for (OcrBlock& block : first.blocks)
        for (OcrLine& line : block.lines)
            for (OcrWord& word : line.words) {
                if (word.confidence >= options.doubtfulBelow || word.box.empty()) continue;
                const auto from =
                    std::lower_bound(others.begin(), others.end(), word.box.x - widest,
                                     [](const OcrWord* other, int x) { return other->box.x < x; });
                const OcrWord* best = nullptr;
                double bestOverlap = options.minOverlap;
                for (auto it = from; it != others.end() && (*it)->box.x < word.box.br().x; ++it) {
                    const cv::Rect& box = (*it)->box;
                    const int shared = (box & word.box).area();
                    const double overlap =
                        double(shared) / double(std::max(1, box.area() + word.box.area() - shared));
                    if (overlap >= bestOverlap) best = *it, bestOverlap = overlap;
                }
                if (!best || best->confidence < word.confidence + options.surerBy) continue;
                if (best->text != word.text) ++changed;
                word.text = best->text;
                word.confidence = best->confidence;
            }
    if (changed) first.text = PlainText(first.blocks);
    first.meanConfidence = MeanConfidence(first.blocks);
    return changed;
}

}  // namespace dossier
