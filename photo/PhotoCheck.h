// The 35 x 45 mm photo check: find the photo on a page, measure it and judge it, check by check.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>
#include <optional>

#include "core/Photo.h"
#include "photo/FaceFinder.h"
#include "photo/HeadOutline.h"

namespace dossier {

/// An accepted range with a band of doubt around it: a value inside [min, max] passes, one at most
/// `review` outside needs review (the measurement is an estimate), one further out fails.
struct PhotoRange {
    double min = 0.0;
    double max = 0.0;
    double review = 0.0;
    /// A recommendation rather than a rule: a value in the band of doubt is shown to the reviewer
    /// but leaves the photo's compliance to the other checks; further out it still fails.
    bool advisory = false;
};

/// Thresholds of the photo check; the defaults equal models/photo.yaml, which is the place to
/// change them.
struct PhotoOptions {
    /// Required print width in mm (default: 35)
    double widthMm = 35.0;
    /// Required print height in mm (default: 45)
    double heightMm = 45.0;
    /// Accepted deviation of each side from the required size, in mm (default: 1.0)
    double sizeToleranceMm = 1.0;
    /// Resolutions below this are software defaults (72, 96 dpi), never a scan's (default: 100)
    double minTrustedDpi = 100.0;
    /// Relative deviation of width/height from widthMm/heightMm; min is unused. 0.05 lets every
    /// print within sizeToleranceMm pass (default: 0, 0.05, review 0.02)
    PhotoRange aspectDeviation{0.0, 0.05, 0.02};

    /// Chin-to-crown height as a fraction of the photo height (default: 0.70-0.80, review 0.03)
    PhotoRange headHeightRatio{0.70, 0.80, 0.03};
    /// Where crown and chin are looked for, and the contrast that marks them
    HeadOutlineOptions outline;
    /// Crown above the face box's top edge, in face-box heights, shown as an estimate when the
    /// crown cannot be measured; never judged (default: 0.33)
    double crownFactor = 0.33;
    /// Chin below the face box's top edge, in face-box heights, shown as an estimate when the chin
    /// cannot be measured; never judged (default: 1.0)
    double chinFactor = 1.0;
    /// Horizontal offset of the face centre from the photo centre, fraction of the photo width
    /// (default: 0-0.05, review 0.03)
    PhotoRange faceOffset{0.0, 0.05, 0.03};
    /// Roll: angle of the line through the eyes, in degrees; ISO/IEC 19794-5 allows 8 (default:
    /// 0-8, review 3)
    PhotoRange eyeRollDegrees{0.0, 8.0, 3.0};
    /// Eye line above the photo's bottom edge, fraction of the photo height; advisory, because the
    /// head's height with crown and chin inside the photo already fixes where the head sits, and
    /// where the eyes fall within it depends on the hair (default: 0.50-0.70, review 0.03,
    /// advisory)
    PhotoRange eyeHeight{0.50, 0.70, 0.03, true};

    /// Mean luminance (0-255) of the background beside and above the head (default: 150-255,
    /// review 20)
    PhotoRange backgroundLuma{150.0, 255.0, 20.0};
    /// Standard deviation of the luminance there: shadows, objects, patterns (default: 0-18,
    /// review 8)
    PhotoRange backgroundSpread{0.0, 18.0, 8.0};
    /// Fraction of edge pixels in that background: objects, patterns, text (default: 0-0.04,
    /// review 0.02)
    PhotoRange backgroundEdges{0.0, 0.04, 0.02};
    /// Mean luminance (0-255) of the face (default: 45-225, review 15)
    PhotoRange faceLuma{45.0, 225.0, 15.0};
    /// Fraction of face pixels burnt out to white (default: 0-0.1, review 0.05)
    PhotoRange faceClipped{0.0, 0.10, 0.05};
    /// The photo's 98th-percentile luminance: a light background makes it high unless the photo is
    /// underexposed (default: 120-255, review 15)
    PhotoRange highlightLuma{120.0, 255.0, 15.0};
    /// Variance of the Laplacian of the face scaled to 128 px wide (default: >= 50, review 25)
    PhotoRange sharpness{50.0, 1e12, 25.0};
    /// Photo height in pixels needed for a print (default: >= 400, review 50)
    PhotoRange heightPx{400.0, 1e12, 50.0};

    /// Height the photo is scaled to before measuring, in pixels (default: 448)
    int workHeight = 448;
    /// Longer side a page is scaled to when searching it for faces, in pixels (default: 1000)
    int pageWorkSide = 1000;
    /// An image shaped like a photo whose largest face box is at least this fraction of its height
    /// is taken as the photo itself, edge to edge (default: 0.3)
    double photoFileFace = 0.3;
    /// Faces smaller than this fraction of the largest one are cascade false alarms on clutter,
    /// not people (default: 0.35)
    double minFaceRelative = 0.35;
    /// A page of another document than a photo, a form or an identity document is searched for
    /// the photo when it shows a face or has fewer letters and digits than this, each byte of a
    /// non-ASCII character counted (a Cyrillic letter counts two): a sheet of photos with a
    /// studio's stamp (default: 40)
    int textlessPageLetters = 40;
    /// Face detection: cascades and sensitivity
    FaceFinderOptions faces;
};

/// Reads thresholds from a YAML file such as models/photo.yaml; keys left out keep their defaults.
/// Unknown keys and out-of-range values throw Error(InvalidConfig) naming the key.
PhotoOptions LoadPhotoOptions(const std::filesystem::path& file);

/// Judges an image that is the photo itself (8-bit gray or BGR). `dpi` gives the print size when
/// `dpiTrusted` (a scan's resolution); otherwise only the aspect ratio is judged and the size stays
/// unknown.
PhotoCheck CheckPhoto(const cv::Mat& image, double dpi, bool dpiTrusted,
                      const PhotoOptions& options, FaceCascades& cascades);
/// As above with the face cascades loaded for this call alone.
PhotoCheck CheckPhoto(const cv::Mat& image, double dpi, bool dpiTrusted,
                      const PhotoOptions& options = {});

/// Finds the photo on a page (a photo scan, the photo box of an application form, a sheet of
/// several photos, or an image that is the photo itself), crops it and judges it. With several
/// photos the best judged is returned. nullopt when the page shows no face.
std::optional<PhotoCheck> FindPhoto(const cv::Mat& pageImage, double dpi, bool dpiTrusted,
                                    const PhotoOptions& options, FaceCascades& cascades);
/// As above with the face cascades loaded for this call alone.
std::optional<PhotoCheck> FindPhoto(const cv::Mat& pageImage, double dpi, bool dpiTrusted,
                                    const PhotoOptions& options = {});

}  // namespace dossier
