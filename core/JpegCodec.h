// JPEG in and out with libjpeg(-turbo) directly: the OpenCV codec module would link ~140 more
// libraries (GDAL, DICOM, ...) into every process, and their start-up alone is ~100 ms. It is in
// core/ because a parked Page is restored from its JPEG (core/Page.cpp) and the case file writes
// JPEGs (pdf/); checking a JPEG that comes in as a scan is image/Jpeg.h's work.
#pragma once

#include <cstddef>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

/// What libjpeg reads of a JPEG before its image data.
struct JpegHeaderFacts {
    int width = 0;
    int height = 0;
    int components = 0;        ///< 1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK
    int precision = 8;         ///< bits per sample
    bool progressive = false;  ///< SOF2: the image comes in several scans
    bool arithmetic = false;   ///< arithmetic-coded (SOF9-SOF11), which PDF viewers cannot show
    bool rgb = false;          ///< 3 components stored as RGB, not YCbCr
    double jfifDpi = 0;        ///< JFIF density in pixels per inch; 0 when absent
    std::string exif;          ///< the APP1 "Exif" segment's bytes, empty when none
    std::size_t imageDataOffset = 0;  ///< where the first scan's data begins in the file
};

/// Reads a JPEG's markers up to its first scan with libjpeg (jpeg_read_header), decoding no
/// pixel. nullopt with `why` set when libjpeg refuses the header. Never throws for bad content.
std::optional<JpegHeaderFacts> ReadJpegHeaderFacts(std::string_view bytes, std::string& why);

/// Decodes a JPEG to 8-bit gray (one component) or BGR (YCbCr, RGB, CMYK, YCCK). Returns false
/// with `why` set when the data is not a JPEG libjpeg can decode; data that ends early decodes
/// with its missing rows grey, as every viewer shows them; `warning` (when given) then receives
/// libjpeg's first warning ("premature end of data segment", "corrupt JPEG data"), so that the
/// caller can say the page may be incomplete. `reduceBy` (1, 2, 4 or 8) decodes at that fraction
/// of each side with libjpeg's DCT scaling, so a huge image never takes its full size in memory.
/// `gray` decodes a YCbCr or RGB JPEG straight to its luma (no chroma to upsample nor colours to
/// convert); CMYK stays BGR. Never throws for bad content.
bool DecodeJpeg(std::string_view bytes, cv::Mat& pixels, std::string& why,
                std::string* warning = nullptr, int reduceBy = 1, bool gray = false);

/// Encodes 8-bit gray or BGR pixels as a baseline JPEG of `quality` (1-100, 4:2:0 chroma for
/// colour). Throws Error(Internal) for other pixel types.
std::string EncodeJpeg(const cv::Mat& pixels, int quality);

}  // namespace dossier
