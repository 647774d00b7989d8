#include "core/Page.h"

#include <opencv2/core.hpp>

namespace dossier {

std::vector<std::string> PageQuality::FailedCodes() const {
    std::vector<std::string> codes;
    for (const auto& check : checks)
        if (!check.ok) codes.push_back(check.code);
    return codes;
}

cv::Mat Page::Upright() const {
    cv::Mat upright;
    switch (preparation.rotationDegrees) {
        case 90:
            cv::rotate(original, upright, cv::ROTATE_90_CLOCKWISE);
            break;
        case 180:
            cv::rotate(original, upright, cv::ROTATE_180);
            break;
        case 270:
            cv::rotate(original, upright, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            upright = original;
    }
    return upright;
}

}  // namespace dossier
