// The 35 x 45 mm photo check result.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dossier {

struct PhotoMeasure {
    std::string code;  ///< e.g. "face_count", "head_height_ratio", "background"
    /// true pass, false fail; nullopt = could not be measured reliably (needs review)
    std::optional<bool> ok;
    double value = 0.0;
    std::string expected;  ///< human-readable accepted range
    std::string note;
    /// A recommendation: `ok` nullopt here is shown to the reviewer without making the photo's
    /// compliance doubtful; false still fails
    bool advisory = false;
};

struct PhotoCheck {
    std::string file;
    int page = 1;
    bool found = false;  ///< a photo was located at all
    bool compliant = false;
    bool needsReview = false;                 ///< some measurement was not reliable
    std::optional<double> widthMm, heightMm;  ///< nullopt when no trustworthy DPI
    int x = 0, y = 0, width = 0, height = 0;  ///< photo rectangle on the page, pixels
    /// The face cascade's box inside the photo, pixels; all 0 unless exactly one face was found
    int faceX = 0, faceY = 0, faceWidth = 0, faceHeight = 0;
    /// Crown and chin rows in the photo's pixels, when measured (see the head_height_ratio note)
    std::optional<double> crownY, chinY;
    std::vector<PhotoMeasure> checks;
};

}  // namespace dossier
