// The dispatch from a format to its decoder, and the limits every decoder checks against.
#include "image/Decode.h"

#include <cmath>
#include <exception>
#include <sstream>

#include "image/Bmp.h"
#include "image/Heif.h"
#include "image/Jpeg.h"
#include "image/Png.h"
#include "image/Tiff.h"
#include "image/Webp.h"

namespace dossier {

namespace {

std::string PixelCount(std::uint64_t w, std::uint64_t h) {
    return std::to_string(w) + " x " + std::to_string(h);
}

/// The decoder of `format` (PNG, BMP or WebP) with every error turned into `why`.
bool TryDecodePixels(std::string_view bytes, ImageFormat format, cv::Mat& out, std::string& why) {
    try {
        switch (format) {
            case ImageFormat::Png:
                return TryDecodePng(bytes, out, why);
            case ImageFormat::Webp:
                return TryDecodeWebp(bytes, out, why);
            case ImageFormat::Bmp:
                return TryDecodeBmp(bytes, out, why);
            default:
                why = std::string("no image decoder for ") + ToString(format);
                return false;
        }
    } catch (const std::exception&) {  // cv::Exception or bad_alloc: out of memory
        why = "the image is too large to decode";
    }
    out.release();
    return false;
}

}  // namespace

double TrustedDpi(double dpi, const DecodeLimits& limits) {
    if (!std::isfinite(dpi) || dpi < limits.minTrustedDpi || dpi > 10000) return 0;
    return dpi;
}

bool CheckDimensions(std::uint64_t width, std::uint64_t height, const DecodeLimits& limits,
                     std::string& why, bool* overBudget) {
    if (width == 0 || height == 0) {
        why = "the image header declares an empty image (" + PixelCount(width, height) + ")";
        return false;
    }
    const bool huge = width > (1u << 30) || height > (1u << 30);
    if (huge || width * height > limits.maxPixels) {
        why = "the image declares " + PixelCount(width, height) +
              " pixels, more than the limit of " + std::to_string(limits.maxPixels) +
              " per page (refused before decoding)";
        return false;
    }
    if (width * height > limits.maxPixelsPerFile) {
        why = "the image declares " + PixelCount(width, height) + " pixels, more than the " +
              std::to_string(limits.maxPixelsPerFile) +
              " decoded pixels left for this file (per file, and what is left of the budget "
              "per case; refused before decoding)";
        if (overBudget) *overBudget = true;
        return false;
    }
    return true;
}

FileBudget::FileBudget(const DecodeLimits& limits)
    : pixelsLeft_(limits.maxPixelsPerFile),
      pixelLimit_(limits.maxPixelsPerFile),
      seconds_(limits.maxSecondsPerFile),
      deadline_(std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(limits.maxSecondsPerFile))) {}

bool FileBudget::TryTake(std::uint64_t pixels, std::string& why) {
    if (pixels > pixelsLeft_) {
        why = "the file's pages would decode to more than " + std::to_string(pixelLimit_) +
              " pixels, its budget (per file, and what is left of the budget per case)";
        return false;
    }
    pixelsLeft_ -= pixels;
    return true;
}

bool FileBudget::HasTimeLeft(std::string& why) const {
    if (std::chrono::steady_clock::now() < deadline_) return true;
    std::ostringstream seconds;
    seconds << seconds_;
    why = "the file took more than " + seconds.str() +
          " s to decode, its time budget (per file, and what is left of the case's)";
    return false;
}

DecodedFile DecodeImageFile(std::string_view bytes, ImageFormat format, const DecodeLimits& limits,
                            const PageSink& sink) {
    DecodedFile file;
    std::string why;
    switch (format) {
        case ImageFormat::Tiff:
            return DecodeTiff(bytes, limits, sink);
        case ImageFormat::Heif:
            return DecodeHeif(bytes, limits, sink);
        case ImageFormat::Jpeg:
        case ImageFormat::Png:
        case ImageFormat::Bmp:
        case ImageFormat::Webp: {
            const auto header = TryReadImageHeader(bytes, format, why);
            bool overBudget = false;
            DecodedPage page;
            if (header &&
                CheckDimensions(header->width, header->height, limits, why, &overBudget) &&
                (format == ImageFormat::Jpeg ? TryDecodeJpeg(bytes, limits, true, page, why)
                                             : TryDecodePixels(bytes, format, page.pixels, why))) {
                if (format != ImageFormat::Jpeg) page.dpi = TrustedDpi(header->dpi, limits);
                file.Add(std::move(page), sink);
            } else {
                file.failures.push_back({0, why, overBudget});
            }
            return file;
        }
        default:
            file.failures.push_back({0, std::string("no image decoder for ") + ToString(format)});
            return file;
    }
}

}  // namespace dossier
