// The two MRZ readers (OCR-B templates rendered at runtime; Tesseract `eng` with the MRZ alphabet)
// and their arbitration by check digits.
#include "ocr/MrzReader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "ocr/CountryCodes.h"
#include "ocr/GlyphShape.h"
#include "ocr/Iin.h"
#include "ocr/OcrEngine.h"
#include "ocr/Transliteration.h"

namespace dossier {

namespace {

// Height in pixels of a capital in the templates: each line of print is scaled so that its own
// measured capital height becomes this, whatever its pitch (print has letter spacing).
constexpr int kCapHeight = 24;
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
// Gaps wider than a pitch and a half a line of the MRZ may show (faint or blurred glyphs).
constexpr int kMaxGapsInLine = 3;
// Template scores below this are no OCR-B glyph at all (right readings score above 0.7).
constexpr double kNoiseScore = 0.3;
// The template size is searched between these multiples of the size the measured capital height
// implies (bold print measures tall, thin print short), first in coarse steps, on every
// kSampleStep-th cell.
constexpr double kMinSizeFactor = 0.88;
constexpr double kMaxSizeFactor = 1.24;
constexpr double kCoarseSizeStep = 0.12;
constexpr size_t kSampleStep = 5;
// The glyphs' slant (horizontal shift per row of height) is searched from upright in steps of
// this, halved twice.
constexpr double kCoarseShearStep = 0.1;
// Blurs (Gaussian sigma, template pixels) the templates are matched at when a sharp reading leaves
// a character ambiguous: a phone's optics and resampling spread each edge over a few template
// pixels, and a sharp template then scores a blurred O almost like a D. The template blurred as
// the print is, is the one whose correlation separates the glyphs best.
constexpr double kTemplateBlurs[] = {0.0, 0.8, 1.4, 2.0, 2.7};
constexpr size_t kBlurLevels = std::size(kTemplateBlurs);
// How much narrower or wider than its measured width the print may be: a blurred reading proves
// only what it also reads at these widths (SettleWithBlurredReading).
constexpr double kStretchDoubt = 0.05;
// The second reader's glyphs are evidence where they line up with the first's; this many in a row
// that all disagree are a misalignment or a misread pattern (AlignedLine).
constexpr size_t kMaxDisagreeingRun = 3;
// Glyph-level proof between two close readings (Impl::Distinguish), in template pixels (capital
// 24 px high) and as shares of the shared strokes' darkness: where only one glyph has ink, the
// print is at least kPrintedShare as dark when that stroke is there, at most kUnprintedShare
// when it is not; in between proves nothing.
constexpr int kMinDifference = 6;
constexpr double kMinContrast = 25.0;
constexpr double kPrintedShare = 0.6;
constexpr double kUnprintedShare = 0.3;
// The print's shape (PointSymmetry): O and 0 look the same turned half a turn, D and Q do not.
// A glyph is taken for O or 0 against D and Q when an area about the centre of its ink
// (kShapeWidth capitals wide, kShapeMargin template pixels above and below a capital)
// correlates with its half turn at least kSymmetricGlyph at some centre within kShapeSearch
// pixels; only where the pitch is at least kMinShapePitch band pixels. On the MRZ bench (seeds
// 1000 and 2024: scans at 150 and 300 dpi, cards, phone pictures; pitch 13-21 px), confident D
// and Q readings scored at most 0.83, O and 0 at least 0.93 in 99 of 100; at 100 dpi (pitch
// 9-11 px) a D is a blob that scored up to 0.98.
constexpr double kSymmetricGlyph = 0.92;
constexpr double kMinShapePitch = 13.0;
constexpr double kShapeWidth = 0.8;
constexpr int kShapeMargin = 2;
constexpr int kShapeSearch = 3;
// The band's own sure glyphs (RuledOutByTheBand): a place read as one of two look-alikes (0 and O,
// 2 and Z, 5 and S) is compared with the band's prints of each that no doubt touches (0 in a
// date, O in a name). The one it resembles at least kOwnPrintMatch, by at least kOwnPrintLead
// more than the other (median normalised correlation), rules the other out. On the MRZ bench's
// phone pictures (seeds 1000 and 2024), a sure 0 resembled the band's 0s at 0.97 and more and
// led its Os by 0.06-0.12; 2 led Z and 5 led S by 0.11 and more.
constexpr double kOwnPrintMatch = 0.9;
constexpr double kOwnPrintLead = 0.05;
/// In MrzReading::shapes, a glyph symmetric about its centre.
constexpr char kSymmetricMark = 'S';

bool IsPointSymmetric(char c) {
    return c == 'O' || c == '0';
}
bool IsRoundAsymmetric(char c) {
    return c == 'D' || c == 'Q';
}
bool IsRound(char c) {
    return IsPointSymmetric(c) || IsRoundAsymmetric(c);
}

/// True for places that no check digit covers: names, document code, states and sex.
bool IsUnchecked(size_t lineCount, size_t line, size_t col) {
    if (lineCount == 3)
        return line == 2 || (line == 0 && col < 5) ||
               (line == 1 && (col == 7 || (col >= 15 && col <= 17)));
    return line == 0 || (col >= 10 && col <= 12) || col == 20;
}

struct Glyph {
    char c;
    cv::Mat image;  // ink high (255), CV_8U, the ink centred in a canvas two advances wide
};

std::string DefaultFont() {
#ifdef DOSSIER_OCRB_FONT_FILE
    return DOSSIER_OCRB_FONT_FILE;
#else
    return "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
#endif
}

std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::string current;
    for (char c : text) {
        if (c == '\n') {
            if (!current.empty()) lines.push_back(current);
            current.clear();
        } else if (c != ' ' && c != '\r') {
            current += c;
        }
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

int PassedChecks(const Mrz& mrz) {
    return static_cast<int>(std::count_if(mrz.checks.begin(), mrz.checks.end(),
                                          [](const MrzCheck& c) { return c.ok; }));
}

// A reading whose document code fits no format and whose check digits mostly fail is print or a
// pattern the locator took for an MRZ (a form's boxes), not a misread MRZ: reporting it would
// only make a certificate look like an identity document. So is a reading with not one check
// digit right whose glyphs look like no OCR-B character at all (a form's boxes read as a TD2
// whose document code happened to fit).
bool IsImplausible(const Mrz& mrz) {
    if (mrz.valid) return false;
    const bool codeFits = std::none_of(mrz.issues.begin(), mrz.issues.end(), [](const Issue& i) {
        return i.code == "mrz_document_code";
    });
    const int passed = PassedChecks(mrz);
    if (!codeFits && 2 * passed < static_cast<int>(mrz.checks.size())) return true;
    return passed == 0 && mrz.uncheckedConfidence < kNoiseScore;
}

/// The character OCR most often reads for `c` across the letter/digit divide, or 0.
char LookAlike(char c) {
    static constexpr std::pair<char, char> kPairs[] = {
        {'0', 'O'}, {'1', 'I'}, {'5', 'S'}, {'8', 'B'}, {'2', 'Z'}, {'6', 'G'}, {'<', 'K'}};
    for (auto [a, b] : kPairs) {
        if (c == a) return b;
        if (c == b) return a;
    }
    return 0;
}

bool Better(const std::optional<Mrz>& a, const std::optional<Mrz>& b) {
    if (!a) return false;
    if (!b) return true;
    if (a->valid != b->valid) return a->valid;
    return PassedChecks(*a) > PassedChecks(*b);
}

/// Templates cut to one cell width, as 16-bit rows padded to whole SIMD registers, with the sums
/// a normalised correlation needs: matched against a few dozen window positions per cell, a
/// direct product is several times faster than cv::matchTemplate, which transforms each small
/// patch to the frequency domain again for every template.
class CellTemplates {
  public:
    void Prepare(const std::vector<cv::Mat>& images) {
        width_ = images.front().cols;
        height_ = images.front().rows;
        stride_ = (width_ + kLanes - 1) / kLanes * kLanes;
        data_.assign(images.size() * static_cast<size_t>(height_ * stride_), 0);
        norms_.clear();
        sums_.clear();
        for (size_t g = 0; g < images.size(); ++g) {
            double sum = 0, squares = 0;
            for (int y = 0; y < height_; ++y) {
                const uchar* row = images[g].ptr<uchar>(y);
                int16_t* out = &data_[(g * height_ + y) * stride_];
                for (int x = 0; x < width_; ++x) {
                    out[x] = row[x];
                    sum += row[x];
                    squares += double(row[x]) * row[x];
                }
            }
            sums_.push_back(sum);
            norms_.push_back(std::sqrt(std::max(0.0, squares - sum * sum / Area())));
        }
    }

    /// Loads the cell's window (8-bit); the templates are then scored over every position in it.
    void SetWindow(const cv::Mat& window) {
        cols_ = window.cols;
        rows_ = window.rows;
        windowStride_ = cols_ + stride_;
        window_.assign(static_cast<size_t>(rows_ * windowStride_), 0);
        for (int y = 0; y < rows_; ++y) {
            const uchar* row = window.ptr<uchar>(y);
            std::copy(row, row + cols_, &window_[y * windowStride_]);
        }
        cv::integral(window, sum_, squares_, CV_64F, CV_64F);
    }

    /// The best TM_CCOEFF_NORMED score of template `g` over the window, as cv::matchTemplate
    /// computes it (the same guard against flat windows).
    double Best(size_t g) const {
        double best = -1.0;
        const int16_t* t = &data_[g * height_ * stride_];
        for (int dy = 0; dy + height_ <= rows_; ++dy)
            for (int dx = 0; dx + width_ <= cols_; ++dx) {
                const double cross = Cross(t, dx, dy);
                const double windowSum =
                    sum_.at<double>(dy, dx) - sum_.at<double>(dy, dx + width_) -
                    sum_.at<double>(dy + height_, dx) + sum_.at<double>(dy + height_, dx + width_);
                const double windowSquares = squares_.at<double>(dy, dx) -
                                             squares_.at<double>(dy, dx + width_) -
                                             squares_.at<double>(dy + height_, dx) +
                                             squares_.at<double>(dy + height_, dx + width_);
                double num = cross - windowSum * sums_[g] / Area();
                const double t2 =
                    std::sqrt(std::max(0.0, windowSquares - windowSum * windowSum / Area())) *
                    norms_[g];
                if (std::abs(num) < t2)
                    num /= t2;
                else if (std::abs(num) < t2 * 1.125)
                    num = num > 0 ? 1 : -1;
                else
                    num = 0;
                best = std::max(best, num);
            }
        return best;
    }

  private:
#if CV_SIMD128
    static constexpr int kLanes = 8;
#else
    static constexpr int kLanes = 1;
#endif
    double Area() const {
        return static_cast<double>(width_) * height_;
    }

    double Cross(const int16_t* t, int dx, int dy) const {
        int64_t total = 0;
        for (int y = 0; y < height_; ++y) {
            const int16_t* w = &window_[(dy + y) * windowStride_ + dx];
            const int16_t* r = t + y * stride_;
#if CV_SIMD128
            cv::v_int32x4 acc = cv::v_setzero_s32();
            for (int x = 0; x < stride_; x += kLanes)
                acc = cv::v_dotprod(cv::v_load(w + x), cv::v_load(r + x), acc);
            total += cv::v_reduce_sum(acc);
#else
            for (int x = 0; x < stride_; ++x) total += int32_t(w[x]) * r[x];
#endif
        }
        return static_cast<double>(total);
    }

    int width_ = 0, height_ = 0, stride_ = 0;
    std::vector<int16_t> data_;
    std::vector<double> sums_, norms_;
    int cols_ = 0, rows_ = 0, windowStride_ = 0;
    std::vector<int16_t> window_;
    cv::Mat sum_, squares_;
};

}  // namespace

const std::string& MrzAlphabetAt(size_t lineCount, size_t length, size_t line, size_t col,
                                 std::string_view firstLine) {
    static const std::string kAll = kAlphabet;
    static const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
    static const std::string russianLetterCode = "ABCDEFGHIJKLMNOPQRSTUVWXYZ2346789<";
    static const std::string firstLetter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static const std::string digitsOrFiller = "0123456789<";
    static const std::string sex = "MFX<";
    if (lineCount == 3) {
        if (line == 2) return letters;
        if (line == 0)
            return col == 0 ? firstLetter : col < 5 ? letters : col == 14 ? digitsOrFiller : kAll;
        if (col <= 6 || (col >= 8 && col <= 14) || col == 29) return digitsOrFiller;
        if (col == 7) return sex;
        if (col >= 15 && col <= 17) return letters;
        return kAll;
    }
    if (line == 0 && col >= 5 && length == 44 && IsRussianInternalPassport(firstLine))
        return russianLetterCode;
    if (line == 0) return col == 0 ? firstLetter : letters;
    const bool visa = firstLine.starts_with('V');
    if (col == 9 || (col >= 13 && col <= 19) || (col >= 21 && col <= 27)) return digitsOrFiller;
    if (col >= 10 && col <= 12) return letters;
    if (col == 20) return sex;
    // The personal number's and the composite's check digits (a visa has optional data there).
    if (!visa && length == 44 && col >= 42) return digitsOrFiller;
    if (!visa && length == 36 && col == 35) return digitsOrFiller;
    return kAll;
}

void GiveWayToASymmetricPrint(char& reading, char& alternative, const std::string& allowed) {
    if (!IsRoundAsymmetric(reading)) return;
    if (IsPointSymmetric(alternative)) {
        std::swap(reading, alternative);
        return;
    }
    for (const char round : {'O', '0'})
        if (allowed.find(round) != std::string::npos) {
            alternative = round;
            return;
        }
}

namespace {

/// True when some character of `r` has a second reading.
bool InDoubt(const MrzReading& r) {
    return std::any_of(r.alternatives.begin(), r.alternatives.end(), [](const std::string& a) {
        return a.find_first_not_of(' ') != std::string::npos;
    });
}

}  // namespace

struct MrzReader::Impl {
    MrzOptions options;
    std::vector<Glyph> glyphs;
    int glyphHeight = 0;        ///< template rows: the tallest glyph's extent over the alphabet
    int capTop = 0;             ///< row of a capital's top in the templates
    double fillerHeight = 0.6;  ///< height of '<' over that of a capital
    double typicalHeight = kCapHeight;  ///< median ink height of the templates but '<'
    /// Per blur of kTemplateBlurs, the templates blurred so (the first is `glyphs`' own images)
    std::vector<std::vector<cv::Mat>> blurredImages;
    /// Per blur, per pair of templates (indexes into `glyphs`), their normalised correlation at
    /// best fit; measured when first needed (NaN before), as most pairs are never close rivals
    std::vector<std::vector<std::vector<double>>> likeness;
    CellTemplates cellTemplates;  ///< the templates cut to the cell width of the line being read
    std::unique_ptr<OcrEngine> tesseract;  ///< the second reader: eng, the MRZ's characters only
    bool secondReaderWanted = false;       ///< see SecondReaderWanted

