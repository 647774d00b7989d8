// BMP input: the headers checked against the file's size, the plain layouts copied row by row,
// the rest (palettes, RLE) read by Leptonica.
#include "image/Bmp.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <opencv2/imgproc.hpp>
#include <set>

#include "image/Bytes.h"
#include "image/Leptonica.h"

namespace dossier {

namespace {

using bytes::Le16;
using bytes::Le32;

// What a BMP's headers say about its pixel array, checked against the file's size.
struct BmpLayout {
    ImageHeader header;
    int bitsPerPixel = 0;
    std::uint32_t compression = 0;  ///< 0 = BI_RGB (plain rows), 3 = bit fields, others RLE
    std::uint32_t dataOffset = 0;
    bool topDown = false;  ///< negative height: rows stored top-down
    size_t rowBytes = 0;   ///< uncompressed row size, padded to 4 bytes
};

std::optional<BmpLayout> ReadBmpLayout(std::string_view b, std::string& why) {
    if (b.size() < 26) {
        why = "the BMP header is truncated";
        return std::nullopt;
    }
    BmpLayout layout;
    layout.dataOffset = Le32(b, 10);
    const std::uint32_t dibSize = Le32(b, 14);
    std::int64_t width = 0, height = 0;
    if (dibSize == 12) {
        width = Le16(b, 18);
        height = Le16(b, 20);
        layout.bitsPerPixel = static_cast<int>(Le16(b, 24));
    } else if (dibSize >= 40 && b.size() >= 54) {
        width = static_cast<std::int32_t>(Le32(b, 18));
        height = static_cast<std::int32_t>(Le32(b, 22));
        layout.bitsPerPixel = static_cast<int>(Le16(b, 28));
        layout.compression = Le32(b, 30);
        layout.header.dpi = static_cast<std::int32_t>(Le32(b, 38)) * 0.0254;
    } else {
        why = "the BMP has an unknown or truncated information header";
        return std::nullopt;
    }
    if (width <= 0 || height == 0 || height == INT32_MIN) {
        why = "the BMP declares impossible dimensions";
        return std::nullopt;
    }
    layout.topDown = height < 0;
    height = std::llabs(height);
    static const std::set<int> kDepths{1, 4, 8, 16, 24, 32};
    if (!kDepths.count(layout.bitsPerPixel)) {
        why = "the BMP declares " + std::to_string(layout.bitsPerPixel) + " bits per pixel";
        return std::nullopt;
    }
    layout.header.width = static_cast<int>(std::min<std::int64_t>(width, INT32_MAX));
    layout.header.height = static_cast<int>(std::min<std::int64_t>(height, INT32_MAX));
    layout.rowBytes = ((std::uint64_t(width) * layout.bitsPerPixel + 31) / 32) * 4;
    if (layout.compression == 0 || layout.compression == 3) {  // the pixel array size is known
        if (layout.dataOffset > b.size() ||
            layout.rowBytes * std::uint64_t(height) > b.size() - layout.dataOffset) {
            why = "the BMP is truncated (its pixel data is shorter than its header declares)";
            return std::nullopt;
        }
    }
    return layout;
}

}  // namespace

std::optional<ImageHeader> ReadBmpHeader(std::string_view b, std::string& why) {
    const auto layout = ReadBmpLayout(b, why);
    if (!layout) return std::nullopt;
    return layout->header;
}

bool TryDecodeBmp(std::string_view bytes, cv::Mat& out, std::string& why) {
    // Leptonica reads BMP pixel by pixel (~120 ms for an A4 page at 300 dpi); the plain layouts
    // are rows of BGR(X) that are copied as they are. Leptonica reads the rest (palettes, RLE).
    const auto layout = ReadBmpLayout(bytes, why);
    if (!layout) return false;
    if (layout->compression == 0 && (layout->bitsPerPixel == 24 || layout->bitsPerPixel == 32)) {
        const int width = layout->header.width, height = layout->header.height;
        const int channels = layout->bitsPerPixel / 8;
        out.create(height, width, CV_8UC3);
        for (int y = 0; y < height; ++y) {
            const int source = layout->topDown ? y : height - 1 - y;
            const char* row = bytes.data() + layout->dataOffset + layout->rowBytes * size_t(source);
            const cv::Mat line(1, width, CV_8UC(channels), const_cast<char*>(row));
            cv::Mat target = out.row(y);
            // The fourth byte of 32-bit BI_RGB pixels is unused, not alpha.
            if (channels == 3)
                line.copyTo(target);
            else
                cv::cvtColor(line, target, cv::COLOR_BGRA2BGR);
        }
        return true;
    }
    QuietLeptonica();
    PIX* pix = pixReadMemBmp(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size());
    std::optional<cv::Mat> pixels;
    if (pix) pixels = PixToMat(pix);
    pixDestroy(&pix);
    if (!pixels || pixels->empty()) {
        why = "the BMP data is corrupt or uses a compression that is not supported";
        return false;
    }
    out = std::move(*pixels);
    return true;
}

}  // namespace dossier
