#include "ocr/GlyphShape.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace dossier {

double PointSymmetry(const cv::Mat& patch, const cv::Size& region, int search) {
    CV_Assert(patch.type() == CV_8UC1);
    // The centre is the ink's centre of mass in the middle columns, where the glyph is: a place
    // predicted from the line's slope can miss it by more than a search can span (the fillers
    // that end a line sit lower than its capitals and tilt the slope).
    const int width = std::min(region.width, patch.cols);
    const int left = (patch.cols - width) / 2;
    cv::Mat ink;
    cv::threshold(patch.colRange(left, left + width), ink, 0, 255,
                  cv::THRESH_BINARY | cv::THRESH_OTSU);
    const cv::Moments m = cv::moments(ink, true);
    if (m.m00 <= 0) return -1.0;
    const cv::Point centre(left + static_cast<int>(std::lround(m.m10 / m.m00)),
                           static_cast<int>(std::lround(m.m01 / m.m00)));
    const cv::Rect box(centre - cv::Point(region.width / 2, region.height / 2), region);
    const cv::Rect bounds(0, 0, patch.cols, patch.rows);
    double best = -1.0;
    // An area and its half turn have the same mean and spread, so their normalised correlation
    // (TM_CCOEFF_NORMED) is (sum of a[i] * a[n-1-i] - n * mean^2) / (n * variance): one pass
    // over the area, where a template match per centre cost a tenth of a whole MRZ reading.
    // A region one pixel wider or taller turns about a centre half a pixel off: a sharp print's
    // centre is as likely between two pixels as on one.
    for (int dy = -search; dy <= search; ++dy)
        for (int dx = -search; dx <= search; ++dx)
            for (const cv::Size grow :
                 {cv::Size(0, 0), cv::Size(1, 0), cv::Size(0, 1), cv::Size(1, 1)}) {
                const cv::Rect at(box.tl() + cv::Point(dx, dy), box.size() + grow);
                if ((at & bounds) != at) continue;
                double sum = 0, squares = 0, turned = 0;
                for (int y = 0; y < at.height; ++y) {
                    const uchar* row = patch.ptr<uchar>(at.y + y) + at.x;
                    const uchar* opposite = patch.ptr<uchar>(at.y + at.height - 1 - y) + at.x;
                    for (int x = 0; x < at.width; ++x) {
                        const double v = row[x];
                        sum += v;
                        squares += v * v;
                        turned += v * opposite[at.width - 1 - x];
                    }
                }
                const double n = double(at.area()), mean = sum / n;
                const double variance = squares / n - mean * mean;
                if (variance < 1e-6) continue;
                best = std::max(best, (turned / n - mean * mean) / variance);
            }
    return best;
}

double PrintLikeness(const cv::Mat& a, const cv::Mat& b, int search) {
    const int width = std::min(a.cols, b.cols), height = std::min(a.rows, b.rows);
    if (width <= 2 * search + 2 || height <= 2 * search + 2) return -1.0;
    auto middle = [](const cv::Mat& m, int w, int h) {
        return m(cv::Rect((m.cols - w) / 2, (m.rows - h) / 2, w, h));
    };
    const cv::Mat inner = middle(b, width - 2 * search, height - 2 * search);
    cv::Scalar mean, deviation;
    cv::meanStdDev(inner, mean, deviation);
    if (deviation[0] < 1e-3) return -1.0;
    cv::Mat score;
    cv::matchTemplate(middle(a, width, height), inner, score, cv::TM_CCOEFF_NORMED);
    double best = -1.0;
    cv::minMaxLoc(score, nullptr, &best);
    return best;
}

}  // namespace dossier
