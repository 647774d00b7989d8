// Finds frontal faces and their eyes with OpenCV's cascades (package opencv-data).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/ToolPool.h"

namespace dossier {

struct FaceFinderOptions {
    /// Folder holding haarcascades/ and lbpcascades/; empty = the compiled-in DOSSIER_CASCADES_DIR
    /// (default: "")
    std::string cascadesDir;
    /// Face cascade, relative to cascadesDir (default:
    /// haarcascades/haarcascade_frontalface_alt2.xml)
    std::string faceCascade = "haarcascades/haarcascade_frontalface_alt2.xml";
    /// Eye cascade, relative to cascadesDir; empty = do not look for eyes (default:
    /// haarcascades/haarcascade_eye.xml)
    std::string eyeCascade = "haarcascades/haarcascade_eye.xml";
    /// Second eye cascade tried when the first finds no pair, e.g. behind glasses (default:
    /// haarcascades/haarcascade_eye_tree_eyeglasses.xml)
    std::string eyeglassesCascade = "haarcascades/haarcascade_eye_tree_eyeglasses.xml";
    /// Smallest face side searched, as a fraction of the image's shorter side (default: 0.2)
    double minFaceFraction = 0.2;
    /// Scale step of the detector's image pyramid (default: 1.1)
    double scaleStep = 1.1;
    /// Neighbouring detections needed to accept a face; higher means fewer false faces (default: 4)
    int minNeighbors = 4;
};

struct FoundFace {
    cv::Rect box;  ///< the cascade's face box, in the searched image's pixels
    /// Eye centres in image pixels (left and right as seen in the image); nullopt when no
    /// plausible pair was found
    std::optional<cv::Point2d> leftEye, rightEye;
};

/// The cascades of a run, loaded once and shared by its threads. A cascade keeps scratch buffers
/// in itself while it searches, so each searching thread borrows one of its own; loading one
/// costs about 20 ms, so a run loads one per concurrent searcher, not one per search.
class FaceCascades {
  public:
    using Lent = ToolPool<cv::CascadeClassifier>::Lent;

    /// The cascade in the file `path`, this caller's alone until it is dropped. Throws
    /// Error(MissingResource) when the file cannot be loaded.
    Lent Lend(const std::string& path);

  private:
    std::mutex mutex_;
    // A pool per file; the pools never move, because lent cascades return to them.
    std::map<std::string, std::unique_ptr<ToolPool<cv::CascadeClassifier>>> pools_;
};

/// Faces in an 8-bit gray image, largest first, each with its eyes when a plausible pair exists.
/// The cascades are borrowed from `cascades`; throws Error(MissingResource) when a cascade file
/// cannot be loaded.
std::vector<FoundFace> FindFaces(const cv::Mat& gray, const FaceFinderOptions& options,
                                 FaceCascades& cascades);

/// As above with cascades loaded for this call alone (a single check; a run passes its own).
std::vector<FoundFace> FindFaces(const cv::Mat& gray, const FaceFinderOptions& options = {});

}  // namespace dossier