    explicit Impl(const MrzOptions& o) : options(o) {
        if (options.ocrbFontFile.empty()) options.ocrbFontFile = DefaultFont();
        RenderGlyphs();
        if (options.useTesseract && !options.loadTesseractOnFirstUse) StartTesseract();
    }

    void RenderGlyphs() {
        cv::Ptr<cv::freetype::FreeType2> font = cv::freetype::createFreeType2();
        try {
            font->loadFontData(options.ocrbFontFile, 0);
        } catch (const cv::Exception&) {
            throw Error(ErrorCode::MissingResource,
                        "OCR-B font not found: " + options.ocrbFontFile + " (package fonts-ocr-b)");
        }
        // The font size whose capital H is kCapHeight pixels high.
        const int probe = 200;
        const cv::Rect probeInk = InkBounds(Draw(*font, 'H', probe, cv::Size(probe * 2, probe * 2),
                                                 cv::Point(probe / 2, probe * 3 / 2)));
        const int size =
            static_cast<int>(std::lround(probe * kCapHeight / double(probeInk.height)));
        int baseline = 0;
        const int advance = font->getTextSize("<", size, -1, &baseline).width;
        const cv::Size canvasSize(2 * advance + 8, size * 2);
        const cv::Point origin(canvasSize.width / 2 - advance / 2, size * 3 / 2);
        std::vector<cv::Mat> canvases;
        int top = canvasSize.height, bottom = 0;
        double capInk = 0, fillerInk = 0;
        std::vector<int> inkHeights;
        for (const char* p = kAlphabet; *p; ++p) {
            cv::Mat canvas = Draw(*font, *p, size, canvasSize, origin);
            const cv::Rect ink = InkBounds(canvas);
            // Cells are placed at the centres of glyph blobs: centre the template's ink too.
            const double dx = canvasSize.width / 2.0 - (ink.x + ink.width / 2.0);
            const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, std::round(dx), 0, 1, 0);
            cv::warpAffine(canvas, canvas, shift, canvas.size());
            top = std::min(top, ink.y);
            bottom = std::max(bottom, ink.y + ink.height - 1);
            if (*p != '<') inkHeights.push_back(ink.height);
            if (*p == 'H') capTop = ink.y;
            if (*p == 'H') capInk = ink.height;
            if (*p == '<') fillerInk = ink.height;
            canvases.push_back(canvas);
        }
        capTop -= top;
        for (size_t i = 0; i < canvases.size(); ++i)
            glyphs.push_back({kAlphabet[i], canvases[i].rowRange(top, bottom + 1).clone()});
        glyphHeight = bottom - top + 1;
        fillerHeight = fillerInk / std::max(1.0, capInk);
        // The print's glyph height is measured as the median over its glyphs: so is this.
        std::nth_element(inkHeights.begin(), inkHeights.begin() + inkHeights.size() / 2,
                         inkHeights.end());
        typicalHeight = inkHeights[inkHeights.size() / 2];
        blurredImages.resize(kBlurLevels);
        for (size_t level = 0; level < kBlurLevels; ++level)
            for (const Glyph& glyph : glyphs) {
                if (kTemplateBlurs[level] == 0) {
                    blurredImages[level].push_back(glyph.image);
                    continue;
                }
                cv::Mat blurred;
                cv::GaussianBlur(glyph.image, blurred, cv::Size(0, 0), kTemplateBlurs[level]);
                blurredImages[level].push_back(blurred);
            }
        likeness.assign(kBlurLevels,
                        std::vector<std::vector<double>>(
                            glyphs.size(), std::vector<double>(glyphs.size(), std::nan(""))));
    }

    /// How alike two templates blurred alike are: their normalised correlation where they fit
    /// best, either placed over the other.
    double Likeness(size_t level, size_t i, size_t j) {
        if (i == j) return 1.0;
        double& known = likeness[level][i][j];
        if (!std::isnan(known)) return known;
        const int shift = std::max(2, kCapHeight / 6);
        auto fitOver = [&](size_t under, size_t over) {
            cv::Mat padded, fit;
            cv::copyMakeBorder(blurredImages[level][under], padded, shift, shift, shift, shift,
                               cv::BORDER_CONSTANT, cv::Scalar(0));
            cv::matchTemplate(padded, blurredImages[level][over], fit, cv::TM_CCOEFF_NORMED);
            double best = 0;
            cv::minMaxLoc(fit, nullptr, &best);
            return best;
        };
        known = likeness[level][j][i] = std::max(fitOver(i, j), fitOver(j, i));
        return known;
    }

    /// The score lead that makes glyph `best` a reading without doubt over glyph `rival`: the
    /// fixed margin, or less for glyphs so alike that even a sharp print of one cannot lead the
    /// other by that much (0 and O correlate at 0.85: a perfect 0 leads O by 0.15, a blurred one
    /// by less than the fixed 0.12). A share of what their difference allows stays a margin that
    /// a print of the rival does not reach.
    double Margin(size_t level, size_t best, size_t rival) {
        return std::min(options.alternativeMargin,
                        options.relativeMargin * (1.0 - Likeness(level, best, rival)));
    }

    static cv::Mat Draw(cv::freetype::FreeType2& font, char c, int size, cv::Size canvas,
                        cv::Point origin) {
        // OpenCV's FreeType draws on 3-channel images only.
        cv::Mat colour(canvas, CV_8UC3, cv::Scalar::all(0)), gray;
        font.putText(colour, std::string(1, c), origin, size, cv::Scalar::all(255), -1, cv::LINE_AA,
                     true);
        cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
        return gray;
    }

    static cv::Rect InkBounds(const cv::Mat& canvas) {
        cv::Mat ink;
        cv::threshold(canvas, ink, 128, 255, cv::THRESH_BINARY);
        return cv::boundingRect(ink);
    }

    void StartTesseract() {
        OcrOptions mrz;
        mrz.languages = "eng";
        mrz.tessdataDir = options.tessdataDir;
        mrz.characterWhitelist = kAlphabet;
        mrz.singleBlock = true;
        mrz.unifyScripts = false;  // one script, and no English reader to read words again
        tesseract = CreateTesseractEngine(mrz);
    }

