#include "core/Page.h"

#include <cstdio>
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

}  // namespace dossier
