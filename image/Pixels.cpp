// Pixel conversions and hashes shared by the decoders.
#include "image/Pixels.h"

#include <cstring>
#include <opencv2/core.hpp>

#include "core/Files.h"

namespace dossier {

cv::Mat ToGrayOrBgr(const cv::Mat& image) {
    if (image.empty()) return image;
    cv::Mat eight;
    switch (image.depth()) {
        case CV_8U:
            eight = image;
            break;
        case CV_8S:
            image.convertTo(eight, CV_8U, 1, 128);
            break;
        case CV_16U:
            image.convertTo(eight, CV_8U, 1.0 / 257.0);
            break;
        case CV_16S:
            image.convertTo(eight, CV_8U, 1.0 / 257.0, 128);
            break;
        default: {  // float and 32-bit data: stretch whatever range it has to 0..255
            cv::Mat flat = image.reshape(1);
            double lo = 0, hi = 0;
            cv::minMaxLoc(flat, &lo, &hi);
            const double scale = hi > lo ? 255.0 / (hi - lo) : 0.0;
            image.convertTo(eight, CV_8U, scale, -lo * scale);
        }
    }
    const int channels = eight.channels();
    if (channels == 1 || channels == 3) return eight;
    if (channels != 2 && channels != 4) {
        cv::Mat first;
        cv::extractChannel(eight, first, 0);
        return first;
    }
    // Composite on white: a transparent pixel on paper shows the paper.
    cv::Mat out(eight.rows, eight.cols, channels == 2 ? CV_8UC1 : CV_8UC3);
    const int colour = channels - 1;
    for (int y = 0; y < eight.rows; ++y) {
        const auto* in = eight.ptr<std::uint8_t>(y);
        auto* o = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < eight.cols; ++x) {
            const int alpha = in[x * channels + colour];
            for (int c = 0; c < colour; ++c)
                o[x * colour + c] = static_cast<std::uint8_t>(
                    (in[x * channels + c] * alpha + 255 * (255 - alpha) + 127) / 255);
        }
    }
    return out;
}

std::string PixelSha256(const cv::Mat& image) {
    const bool gray = image.channels() == 1;
    std::string bytes = std::string(gray ? "P5\n" : "P6\n") + std::to_string(image.cols) + " " +
                        std::to_string(image.rows) + "\n255\n";
    const size_t header = bytes.size();
    const size_t rowBytes = size_t(image.cols) * image.channels();
    bytes.resize(header + rowBytes * size_t(image.rows));
    for (int y = 0; y < image.rows; ++y) {
        char* dst = bytes.data() + header + rowBytes * size_t(y);
        const auto* src = image.ptr<std::uint8_t>(y);
        if (gray) {
            std::memcpy(dst, src, rowBytes);
        } else {
            for (int x = 0; x < image.cols; ++x) {
                dst[3 * x] = static_cast<char>(src[3 * x + 2]);
                dst[3 * x + 1] = static_cast<char>(src[3 * x + 1]);
                dst[3 * x + 2] = static_cast<char>(src[3 * x]);
            }
        }
    }
    return Sha256Hex(bytes);
}

}  // namespace dossier
