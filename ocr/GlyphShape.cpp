#include "ocr/GlyphShape.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace dossier {

double PointSymmetry(const cv::Mat& patch, const cv::Rect& box, int search) {
    const cv::Rect bounds(0, 0, patch.cols, patch.rows);
    double best = -1.0;
    cv::Mat region, turned, score;
    // A region one pixel wider or taller turns about a centre half a pixel off: a sharp print's
    // centre is as likely between two pixels as on one.
    for (int dy = -search; dy <= search; ++dy)
        for (int dx = -search; dx <= search; ++dx)
            for (const cv::Size grow :
                 {cv::Size(0, 0), cv::Size(1, 0), cv::Size(0, 1), cv::Size(1, 1)}) {
                const cv::Rect at(box.tl() + cv::Point(dx, dy), box.size() + grow);
                if ((at & bounds) != at) continue;
                patch(at).convertTo(region, CV_32F);
                cv::flip(region, turned, -1);
                cv::Scalar mean, deviation;
                cv::meanStdDev(region, mean, deviation);
                if (deviation[0] < 1e-3) continue;
                cv::matchTemplate(region, turned, score, cv::TM_CCOEFF_NORMED);
                best = std::max(best, static_cast<double>(score.at<float>(0, 0)));
            }
    return best;
}

}  // namespace dossier
