// Face and eye detection with OpenCV cascades, loaded once per thread.
#include "classify/FaceFinder.h"

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

// CascadeClassifier::detectMultiScale keeps scratch buffers in the object, so an instance must not
// be shared between threads; one per thread per file keeps loading (~20 ms each) to once.
cv::CascadeClassifier& Cascade(const std::string& path) {
    thread_local std::map<std::string, std::unique_ptr<cv::CascadeClassifier>> cache;
    auto& slot = cache[path];
    if (!slot) {
        auto cascade = std::make_unique<cv::CascadeClassifier>();
        bool loaded = false;
        try {
            loaded = cascade->load(path);
        } catch (const cv::Exception&) {
            loaded = false;
        }
        if (!loaded || cascade->empty()) {
            cache.erase(path);
            throw Error(ErrorCode::MissingResource,
                        "cannot load the OpenCV cascade " + path + " (package opencv-data)");
        }
        slot = std::move(cascade);
    }
    return *slot;
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

std::vector<cv::Rect> DetectEyes(cv::CascadeClassifier& cascade, const cv::Mat& gray,
                                 const cv::Rect& band, int minSide, int maxSide) {
    std::vector<cv::Rect> eyes;
    cascade.detectMultiScale(gray(band), eyes, 1.1, 3, 0, cv::Size(minSide, minSide),
                             cv::Size(maxSide, maxSide));
    for (auto& e : eyes) e += band.tl();
    return eyes;
}

}  // namespace

std::vector<FoundFace> FindFaces(const cv::Mat& gray, const FaceFinderOptions& options) {
    if (gray.empty() || gray.type() != CV_8UC1)
        throw Error(ErrorCode::Internal, "FindFaces needs a non-empty 8-bit gray image");
    auto& faceCascade = Cascade(CascadePath(options, options.faceCascade));
    const int minSide = std::max(20, int(options.minFaceFraction * std::min(gray.cols, gray.rows)));
    if (minSide > std::min(gray.cols, gray.rows)) return {};
    std::vector<cv::Rect> boxes;
    faceCascade.detectMultiScale(gray, boxes, options.scaleStep, options.minNeighbors, 0,
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
        auto pair = PickEyePair(DetectEyes(Cascade(CascadePath(options, options.eyeCascade)), gray,
                                           band, eyeMin, eyeMax),
                                box);
        if (!pair && !options.eyeglassesCascade.empty())
            pair = PickEyePair(DetectEyes(Cascade(CascadePath(options, options.eyeglassesCascade)),
                                          gray, band, eyeMin, eyeMax),
                               box);
        if (pair) {
            face.leftEye = pair->first;
            face.rightEye = pair->second;
        }
        faces.push_back(face);
    }
    return faces;
}

}  // namespace dossier
