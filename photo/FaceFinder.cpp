// Face and eye detection with OpenCV cascades, borrowed from the run's FaceCascades.
#include "photo/FaceFinder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "core/Error.h"

namespace dossier {
namespace {

std::string CascadePath(const FaceFinderOptions& options, const std::string& file) {
    const std::string dir =
        options.cascadesDir.empty() ? DOSSIER_CASCADES_DIR : options.cascadesDir;
    return dir + "/" + file;
}

std::unique_ptr<cv::CascadeClassifier> LoadCascade(const std::string& path) {
    auto cascade = std::make_unique<cv::CascadeClassifier>();
    bool loaded = false;
    try {
        loaded = cascade->load(path);
    } catch (const cv::Exception&) {
        loaded = false;
    }
    if (!loaded || cascade->empty())
        throw Error(ErrorCode::MissingResource,
                    "cannot load the OpenCV cascade " + path + " (package opencv-data)");
    return cascade;
}

cv::Point2d Centre(const cv::Rect& r) {
    return {r.x + r.width / 2.0, r.y + r.height / 2.0};
}

// Eye cascades also fire on eyebrows, nostrils and frames, so a pair is accepted only where eyes
// can be: side by side in the upper face, of similar size, at a plausible distance apart.
std::optional<std::pair<cv::Point2d, cv::Point2d>> PickEyePair(const std::vector<cv::Rect>& eyes,
                                                               const cv::Rect& face) {
    const double w = face.width, h = face.height;
    const double cx = face.x + w / 2.0, typicalY = face.y + 0.38 * h;
    double bestScore = 1e9;
    std::optional<std::pair<cv::Point2d, cv::Point2d>> best;
    for (size_t i = 0; i < eyes.size(); ++i) {
        for (size_t j = 0; j < eyes.size(); ++j) {
            cv::Point2d a = Centre(eyes[i]), b = Centre(eyes[j]);
            if (i == j || a.x >= b.x) continue;
            const double dx = b.x - a.x, dy = b.y - a.y;
            if (dx < 0.25 * w || dx > 0.7 * w || std::abs(dy) > 0.5 * dx) continue;
            const double sizeRatio = double(std::max(eyes[i].width, eyes[j].width)) /
                                     std::min(eyes[i].width, eyes[j].width);
            if (sizeRatio > 1.8) continue;
            const double score = std::abs((a.x + b.x) / 2 - cx) / w +
                                 std::abs((a.y + b.y) / 2 - typicalY) / h + std::log(sizeRatio);
            if (score < bestScore) {
                bestScore = score;
                best = std::make_pair(a, b);
            }
        }
    }
    return best;
}

// The cascade's eye boxes jitter by a few pixels each, which tilts the line between their centres
// by degrees. The right eye is taken instead where the mirrored left eye fits best: the point that
// mirrors the left centre, so the line between them shows the head's roll. A rolled head turns the
// mirror image the other way, so the patch is turned by twice the roll found so far, twice over.
// Nullopt when nothing fits (a closed or hidden eye, glare on glasses): the cascade's centres
// stand.
std::optional<cv::Point2d> MirroredRightEye(const cv::Mat& gray, const cv::Point2d& left,
                                            const cv::Point2d& right, const cv::Rect& face) {
    const int w = std::max(8, int(0.22 * face.width)), h = std::max(6, int(0.14 * face.width));
    const int reach = std::max(2, int(0.08 * face.width));
    const int margin = std::max(w, h) / 2;  // room for turning the patch
    const cv::Rect image(0, 0, gray.cols, gray.rows);
    const cv::Rect around(int(std::lround(left.x)) - w / 2 - margin,
                          int(std::lround(left.y)) - h / 2 - margin, w + 2 * margin,
                          h + 2 * margin);
    if ((around & image) != around) return std::nullopt;
    cv::Mat mirroredAround;
    cv::flip(gray(around), mirroredAround, 1);
    // The left centre in the mirrored surroundings (columns counted from the other side).
    const cv::Point2f centre(float(around.width - 1 - (left.x - around.x)),
                             float(left.y - around.y));
    std::optional<cv::Point2d> found;
    cv::Point2d estimate = right;
    for (int pass = 0; pass < 3; ++pass) {
        const double roll = std::atan2(estimate.y - left.y, estimate.x - left.x) * 180.0 / CV_PI;
        cv::Mat turned;
        // The mirror turned the left eye by -roll; turning it back by 2 * roll matches the right.
        cv::warpAffine(mirroredAround, turned, cv::getRotationMatrix2D(centre, -2 * roll, 1.0),
                       mirroredAround.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        const cv::Rect patch(int(std::lround(centre.x)) - w / 2, int(std::lround(centre.y)) - h / 2,
                             w, h);
        const cv::Rect search(int(std::lround(right.x)) - w / 2 - reach,
                              int(std::lround(right.y)) - h / 2 - reach, w + 2 * reach,
                              h + 2 * reach);
        if ((search & image) != search) return std::nullopt;
        cv::Mat fit;
        cv::matchTemplate(gray(search), turned(patch), fit, cv::TM_CCOEFF_NORMED);
        double best;
        cv::Point at;
        cv::minMaxLoc(fit, nullptr, &best, nullptr, &at);
        constexpr double kMinFit = 0.5;  // an eye against its mirror image fits at 0.7-0.95
        if (best < kMinFit) return found;
        // Sub-pixel: the vertex of the parabola through the best fit and its neighbours.
        const auto vertex = [](int i, int n, auto value) {
            if (i <= 0 || i >= n - 1) return 0.0;
            const double a = value(i - 1), b = value(i), c = value(i + 1);
            const double d = a - 2 * b + c;
            return d < 0 ? 0.5 * (a - c) / d : 0.0;
        };
        const double dx = vertex(at.x, fit.cols, [&](int x) { return fit.at<float>(at.y, x); });
        const double dy = vertex(at.y, fit.rows, [&](int y) { return fit.at<float>(y, at.x); });
        estimate = cv::Point2d(search.x + at.x + dx + (centre.x - patch.x),
                               search.y + at.y + dy + (centre.y - patch.y));
        found = estimate;
    }
    return found;
}

std::vector<cv::Rect> DetectEyes(cv::CascadeClassifier& cascade, const cv::Mat& gray,
                                 const cv::Rect& band, int minSide, int maxSide) {
    std::vector<cv::Rect> eyes;
    cascade.detectMultiScale(gray(band), eyes, 1.1, 3, 0, cv::Size(minSide, minSide),
                             cv::Size(maxSide, maxSide));
    for (auto& e : eyes) e += band.tl();
    return eyes;
}

}  // namespace

FaceCascades::Lent FaceCascades::Lend(const std::string& path) {
    ToolPool<cv::CascadeClassifier>* pool = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto& slot = pools_[path];
        if (!slot)
            slot = std::make_unique<ToolPool<cv::CascadeClassifier>>(
                [path] { return LoadCascade(path); });
        pool = slot.get();
    }
    return pool->Lend();  // outside the lock: loading is the slow part
}

std::vector<FoundFace> FindFaces(const cv::Mat& gray, const FaceFinderOptions& options) {
    FaceCascades cascades;
    return FindFaces(gray, options, cascades);
}

std::vector<FoundFace> FindFaces(const cv::Mat& gray, const FaceFinderOptions& options,
                                 FaceCascades& cascades) {
    if (gray.empty() || gray.type() != CV_8UC1)
        throw Error(ErrorCode::Internal, "FindFaces needs a non-empty 8-bit gray image");
    const auto faceCascade = cascades.Lend(CascadePath(options, options.faceCascade));
    const int minSide = std::max(20, int(options.minFaceFraction * std::min(gray.cols, gray.rows)));
    if (minSide > std::min(gray.cols, gray.rows)) return {};
    std::vector<cv::Rect> boxes;
    faceCascade->detectMultiScale(gray, boxes, options.scaleStep, options.minNeighbors, 0,
                                  cv::Size(minSide, minSide));
    std::sort(boxes.begin(), boxes.end(),
              [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });

    std::vector<FoundFace> faces;
    for (const auto& box : boxes) {
        FoundFace face{box, std::nullopt, std::nullopt};
        // Eyes sit in the upper part of the cascade's box; searching only there is faster and
        // keeps the mouth and nostrils out.
        cv::Rect band(box.x, box.y + int(0.15 * box.height), box.width, int(0.45 * box.height));
        band &= cv::Rect(0, 0, gray.cols, gray.rows);
        // The eye cascade's box around an eye is 20-30% of the face box's width; smaller finds
        // are pupils and nostrils, and the smallest scales are most of the search's cost.
        const int eyeMin = std::max(6, int(0.15 * box.width));
        const int eyeMax = std::max(eyeMin + 1, int(0.4 * box.width));
        if (options.eyeCascade.empty()) {
            faces.push_back(face);
            continue;
        }
        auto pair = PickEyePair(DetectEyes(*cascades.Lend(CascadePath(options, options.eyeCascade)),
                                           gray, band, eyeMin, eyeMax),
                                box);
        if (!pair && !options.eyeglassesCascade.empty())
            pair = PickEyePair(
                DetectEyes(*cascades.Lend(CascadePath(options, options.eyeglassesCascade)), gray,
                           band, eyeMin, eyeMax),
                box);
        if (pair) {
            face.leftEye = pair->first;
            face.rightEye =
                MirroredRightEye(gray, pair->first, pair->second, box).value_or(pair->second);
        }
        faces.push_back(face);
    }
    return faces;
}

}  // namespace dossier
