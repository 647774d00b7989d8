// Reading the MRZ of a page: locate the band, read it with an OCR-B template matcher and with
// Tesseract restricted to the MRZ alphabet, and let the check digits decide between them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
    /// Load the second reader when a band first needs it instead of on construction: loading
    /// `eng` costs about 230 ms, more than reading a clear MRZ, so a one-image command spares it.
    /// Readers that live as long as the process load it on construction, before Tesseract's
    /// shared dictionary cache exists, so that the cache outlives them (default: false)
    bool loadTesseractOnFirstUse = false;
    /// Ask Tesseract even when the template reading is valid and confident (default: false)
    bool alwaysUseTesseract = false;
    /// A template reading whose weakest character scores below this is confirmed by Tesseract,
    /// CCOEFF_NORMED (default: 0.55)
    double minConfidentScore = 0.55;
    /// A character scoring below this is ambiguous whatever its second-best reading scored: it is
    /// kept only when a check digit, the country-code list or the second reader proves it
    /// (default: 0.65)
    double minUncheckedScore = 0.65;
    /// A second-best glyph this close to the best makes the character ambiguous: the second
    /// reading is offered to the parser for a check-digit-proven correction, and the kept one
    /// must be proven (default: 0.12)
    double alternativeMargin = 0.12;
    /// For glyphs alike (0 and O, E and F), the margin is at most this share of what their
    /// templates differ by, 1 less their correlation: the fixed margin is more than a blurred
    /// print of one can lead the other by (default: 0.4)
    double relativeMargin = 0.4;
    /// Bands narrower than this (pixels) are enlarged before reading, so that glyph blobs of
    /// small print (character pitch 6 to 14 px) stay apart when thresholded (default: 700)
    int minBandWidth = 700;
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
    /// Per line, the second-best reading of each character that is ambiguous, ' ' elsewhere.
    std::vector<std::string> alternatives;
    /// Per line, 'S' where the print looks the same turned half a turn (so it is O or 0, not D
    /// or Q), ' ' elsewhere or where that was not measured (template reader; empty for Tesseract)
    std::vector<std::string> shapes;
    /// Per line, per column: the print of the place at template scale, ink bright (template
    /// reader; empty for Tesseract)
    std::vector<std::vector<cv::Mat>> cells;
    double minScore = 0.0;  ///< weakest character's score (template reader; 1 for Tesseract)
    /// Weakest score over the characters no check digit covers (names, states, sex, '<' and K)
    double uncheckedMinScore = 0.0;
    /// Measured print geometry of the first line, in band pixels: character pitch and the
    /// height of a capital (template reader; 0 for Tesseract).
    double pitch = 0.0;
    double capHeight = 0.0;
    /// The template size the reading was made at, as a multiple of the size `capHeight` implies
    /// (searched: bold print measures taller than it is, thin print shorter) (template reader;
    /// 0 for Tesseract)
    double sizeFactor = 0.0;
};

/// The characters ICAO 9303 allows at one place of an MRZ whose lines are `lineLength` long
/// (`lineCount` 2 or 3): letters only in names, states and the document code, digits only in
/// dates and check digits (or '<' for an unknown part), M/F/< for the sex; letters, digits and
/// '<' in numbers and optional data. `firstLine` (as far as read) tells a visa (V...), whose
/// line 2 ends in optional data, and a Russian internal passport (PNRUS), whose name line holds
/// the digits of its letter code.
const std::string& MrzAlphabetAt(size_t lineCount, size_t lineLength, size_t line, size_t col,
                                 std::string_view firstLine = {});

/// A print symmetric about its centre is no D or Q: a `reading` of one gives way to its O or 0
/// `alternative`, which the shape then proves; without such a rival it is left in doubt against
/// O (or 0 where `allowed` has no O), which the shape does not prove.
void GiveWayToASymmetricPrint(char& reading, char& alternative, const std::string& allowed);

/// What the print of a band shows beyond any reader's text, per line, per column.
struct PrintEvidence {
    /// 'S' where the print looks the same turned half a turn: O or 0, not D or Q
    std::vector<std::string> symmetric;
    /// The readings the band's own glyphs rule out: the print is clearly more like the band's
    /// sure prints of one look-alike than of the other (a 0 like the 0s of the dates, not like
    /// the Os of the names)
    std::vector<std::vector<std::string>> ruledOut;
};

/// Records in `mrz.ambiguities` every character for which `candidates` (per line, per column:
/// the other readings considered, empty for none) holds another reading allowed there, and
/// settles each with proof: a check digit (every other choice, alone or with other ambiguous
/// characters, breaks one), the ICAO country-code list (issuing state, nationality), or
/// `secondReader` (lines of another reader; empty when none) showing the same glyph, or the
/// print itself (`print`; empty when not measured): its shape showing O or 0 where the other
/// readings are D or Q, or the band's own sure glyphs ruling out every other reading. With any
/// ambiguity unsettled, a valid MRZ becomes `needsReview` and not valid.
void SettleAmbiguities(Mrz& mrz, const std::vector<std::vector<std::string>>& candidates,
                       const std::vector<std::string>& secondReader, const Date& referenceDate,
                       const PrintEvidence& print = {});

/// Reads MRZs. Create one per worker thread and reuse it: it holds the rendered OCR-B templates
/// and a Tesseract instance. It runs on the calling thread and never starts threads.
/// Throws Error(MissingResource) when the OCR-B font is missing (on construction) or Tesseract's
/// `eng` data is (when a band first needs the second reader: a clear MRZ never loads it).
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

    /// Whether the last Read came to a band that the second reader is asked about. With
    /// `useTesseract` off: false means that a reader with it would have given the same result.
    bool SecondReaderWanted() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
