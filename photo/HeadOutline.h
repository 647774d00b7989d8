// Crown and chin of a frontal head in a photo, measured in the image: where the hair meets the
// background above the face, and where the lower contour of the face meets the neck below it.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>

namespace dossier {

struct HeadOutlineOptions {
    /// Colour difference (CIE Lab distance) that separates the head from what is around it
    /// (default: 12)
    double minContrast = 12.0;
    /// Where a crown can be: above the face box's top edge, in face-box heights. Closer to the box
    /// than the minimum is the hairline, not the crown (default: 0.08-0.75)
    double crownMin = 0.08;
    double crownMax = 0.75;
    /// Colour difference across the chin's contour: skin against the shade under it is a softer
    /// edge than hair against a backdrop (default: 8)
    double chinContrast = 8.0;
    /// Thickest shade under a chin, in face-box heights (default: 0.15)
    double chinShadeBand = 0.15;
    /// Where a chin can be: below the face box's top edge, in face-box heights; the mouth lies
    /// above the range, the collar mostly below it (default: 0.88-1.20)
    double chinMin = 0.88;
    double chinMax = 1.20;
};

/// One end of the head: its row when measured, else why not.
struct HeadEdge {
    std::optional<double> row;  ///< pixels from the image's top edge
    std::string method;         ///< how it was measured, or why it could not be
};

struct HeadOutline {
    HeadEdge crown, chin;
    /// The hair reaches the image's top edge while the background shows beside it: the crown is at
    /// or above row 0 (crown.row is then 0, a bound, not the crown itself)
    bool crownAtTop = false;
};

/// Measures crown and chin of the head whose face box (a cascade's, in `bgr`'s pixels) is `face`;
/// `centreX` is the face's centre line when the eyes give it. `bgr` is 8-bit BGR.
HeadOutline MeasureHeadOutline(const cv::Mat& bgr, const cv::Rect& face,
                               std::optional<double> centreX,
                               const HeadOutlineOptions& options = {});

}  // namespace dossier
