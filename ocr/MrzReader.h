// Reading the MRZ of a page: locate the band, read it with an OCR-B template matcher and with
// Tesseract restricted to the MRZ alphabet, and let the check digits decide between them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/Date.h"
#include "core/Mrz.h"
#include "core/Ocr.h"
#include "ocr/MrzLocator.h"
#include "ocr/MrzParser.h"

namespace dossier {

struct MrzOptions {
    /// OCR-B font the template reader renders its glyphs from (default: DOSSIER_OCRB_FONT_FILE,
    /// /usr/share/fonts/opentype/ocr-b/OCRB.otf)
    std::string ocrbFontFile;
    /// tessdata folder for the second reader; empty means Tesseract's default (default: "")
    std::string tessdataDir;
    /// Use Tesseract (`eng`, MRZ alphabet only) as the second reader (default: true)
    bool useTesseract = true;
    /// Ask Tesseract even when the template reading is valid and confident (default: false)
    bool alwaysUseTesseract = false;
    /// A template reading whose weakest character scores below this is confirmed by Tesseract,
    /// CCOEFF_NORMED (default: 0.55)
    double minConfidentScore = 0.55;
    /// Below this score for a character no check digit covers (a name, a state, the sex), an
    /// MRZ is not reported valid: nothing else could catch a misreading there. Fillers and K count
    /// as unchecked everywhere (default: 0.65)
    double minUncheckedScore = 0.65;
    /// A second-best glyph this close to the best is offered to the parser as evidence for a
    /// check-digit-proven correction (default: 0.12)
    double alternativeMargin = 0.12;
    /// At most this many candidate bands are read per search direction (upright, sideways)
    /// (default: 3)
    int maxBands = 3;
    MrzLocatorOptions locator;
    MrzParseOptions parser;
    bool operator==(const MrzOptions&) const = default;
};

/// One reader's text of a band: lines, per-character second choices (' ' for none) and scores.
struct MrzReading {
    std::vector<std::string> lines;
    std::vector<std::string> alternatives;
    double minScore = 0.0;  ///< weakest character's score (template reader; 1 for Tesseract)
    /// Weakest score over the characters no check digit covers (names, states, sex, '<' and K)
    double uncheckedMinScore = 0.0;
};

/// Reads MRZs. Create one per worker thread and reuse it: it holds the rendered OCR-B templates
/// and a Tesseract instance. It runs on the calling thread and never starts threads.
/// Throws Error(MissingResource) when the OCR-B font or Tesseract's `eng` data is missing.
class MrzReader {
  public:
    explicit MrzReader(const MrzOptions& options = {});
    ~MrzReader();
    MrzReader(const MrzReader&) = delete;
    MrzReader& operator=(const MrzReader&) = delete;

    /// The MRZ of an 8-bit gray page (any quarter turn, small skew), or nullopt when the page has
    /// none that parses. `referenceDate` resolves two-digit years (normally the application date).
    std::optional<Mrz> Read(const cv::Mat& grayPage, double dpi, const Date& referenceDate);

    /// The MRZ of an already cut-out, upright band (or upside-down: both are tried).
    std::optional<Mrz> ReadBand(const cv::Mat& band, const Date& referenceDate);

    /// The template reader alone on an upright band (for tests and benchmarks).
    std::optional<MrzReading> ReadWithTemplates(const cv::Mat& band);
    /// The Tesseract reader alone on an upright band (for tests and benchmarks).
    std::optional<MrzReading> ReadWithTesseract(const cv::Mat& band);

  private:
    std::optional<Mrz> Judged(std::optional<Mrz> parsed,
                              const std::optional<MrzReading>& reading) const;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Compares the MRZ with what OCR printed on the same page (the visual zone): a document number,
/// birth date or expiry date that appears there in another form than the MRZ's adds an Issue
/// "mrz_visual_mismatch" to `mrz.issues`. Fields the page does not show are not judged.
void CrossCheckVisualZone(Mrz& mrz, const OcrText& pageText);

}  // namespace dossier
