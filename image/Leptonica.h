// The bridge to Leptonica, which decodes TIFF pages and the rarer BMP layouts: its images become
// OpenCV matrices, and its messages about broken files stay off stderr (we say why in our words).
#pragma once

#include <opencv2/core.hpp>
#include <optional>

struct Pix;  // Leptonica's PIX

namespace dossier {

/// Leptonica image of any depth -> 8-bit gray or BGR cv::Mat; nullopt for unsupported depths.
std::optional<cv::Mat> PixToMat(Pix* source);

/// Silences Leptonica's messages, once per process.
void QuietLeptonica();

}  // namespace dossier