    /// Text rows of an ink-high binary band as [top, bottom] pairs.
    static std::vector<std::pair<int, int>> FindRows(const cv::Mat& ink) {
        cv::Mat counts;
        cv::reduce(ink, counts, 1, cv::REDUCE_SUM, CV_32S);
        const int threshold = std::max(3, ink.cols / 40) * 255;
        std::vector<std::pair<int, int>> rows;
        int start = -1;
        for (int y = 0; y <= counts.rows; ++y) {
            const bool on = y < counts.rows && counts.at<int>(y) > threshold;
            if (on && start < 0) start = y;
            if (!on && start >= 0) {
                if (!rows.empty() && start - rows.back().second <= 2)
                    rows.back().second = y - 1;
                else
                    rows.push_back({start, y - 1});
                start = -1;
            }
        }
        int tallest = 0;
        for (auto [a, b] : rows) tallest = std::max(tallest, b - a + 1);
        std::erase_if(rows, [&](auto r) { return r.second - r.first + 1 < tallest * 0.4; });
        return rows;
    }

    struct Blob {
        int x0, x1, height, top;
    };

    struct RowGlyphs {
        std::vector<double> centres;  ///< horizontal centres of glyph blobs, left to right
        std::vector<Blob> blobs;      ///< the connected components, before merging
        double topAt0 = 0,
               topSlope = 0;  ///< ink top of full-height glyphs: top = topAt0 + slope * x
    };

    /// Glyph blobs in one text row, left to right.
    static RowGlyphs FindGlyphs(const cv::Mat& rowInk) {
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(rowInk, labels, stats, centroids, 8);
        RowGlyphs row;
        int tallest = 0;
        for (int i = 1; i < n; ++i) {
            const int h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
            tallest = std::max(tallest, h);
            row.blobs.push_back(
                {stats.at<int>(i, cv::CC_STAT_LEFT),
                 stats.at<int>(i, cv::CC_STAT_LEFT) + stats.at<int>(i, cv::CC_STAT_WIDTH), h,
                 stats.at<int>(i, cv::CC_STAT_TOP)});
        }
        std::erase_if(row.blobs, [&](const Blob& b) { return b.height < tallest * 0.3; });
        std::sort(row.blobs.begin(), row.blobs.end(),
                  [](const Blob& a, const Blob& b) { return a.x0 < b.x0; });
        // Pieces of one broken glyph overlap horizontally: merge them. So do the pieces of a
        // one-pixel line (a document's edge broken by the guilloche), which overlap in nothing
        // but lie within each other's columns: left apart, they are two "glyphs" at one place,
        // and no gap betrays the edge as lying outside the line.
        std::vector<Blob> merged;
        for (const Blob& b : row.blobs) {
            if (!merged.empty() && (b.x0 < merged.back().x1 - 1 || b.x1 <= merged.back().x1))
                merged.back().x1 = std::max(merged.back().x1, b.x1);
            else
                merged.push_back(b);
        }
        // A line at either end five times taller than wide is a document's edge (the narrowest
        // OCR-B glyph, 1, is wider than a third of its height). So close to the zone that no gap
        // gives it away, it would hold a cell of the grid and push the last glyph out.
        auto thin = [](const Blob& b) { return 5 * (b.x1 - b.x0) < b.height; };
        while (!merged.empty() && thin(merged.front())) merged.erase(merged.begin());
        while (!merged.empty() && thin(merged.back())) merged.pop_back();
        for (const Blob& b : merged) row.centres.push_back((b.x0 + b.x1) / 2.0);
        return row;
    }

    /// The height of a capital over all rows, from the blobs tall enough to be no filler: a name
    /// line can be mostly '<', which is shorter. Then each row's line of capital tops (a phone
    /// photo's perspective leaves the line slightly tilted even after deskewing the band).
    double MeasureCapitals(std::vector<RowGlyphs>& rows) const {
        std::vector<int> heights;
        for (const RowGlyphs& row : rows)
            for (const Blob& b : row.blobs) heights.push_back(b.height);
        if (heights.empty()) return 0;
        std::sort(heights.begin(), heights.end());
        const double high = heights[heights.size() * 9 / 10];
        const double threshold = high * (1.0 + fillerHeight) / 2.0;
        std::vector<int> caps;
        for (int h : heights)
            if (h >= threshold && h <= 1.3 * high) caps.push_back(h);
        if (caps.empty()) return 0;
        const double capHeight = caps[caps.size() / 2];
        for (RowGlyphs& row : rows) {
            // Least-squares line through the tops of the capitals.
            double k = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (const Blob& b : row.blobs) {
                if (b.height < threshold || b.height > 1.3 * high) continue;
                const double x = (b.x0 + b.x1) / 2.0, y = b.top;
                k += 1;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            if (k >= 2 && k * sxx - sx * sx > 1e-6) {
                row.topSlope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
                row.topAt0 = (sy - row.topSlope * sx) / k;
            } else if (k >= 1) {
                row.topAt0 = sy / k;
            }
        }
        return capHeight;
    }

    /// Cell centres: a grid of `length` cells from the first glyph to the last, each cell snapped
    /// to the nearest glyph blob so that a perspective's changing pitch does not accumulate.
    static std::vector<double> CellCentres(const std::vector<double>& centres, size_t length) {
        const double pitch = (centres.back() - centres.front()) / static_cast<double>(length - 1);
        std::vector<double> cells;
        double previous = centres.front() - pitch;
        for (size_t i = 0; i < length; ++i) {
            // Predict from the previous cell, but never drift far from the straight grid.
            const double grid = centres.front() + pitch * static_cast<double>(i);
            double predicted = previous + pitch;
            predicted = std::clamp(predicted, grid - 0.5 * pitch, grid + 0.5 * pitch);
            const auto it = std::lower_bound(centres.begin(), centres.end(), predicted);
            double nearest = predicted, distance = 1e9;
            for (auto candidate : {it, it == centres.begin() ? it : it - 1})
                if (candidate != centres.end() && std::abs(*candidate - predicted) < distance) {
                    distance = std::abs(*candidate - predicted);
                    nearest = *candidate;
                }
            previous = distance < 0.3 * pitch ? nearest : predicted;
            cells.push_back(previous);
        }
        return cells;
    }

    /// +1 when the print in `patch` (ink high) shows glyph `a` rather than `b`, -1 for the
    /// reverse, 0 when it does not tell. Both templates are aligned on the ink they share (so
    /// neither is favoured), then the print is measured where only one of them has ink, away
    /// from the other's strokes: about as dark as the shared strokes there means that glyph's
    /// stroke is printed, about as light as the background means it is not.
    static int Distinguish(const cv::Mat& patch, const cv::Mat& a, const cv::Mat& b) {
        cv::Mat inkA = a >= 128, inkB = b >= 128;
        const cv::Mat shared = inkA & inkB;
        const int sharedCount = cv::countNonZero(shared);
        if (sharedCount < 0.3 * std::min(cv::countNonZero(inkA), cv::countNonZero(inkB)))
            return 0;  // too little in common to align on
        cv::Mat nearA, nearB, nearEither;
        const cv::Mat k3 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3));
        cv::dilate(inkA, nearA, k3);
        cv::dilate(inkB, nearB, k3);
        cv::dilate(inkA | inkB, nearEither, cv::getStructuringElement(cv::MORPH_RECT, {7, 7}));
        const cv::Mat onlyA = inkA & ~nearB, onlyB = inkB & ~nearA, background = ~nearEither;
        const int countA = cv::countNonZero(onlyA), countB = cv::countNonZero(onlyB);
        if (countA + countB < kMinDifference || cv::countNonZero(background) < kMinDifference)
            return 0;
        cv::Mat result;
        cv::Mat common;
        cv::min(a, b, common);
        cv::matchTemplate(patch, common, result, cv::TM_CCOEFF_NORMED);
        cv::Point at;
        cv::minMaxLoc(result, nullptr, nullptr, nullptr, &at);
        const cv::Mat print = patch(cv::Rect(at, a.size()));
        const double inkLevel = cv::mean(print, shared)[0];
        const double paper = cv::mean(print, background)[0];
        const double contrast = inkLevel - paper;
        if (contrast < kMinContrast) return 0;
        // Share of the shared strokes' darkness printed where only one glyph has ink; none when
        // that glyph has no such place (O has nothing that Q lacks). A place printed lighter than
        // the paper's mean (noise, a guilloche's light line) is a share below 0, as unprinted as
        // can be: no sentinel value may stand for "no place".
        // Each glyph's own strokes are measured where that glyph fits the print best, within a
        // pixel of the shared strokes' fit: a template a few per cent off the print's size
        // aligned on the shared strokes misses a stroke they do not hold (E's lowest bar) by a
        // pixel, and half of it then looks unprinted.
        auto ownFit = [&](const cv::Mat& glyph) {
            cv::Mat fit;
            cv::matchTemplate(patch, glyph, fit, cv::TM_CCOEFF_NORMED);
            const cv::Rect near =
                cv::Rect(at - cv::Point(1, 1), cv::Size(3, 3)) & cv::Rect(0, 0, fit.cols, fit.rows);
            cv::Point best;
            cv::minMaxLoc(fit(near), nullptr, nullptr, nullptr, &best);
            return patch(cv::Rect(best + near.tl(), glyph.size()));
        };
        auto printed = [&](const cv::Mat& glyph, const cv::Mat& only,
                           int count) -> std::optional<double> {
            if (count < kMinDifference / 2) return std::nullopt;
            return (cv::mean(ownFit(glyph), only)[0] - paper) / contrast;
        };
        const std::optional<double> shareA = printed(a, onlyA, countA),
                                    shareB = printed(b, onlyB, countB);
        if (!shareA && !shareB) return 0;
        auto shows = [](const std::optional<double>& share) {
            return !share || *share >= kPrintedShare;
        };
        auto lacks = [](const std::optional<double>& share) {
            return !share || *share <= kUnprintedShare;
        };
        const bool isA = shows(shareA) && lacks(shareB);
        const bool isB = shows(shareB) && lacks(shareA);
        return isA == isB ? 0 : isA ? 1 : -1;
    }

    /// Takes from the readings with templates blurred as the print is (`blurred`: at the measured
    /// width, then a few per cent narrower and wider) what they prove beyond the sharp one
    /// (`reading`): a character in doubt there that every blurred reading reads without doubt as
    /// the same one of its two readings. The width is uncertain (a phone's perspective, print
    /// bolder than the font) and 0 differs from O by little more than width: a verdict that a
    /// few per cent of width turn is no proof. Where the first blurred reading and the sharp one
    /// disagree otherwise, the character is in doubt between them.
    static void SettleWithBlurredReading(MrzReading& reading,
                                         const std::vector<MrzReading>& blurred) {
        const MrzReading& first = blurred.front();
        for (size_t l = 0; l < reading.lines.size(); ++l)
            for (size_t i = 0; i < reading.lines[l].size(); ++i) {
                char& sharp = reading.lines[l][i];
                char& sharpAlternative = reading.alternatives[l][i];
                const char seen = first.lines[l][i];
                bool sure = true;
                for (const MrzReading& other : blurred)
                    sure = sure && other.lines[l][i] == seen && other.alternatives[l][i] == ' ';
                if (sharpAlternative == ' ') {
                    if (seen != sharp) sharpAlternative = seen;
                } else if (sure && (seen == sharp || seen == sharpAlternative)) {
                    sharp = seen;
                    sharpAlternative = ' ';
                } else if (seen != sharp) {
                    sharpAlternative = sharp;
                    sharp = seen;
                }
            }
    }

