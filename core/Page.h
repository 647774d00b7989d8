// One page of one input file and everything the stages learn about it, in two parts:
//
// - Page: the page as it is shown and reported page by page: what ingest knows (file, format,
//   resolution, pixels), how preparation made it upright, its quality, its text. The case file
//   draws these on every page and the report lists them per page.
// - PageAnalysis (Page::analysis): what the stages found on the page that speaks for what the
//   page is, besides its text: the MRZ, a face, the printed size. The classifier weighs it per
//   page and per document, the photo search picks its pages by it; it is not shown page by page.
//
// Both are filled in place by the stages (ingest, prepare, OCR, MRZ, faces) and read by the
// stages after them; no stage copies them into a shape of its own.
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/Issue.h"
#include "core/Mrz.h"
#include "core/Ocr.h"

namespace dossier {

/// A measured quality figure with the verdict drawn from it (rule 9-1: poor-quality copies).
struct QualityCheck {
    std::string code;  ///< "blurry", "too_dark", "faint", "low_resolution", "cut_off", "glare"
    bool ok = true;
    double value = 0.0;
    std::string expected;  ///< human-readable accepted range, e.g. ">= 150"
};

/// `image` turned clockwise by a quarter-turn multiple (0, 90, 180, 270; others modulo 360); 0
/// shares the pixels.
cv::Mat RotateClockwise(const cv::Mat& image, int degrees);

/// What the quality measures prove about a page's content (rule 9-1), decided once its text has
/// been read: an image measure that crosses its line is not by itself a poor copy.
enum class ContentVerdict {
    Legible,   ///< the text was read, or nothing is wrong with the image
    Blank,     ///< no content: a back side or a separator sheet; never a defect
    Doubtful,  ///< a measure crossed its line and the text was not read well: a reviewer looks
    Poor,      ///< the content is affected (text unreadable where text is, or cut by the border)
};

/// "legible", "blank", "doubtful", "poor": the report's names.
const char* ContentVerdictName(ContentVerdict verdict);

struct PageQuality {
    /// No proven defect: false only for a Poor page (before the content is judged, false when any
    /// image measure failed).
    bool ok = true;
    ContentVerdict content = ContentVerdict::Legible;
    bool hasContent = true;     ///< some tile of the page holds ink (sharpness could be measured)
    int wordsRead = 0;          ///< OCR words of two or more letters or digits
    int confidentWords = 0;     ///< ... of them read with confidence >= 60
    double textConfidence = 0;  ///< mean OCR word confidence, 0..100
    int wordsAtBorder = 0;      ///< words whose box touches the image border (text cut off)
    double dpi = 0.0;
    bool dpiEstimated = false;
    double sharpness = 0.0;   ///< variance of the Laplacian at a fixed working width
    double brightness = 0.0;  ///< mean gray level 0..255
    double contrast = 0.0;    ///< standard deviation of gray levels
    std::vector<QualityCheck> checks;
    /// Codes of the failed checks (same order as `checks`).
    std::vector<std::string> FailedCodes() const;
    /// For a reviewer: the failed checks with their values and limits, then how much was read
    /// ("sharpness 12.3 (>= 50); 3/40 words read, 5 at the border").
    std::string DescribeProblems() const;
};

/// How the OCR copy was derived from the original pixels.
struct Preparation {
    int rotationDegrees = 0;  ///< clockwise rotation applied to make the page upright: 0/90/180/270
    float orientationConfidence = 0.f;
    /// What decided the rotation: "osd" (Tesseract orientation detection), "text_lines" (the
    /// lines visibly run across, so OSD was skipped and 0 or 180 degrees settled by reading the
    /// page), "reading" (turned around because it read better upside down), "" (not detected)
    std::string orientationBy;
    double skewDegrees = 0.0;  ///< skew measured on the upright page (positive = counter-clockwise)
    bool deskewed = false;     ///< the OCR copy was rotated by -skewDegrees
    bool dewarped = false;     ///< a phone photo's page quadrilateral was rectified
    /// Maps a point of the prepared image to the upright original (original rotated by
    /// rotationDegrees); the case file draws that upright original and puts the text layer on it.
    cv::Matx33d preparedToUpright = cv::Matx33d::eye();
};

/// A page's original pixels kept compressed while the page waits between stages (Page::Park).
struct ParkedPixels {
    /// zlib-compressed rows; empty when the page's passThroughJpeg decodes to exactly the pixels
    std::shared_ptr<const std::string> deflated;
    cv::Size size;
    int type = 0;
};

/// What the page analysis found on a page besides its text and quality: what the classifier
/// weighs with the text, and what the photo search looks at first. Plain data: the stages that
/// find it fill it in; a test builds one by hand.
struct PageAnalysis {
    /// The MRZ read on the page: TD3 speaks for a passport, TD1 for an identity card
    std::optional<Mrz> mrz;
    bool face = false;  ///< a face was found on the page (on a small page: a photo)
    /// The printed page size (PrintedSizeMm); 0 when its resolution is unknown
    double widthMm = 0.0, heightMm = 0.0;
};

struct Page {
    std::string file;          ///< path relative to the case folder
    int pageInFile = 1;        ///< 1-based
    std::string sha256;        ///< of the page's encoded bytes (whole file for single-page images)
    std::string sourceFormat;  ///< "jpeg", "png", "tiff", "bmp", "webp", "pdf", "heic"

    /// Decoded pixels (8-bit gray or BGR), EXIF orientation applied; empty while the page is
    /// parked (IsParked: then ask OriginalSize(), or Unpark() for the pixels)
    cv::Mat original;
    std::optional<ParkedPixels> parked;  ///< set once parked; kept when unparked, for the next Park
    /// The page's JPEG bytes when they can go into the case file untouched (EXIF orientation 1).
    std::string passThroughJpeg;
    double dpi = 0.0;  ///< from the file's metadata; 0 when absent
    bool dpiEstimated = false;

    cv::Mat prepared;  ///< upright, deskewed, dewarped gray copy used for OCR
    Preparation preparation;
    PageQuality quality;
    std::optional<OcrText> ocr;
    PageAnalysis analysis;
    std::vector<Issue> issues;

    /// Image the case file shows: the original rotated upright (no resampling); decoded from the
    /// parked copy when the page is parked.
    cv::Mat Upright() const;

    /// Releases `original`, keeping it compressed losslessly (once: a page parked before keeps
    /// that copy; its JPEG stands in when it decodes to exactly these pixels). A case parks every
    /// page between its stages, so that it holds a few decoded pages at a time, not all of them.
    void Park();
    /// Decodes the parked copy back into `original`, bit for bit; nothing when not parked.
    void Unpark();
    /// True while `original` is released and the pixels are only in `parked`.
    bool IsParked() const;
    /// The original's size, parked or not.
    cv::Size OriginalSize() const;
};

/// The page's printed size in mm (width, height), 0 x 0 when no resolution is known: the prepared
/// copy at the file's own resolution when the file gave one, else the original at the resolution
/// preparation estimated. Measured while the prepared copy is still there.
cv::Size2d PrintedSizeMm(const Page& page);

}  // namespace dossier
