// Finding the machine-readable zone on a page: morphology (blackhat, Scharr, closing) finds text
// lines, and two or three long, equal, stacked lines are an MRZ band.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace dossier {

struct MrzLocatorOptions {
    /// Pages are searched at about this width in pixels: the morphology's kernels suit a
    /// character pitch of about 15 px there, an A4 page's MRZ at 1240 px (default: 1240)
    int workWidth = 1240;
    /// A page narrower than `workWidth` is enlarged to it by up to this factor; 1 never enlarges
    /// (default: 1)
    double maxEnlarge = 1.0;
    /// A band is at least this share of the page width: a TD1 card copied on A4 is 0.36 (default:
    /// 0.2)
    double minWidthRatio = 0.2;
    /// Bands skewed more than this are ignored, in degrees (default: 10)
    double maxSkewDegrees = 10.0;
    /// Also search the page turned by a quarter: a passport copied sideways onto an upright page,
    /// or a page scanned sideways (default: true)
    bool tryQuarterTurns = true;
    bool operator==(const MrzLocatorOptions&) const = default;
};

/// One candidate MRZ band.
struct MrzBand {
    /// The band, upright and deskewed: a view into the page when the skew is negligible, else a
    /// small rotated copy of the band alone.
    cv::Mat image;
    /// The band in page pixels.
    cv::RotatedRect box;
    /// Quarter turn (0 or 90) clockwise applied to the page before the band was found.
    int clockwiseTurn = 0;
    double skewDegrees = 0.0;  ///< counter-clockwise skew removed from the band
    int lineCount = 0;         ///< 2 or 3 text lines seen
};

/// Which way a page is searched for MRZ lines.
enum class MrzSearch {
    Upright,   ///< lines running left to right (or right to left: an upside-down band)
    Sideways,  ///< lines running top to bottom or bottom to top (a quarter turn either way)
};

/// Candidate MRZ bands of an 8-bit gray page searched one way, most likely first. Bands come out
/// with their lines horizontal, but possibly upside down (a page turned by 180 degrees searched
/// upright, or by 270 searched sideways): the reader turns them. Only a small copy of the page is
/// turned for a sideways search, so it costs about as much as an upright one.
std::vector<MrzBand> FindMrzBands(const cv::Mat& gray, MrzSearch search,
                                  const MrzLocatorOptions& options = {});

/// Every candidate band: the upright ones, then (with `tryQuarterTurns`) the sideways ones.
std::vector<MrzBand> FindMrzBands(const cv::Mat& gray, const MrzLocatorOptions& options = {});

}  // namespace dossier
