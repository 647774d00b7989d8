#include "core/Page.h"

#include <opencv2/core.hpp>

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

cv::Mat Page::Upright() const {
    return RotateClockwise(original, preparation.rotationDegrees);
}

}  // namespace dossier
