// Magic bytes, format names, and the header reader of each format.
#include "image/Sniff.h"

#include <set>

#include "image/Bmp.h"
#include "image/Bytes.h"
#include "image/Jpeg.h"
#include "image/Png.h"
#include "image/Webp.h"

namespace dossier {

ImageFormat SniffFormat(std::string_view b) {
    using bytes::StartsWith;
    using bytes::U8;
    if (b.size() >= 3 && U8(b, 0) == 0xFF && U8(b, 1) == 0xD8 && U8(b, 2) == 0xFF)
        return ImageFormat::Jpeg;
    if (StartsWith(b, "\x89PNG\r\n\x1a\n")) return ImageFormat::Png;
    if (StartsWith(b, std::string_view("II*\0", 4)) ||
        StartsWith(b, std::string_view("MM\0*", 4)) ||
        StartsWith(b, std::string_view("II+\0", 4)) || StartsWith(b, std::string_view("MM\0+", 4)))
        return ImageFormat::Tiff;
    if (StartsWith(b, "BM") && b.size() >= 18) return ImageFormat::Bmp;
    if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP")
        return ImageFormat::Webp;
    // PDF readers accept the header anywhere in the first kilobyte (some scanners prepend junk).
    if (b.substr(0, 1024).find("%PDF-") != std::string_view::npos) return ImageFormat::Pdf;
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
        static const std::set<std::string_view> kBrands{"heic", "heix", "hevc", "hevx",
                                                        "heim", "heis", "hevm", "hevs",
                                                        "mif1", "msf1", "avif", "avis"};
        if (kBrands.count(b.substr(8, 4))) return ImageFormat::Heif;
    }
    if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return ImageFormat::Gif;
    if (StartsWith(b, std::string_view("\0\0\0\x0cjP  ", 8)) || StartsWith(b, "\xFF\x4F\xFF\x51"))
        return ImageFormat::Jpeg2000;
    return ImageFormat::Unknown;
}

const char* ToString(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg:
            return "jpeg";
        case ImageFormat::Png:
            return "png";
        case ImageFormat::Tiff:
            return "tiff";
        case ImageFormat::Bmp:
            return "bmp";
        case ImageFormat::Webp:
            return "webp";
        case ImageFormat::Pdf:
            return "pdf";
        case ImageFormat::Heif:
            return "heic";
        case ImageFormat::Gif:
            return "gif";
        case ImageFormat::Jpeg2000:
            return "jp2";
        case ImageFormat::Unknown:
            break;
    }
    return "unknown";
}

std::optional<ImageHeader> TryReadImageHeader(std::string_view bytes, ImageFormat format,
                                              std::string& why) {
    switch (format) {
        case ImageFormat::Jpeg:
            return ReadJpegHeader(bytes, why);
        case ImageFormat::Png:
            return ReadPngHeader(bytes, why);
        case ImageFormat::Bmp:
            return ReadBmpHeader(bytes, why);
        case ImageFormat::Webp:
            return ReadWebpHeader(bytes, why);
        default:
            why = "no header reader for this format";
            return std::nullopt;
    }
}

}  // namespace dossier