    /// A band's print as measured before any template is tried on it.
    struct BandLayout {
        cv::Mat band;          ///< the band, enlarged when small
        cv::Mat inverted;      ///< the band with ink high, as the templates have it
        double enlarge = 1.0;  ///< how much the band was enlarged (below 1: it was not)
        std::vector<std::pair<int, int>> rows;  ///< text rows as [top, bottom] pairs
        std::vector<RowGlyphs> glyphRows;       ///< per row, its glyph blobs
        double capHeight = 0;                   ///< a capital's height in band pixels
        size_t length = 0;                      ///< characters per line
    };

    /// How a band is read with the templates: at `factor` times the size the measured capital
    /// height implies, every `step`-th cell only when sampling (then the text is not a reading),
    /// unslanted by `shear`, with the templates of blur level `blur`, and the print made
    /// `stretch` times as wide.
    struct ReadParameters {
        double factor = 1.0;
        size_t step = 1;
        double shear = 0.0;
        size_t blur = 0;
        double stretch = 1.0;
    };

    /// A template reading and the mean best score of the cells it read.
    struct ScoredReading {
        MrzReading reading;
        double meanScore = 0;
    };

    /// The template size and slant that match a band's print best, and the mean score there.
    struct TemplateFit {
        double factor = 1.0;
        double shear = 0.0;
        double score = -2;
    };

    /// One line of print prepared for the templates: cut from the band, scaled to the templates'
    /// size, unslanted, with a margin all round.
    struct LineStrip {
        cv::Mat image;
        std::vector<double> cells;  ///< cell centres, band columns
        double pitch = 0;           ///< band pixels
        double scale = 1.0, scaleX = 1.0;
        int rowTop = 0, x0 = 0, y0 = 0, margin = 0;
        double topAt0 = 0, topSlope = 0;  ///< the capitals' tops, as in RowGlyphs
        int cellWidth = 0;                ///< template pixels
        cv::Range templateColumns;        ///< the templates' columns that one cell holds
        int slack = 0;
    };

    /// A template scored against one cell's print.
    struct ScoredGlyph {
        double score;
        char c;
        const cv::Mat* image;
        size_t index;  ///< into `glyphs`
    };

    /// What the templates read in one cell.
    struct CellReading {
        double score = 0;        ///< the best template's score
        char c = ' ';            ///< the reading
        char alternative = ' ';  ///< the other reading when in doubt
    };

    /// The template reading of an upright band, at the glyph size that matches its print best.
    std::optional<MrzReading> ReadTemplates(const cv::Mat& input) {
        const std::optional<BandLayout> layout = MeasureBand(input);
        if (!layout) return std::nullopt;
        const TemplateFit fit = FitTemplates(*layout);
        auto read = ReadAt(*layout, {fit.factor, 1, fit.shear});
        if (!read) return std::nullopt;
        MrzReading& reading = read->reading;
        if (InDoubt(reading)) SettleWithBlurredTemplates(*layout, fit, reading);
        reading.sizeFactor = fit.factor;
        return std::move(reading);
    }

