// Leptonica images to OpenCV matrices, and Leptonica kept quiet.
#include "image/Leptonica.h"

#include <leptonica/allheaders.h>

#include <cstddef>
#include <mutex>

namespace dossier {

std::optional<cv::Mat> PixToMat(PIX* source) {
    PIX* pix = pixClone(source);
    auto replace = [&pix](PIX* converted) {
        pixDestroy(&pix);
        pix = converted;
    };
    if (pixGetColormap(pix)) replace(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
    if (pix && pixGetDepth(pix) == 1) replace(pixConvert1To8(nullptr, pix, 255, 0));
    if (pix && (pixGetDepth(pix) == 2 || pixGetDepth(pix) == 4)) replace(pixConvertTo8(pix, 0));
    if (pix && pixGetDepth(pix) == 16) replace(pixConvert16To8(pix, L_MS_BYTE));
    if (pix && pixGetDepth(pix) == 24) replace(pixConvert24To32(pix));
    if (pix && pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4)
        replace(pixAlphaBlendUniform(pix, 0xffffff00));
    if (!pix) return std::nullopt;
    const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
    const int wpl = pixGetWpl(pix);
    l_uint32* data = pixGetData(pix);
    std::optional<cv::Mat> out;
    if (d == 8) {
        cv::Mat m(h, w, CV_8UC1);
        for (int y = 0; y < h; ++y) {
            const l_uint32* line = data + std::ptrdiff_t(y) * wpl;
            auto* row = m.ptr<std::uint8_t>(y);
            for (int x = 0; x < w; ++x) row[x] = GET_DATA_BYTE(line, x);
        }
        out = m;
    } else if (d == 32) {
        cv::Mat m(h, w, CV_8UC3);
        for (int y = 0; y < h; ++y) {
            const l_uint32* line = data + std::ptrdiff_t(y) * wpl;
            auto* row = m.ptr<std::uint8_t>(y);
            for (int x = 0; x < w; ++x) {
                const l_uint32 p = line[x];  // 0xRRGGBBAA
                row[3 * x] = (p >> 8) & 0xff;
                row[3 * x + 1] = (p >> 16) & 0xff;
                row[3 * x + 2] = (p >> 24) & 0xff;
            }
        }
        out = m;
    }
    pixDestroy(&pix);
    return out;
}

void QuietLeptonica() {
    static std::once_flag once;
    std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

}  // namespace dossier
