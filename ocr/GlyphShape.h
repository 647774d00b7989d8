// Glyph-level evidence that does not come from matching templates: the shape of the print itself.
// A template reader that cannot tell O from D on a blurred phone picture has scored the print
// against two glyphs drawn in one font at one size; whether the print looks the same turned half a
// turn is a property of the print alone, and blur, size and slant do not change it.
#pragma once

#include <opencv2/core.hpp>

namespace dossier {

/// How nearly the glyph in `patch` (8-bit gray, ink bright, the glyph in its middle columns)
/// looks the same turned half a turn about its centre: the best normalised correlation between a
/// `region`-sized area about the centre of its ink and the area's half turn, over centres moved
/// by up to `search` pixels in half-pixel steps. O and 0 score near 1 whatever blurs or slants
/// them (both are symmetric about a point, and a slant keeps that symmetry); D, Q and most other
/// glyphs score well below. -1 when the area leaves the patch or holds no contrast.
double PointSymmetry(const cv::Mat& patch, const cv::Size& region, int search);

/// How alike two prints of a glyph are (8-bit gray, same scale): the best normalised correlation
/// of the middle of `b` (less `search` pixels on every side) placed over `a`, on the part of the
/// two sizes they share.
double PrintLikeness(const cv::Mat& a, const cv::Mat& b, int search);

}  // namespace dossier
