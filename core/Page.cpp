#include "core/Page.h"

#include <zlib.h>

#include <cstdio>
#include <opencv2/core.hpp>

#include "core/Error.h"
#include "core/JpegCodec.h"

namespace dossier {

const char* ContentVerdictName(ContentVerdict verdict) {
    switch (verdict) {
        case ContentVerdict::Blank:
            return "blank";
        case ContentVerdict::Doubtful:
            return "doubtful";
        case ContentVerdict::Poor:
            return "poor";
        case ContentVerdict::Legible:
            break;
    }
    return "legible";
}

std::vector<std::string> PageQuality::FailedCodes() const {
    std::vector<std::string> codes;
    for (const auto& check : checks)
        if (!check.ok) codes.push_back(check.code);
    return codes;
}

cv::Mat RotateClockwise(const cv::Mat& image, int degrees) {
    cv::Mat out;
    switch (((degrees % 360) + 360) % 360) {
        case 90:
            cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
            break;
        case 180:
            cv::rotate(image, out, cv::ROTATE_180);
            break;
        case 270:
            cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            out = image;
    }
    return out;
}

namespace {

std::shared_ptr<const std::string> Deflate(const cv::Mat& pixels) {
    const cv::Mat rows = pixels.isContinuous() ? pixels : pixels.clone();
    const uLong size = static_cast<uLong>(rows.total() * rows.elemSize());
    std::string out(compressBound(size), '\0');
    uLongf length = static_cast<uLongf>(out.size());
    // The fastest level: a scan's paper compresses well at any level, and this runs per page.
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &length, rows.data, size, Z_BEST_SPEED) !=
        Z_OK)
        throw Error(ErrorCode::Internal, "cannot compress a page's pixels");
    out.resize(length);
    out.shrink_to_fit();
    return std::make_shared<const std::string>(std::move(out));
}

cv::Mat Restore(const ParkedPixels& parked, const std::string& jpeg) {
    cv::Mat pixels;
    if (!parked.deflated) {
        std::string why;
        if (!DecodeJpeg(jpeg, pixels, why) || pixels.size() != parked.size ||
            pixels.type() != parked.type)
            throw Error(ErrorCode::Internal, "a parked page's JPEG no longer decodes: " + why);
        return pixels;
    }
    pixels.create(parked.size, parked.type);
    uLongf length = static_cast<uLongf>(pixels.total() * pixels.elemSize());
    const std::string& bytes = *parked.deflated;
    if (uncompress(pixels.data, &length, reinterpret_cast<const Bytef*>(bytes.data()),
                   static_cast<uLong>(bytes.size())) != Z_OK ||
        length != pixels.total() * pixels.elemSize())
        throw Error(ErrorCode::Internal, "a parked page's pixels do not decompress");
    return pixels;
}

}  // namespace

cv::Mat Page::Upright() const {
    if (IsParked())
        return RotateClockwise(Restore(*parked, passThroughJpeg), preparation.rotationDegrees);
    return RotateClockwise(original, preparation.rotationDegrees);
}

std::string PageQuality::DescribeProblems() const {
    std::string problems;
    for (const auto& check : checks) {
        if (check.ok) continue;
        char value[32];
        std::snprintf(value, sizeof value, "%.3g", check.value);
        problems +=
            (problems.empty() ? "" : ", ") + check.code + " " + value + " (" + check.expected + ")";
    }
    if (problems.empty()) problems = "quality";
    problems +=
        "; " + std::to_string(confidentWords) + "/" + std::to_string(wordsRead) + " words read";
    if (content == ContentVerdict::Poor && wordsAtBorder > 0)
        problems += ", " + std::to_string(wordsAtBorder) + " at the border";
    return problems;
}

void Page::Park() {
    if (original.empty()) return;
    if (!parked) {
        ParkedPixels p;
        p.size = original.size();
        p.type = original.type();
        // Ingest keeps a page's JPEG only when the page's pixels are that JPEG decoded.
        if (passThroughJpeg.empty()) p.deflated = Deflate(original);
        parked = std::move(p);
    }
    original.release();
}

void Page::Unpark() {
    if (IsParked()) original = Restore(*parked, passThroughJpeg);
}

bool Page::IsParked() const {
    return original.empty() && parked.has_value();
}

cv::Size Page::OriginalSize() const {
    return IsParked() ? parked->size : original.size();
}

cv::Size2d PrintedSizeMm(const Page& page) {
    if (page.dpi > 0 && !page.dpiEstimated) {
        const cv::Size prepared = page.prepared.size();
        return {prepared.width / page.dpi * 25.4, prepared.height / page.dpi * 25.4};
    }
    const double dpi = page.quality.dpi > 0 ? page.quality.dpi : page.dpi;
    if (dpi <= 0) return {0.0, 0.0};
    const cv::Size original = page.OriginalSize();
    return {original.width / dpi * 25.4, original.height / dpi * 25.4};
}

}  // namespace dossier
