// Pixels as every later stage expects them, and a hash of them anyone can recompute: decoders of
// different formats (and ingest's PDF pages) must agree on both.
#pragma once

#include <opencv2/core.hpp>
#include <string>

namespace dossier {

/// Converts any depth and channel count (16-bit, alpha, gray+alpha, float) to 8-bit gray or BGR;
/// transparent pixels become white, as on paper.
cv::Mat ToGrayOrBgr(const cv::Mat& image);

/// SHA-256 of the pixels written as a binary PGM (gray) or PPM (colour, RGB order) file, so anyone
/// can recompute it from the decoded page with standard tools.
std::string PixelSha256(const cv::Mat& image);

}  // namespace dossier
