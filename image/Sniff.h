// Which format a file is, told by its first bytes and never by its name, and what its header
// declares before any pixel is decoded: a truncated file or a decompression bomb is refused here,
// for the cost of reading a few bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dossier {

enum class ImageFormat { Unknown, Jpeg, Png, Tiff, Bmp, Webp, Pdf, Heif, Gif, Jpeg2000 };

/// The format the first bytes declare, whatever the file's name says.
ImageFormat SniffFormat(std::string_view bytes);

/// Stable lower-case name, as used in Page::sourceFormat ("jpeg", "png", "tiff", "bmp", "webp",
/// "pdf", "heic", "gif", "jp2", "unknown").
const char* ToString(ImageFormat format);

/// What a single-image header says, read without decoding pixels.
struct ImageHeader {
    int width = 0;
    int height = 0;
    double dpi = 0;                ///< from JFIF, EXIF, pHYs or the BMP header; 0 when absent
    int orientation = 1;           ///< EXIF orientation 1..8 (JPEG only)
    int components = 0;            ///< JPEG colour components (1 gray, 3 YCbCr/RGB, 4 CMYK)
    bool jpegPassThrough = false;  ///< 8-bit baseline/progressive gray or YCbCr JPEG
    int scans = 0;                 ///< JPEG scans (SOS markers); a progressive file has several
};

/// Reads and checks a JPEG, PNG, BMP or WebP header; nullopt with `why` set when the header is
/// missing, truncated, corrupt or declares something we refuse.
std::optional<ImageHeader> TryReadImageHeader(std::string_view bytes, ImageFormat format,
                                              std::string& why);

}  // namespace dossier
