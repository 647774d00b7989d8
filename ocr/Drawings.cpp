// Sets aside the words Tesseract read from drawings.
#include "ocr/Drawings.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "ocr/ReadingOrder.h"

namespace dossier {

namespace {

/// The ink of a page with its rules apart: labels of the strokes (rules left out) and a mask of
/// the rules.
struct Strokes {
    cv::Mat labels, stats;  ///< 8-connected components of the ink that is no rule
    cv::Mat rules;          ///< CV_8U, 255 on a rule's ink
};

Strokes FindStrokes(const cv::Mat& gray, double dpi, const DrawingOptions& options) {
    cv::Mat ink;
    cv::threshold(gray, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    const double perPoint = PixelsPerPoint(dpi);
    const int length = std::max(3, int(std::lround(options.minRulePoints * perPoint)));
    const int thick = std::max(2, int(std::lround(options.maxRulePoints * perPoint))) + 1;
    // Long runs of ink along x and along y, each without the ink that is thicker across it than a
    // rule (a dark patch, the ground of white print, is no rule).
    auto runs = [&](const cv::Size& along, const cv::Size& across) {
        cv::Mat longRuns, thickInk;
        cv::morphologyEx(ink, longRuns, cv::MORPH_OPEN,
                         cv::getStructuringElement(cv::MORPH_RECT, along));
        cv::morphologyEx(ink, thickInk, cv::MORPH_OPEN,
                         cv::getStructuringElement(cv::MORPH_RECT, across));
        return cv::Mat(longRuns & ~thickInk);
    };
    Strokes strokes;
    strokes.rules = runs(cv::Size(length, 1), cv::Size(1, thick)) |
                    runs(cv::Size(1, length), cv::Size(thick, 1));
    cv::Mat centroids;
    cv::connectedComponentsWithStats(ink & ~strokes.rules, strokes.labels, strokes.stats, centroids,
                                     8, CV_32S);
    return strokes;
}

/// Whether the ink in `box` is a drawing's: mostly strokes reaching beyond `reach` (the box grown
/// on every side), or rules with little else.
bool DrawnInk(const Strokes& strokes, const cv::Rect& box, const cv::Rect& reach,
              const DrawingOptions& options) {
    const cv::Rect inside = box & cv::Rect(0, 0, strokes.labels.cols, strokes.labels.rows);
    long ink = 0, rule = 0, reaching = 0;
    for (int y = inside.y; y < inside.br().y; ++y) {
        const int* row = strokes.labels.ptr<int>(y);
        const uint8_t* ruled = strokes.rules.ptr<uint8_t>(y);
        for (int x = inside.x; x < inside.br().x; ++x) {
            if (ruled[x]) {
                ++rule;
                continue;
            }
            const int label = row[x];
            if (label == 0) continue;
            ++ink;
            const cv::Rect component(strokes.stats.at<int>(label, cv::CC_STAT_LEFT),
                                     strokes.stats.at<int>(label, cv::CC_STAT_TOP),
                                     strokes.stats.at<int>(label, cv::CC_STAT_WIDTH),
                                     strokes.stats.at<int>(label, cv::CC_STAT_HEIGHT));
            if ((component & reach) != component) ++reaching;
        }
    }
    // Mostly ink: white print on a dark ground, or a patch, where the ink is the ground.
    if (ink + rule == 0 || 2 * (ink + rule) > long(inside.area())) return false;
    // Rules with little else: what Tesseract read there is the rule ("—", "|", "_").
    if (double(ink) < (1.0 - options.minStrokeShare) * double(ink + rule)) return true;
    return double(reaching) >= options.minStrokeShare * double(ink);
}

}  // namespace

OcrText SetAsideReadingsOfDrawings(OcrText ocr, const cv::Mat& gray, double dpi,
                                   const DrawingOptions& options) {
    if (gray.empty() || gray.type() != CV_8UC1) return ocr;
    bool anyDoubtful = false;
    for (const OcrBlock& block : ocr.blocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words)
                anyDoubtful = anyDoubtful || word.confidence < options.maxConfidence;
    if (!anyDoubtful) return ocr;

    const Strokes strokes = FindStrokes(gray, dpi, options);

    int gone = 0;
    std::vector<OcrBlock> blocks;
    for (OcrBlock& block : ocr.blocks) {
        std::vector<OcrLine> lines;
        for (OcrLine& line : block.lines) {
            std::vector<OcrWord> kept;
            for (const OcrWord& word : line.words) {
                bool drawn = false;
                if (word.confidence < options.maxConfidence && !word.box.empty()) {
                    const int grow =
                        std::max(1, int(options.strokeReachHeights * word.box.height + 0.5));
                    const cv::Rect reach(word.box.x - grow, word.box.y - grow,
                                         word.box.width + 2 * grow, word.box.height + 2 * grow);
                    drawn = DrawnInk(strokes, word.box, reach, options);
                }
                if (drawn)
                    ++gone;
                else
                    kept.push_back(word);
            }
            if (kept.size() == line.words.size())
                lines.push_back(std::move(line));
            else if (!kept.empty())
                lines.push_back(LinePart(line, std::move(kept)));
        }
        if (lines.empty()) continue;
        block.lines = std::move(lines);
        blocks.push_back(std::move(block));
    }
    ocr.blocks = std::move(blocks);
    if (gone == 0) return ocr;
    ocr.text = PlainText(ocr.blocks);
    ocr.meanConfidence = MeanConfidence(ocr.blocks);
    return ocr;
}

}  // namespace dossier