    /// The band's rows, glyph blobs, capital height and line length; none when it shows no MRZ.
    std::optional<BandLayout> MeasureBand(const cv::Mat& input) const {
        if (input.empty() || input.rows < 8 || input.cols < 50) return std::nullopt;
        BandLayout layout;
        // Small print: a band a few hundred pixels wide has glyphs that blur into each other when
        // thresholded; enlarged first, its blobs stay apart.
        layout.band = input;
        layout.enlarge = static_cast<double>(options.minBandWidth) / input.cols;
        if (layout.enlarge > 1.0)
            cv::resize(input, layout.band, cv::Size(), layout.enlarge, layout.enlarge,
                       cv::INTER_CUBIC);
        cv::Mat ink;
        cv::threshold(layout.band, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
        auto& rows = layout.rows;
        rows = FindRows(ink);
        if (rows.size() > 3) {
            // Keep the stack of the longest rows; stray text at the band's edge is shorter.
            rows.erase(rows.begin(), rows.end() - 3);
        }
        if (rows.size() < 2) return std::nullopt;

        double spanSum = 0, pitchSum = 0;
        for (auto [top, bottom] : rows) {
            layout.glyphRows.push_back(FindGlyphs(ink.rowRange(top, bottom + 1)));
            auto& c = layout.glyphRows.back().centres;
            const std::optional<double> pitch = TrimToLine(c);
            if (!pitch) return std::nullopt;
            pitchSum += *pitch;
            spanSum += c.back() - c.front();
        }
        // Blur and the threshold thicken ink by about half a pixel at each edge; the templates'
        // heights are measured on sharp glyphs.
        layout.capHeight = MeasureCapitals(layout.glyphRows) - 1.0;
        const double pitch = pitchSum / rows.size();
        const double count = spanSum / rows.size() / pitch + 1;
        layout.length = LineLength(rows.size(), count);
        if (std::abs(count - static_cast<double>(layout.length)) > 0.2 * layout.length)
            return std::nullopt;
        for (RowGlyphs& row : layout.glyphRows) TrimEdgeBlobs(row.centres, layout.length, pitch);
        layout.inverted = 255 - layout.band;
        return layout;
    }

    /// The line's pitch (median gap between blob centres) after dropping the blobs beyond the
    /// line's ends from `c`; none when too few blobs are left or too many gaps lie inside.
    static std::optional<double> TrimToLine(std::vector<double>& c) {
        if (c.size() < 10) return std::nullopt;
        std::vector<double> gaps;
        for (size_t i = 1; i < c.size(); ++i) gaps.push_back(c[i] - c[i - 1]);
        std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
        const double pitch = gaps[gaps.size() / 2];
        // Every MRZ place holds a glyph (fillers too), so the line has no gaps: ink further
        // out than a pitch and a half is the document's edge or print beside the zone, and
        // would shift every cell of the grid.
        while (c.size() >= 10 && c[1] - c[0] > 1.6 * pitch) c.erase(c.begin());
        while (c.size() >= 10 && c[c.size() - 1] - c[c.size() - 2] > 1.6 * pitch) c.pop_back();
        if (c.size() < 10) return std::nullopt;
        // Inside the line, a gap is a glyph too faint or two glyphs blurred into one; word
        // spaces in their dozens are print, and no template need be tried on it.
        int gapsInside = 0;
        for (size_t i = 1; i < c.size(); ++i) gapsInside += c[i] - c[i - 1] > 1.6 * pitch;
        if (gapsInside > kMaxGapsInLine) return std::nullopt;
        return pitch;
    }

    /// Characters per line: TD1's three lines hold 30, two lines 36 (TD2) or 44 (passports),
    /// whichever is nearer the `count` of glyphs measured.
    static size_t LineLength(size_t rowCount, double count) {
        if (rowCount == 3) return 30;
        return std::abs(count - 36) < std::abs(count - 44) ? 36 : 44;
    }

    /// A blob at either end that makes the grid's pitch stray from the measured one is the
    /// document's edge or a mark beside the zone, closer than a pitch and a half.
    static void TrimEdgeBlobs(std::vector<double>& c, size_t length, double pitch) {
        auto misfit = [&](size_t from, size_t to) {  // [from, to)
            return std::abs((c[to - 1] - c[from]) / static_cast<double>(length - 1) - pitch);
        };
        size_t bestFrom = 0, bestTo = c.size();
        double bestMisfit = misfit(0, c.size()) - 0.02 * pitch;
        for (size_t from : {size_t{0}, size_t{1}})
            for (size_t to : {c.size(), c.size() - 1})
                if (to - from >= 10 && misfit(from, to) < bestMisfit) {
                    bestFrom = from;
                    bestTo = to;
                    bestMisfit = misfit(from, to);
                }
        c = std::vector<double>(c.begin() + bestFrom, c.begin() + bestTo);
    }

    /// The template size and slant that match the band's print best, searched on a sample of
    /// the cells.
    TemplateFit FitTemplates(const BandLayout& layout) {
        TemplateFit fit;
        // The size: a capital's thresholded height overstates bold or blurred print and
        // understates thin print, by 10 % and more, and a template one size off scores E like F
        // and O like Q. Coarse steps over the range such print shows, then finer ones around
        // the best.
        auto tryFactor = [&](double factor) {
            if (ScoresBetter(layout, {factor, kSampleStep}, fit.score)) fit.factor = factor;
        };
        for (double factor = kMinSizeFactor; factor <= kMaxSizeFactor + 1e-9;
             factor += kCoarseSizeStep)
            tryFactor(factor);
        for (const double step : {kCoarseSizeStep / 2, kCoarseSizeStep / 4}) {
            const double around = fit.factor;
            tryFactor(around - step);
            tryFactor(around + step);
        }
        // Then the slant of the glyphs' uprights: a phone held at an angle slants them by
        // several degrees (a perspective's shear), which deskewing the band, a rotation, leaves
        // in place, and an upright template then scores O like D and Z like I. Searched as the
        // size is, in halving steps, up to about 10 degrees either way.
        for (const double step : {kCoarseShearStep, kCoarseShearStep / 2, kCoarseShearStep / 4}) {
            const double around = fit.shear;
            for (const double shear : {around - step, around + step})
                if (ScoresBetter(layout, {fit.factor, kSampleStep, shear}, fit.score))
                    fit.shear = shear;
        }
        return fit;
    }

    /// Whether the band read with `parameters` scores better than `bestScore`, which its score
    /// then becomes.
    bool ScoresBetter(const BandLayout& layout, const ReadParameters& parameters,
                      double& bestScore) {
        const auto read = ReadAt(layout, parameters);
        if (!read || !(read->meanScore > bestScore)) return false;
        bestScore = read->meanScore;
        return true;
    }

    /// A reading with a character in doubt is read again with the templates blurred as the
    /// print is, when a blur fits the print better than sharp templates do (a clear scan's
    /// reading is left as it is, and costs nothing more).
    void SettleWithBlurredTemplates(const BandLayout& layout, const TemplateFit& fit,
                                    MrzReading& reading) {
        size_t bestBlur = 0;
        double bestScore = fit.score;
        for (size_t blur = 1; blur < kBlurLevels; ++blur)
            if (ScoresBetter(layout, {fit.factor, kSampleStep, fit.shear, blur}, bestScore))
                bestBlur = blur;
        if (bestBlur == 0) return;
        std::vector<MrzReading> blurred;
        for (const double stretch : {1.0, 1.0 - kStretchDoubt, 1.0 + kStretchDoubt})
            if (auto r = ReadAt(layout, {fit.factor, 1, fit.shear, bestBlur, stretch}))
                blurred.push_back(std::move(r->reading));
        if (blurred.size() == 3) SettleWithBlurredReading(reading, blurred);
    }

    /// Reads the band with the templates as `parameters` say.
    std::optional<ScoredReading> ReadAt(const BandLayout& layout,
                                        const ReadParameters& parameters) {
        MrzReading reading;
        double scoreSum = 0;
        int scoreCount = 0;
        reading.minScore = 1.0;
        reading.uncheckedMinScore = 1.0;
        std::string firstLine;  // the document code and state say what the other places hold
        const size_t rowCount = layout.rows.size(), length = layout.length;
        for (size_t line = 0; line < rowCount; ++line) {
            const std::optional<LineStrip> strip = PrepareLine(layout, parameters, line);
            if (!strip) return std::nullopt;
            if (line == 0) {
                reading.pitch = strip->pitch / std::max(1.0, layout.enlarge);
                reading.capHeight = layout.capHeight / std::max(1.0, layout.enlarge);
            }
            PrepareTemplates(strip->templateColumns, parameters.blur);
            const bool measureShapes =
                parameters.step == 1 &&
                strip->pitch / std::max(1.0, layout.enlarge) >= kMinShapePitch;
            std::string text, alternatives, shapes(length, ' ');
            std::vector<cv::Mat> printed;
            for (size_t col = 0; col < length; col += parameters.step) {
                const std::optional<cv::Rect> window = CellWindow(*strip, col);
                if (!window) return std::nullopt;
                const cv::Mat patch = strip->image(*window);
                const std::string& allowed =
                    MrzAlphabetAt(rowCount, length, line, col, line == 0 ? text : firstLine);
                CellReading cell = ReadCell(patch, allowed, *strip, parameters.blur);
                // The print's own shape, evidence in a doubt between O or 0 and D or Q that
                // arises here or later (another reader, a check digit's correction).
                if (measureShapes && (IsRound(cell.c) || IsRound(cell.alternative)) &&
                    LooksSymmetric(*strip, *window)) {
                    shapes[col] = kSymmetricMark;
                    GiveWayToASymmetricPrint(cell.c, cell.alternative, allowed);
                }
                if (parameters.step == 1) printed.push_back(patch.clone());
                scoreSum += cell.score;
                ++scoreCount;
                text += cell.c;
                alternatives += cell.alternative;
                reading.minScore = std::min(reading.minScore, cell.score);
                // '<' and K weigh the same modulo 10: no check digit tells them apart either.
                if (IsUnchecked(rowCount, line, col) || cell.c == '<' || cell.c == 'K')
                    reading.uncheckedMinScore = std::min(reading.uncheckedMinScore, cell.score);
            }
            if (parameters.step > 1) continue;
            DoubtLoneK(text, alternatives, rowCount, line, line == 0 ? text : firstLine);
            if (line == 0) firstLine = text;
            reading.lines.push_back(text);
            reading.alternatives.push_back(alternatives);
            reading.shapes.push_back(shapes);
            reading.cells.push_back(std::move(printed));
        }
        return ScoredReading{std::move(reading), scoreSum / std::max(1, scoreCount)};
    }

    /// Line `line` of the band cut and scaled for the templates; none when its pitch and
    /// capital height have no MRZ's proportions.
    std::optional<LineStrip> PrepareLine(const BandLayout& layout, const ReadParameters& parameters,
                                         size_t line) const {
        LineStrip strip;
        const RowGlyphs& g = layout.glyphRows[line];
        const auto& c = g.centres;
        const double capHeight = layout.capHeight;
        strip.cells = CellCentres(c, layout.length);
        strip.pitch = (c.back() - c.front()) / static_cast<double>(layout.length - 1);
        const double pitch = strip.pitch;
        // Glyphs are matched at the capital height measured on this line, not at a size the
        // pitch implies: OCR-B is printed with letter spacing, and with more or less of it.
        if (pitch <= 2 || capHeight < 4 || capHeight > 1.6 * pitch || capHeight < 0.5 * pitch)
            return std::nullopt;
        strip.scale = parameters.factor * typicalHeight / capHeight;
        strip.scaleX = strip.scale * parameters.stretch;
        const auto [top, bottom] = layout.rows[line];
        const int pad = static_cast<int>(std::ceil(0.5 * (bottom - top + 1)));
        strip.rowTop = top;
        strip.y0 = std::max(0, top - pad);
        const int y1 = std::min(layout.band.rows, bottom + 1 + pad);
        strip.x0 = std::max(0, static_cast<int>(c.front() - pitch));
        const int x1 = std::min(layout.band.cols, static_cast<int>(c.back() + pitch) + 1);
        strip.topAt0 = g.topAt0;
        strip.topSlope = g.topSlope;
        cv::resize(layout.inverted(cv::Range(strip.y0, y1), cv::Range(strip.x0, x1)), strip.image,
                   cv::Size(), strip.scaleX, strip.scale,
                   strip.scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        // Unslanted about the row's middle, where the cell centres were measured.
        if (parameters.shear != 0.0) {
            const double shear = parameters.shear;
            const double centreRow = ((top + bottom) / 2.0 - strip.y0) * strip.scale;
            const cv::Mat unshear =
                (cv::Mat_<double>(2, 3) << 1, shear, -shear * centreRow, 0, 1, 0);
            cv::warpAffine(strip.image, strip.image, unshear, strip.image.size(), cv::INTER_LINEAR,
                           cv::BORDER_REPLICATE);
        }
        // A zone cut tight by the band's edge still gets whole windows.
        strip.margin = glyphHeight;
        cv::copyMakeBorder(strip.image, strip.image, strip.margin, strip.margin, strip.margin,
                           strip.margin, cv::BORDER_REPLICATE);
        // Templates as wide as this print's cell (their ink centred), so that neighbours'
        // ink stays outside whether the print is spaced tighter or wider than the font.
        const int canvasWidth = glyphs.front().image.cols;
        strip.cellWidth = std::clamp(static_cast<int>(std::lround(pitch * strip.scaleX)),
                                     kCapHeight / 2, canvasWidth);
        strip.templateColumns = cv::Range((canvasWidth - strip.cellWidth) / 2,
                                          (canvasWidth - strip.cellWidth) / 2 + strip.cellWidth);
        strip.slack = std::max(2, kCapHeight / 8);
        return strip;
    }

    /// Loads the templates of blur level `blur`, cut to `columns`, for the cells of a line.
    void PrepareTemplates(const cv::Range& columns, size_t blur) {
        std::vector<cv::Mat> cut;
        for (const cv::Mat& image : blurredImages[blur]) cut.push_back(image.colRange(columns));
        cellTemplates.Prepare(cut);
    }

    /// The part of the strip the templates are matched over for cell `col`: the cell and some
    /// slack about it; none when the strip's edge cuts it.
    std::optional<cv::Rect> CellWindow(const LineStrip& strip, size_t col) const {
        const double cell = strip.cells[col];
        const double centre = (cell - strip.x0) * strip.scaleX + strip.margin;
        const double inkTop =
            (strip.rowTop + strip.topAt0 + strip.topSlope * cell - strip.y0) * strip.scale +
            strip.margin;
        cv::Rect window(static_cast<int>(std::lround(centre - strip.cellWidth / 2.0)) - strip.slack,
                        static_cast<int>(std::lround(inkTop)) - capTop - strip.slack,
                        strip.cellWidth + 2 * strip.slack, glyphHeight + 2 * strip.slack);
        window &= cv::Rect(0, 0, strip.image.cols, strip.image.rows);
        if (window.width < strip.cellWidth || window.height < glyphHeight) return std::nullopt;
        return window;
    }

    /// Reads the print in `patch` (one cell's window) with the templates prepared for its line,
    /// among the characters `allowed` there.
    CellReading ReadCell(const cv::Mat& patch, const std::string& allowed, const LineStrip& strip,
                         size_t blur) {
        const std::vector<ScoredGlyph> scored = ScoreGlyphs(patch, allowed);
        const double best = scored[0].score;
        CellReading cell{best, scored[0].c, ' '};
        // Close readings are weighed where their glyphs differ (O and Q differ only in
        // the tail, E and F in the lowest bar, a few pixels that a whole-glyph score
        // barely sees). A reading that beats every close rival there is kept alone; one
        // that loses to a rival gives way to it only when that rival beats the others
        // too. Anything less leaves the character ambiguous.
        std::vector<const ScoredGlyph*> close;
        // A margin is at most the fixed one: a rival behind by more is never close, and how
        // alike its template is (a template match, memoised) need not be known.
        for (const ScoredGlyph& s : scored)
            if (s.score >= best - options.alternativeMargin &&
                s.score >= best - Margin(blur, scored[0].index, s.index))
                close.push_back(&s);
        const ScoredGlyph* winner = close.size() == 1 ? close[0] : nullptr;
        for (size_t i = 0; i < close.size() && close.size() > 1 && !winner; ++i) {
            bool beatsAll = true;
            for (size_t j = 0; j < close.size() && beatsAll; ++j)
                if (j != i)
                    beatsAll = Distinguish(patch, close[i]->image->colRange(strip.templateColumns),
                                           close[j]->image->colRange(strip.templateColumns)) > 0;
            if (beatsAll) winner = close[i];
        }
        if (winner) {
            cell.c = winner->c;
        } else {
            cell.alternative = close.size() > 1 ? close[1]->c : ' ';
        }
        // A glyph matching no template well is ambiguous whatever its rivals scored.
        if (best < options.minUncheckedScore && cell.alternative == ' ' && scored.size() > 1)
            cell.alternative = scored[scored[0].c == cell.c ? 1 : 0].c;
        return cell;
    }

    /// The templates of the characters `allowed` scored against `patch`, best first.
    std::vector<ScoredGlyph> ScoreGlyphs(const cv::Mat& patch, const std::string& allowed) {
        std::vector<ScoredGlyph> scored;
        cellTemplates.SetWindow(patch);
        for (size_t g = 0; g < glyphs.size(); ++g) {
            const Glyph& glyph = glyphs[g];
            if (allowed.find(glyph.c) == std::string::npos) continue;
            scored.push_back({cellTemplates.Best(g), glyph.c, &glyph.image, g});
        }
        std::sort(scored.begin(), scored.end(),
                  [](const ScoredGlyph& a, const ScoredGlyph& b) { return a.score > b.score; });
        return scored;
    }

    /// Whether the print about `window` looks the same turned half a turn (see kSymmetricGlyph).
    static bool LooksSymmetric(const LineStrip& strip, const cv::Rect& window) {
        const cv::Size region(
            std::min(static_cast<int>(std::lround(kShapeWidth * kCapHeight)), strip.cellWidth),
            kCapHeight + 2 * kShapeMargin);
        // Taller than the window: where the line's top is misjudged (fillers
        // sit lower than capitals) the window cuts a glyph's top or foot.
        cv::Rect around = window;
        around.y -= kCapHeight / 3;
        around.height += 2 * (kCapHeight / 3);
        around &= cv::Rect(0, 0, strip.image.cols, strip.image.rows);
        return PointSymmetry(strip.image(around), region, kShapeSearch) >= kSymmetricGlyph;
    }

    /// '<' and K weigh the same in every check digit, and K holds the filler's chevron:
    /// a K standing alone among fillers is proven only by another reading.
    static void DoubtLoneK(const std::string& text, std::string& alternatives, size_t rowCount,
                           size_t line, std::string_view firstLine) {
        const size_t length = text.size();
        for (size_t col = 0; col < length; ++col)
            if (text[col] == 'K' && (col == 0 || text[col - 1] == '<') &&
                (col + 1 == length || text[col + 1] == '<') &&
                MrzAlphabetAt(rowCount, length, line, col, firstLine).find('<') !=
                    std::string::npos)
                alternatives[col] = '<';
    }

    /// Tesseract's whitelist is one alphabet for the whole band: a character that ICAO does not
    /// allow at its place becomes its look-alike that it does allow (0 in a state becomes O),
    /// or '?' (which no check and no name accepts) when it has none.
    static void KeepToAlphabet(std::vector<std::string>& lines) {
        const size_t length = lines[0].size();
        for (const std::string& line : lines)
            if (line.size() != length) return;  // no MRZ shape: the parser will say so
        for (size_t l = 0; l < lines.size(); ++l)
            for (size_t i = 0; i < length; ++i) {
                const std::string& allowed = MrzAlphabetAt(lines.size(), length, l, i, lines[0]);
                char& c = lines[l][i];
                if (allowed.find(c) != std::string::npos) continue;
                const char partner = LookAlike(c);
                c = partner && allowed.find(partner) != std::string::npos ? partner : '?';
            }
    }

    std::optional<MrzReading> ReadTesseract(const cv::Mat& band) {
        if (!options.useTesseract || band.empty()) return std::nullopt;
        if (!tesseract) StartTesseract();
        cv::Mat scaled;
        const double scale = 1300.0 / band.cols;
        cv::resize(band, scaled, cv::Size(), scale, scale,
                   scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
        OcrText text;
        try {
            text = tesseract->Recognize(scaled, 300);
        } catch (const Error&) {  // Tesseract failed on the band: the templates' reading stands
            return std::nullopt;
        }
        MrzReading reading;
        for (std::string& line : SplitLines(text.text))
            if (line.size() >= 20) reading.lines.push_back(line);
        reading.minScore = 1.0;
        reading.uncheckedMinScore = 1.0;
        if (reading.lines.size() < 2 || reading.lines.size() > 3) return std::nullopt;
        KeepToAlphabet(reading.lines);
        return reading;
    }
};

MrzReader::MrzReader(const MrzOptions& options) : impl_(std::make_unique<Impl>(options)) {}
MrzReader::~MrzReader() = default;

std::optional<MrzReading> MrzReader::ReadWithTemplates(const cv::Mat& band) {
    return impl_->ReadTemplates(band);
}

std::optional<MrzReading> MrzReader::ReadWithTesseract(const cv::Mat& band) {
    return impl_->ReadTesseract(band);
}

namespace {

bool HasFillerRun(const MrzReading& reading) {
    for (const std::string& line : reading.lines)
        if (line.find("<<") != std::string::npos) return true;
    return false;
}

using Candidates = std::vector<std::vector<std::string>>;

/// Per place of `lines`, the other readings that `readings` (lines, and their second choices
/// where ambiguous) offer there.
Candidates OtherReadings(const std::vector<std::string>& lines,
                         std::initializer_list<const std::vector<std::string>*> readings) {
    Candidates out(lines.size());
    for (size_t l = 0; l < lines.size(); ++l) {
        out[l].resize(lines[l].size());
        for (const auto* reading : readings) {
            if (!reading || reading->size() != lines.size() ||
                (*reading)[l].size() != lines[l].size())
                continue;
            for (size_t i = 0; i < lines[l].size(); ++i) {
                const char c = (*reading)[l][i];
                if (c != ' ' && c != lines[l][i] && out[l][i].find(c) == std::string::npos)
                    out[l][i] += c;
            }
        }
    }
    return out;
}

bool AllChecksPass(const std::vector<std::string>& lines, const Date& referenceDate) {
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    const auto mrz = TryParseMrz(lines, referenceDate, strict);
    return mrz && std::all_of(mrz->checks.begin(), mrz->checks.end(),
                              [](const MrzCheck& c) { return c.ok || c.field == "optional_data"; });
}

/// ICAO codes among the readings of a three-letter state field whose places `ambiguous` (indexes
/// into `ambiguities`) are uncertain; each is the field's text.
std::vector<std::string> CountryReadings(const std::string& field,
                                         const std::vector<MrzAmbiguity*>& ambiguous,
                                         int fieldStart) {
    std::vector<std::string> readings = {field}, codes;
    for (const MrzAmbiguity* a : ambiguous) {
        std::vector<std::string> grown;
        for (const std::string& r : readings)
            for (char c : a->candidates) {
                std::string next = r;
                next[a->position - fieldStart] = c;
                grown.push_back(next);
            }
        readings = grown;
    }
    for (const std::string& r : readings)
        if (IsIcaoCountryCode(r) && std::find(codes.begin(), codes.end(), r) == codes.end())
            codes.push_back(r);
    return codes;
}

/// Re-derives the fields after the country-code list may have changed a state, and turns a
/// valid but unproven reading into one that needs review.
void Conclude(Mrz& mrz, const Date& referenceDate) {
    const bool unsettled = std::any_of(mrz.ambiguities.begin(), mrz.ambiguities.end(),
                                       [](const MrzAmbiguity& a) { return a.settledBy.empty(); });
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    auto reparsed = TryParseMrz(mrz.lines, referenceDate, strict);
    if (reparsed && reparsed->valid == mrz.valid) {
        reparsed->corrections = std::move(mrz.corrections);
        reparsed->ambiguities = std::move(mrz.ambiguities);
        reparsed->reader = std::move(mrz.reader);
        reparsed->uncheckedConfidence = mrz.uncheckedConfidence;
        mrz = std::move(*reparsed);
    }
    mrz.needsReview = false;
    std::erase_if(mrz.issues, [](const Issue& i) { return i.code == "mrz_ambiguous"; });
    if (unsettled && mrz.valid) {
        mrz.valid = false;
        mrz.needsReview = true;
        Issue issue;
        issue.severity = Severity::Warning;
        issue.code = "mrz_ambiguous";
        issue.message =
            "Some MRZ characters could be read more than one way and no check digit, country code "
            "or second reading settled them: compare the MRZ with the document.";
        mrz.issues.push_back(issue);
    }
}

/// Words (runs of characters other than '<') of `line` as [start, end) pairs.
std::vector<std::pair<size_t, size_t>> Words(const std::string& line) {
    std::vector<std::pair<size_t, size_t>> words;
    for (size_t i = 0; i < line.size();) {
        if (line[i] == '<') {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < line.size() && line[end] != '<') ++end;
        words.push_back({i, end});
        i = end;
    }
    return words;
}

/// `second` placed under `first` glyph by glyph: as it is when the lengths agree; else word by
/// word from the start for as long as the words have the same lengths (Tesseract drops and adds
/// fillers, and reads stray letters into long filler runs, more than it drops letters); blanks
/// where there is no glyph-level evidence, and under a run of kMaxDisagreeingRun or more
/// glyphs that all disagree. Tesseract's K where the template reader saw a filler
/// is no evidence: it reads filler runs so.
std::string AlignedLine(const std::string& first, const std::string& second) {
    std::string out(first.size(), ' ');
    if (first.size() == second.size()) {
        out = second;
    } else {
        const auto a = Words(first), b = Words(second);
        for (size_t w = 0; w < a.size() && w < b.size(); ++w) {
            if (a[w].second - a[w].first != b[w].second - b[w].first) break;
            if (w > 0 && a[w].first - a[w - 1].second != b[w].first - b[w - 1].second) break;
            for (size_t i = w == 0 ? 0 : a[w - 1].second; i < a[w].first; ++i) out[i] = '<';
            for (size_t k = 0; k < a[w].second - a[w].first; ++k)
                out[a[w].first + k] = second[b[w].first + k];
        }
    }
    for (size_t i = 0; i < first.size(); ++i)
        if (first[i] == '<' && out[i] == 'K') out[i] = ' ';
    // A run of glyphs that all disagree is no reading of them: Tesseract dropped a glyph there
    // and added one further on (the lengths still agree), or read a pattern as letters.
    for (size_t i = 0; i < first.size();) {
        size_t end = i;
        while (end < first.size() && out[end] != ' ' && out[end] != first[end]) ++end;
        if (end - i >= kMaxDisagreeingRun)
            std::fill(out.begin() + static_cast<long>(i), out.begin() + static_cast<long>(end),
                      ' ');
        i = std::max(end, i + 1);
    }
    return out;
}

/// The places where `candidates` offer readings that ICAO allows there besides the kept one, and
/// the places a correction changed, as `mrz`'s ambiguities, none of them settled yet.
void CollectAmbiguities(Mrz& mrz, const Candidates& candidates) {
    const std::vector<std::string>& lines = mrz.lines;
    const size_t length = lines.empty() ? 0 : lines[0].size();
    const std::string_view firstLine = lines.empty() ? std::string_view() : lines[0];
    mrz.ambiguities.clear();
    for (size_t l = 0; l < lines.size() && l < candidates.size(); ++l)
        for (size_t i = 0; i < lines[l].size() && i < candidates[l].size(); ++i) {
            const std::string& allowed = MrzAlphabetAt(lines.size(), length, l, i, firstLine);
            std::string kept(1, lines[l][i]);
            for (char c : candidates[l][i])
                if (c != kept[0] && allowed.find(c) != std::string::npos &&
                    kept.find(c) == std::string::npos)
                    kept += c;
            if (kept.size() > 1)
                mrz.ambiguities.push_back({static_cast<int>(l), static_cast<int>(i), kept, ""});
        }
    // A corrected character was ambiguous too: its proof is weighed like any other.
    for (const MrzCorrection& c : mrz.corrections) {
        auto it = std::find_if(
            mrz.ambiguities.begin(), mrz.ambiguities.end(),
            [&](const MrzAmbiguity& a) { return a.line == c.line && a.position == c.position; });
        if (it == mrz.ambiguities.end())
            mrz.ambiguities.push_back({c.line, c.position, std::string{c.to, c.from}, ""});
        else if (it->candidates.find(c.from) == std::string::npos)
            it->candidates += c.from;
    }
}

/// Per place of `protectedPlaces`, whether some mix of other readings of those places keeps every
/// check, so that the check digits prove none of them.
std::vector<bool> UnderminedPlaces(const std::vector<std::string>& lines,
                                   const std::vector<MrzAmbiguity*>& protectedPlaces,
                                   const Date& referenceDate) {
    size_t combinations = 1;
    for (const MrzAmbiguity* a : protectedPlaces)
        combinations = std::min<size_t>(combinations * a->candidates.size(), 1u << 16);
    std::vector<bool> undermined(protectedPlaces.size(), false);
    if (combinations >= (1u << 12)) {
        undermined.assign(protectedPlaces.size(), true);  // too many to weigh: none is proven
        return undermined;
    }
    for (size_t n = 1; n < combinations; ++n) {
        std::vector<std::string> trial = lines;
        size_t rest = n;
        for (const MrzAmbiguity* a : protectedPlaces) {
            trial[a->line][a->position] = a->candidates[rest % a->candidates.size()];
            rest /= a->candidates.size();
        }
        if (!AllChecksPass(trial, referenceDate)) continue;
        rest = n;
        for (size_t p = 0; p < protectedPlaces.size(); ++p) {
            const size_t pick = rest % protectedPlaces[p]->candidates.size();
            rest /= protectedPlaces[p]->candidates.size();
            if (pick != 0) undermined[p] = true;
        }
    }
    return undermined;
}

/// Check digits: a place is protected when every other reading of it alone breaks a check;
/// it is proven when no mix of other readings of protected places keeps every check (O/0
/// swaps can cancel out in the 7-3-1 sums, and then none of them is proven). Returns the
/// places left unproven.
std::vector<MrzAmbiguity*> SettleByCheckDigits(Mrz& mrz, const Date& referenceDate) {
    const std::vector<std::string>& lines = mrz.lines;
    const bool checksHold = AllChecksPass(lines, referenceDate);
    std::vector<MrzAmbiguity*> protectedPlaces, unprotected;
    for (MrzAmbiguity& a : mrz.ambiguities) {
        bool breaks = checksHold;
        for (size_t k = 1; k < a.candidates.size() && breaks; ++k) {
            std::vector<std::string> trial = lines;
            trial[a.line][a.position] = a.candidates[k];
            breaks = !AllChecksPass(trial, referenceDate);
        }
        (breaks ? protectedPlaces : unprotected).push_back(&a);
    }
    const std::vector<bool> undermined = UnderminedPlaces(lines, protectedPlaces, referenceDate);
    for (size_t p = 0; p < protectedPlaces.size(); ++p)
        if (!undermined[p])
            protectedPlaces[p]->settledBy = "check_digit";
        else
            unprotected.push_back(protectedPlaces[p]);
    return unprotected;
}

/// States: only one reading an ICAO code.
void SettleByCountryCodes(std::vector<std::string>& lines,
                          const std::vector<MrzAmbiguity*>& unprotected) {
    const bool td1 = lines.size() == 3;
    for (const auto& [line, start] : {std::pair{0, 2}, td1 ? std::pair{1, 15} : std::pair{1, 10}}) {
        std::vector<MrzAmbiguity*> inField;
        for (MrzAmbiguity* a : unprotected)
            if (a->line == line && a->position >= start && a->position < start + 3)
                inField.push_back(a);
        if (inField.empty()) continue;
        const std::string field = lines[line].substr(start, 3);
        const auto codes = CountryReadings(field, inField, start);
        if (codes.size() != 1) continue;
        for (MrzAmbiguity* a : inField) {
            const char chosen = codes[0][a->position - start];
            if (chosen != a->candidates[0]) {
                // The list proves another reading: keep it first.
                std::erase(a->candidates, chosen);
                a->candidates.insert(a->candidates.begin(), chosen);
                lines[a->line][a->position] = chosen;
            }
            a->settledBy = "country_code";
        }
    }
}

/// The document code's first letter: ICAO gives each format its own (P for a passport's two
/// lines of 44, V for a visa's, A, C or I for a card), and the format is told by the line
/// lengths the print has, not by the reading. When every other reading of that letter is no
/// code of the format, the kept one is proven as a check digit proves: F for P is no passport.
void SettleByDocumentCode(const std::vector<std::string>& lines,
                          const std::vector<MrzAmbiguity*>& unprotected,
                          const Date& referenceDate) {
    for (MrzAmbiguity* a : unprotected) {
        if (!a->settledBy.empty() || a->line != 0 || a->position != 0) continue;
        auto codeFits = [&](char c) {
            std::vector<std::string> trial = lines;
            trial[0][0] = c;
            MrzParseOptions strict;
            strict.correctAmbiguous = false;
            const auto parsed = TryParseMrz(trial, referenceDate, strict);
            return parsed &&
                   std::none_of(parsed->issues.begin(), parsed->issues.end(),
                                [](const Issue& i) { return i.code == "mrz_document_code"; });
        };
        bool othersFit = false;
        for (size_t k = 1; k < a->candidates.size() && !othersFit; ++k)
            othersFit = codeFits(a->candidates[k]);
        if (!othersFit && codeFits(a->candidates[0])) a->settledBy = "document_code";
    }
}

/// Kazakhstan's IIN in the optional data (TD1 line 1, a passport's personal number): twelve
/// digits with their own check digit, the first six the holder's birth date. When the kept
/// reading is such an IIN, agreeing with the MRZ's birth date, a letter or filler offered for
/// one of its digits (O for 0) cannot be right.
void SettleByIin(const std::vector<std::string>& lines,
                 const std::vector<MrzAmbiguity*>& unprotected, const Date& referenceDate) {
    const bool td1 = lines.size() == 3;
    const std::pair<int, int> iinAt = td1 ? std::pair{0, 15} : std::pair{1, 28};
    if (lines[0].size() <= 4 || lines[0].substr(2, 3) != "KAZ" ||
        static_cast<int>(lines[iinAt.first].size()) < iinAt.second + 12)
        return;
    const std::string digits = lines[iinAt.first].substr(iinAt.second, 12);
    const auto iin = TryDecodeIin(digits);
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    const auto parsed = TryParseMrz(lines, referenceDate, strict);
    if (!(iin && parsed && parsed->birthDate && iin->birthDate == *parsed->birthDate)) return;
    for (MrzAmbiguity* a : unprotected) {
        if (!a->settledBy.empty() || a->line != iinAt.first || a->position < iinAt.second ||
            a->position >= iinAt.second + 12)
            continue;
        if (std::none_of(a->candidates.begin() + 1, a->candidates.end(),
                         [](char c) { return c >= '0' && c <= '9'; }))
            a->settledBy = "iin";
    }
}

/// A second reader that saw the kept glyph at the same place. One that saw another candidate
/// proves nothing: the readers disagree, and where the check digits cannot tell the readings
/// apart (O/0 or filler/digit swaps that cancel in the 7-3-1 sums) taking its word would make
/// a reading "valid" on a guess.
void SettleBySecondReader(const std::vector<std::string>& lines,
                          const std::vector<MrzAmbiguity*>& unprotected,
                          const std::vector<std::string>& secondReader) {
    for (MrzAmbiguity* a : unprotected) {
        if (!a->settledBy.empty() || secondReader.size() != lines.size() ||
            secondReader[a->line].size() != lines[a->line].size())
            continue;
        if (secondReader[a->line][a->position] == a->candidates[0]) a->settledBy = "second_reader";
    }
}

/// The print's shape: a glyph that looks the same turned half a turn is O or 0, never D or Q
/// (it proves nothing between O and 0).
void SettleByGlyphSymmetry(const std::vector<std::string>& lines,
                           const std::vector<MrzAmbiguity*>& unprotected,
                           const std::vector<std::string>& shapes) {
    for (MrzAmbiguity* a : unprotected) {
        if (!a->settledBy.empty() || shapes.size() != lines.size() ||
            shapes[a->line].size() != lines[a->line].size() ||
            shapes[a->line][a->position] != kSymmetricMark || !IsPointSymmetric(a->candidates[0]))
            continue;
        if (std::all_of(a->candidates.begin() + 1, a->candidates.end(), IsRoundAsymmetric))
            a->settledBy = "glyph_symmetry";
    }
}

/// The band's own sure prints: the glyph resembles those of the kept reading, clearly more
/// than those of every other.
void SettleByOwnPrint(const std::vector<std::string>& lines,
                      const std::vector<MrzAmbiguity*>& unprotected, const Candidates& ruledOut) {
    for (MrzAmbiguity* a : unprotected) {
        if (!a->settledBy.empty() || ruledOut.size() != lines.size() ||
            ruledOut[a->line].size() != lines[a->line].size())
            continue;
        const std::string& out = ruledOut[a->line][a->position];
        if (out.find(a->candidates[0]) == std::string::npos &&
            std::all_of(a->candidates.begin() + 1, a->candidates.end(),
                        [&](char c) { return out.find(c) != std::string::npos; }))
            a->settledBy = "own_print";
    }
}

}  // namespace

void SettleAmbiguities(Mrz& mrz, const Candidates& candidates,
                       const std::vector<std::string>& secondReader, const Date& referenceDate,
                       const PrintEvidence& print) {
    CollectAmbiguities(mrz, candidates);
    if (mrz.ambiguities.empty()) return Conclude(mrz, referenceDate);
    const std::vector<MrzAmbiguity*> unprotected = SettleByCheckDigits(mrz, referenceDate);
    SettleByCountryCodes(mrz.lines, unprotected);
    SettleByDocumentCode(mrz.lines, unprotected, referenceDate);
    SettleByIin(mrz.lines, unprotected, referenceDate);
    SettleBySecondReader(mrz.lines, unprotected, secondReader);
    SettleByGlyphSymmetry(mrz.lines, unprotected, print.symmetric);
    SettleByOwnPrint(mrz.lines, unprotected, print.ruledOut);
    Conclude(mrz, referenceDate);
}

namespace {

/// Median of how alike `cell` is to each of `prints`.
double MedianLikeness(const cv::Mat& cell, const std::vector<const cv::Mat*>& prints) {
    std::vector<double> likeness;
    for (const cv::Mat* print : prints)
        likeness.push_back(PrintLikeness(cell, *print, kShapeSearch));
    std::nth_element(likeness.begin(), likeness.begin() + likeness.size() / 2, likeness.end());
    return likeness[likeness.size() / 2];
}

/// Per place of the template reading, the look-alike readings that the band's own prints rule
/// out (see kOwnPrintMatch): a place that may hold either of two look-alikes is compared with
/// the places that can hold only one of them, read without doubt (and, for O, symmetric: no D).
Candidates RuledOutByTheBand(const MrzReading& reading) {
    const auto& lines = reading.lines;
    Candidates out(lines.size());
    if (reading.cells.size() != lines.size() || lines.empty()) return out;
    const size_t length = lines[0].size();
    auto sure = [&](char c) {
        std::vector<const cv::Mat*> prints;
        for (size_t l = 0; l < lines.size(); ++l)
            for (size_t i = 0; i < lines[l].size() && i < reading.cells[l].size(); ++i)
                if (lines[l][i] == c && reading.alternatives[l][i] == ' ' &&
                    MrzAlphabetAt(lines.size(), length, l, i, lines[0]).find(LookAlike(c)) ==
                        std::string::npos &&
                    (c != 'O' || reading.shapes[l][i] == kSymmetricMark))
                    prints.push_back(&reading.cells[l][i]);
        return prints;
    };
    for (size_t l = 0; l < lines.size(); ++l) {
        out[l].resize(lines[l].size());
        for (size_t i = 0; i < lines[l].size() && i < reading.cells[l].size(); ++i) {
            const char c = lines[l][i], other = LookAlike(c);
            if (!other || c == '<' || other == '<' ||
                MrzAlphabetAt(lines.size(), length, l, i, lines[0]).find(other) ==
                    std::string::npos)
                continue;
            const auto prints = sure(c), otherPrints = sure(other);
            if (prints.empty() || otherPrints.empty()) continue;
            const double like = MedianLikeness(reading.cells[l][i], prints);
            const double likeOther = MedianLikeness(reading.cells[l][i], otherPrints);
            if (like >= kOwnPrintMatch && like - likeOther >= kOwnPrintLead)
                out[l][i] = std::string(1, other);
            else if (likeOther >= kOwnPrintMatch && likeOther - like >= kOwnPrintLead)
                out[l][i] = std::string(1, c);
        }
    }
    return out;
}

bool Settled(const std::optional<Mrz>& mrz) {
    return mrz && mrz->valid && !mrz->needsReview;
}

/// A band's template reading, the way up it was read, and its parse.
struct BandReading {
    cv::Mat band;
    std::optional<MrzReading> reading;
    std::optional<Mrz> parsed;
};

/// The template reading parsed, its ambiguities weighed by the template reader's own evidence.
std::optional<Mrz> ParseTemplateReading(const MrzReading& reading, const Date& referenceDate,
                                        const MrzParseOptions& parser) {
    auto parsed = TryParseMrz(reading.lines, reading.alternatives, referenceDate, parser);
    if (!parsed) return parsed;
    parsed->reader = "ocrb_template";
    parsed->uncheckedConfidence = reading.uncheckedMinScore;
    // The band's own prints are compared (a few hundred small correlations) only where a
    // character is in doubt: a reading without one has no ambiguity for them to settle.
    const bool doubt =
        InDoubt(reading) || parsed->lines != reading.lines || !parsed->corrections.empty();
    SettleAmbiguities(
        *parsed, OtherReadings(parsed->lines, {&reading.lines, &reading.alternatives}), {},
        referenceDate, {reading.shapes, doubt ? RuledOutByTheBand(reading) : Candidates{}});
    return parsed;
}

/// Whether `candidate` is to replace `parsed` as the band's reading.
bool ReadsBetter(const std::optional<Mrz>& candidate, const std::optional<Mrz>& parsed) {
    return (Settled(candidate) && !Settled(parsed)) ||
           (!Settled(parsed) &&
            (Better(candidate, parsed) ||
             (candidate && parsed && !parsed->needsReview && candidate->needsReview)));
}

/// The band read with the templates upright and, unless that reads valid, turned half a turn:
/// whichever reads better.
BandReading ReadEitherWayUp(MrzReader& reader, const cv::Mat& input, const Date& referenceDate,
                            const MrzParseOptions& parser) {
    BandReading chosen{input, std::nullopt, std::nullopt};
    for (const bool turn : {false, true}) {
        if (turn && chosen.parsed && chosen.parsed->valid) break;
        // A new image for the half turn: rotating into a header that shares `input`'s pixels
        // (same size and type) turns them in place, and the band is often a view into the page.
        cv::Mat image;
        if (turn)
            cv::rotate(input, image, cv::ROTATE_180);
        else
            image = input;
        auto candidate = reader.ReadWithTemplates(image);
        std::optional<Mrz> candidateParsed;
        if (candidate) candidateParsed = ParseTemplateReading(*candidate, referenceDate, parser);
        if (!chosen.reading || ReadsBetter(candidateParsed, chosen.parsed))
            chosen = {image, candidate, candidateParsed};
    }
    return chosen;
}

/// The template reading with Tesseract's lines, glyph by glyph as far as they align, as
/// evidence: the reading with Tesseract's characters as corrections, or Tesseract's own lines,
/// or `parsed`, whichever reads best, its ambiguities weighed.
std::optional<Mrz> CombineReadings(const MrzReading& reading, const std::optional<Mrz>& parsed,
                                   const MrzReading& second, const Date& referenceDate,
                                   const MrzParseOptions& parser) {
    std::vector<std::string> aligned;
    for (size_t l = 0; l < reading.lines.size(); ++l)
        aligned.push_back(AlignedLine(reading.lines[l], second.lines[l]));
    // Where Tesseract saw something else, its character is evidence for a correction.
    std::vector<std::string> alternatives = reading.alternatives;
    bool agree = true;
    for (size_t l = 0; l < reading.lines.size(); ++l)
        for (size_t i = 0; i < reading.lines[l].size(); ++i)
            if (aligned[l][i] != ' ' && aligned[l][i] != reading.lines[l][i]) {
                alternatives[l][i] = aligned[l][i];
                agree = false;
            }
    std::optional<Mrz> best = parsed;
    auto combined = TryParseMrz(reading.lines, alternatives, referenceDate, parser);
    if (combined) combined->reader = agree ? "both" : "ocrb_template";
    if (Better(combined, best) || (combined && best && combined->valid == best->valid &&
                                   PassedChecks(*combined) == PassedChecks(*best)))
        best = combined;
    // Tesseract's own lines, with the template reader's name line (Tesseract misreads fillers).
    std::vector<std::string> lines = second.lines;
    const size_t nameLine = lines.size() == 3 ? 2 : 0;
    lines[nameLine] = reading.lines[nameLine];
    auto own = TryParseMrz(lines, reading.lines, referenceDate, parser);
    if (own) own->reader = "tesseract";
    if (Better(own, best)) best = own;
    if (best) {
        best->uncheckedConfidence = reading.uncheckedMinScore;
        SettleAmbiguities(
            *best, OtherReadings(best->lines, {&reading.lines, &reading.alternatives, &aligned}),
            aligned, referenceDate, {reading.shapes, RuledOutByTheBand(reading)});
    }
    return best;
}

/// Tesseract alone: every character is the word of one reader, proven only by checks.
std::optional<Mrz> ParseSecondReading(const MrzReading& second, const Date& referenceDate,
                                      const MrzParseOptions& parser) {
    auto parsed = TryParseMrz(second.lines, referenceDate, parser);
    if (!parsed) return parsed;
    parsed->reader = "tesseract";
    Candidates all(parsed->lines.size());
    for (size_t l = 0; l < parsed->lines.size(); ++l)
        for (char c : parsed->lines[l])
            all[l].push_back(LookAlike(c) ? std::string(1, LookAlike(c)) : "");
    SettleAmbiguities(*parsed, all, {}, referenceDate);
    return parsed;
}

}  // namespace

std::optional<Mrz> MrzReader::ReadBand(const cv::Mat& input, const Date& referenceDate) {
    const MrzOptions& options = impl_->options;
    const auto [band, reading, parsed] =
        ReadEitherWayUp(*this, input, referenceDate, options.parser);
    // Every MRZ has a run of fillers (at least the "<<" between surname and given names): a band
    // without one, and without a valid reading, is a line of print the locator offered. Tesseract,
    // the slow reader, is not asked about it, and no garbage "MRZ" is reported for the page.
    if (!options.alwaysUseTesseract && !(parsed && parsed->valid) &&
        !(reading && HasFillerRun(*reading)))
        return std::nullopt;
    const bool confident = Settled(parsed) && reading->minScore >= options.minConfidentScore;
    if (!confident || options.alwaysUseTesseract) impl_->secondReaderWanted = true;
    if (!options.useTesseract || (confident && !options.alwaysUseTesseract)) return parsed;

    const auto second = impl_->ReadTesseract(band);
    if (!second) return parsed;
    if (reading && second->lines.size() == reading->lines.size())
        return CombineReadings(*reading, parsed, *second, referenceDate, options.parser);
    if (!parsed) return ParseSecondReading(*second, referenceDate, options.parser);
    return parsed;
}

bool MrzReader::SecondReaderWanted() const {
    return impl_->secondReaderWanted;
}

std::optional<Mrz> MrzReader::Read(const cv::Mat& page, double /*dpi*/, const Date& referenceDate) {
    impl_->secondReaderWanted = false;
    cv::Mat gray = page;
    if (page.channels() == 3) cv::cvtColor(page, gray, cv::COLOR_BGR2GRAY);
    if (gray.empty()) return std::nullopt;
    const MrzOptions& options = impl_->options;
    std::optional<Mrz> best;
    // Upright first; the sideways search runs only when no upright band read valid, so that a
    // passport copied sideways below an upright text (whose lines are candidates too) is found
    // without costing every upright passport a second search. The locator's kernels suit one
    // text size; when the page's own scale finds nothing, it is searched at half that scale
    // (a card cropped to its edges, a close-up) and at twice (a photo of a whole page, small
    // print), where a band may also be a smaller share of the picture.
    struct Pass {
        double workScale, widthRatio, maxEnlarge;
    };
    const Pass passes[] = {{1.0, 1.0, 1.0}, {0.5, 1.0, 1.0}, {2.0, 0.5, 4.0}};
    for (const Pass& pass : passes) {
        MrzLocatorOptions locator = options.locator;
        locator.workWidth = static_cast<int>(locator.workWidth * pass.workScale);
        locator.minWidthRatio *= pass.widthRatio;
        locator.maxEnlarge = pass.maxEnlarge;
        for (const MrzSearch search : {MrzSearch::Upright, MrzSearch::Sideways}) {
            if (search == MrzSearch::Sideways && !locator.tryQuarterTurns) break;
            const auto bands = FindMrzBands(gray, search, locator);
            int tried = 0;
            for (const MrzBand& band : bands) {
                if (tried++ >= options.maxBands) break;
                auto mrz = ReadBand(band.image, referenceDate);
                if (Better(mrz, best)) best = std::move(mrz);
                if (Settled(best)) return best;
            }
        }
        if (best && best->valid) break;
        // A reading whose checks all hold needs no other scale: more bands could only
        // replace an unproven reading with another.
        if (best && best->needsReview) break;
    }
    if (best && IsImplausible(*best)) return std::nullopt;
    return best;
}

}  // namespace dossier
