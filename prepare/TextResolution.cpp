// The resolution of a page whose file tells none, from the size of its print.
#include "prepare/TextResolution.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace dossier {

namespace {

// Capitals, digits and ascenders stand 0.66 (Times) to 0.76 (DejaVu Sans) of the type size tall,
// as do descending lowercase letters (x-height plus descender): the most stable height a font
// has. The x-height varies more (0.45 Times to 0.55 DejaVu) and is not used.
constexpr double kTallLetterEm = 0.71;
// Working copy no longer than this: an A4 page at 340 dpi keeps every pixel, and a finer one
// still has tall letters of 30 px and more.
constexpr double kMaxWorkingSide = 4000;
// Marks lower than this are specks, dots and commas at any resolution worth estimating: a 9 pt
// x-height is 6 px at 100 dpi. Marks higher than this are not body text at the working scale
// (12 pt capitals at 1200 dpi are 140 px).
constexpr int kMinMarkPx = 6;
constexpr int kMaxMarkPx = 200;

double Median(std::vector<int> values) {
    const auto middle = values.begin() + static_cast<long>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

double Quantile(std::vector<int> values, double fraction) {
    const auto at = values.begin() + static_cast<long>(fraction * (values.size() - 1));
    std::nth_element(values.begin(), at, values.end());
    return *at;
}

// A letter's strokes are thin beside its height and leave counters and gaps that its convex hull
// spans; a mark that fills its hull is a dot (of a leader, an i, a full stop at a fine
// resolution), a bullet or a filled box, whose size says nothing of the type's.
bool IsSolid(const cv::Mat& labels, const cv::Mat& stats, int label) {
    const cv::Rect box(
        stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
        stats.at<int>(label, cv::CC_STAT_WIDTH), stats.at<int>(label, cv::CC_STAT_HEIGHT));
    std::vector<cv::Point> points, hull;
    cv::findNonZero(labels(box) == label, points);
    cv::convexHull(points, hull);
    // The hull runs through pixel centres, so a solid mark counts more pixels than its hull has
    // area (Pick's theorem); 0.9 leaves room for ragged edges, and counters leave far less.
    return stats.at<int>(label, cv::CC_STAT_AREA) >= 0.9 * cv::contourArea(hull);
}

}  // namespace

std::optional<double> EstimateDpiFromText(const cv::Mat& gray,
                                          const TextResolutionOptions& options) {
    if (gray.empty() || gray.type() != CV_8UC1 || options.bodyTextPoints <= 0) return std::nullopt;
    const double scale = std::min(1.0, kMaxWorkingSide / std::max(gray.cols, gray.rows));
    cv::Mat work = gray;
    if (scale < 1)
        cv::resize(gray, work,
                   cv::Size(std::max(1, cvRound(gray.cols * scale)),
                            std::max(1, cvRound(gray.rows * scale))),
                   0, 0, cv::INTER_AREA);
    cv::Mat ink;
    cv::threshold(work, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);

    std::vector<int> heights;
    for (int i = 1; i < count; ++i) {
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const double fill = stats.at<int>(i, cv::CC_STAT_AREA) / (double(w) * h);
        // Letters, and runs of a few letters touching, are at most four times as wide as high;
        // an l or a 1 is at least a fifteenth as wide. Wider or thinner marks are rules, and marks
        // that fill a tenth of their box or less are frames and boxes drawn around text.
        if (h < kMinMarkPx || h > kMaxMarkPx || w > 4 * h || h > 15 * w || fill <= 0.1) continue;
        if (w >= h / 2 && w <= 2 * h && fill >= 0.5 && IsSolid(labels, stats, i)) continue;
        heights.push_back(h);
    }
    if (heights.empty()) return std::nullopt;
    // Specks of noise and dotted rules above the smallest mark size are still far lower than
    // the letters: what is under 0.4 of the upper quartile (a tall letter, or an x-height on a
    // page of Cyrillic, whose letters rarely rise above it) is no letter.
    const double upperQuartile = Quantile(heights, 0.75);
    std::vector<int> letters;
    for (int h : heights)
        if (h >= 0.4 * upperQuartile) letters.push_back(h);
    if (static_cast<int>(letters.size()) < options.minLetters) return std::nullopt;

    // Most letters of running text are x-height letters, so the median is the x-height, unless
    // the text is mostly capitals and digits (a table of figures): then the median is their
    // height already. Running text shows itself by its tall letters 1.3-1.5 times the x-height,
    // a few in a hundred even in Russian (р, у, д, б, capitals); digits and capitals have no such
    // companions but the odd bracket.
    const double median = Median(letters);
    std::vector<int> tall;
    for (int h : letters)
        if (h >= 1.2 * median && h <= 1.75 * median) tall.push_back(h);
    const bool medianIsXHeight = tall.size() >= 0.06 * letters.size();
    const double tallPx = (medianIsXHeight ? Median(tall) : median) / scale;

    const double dpi = tallPx / (kTallLetterEm * options.bodyTextPoints / 72.0);
    if (dpi < 50 || dpi > 1200) return std::nullopt;
    return dpi;
}

}  // namespace dossier
