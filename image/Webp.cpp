// WebP input through libwebp; animated files are refused.
#include "image/Webp.h"

#include <webp/decode.h>

#include "image/Bytes.h"
#include "image/Pixels.h"

namespace dossier {

using bytes::Le32;

std::optional<ImageHeader> ReadWebpHeader(std::string_view b, std::string& why) {
    if (b.size() < 12 || std::uint64_t(Le32(b, 4)) + 8 > b.size()) {
        why = "the WebP file is truncated (shorter than its RIFF size)";
        return std::nullopt;
    }
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(reinterpret_cast<const std::uint8_t*>(b.data()), b.size(), &features) !=
            VP8_STATUS_OK ||
        features.width <= 0 || features.height <= 0) {
        why = "the WebP header is truncated or corrupt";
        return std::nullopt;
    }
    if (features.has_animation) {
        why = "animated WebP images are not accepted";
        return std::nullopt;
    }
    ImageHeader header;
    header.width = features.width;
    header.height = features.height;
    return header;
}

bool TryDecodeWebp(std::string_view bytes, cv::Mat& out, std::string& why) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK || features.width <= 0 ||
        features.height <= 0) {
        why = "the WebP data is corrupt and could not be decoded";
        return false;
    }
    const int channels = features.has_alpha ? 4 : 3;
    cv::Mat decoded(features.height, features.width, CV_8UC(channels));
    const size_t size = decoded.step[0] * size_t(decoded.rows);
    const int stride = static_cast<int>(decoded.step[0]);
    const bool ok = features.has_alpha
                        ? WebPDecodeBGRAInto(data, bytes.size(), decoded.data, size, stride)
                        : WebPDecodeBGRInto(data, bytes.size(), decoded.data, size, stride);
    if (!ok) {
        why = "the WebP data is corrupt and could not be decoded";
        return false;
    }
    out = ToGrayOrBgr(decoded);
    return true;
}

}  // namespace dossier
