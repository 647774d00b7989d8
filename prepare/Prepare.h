// Page preparation: upright, deskewed, dewarped OCR copy and the page's quality verdict.
#pragma once

#include <opencv2/core.hpp>

#include "core/Page.h"
#include "prepare/TextResolution.h"

namespace dossier {

class OcrEngine;

struct PrepareOptions {
    /// Detect 90/180/270-degree rotation with Tesseract OSD (default: true)
    bool detectOrientation = true;
    /// Skip OSD (a whole layout analysis, the dearest step of preparation) on pages whose text
    /// lines visibly run across; whether such a page is upside down is settled by ReadUpright
    /// (default: true)
    bool osdOnlyWhenLinesUnclear = true;
    /// ReadUpright reads a page again upside down when its mean word confidence is below this
    /// (default: 60)
    double retryTurnedBelowConfidence = 60.0;
    /// ... and keeps the turned reading only when it is this much more confident (default: 10)
    double turnedMustReadBetterBy = 10.0;
    /// Skews smaller than this are measured but not removed: Tesseract reads them as they are and
    /// resampling costs accuracy (STACK.md section 4), in degrees (default: 1.0)
    double minSkewDegrees = 1.0;
    /// Skews larger than this are not trusted and left alone, in degrees (default: 15)
    double maxSkewDegrees = 15.0;
    /// Look for a photographed page's quadrilateral and rectify it (default: true)
    bool dewarp = true;
    /// A page quadrilateral must cover at least this share of the photo (default: 0.2)
    double minPageAreaRatio = 0.2;
    /// A page whose file tells no resolution and whose shape is not A4's gets one estimated from
    /// the height of its print (TextResolution.h) (default: true)
    bool dpiFromText = true;
    /// How that estimate reads print: body text size and how many letters it needs
    TextResolutionOptions textResolution;
    /// Assumed resolution when a file carries none and none can be estimated (default: 200)
    double fallbackDpi = 200.0;
    /// Quality thresholds (rule 9-1). Sharpness: upper-quartile variance of the Laplacian over
    /// content tiles at 1240 px page width; a sharp A4 scan gives ~11000, a Gaussian blur of 0.25
    /// mm ~280 (default: 400)
    double minSharpness = 400.0;
    /// Mean gray level below which a page is too dark (default: 70)
    double minBrightness = 70.0;
    /// Gray-level standard deviation below which a page is faint (default: 25)
    double minContrast = 25.0;
    /// Resolution below which text is too small to read reliably (default: 150)
    double minDpi = 150.0;
    /// Share of saturated pixels in bright blobs that counts as glare (default: 0.02)
    double maxGlareRatio = 0.02;
    /// Share of ink touching a page edge that counts as cut off (default: 0.08)
    double maxEdgeInkRatio = 0.08;
    /// A page whose OCR reads at least this many words with confidence >= 60 ... (default: 8)
    int legibleMinConfidentWords = 8;
    /// ... making up at least this share of its words is legible, whatever its image measures
    /// say: a legible page is never a poor copy (default: 0.6)
    double legibleMinConfidentShare = 0.6;
    /// Words whose box touches the image border that show text cut off, when the cut_off
    /// measure fails too (default: 3)
    int cutTextMinWords = 3;
};

struct PreparedPage {
    cv::Mat prepared;  ///< upright, deskewed, dewarped 8-bit gray
    Preparation preparation;
    PageQuality quality;
    double dpi = 0;  ///< resolution of `prepared`
    bool dpiEstimated = false;
};

/// True when every pixel of `image` has the same value (or there are none): nothing on the page
/// to find, so orientation, skew, OCR and the MRZ and face searches are spared; such a page is
/// judged blank. A real blank scan has noise and still goes through every stage.
bool IsUniform(const cv::Mat& image);

/// Prepares `page` for OCR (a uniform page is only measured). `engine` (may be null) is used for
/// orientation detection only.
PreparedPage PreparePage(const Page& page, OcrEngine* engine, const PrepareOptions& options = {});

/// Puts the prepared copy, its preparation, quality and resolution into `page`.
void ApplyPreparation(Page& page, PreparedPage prepared);

/// Which way a page's text lines run, from the shape of its smeared words (no OCR).
enum class LineDirection { Across, Down, Unclear };
LineDirection TextLineDirection(const cv::Mat& gray, double dpi);

/// OCR of a prepared page. Orientation detection is unsure on pages with little text, and is
/// skipped where the lines run across, so a poor reading earns one try the other way round; the
/// better reading is kept and the page turned to match. A page that OSD turned upside down is
/// read the way it was scanned too, and kept so when that reads at least as surely.
OcrText ReadUpright(Page& page, OcrEngine& engine, const PrepareOptions& options = {});

/// Turns a prepared page upside down (prepared pixels, rotation and the mapping to the upright
/// original), for when OCR finds the page reads better the other way round.
void TurnHalfAround(Page& page);

/// Judges a page's quality measures against what its OCR read (rule 9-1: the content must be
/// affected): Blank when it holds no words and no content tile, or only a faint shadow (a back
/// side); Legible when the text was read (confident words) or no image measure failed; Poor when
/// an image measure failed and the text could not be read, or words run into the border where
/// ink does; Doubtful otherwise. Sets quality.ok to "not Poor".
void JudgeContent(PageQuality& quality, const OcrText& ocr, cv::Size prepared,
                  const PrepareOptions& options = {});

/// Quality measures of an 8-bit gray page at a known resolution.
PageQuality MeasureQuality(const cv::Mat& gray, double dpi, bool dpiEstimated,
                           const PrepareOptions& options = {});

}  // namespace dossier
