// Finding the machine-readable zone on a page: morphology (blackhat, Scharr, closing) finds text
// lines, and two or three long, equal, stacked lines are an MRZ band.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace dossier {

struct MrzLocatorOptions {
    /// Pages are searched at about this width in pixels (default: 1240)
    int workWidth = 1240;
    /// A band is at least this share of the page width: a TD1 card copied on A4 is 0.36 (default:
    /// 0.2)
    double minWidthRatio = 0.2;
    /// Bands skewed more than this are ignored, in degrees (default: 10)
    double maxSkewDegrees = 10.0;
    /// Try the page turned by 90 and 270 degrees when nothing is found upright (default: true)
    bool tryQuarterTurns = true;
    bool operator==(const MrzLocatorOptions&) const = default;
};

/// One candidate MRZ band.
struct MrzBand {
    /// The band, upright and deskewed: a view into the page when the skew is negligible, else a
    /// small rotated copy of the band alone.
    cv::Mat image;
    /// The band in page pixels (before any quarter turn).
    cv::RotatedRect box;
    /// Quarter turn (0, 90, 270) clockwise applied to the page before the band was found.
    int clockwiseTurn = 0;
    double skewDegrees = 0.0;  ///< counter-clockwise skew removed from the band
    int lineCount = 0;         ///< 2 or 3 text lines seen
};

/// Candidate MRZ bands of an 8-bit gray page, most likely first. Upside-down bands are found as
/// they are; the reader turns them.
std::vector<MrzBand> FindMrzBands(const cv::Mat& gray, const MrzLocatorOptions& options = {});

}  // namespace dossier
