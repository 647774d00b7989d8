// JPEG in and out with libjpeg(-turbo) directly: the OpenCV codec module would link ~140 more
// libraries (GDAL, DICOM, ...) into every process, and their start-up alone is ~100 ms.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <string_view>

namespace dossier {

/// Decodes a JPEG to 8-bit gray (one component) or BGR (YCbCr, RGB, CMYK, YCCK). Returns false
/// with `why` set when the data is not a JPEG libjpeg can decode; data that ends early decodes
/// with its missing rows grey, as every viewer shows them; `warning` (when given) then receives
/// libjpeg's first warning ("premature end of data segment", "corrupt JPEG data"), so that the
/// caller can say the page may be incomplete. `reduceBy` (1, 2, 4 or 8) decodes at that fraction
/// of each side with libjpeg's DCT scaling, so a huge image never takes its full size in memory.
/// Never throws for bad content.
bool DecodeJpeg(std::string_view bytes, cv::Mat& pixels, std::string& why,
                std::string* warning = nullptr, int reduceBy = 1);

/// Encodes 8-bit gray or BGR pixels as a baseline JPEG of `quality` (1-100, 4:2:0 chroma for
/// colour). Throws Error(Internal) for other pixel types.
std::string EncodeJpeg(const cv::Mat& pixels, int quality);

}  // namespace dossier
