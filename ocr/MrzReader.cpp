// The two MRZ readers (OCR-B templates rendered at runtime; Tesseract `eng` with the MRZ alphabet)
// and their arbitration by check digits.
#include "ocr/MrzReader.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cmath>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"

namespace dossier {

namespace {

constexpr int kPitch = 20;  // template cell width in pixels: the band is scaled to this pitch
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
const std::string kDigits = "0123456789";
const std::string kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
const std::string kAll = kAlphabet;
// Gaps wider than a pitch and a half a line of the MRZ may show (faint or blurred glyphs).
constexpr int kMaxGapsInLine = 3;
// Template scores below this are no OCR-B glyph at all (right readings score above 0.7).
constexpr double kNoiseScore = 0.3;

/// Characters ICAO allows at a place of a line, so the matcher never offers a letter in a date.
/// True for places that no check digit covers: names, document code, states and sex.
bool IsUnchecked(size_t lineCount, size_t line, size_t col) {
    if (lineCount == 3)
        return line == 2 || (line == 0 && col < 5) ||
               (line == 1 && (col == 7 || (col >= 15 && col <= 17)));
    return line == 0 || (col >= 10 && col <= 12) || col == 20;
}

const std::string& AllowedAt(size_t lineCount, size_t length, size_t line, size_t col) {
    static const std::string digitsOrFiller = kDigits + "<";
    static const std::string sex = "MFX<";
    static const std::string firstLetter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (lineCount == 3) {
        if (line == 2) return kLetters;
        if (line == 0)
            return col == 0 ? firstLetter : col < 5 ? kLetters : col == 14 ? digitsOrFiller : kAll;
        if (col <= 6 || (col >= 8 && col <= 14) || col == 29) return digitsOrFiller;
        if (col == 7) return sex;
        if (col >= 15 && col <= 17) return kLetters;
        return kAll;
    }
    (void)length;
    if (line == 0) return col == 0 ? firstLetter : kLetters;
    if (col == 9 || (col >= 13 && col <= 19) || (col >= 21 && col <= 27)) return digitsOrFiller;
    if (col >= 10 && col <= 12) return kLetters;
    if (col == 20) return sex;
    return kAll;
}

struct Glyph {
    char c;
    cv::Mat image;  // ink high (255), CV_8U, kPitch wide
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

bool Better(const std::optional<Mrz>& a, const std::optional<Mrz>& b) {
    if (!a) return false;
    if (!b) return true;
    if (a->valid != b->valid) return a->valid;
    return PassedChecks(*a) > PassedChecks(*b);
}

}  // namespace

struct MrzReader::Impl {
    MrzOptions options;
    std::vector<Glyph> glyphs;
    int glyphHeight = 0;
    std::unique_ptr<tesseract::TessBaseAPI> tesseract;

    explicit Impl(const MrzOptions& o) : options(o) {
        if (options.ocrbFontFile.empty()) options.ocrbFontFile = DefaultFont();
        RenderGlyphs();
        if (options.useTesseract) StartTesseract();
    }

    ~Impl() {
        if (tesseract) tesseract->End();
    }

    void RenderGlyphs() {
        cv::Ptr<cv::freetype::FreeType2> font = cv::freetype::createFreeType2();
        try {
            font->loadFontData(options.ocrbFontFile, 0);
        } catch (const cv::Exception&) {
            throw Error(ErrorCode::MissingResource,
                        "OCR-B font not found: " + options.ocrbFontFile + " (package fonts-ocr-b)");
        }
        int baseline = 0;
        const double advance = font->getTextSize("<<<<<<<<<<", 1000, -1, &baseline).width / 10000.0;
        const int height = static_cast<int>(std::lround(kPitch / advance));
        const int canvasHeight = height * 2;
        const int base = height * 3 / 2;
        std::vector<cv::Mat> canvases;
        int top = canvasHeight, bottom = 0;
        for (const char* p = kAlphabet; *p; ++p) {
            // OpenCV's FreeType draws on 3-channel images only.
            cv::Mat colour(canvasHeight, kPitch, CV_8UC3, cv::Scalar::all(0)), canvas;
            font->putText(colour, std::string(1, *p), cv::Point(0, base), height,
                          cv::Scalar::all(255), -1, cv::LINE_AA, true);
            cv::cvtColor(colour, canvas, cv::COLOR_BGR2GRAY);
            cv::Mat rows;
            cv::reduce(canvas, rows, 1, cv::REDUCE_MAX);
            for (int y = 0; y < rows.rows; ++y)
                if (rows.at<uchar>(y) > 64) {
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                }
            canvases.push_back(canvas);
        }
        glyphHeight = bottom - top + 1;
        for (size_t i = 0; i < canvases.size(); ++i)
            glyphs.push_back({kAlphabet[i], canvases[i].rowRange(top, bottom + 1).clone()});
    }

    void StartTesseract() {
        tesseract = std::make_unique<tesseract::TessBaseAPI>();
        const char* datapath = options.tessdataDir.empty() ? nullptr : options.tessdataDir.c_str();
        if (tesseract->Init(datapath, "eng", tesseract::OEM_LSTM_ONLY) != 0)
            throw Error(ErrorCode::MissingResource, "Tesseract could not load 'eng' for the MRZ");
        tesseract->SetVariable("tessedit_char_whitelist", kAlphabet);
        tesseract->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
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

    struct RowGlyphs {
        std::vector<double> centres;  ///< horizontal centres of glyph blobs, left to right
        double topAt0 = 0,
               topSlope = 0;  ///< ink top of full-height glyphs: top = topAt0 + slope * x
    };

    /// Glyph blobs in one text row: their centres, and the line their tops follow (a phone photo's
    /// perspective leaves the line slightly tilted even after deskewing the band).
    static RowGlyphs FindGlyphs(const cv::Mat& rowInk) {
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(rowInk, labels, stats, centroids, 8);
        struct Blob {
            int x0, x1, height, top;
        };
        std::vector<Blob> blobs;
        int tallest = 0;
        for (int i = 1; i < n; ++i) {
            const int h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
            tallest = std::max(tallest, h);
            blobs.push_back(
                {stats.at<int>(i, cv::CC_STAT_LEFT),
                 stats.at<int>(i, cv::CC_STAT_LEFT) + stats.at<int>(i, cv::CC_STAT_WIDTH), h,
                 stats.at<int>(i, cv::CC_STAT_TOP)});
        }
        std::erase_if(blobs, [&](const Blob& b) { return b.height < tallest * 0.3; });
        std::sort(blobs.begin(), blobs.end(),
                  [](const Blob& a, const Blob& b) { return a.x0 < b.x0; });
        // Pieces of one broken glyph overlap horizontally: merge them.
        std::vector<Blob> merged;
        for (const Blob& b : blobs) {
            if (!merged.empty() && b.x0 < merged.back().x1 - 1)
                merged.back().x1 = std::max(merged.back().x1, b.x1);
            else
                merged.push_back(b);
        }
        RowGlyphs row;
        for (const Blob& b : merged) row.centres.push_back((b.x0 + b.x1) / 2.0);
        // Least-squares line through the tops of the tall glyphs.
        double k = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const Blob& b : blobs) {
            if (b.height < tallest * 0.8) continue;
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
        return row;
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

    std::optional<MrzReading> ReadTemplates(const cv::Mat& band) {
        if (band.empty() || band.rows < 10 || band.cols < 50) return std::nullopt;
        cv::Mat ink;
        cv::threshold(band, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
        auto rows = FindRows(ink);
        if (rows.size() > 3) {
            // Keep the stack of the longest rows; stray text at the band's edge is shorter.
            rows.erase(rows.begin(), rows.end() - 3);
        }
        if (rows.size() < 2) return std::nullopt;

        std::vector<RowGlyphs> glyphRows;
        double spanSum = 0, pitchSum = 0;
        for (auto [top, bottom] : rows) {
            glyphRows.push_back(FindGlyphs(ink.rowRange(top, bottom + 1)));
            auto& c = glyphRows.back().centres;
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
            pitchSum += pitch;
            spanSum += c.back() - c.front();
        }
        const double roughPitch = pitchSum / rows.size();
        const double count = spanSum / rows.size() / roughPitch + 1;
        size_t length = 30;
        if (rows.size() == 3) {
            length = 30;
        } else {
            length = std::abs(count - 36) < std::abs(count - 44) ? 36 : 44;
        }
        if (std::abs(count - static_cast<double>(length)) > 0.2 * length) return std::nullopt;

        cv::Mat inverted = 255 - band;
        MrzReading reading;
        reading.minScore = 1.0;
        reading.uncheckedMinScore = 1.0;
        for (size_t line = 0; line < rows.size(); ++line) {
            const auto& c = glyphRows[line].centres;
            const std::vector<double> cells = CellCentres(c, length);
            const double pitch = (c.back() - c.front()) / static_cast<double>(length - 1);
            if (pitch <= 2) return std::nullopt;
            const double scale = kPitch / pitch;
            const auto [top, bottom] = rows[line];
            const int pad = static_cast<int>(std::ceil(0.5 * (bottom - top + 1)));
            const int y0 = std::max(0, top - pad), y1 = std::min(band.rows, bottom + 1 + pad);
            const int x0 = std::max(0, static_cast<int>(c.front() - pitch));
            const int x1 = std::min(band.cols, static_cast<int>(c.back() + pitch) + 1);
            cv::Mat strip;
            cv::resize(inverted(cv::Range(y0, y1), cv::Range(x0, x1)), strip, cv::Size(), scale,
                       scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
            const RowGlyphs& g = glyphRows[line];
            std::string text, alternatives;
            for (size_t col = 0; col < length; ++col) {
                const double centre = (cells[col] - x0) * scale;
                const double inkTop = (top + g.topAt0 + g.topSlope * cells[col] - y0) * scale;
                cv::Rect window(static_cast<int>(centre - kPitch / 2.0) - 3,
                                static_cast<int>(inkTop) - 3, kPitch + 6, glyphHeight + 6);
                window &= cv::Rect(0, 0, strip.cols, strip.rows);
                if (window.width < kPitch || window.height < glyphHeight) return std::nullopt;
                const cv::Mat patch = strip(window);
                const std::string& allowed = AllowedAt(rows.size(), length, line, col);
                double best = -2, second = -2;
                char bestChar = '<', secondChar = ' ';
                cv::Mat result;
                for (const Glyph& g : glyphs) {
                    if (allowed.find(g.c) == std::string::npos) continue;
                    cv::matchTemplate(patch, g.image, result, cv::TM_CCOEFF_NORMED);
                    double score = 0;
                    cv::minMaxLoc(result, nullptr, &score);
                    if (score > best) {
                        second = best;
                        secondChar = bestChar;
                        best = score;
                        bestChar = g.c;
                    } else if (score > second) {
                        second = score;
                        secondChar = g.c;
                    }
                }
                text += bestChar;
                alternatives += best - second < options.alternativeMargin ? secondChar : ' ';
                reading.minScore = std::min(reading.minScore, best);
                // '<' and K weigh the same modulo 10: no check digit tells them apart either.
                if (IsUnchecked(rows.size(), line, col) || bestChar == '<' || bestChar == 'K')
                    reading.uncheckedMinScore = std::min(reading.uncheckedMinScore, best);
            }
            reading.lines.push_back(text);
            reading.alternatives.push_back(alternatives);
        }
        return reading;
    }

    std::optional<MrzReading> ReadTesseract(const cv::Mat& band) {
        if (!tesseract || band.empty()) return std::nullopt;
        cv::Mat scaled;
        const double scale = 1300.0 / band.cols;
        cv::resize(band, scaled, cv::Size(), scale, scale,
                   scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
        tesseract->SetImage(scaled.data, scaled.cols, scaled.rows, 1,
                            static_cast<int>(scaled.step));
        tesseract->SetSourceResolution(300);
        std::unique_ptr<char[]> text(tesseract->GetUTF8Text());
        tesseract->Clear();
        if (!text) return std::nullopt;
        MrzReading reading;
        for (std::string& line : SplitLines(text.get()))
            if (line.size() >= 20) reading.lines.push_back(line);
        reading.minScore = 1.0;
        reading.uncheckedMinScore = 1.0;
        if (reading.lines.size() < 2 || reading.lines.size() > 3) return std::nullopt;
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

std::optional<Mrz> MrzReader::Judged(std::optional<Mrz> parsed,
                                     const std::optional<MrzReading>& reading) const {
    if (!parsed || !reading) return parsed;
    parsed->uncheckedConfidence = reading->uncheckedMinScore;
    if (parsed->valid && reading->uncheckedMinScore < impl_->options.minUncheckedScore) {
        // A name has no check digit: an unsure glyph there must not pass as proven.
        parsed->valid = false;
        Issue issue;
        issue.severity = Severity::Warning;
        issue.code = "mrz_low_confidence";
        issue.message =
            "MRZ characters without a check digit (names, states, sex) were hard to read.";
        parsed->issues.push_back(issue);
    }
    return parsed;
}

namespace {

bool HasFillerRun(const MrzReading& reading) {
    for (const std::string& line : reading.lines)
        if (line.find("<<") != std::string::npos) return true;
    return false;
}

}  // namespace

std::optional<Mrz> MrzReader::ReadBand(const cv::Mat& input, const Date& referenceDate) {
    const MrzOptions& options = impl_->options;
    cv::Mat band = input;
    auto reading = impl_->ReadTemplates(band);
    std::optional<Mrz> parsed;
    if (reading)
        parsed = TryParseMrz(reading->lines, reading->alternatives, referenceDate, options.parser);
    if (!parsed || !parsed->valid) {
        cv::Mat turned;
        cv::rotate(input, turned, cv::ROTATE_180);
        auto turnedReading = impl_->ReadTemplates(turned);
        std::optional<Mrz> turnedParsed;
        if (turnedReading)
            turnedParsed = TryParseMrz(turnedReading->lines, turnedReading->alternatives,
                                       referenceDate, options.parser);
        if (Better(turnedParsed, parsed)) {
            band = turned;
            reading = turnedReading;
            parsed = turnedParsed;
        }
    }
    if (parsed) parsed->reader = "ocrb_template";
    // Every MRZ has a run of fillers (at least the "<<" between surname and given names): a band
    // without one, and without a valid reading, is a line of print the locator offered. Tesseract,
    // the slow reader, is not asked about it, and no garbage "MRZ" is reported for the page.
    if (!options.alwaysUseTesseract && !(parsed && parsed->valid) &&
        !(reading && HasFillerRun(*reading)))
        return std::nullopt;
    const bool confident =
        parsed && parsed->valid && reading->minScore >= options.minConfidentScore;
    if (!options.useTesseract || (confident && !options.alwaysUseTesseract))
        return Judged(std::move(parsed), reading);

    const auto second = impl_->ReadTesseract(band);
    if (!second) return Judged(std::move(parsed), reading);
    if (reading && second->lines.size() == reading->lines.size()) {
        // Where Tesseract saw something else, its character is evidence for a correction.
        std::vector<std::string> alternatives = reading->alternatives;
        bool agree = true;
        for (size_t l = 0; l < reading->lines.size(); ++l) {
            if (second->lines[l].size() != reading->lines[l].size()) continue;
            for (size_t i = 0; i < reading->lines[l].size(); ++i)
                if (second->lines[l][i] != reading->lines[l][i]) {
                    alternatives[l][i] = second->lines[l][i];
                    agree = false;
                }
        }
        auto combined = TryParseMrz(reading->lines, alternatives, referenceDate, options.parser);
        if (combined) combined->reader = agree ? "both" : "ocrb_template";
        if (Better(combined, parsed) || (combined && parsed && combined->valid == parsed->valid &&
                                         PassedChecks(*combined) == PassedChecks(*parsed)))
            parsed = combined;
        // Tesseract's own lines, with the template reader's name line (Tesseract misreads fillers).
        std::vector<std::string> lines = second->lines;
        const size_t nameLine = lines.size() == 3 ? 2 : 0;
        lines[nameLine] = reading->lines[nameLine];
        auto own = TryParseMrz(lines, reading->lines, referenceDate, options.parser);
        if (own) own->reader = "tesseract";
        if (Better(own, parsed)) parsed = own;
    } else if (!parsed) {
        parsed = TryParseMrz(second->lines, referenceDate, options.parser);
        if (parsed) parsed->reader = "tesseract";
    }
    return Judged(std::move(parsed), reading);
}

std::optional<Mrz> MrzReader::Read(const cv::Mat& page, double /*dpi*/, const Date& referenceDate) {
    cv::Mat gray = page;
    if (page.channels() == 3) cv::cvtColor(page, gray, cv::COLOR_BGR2GRAY);
    if (gray.empty()) return std::nullopt;
    const MrzOptions& options = impl_->options;
    std::optional<Mrz> best;
    // Upright first; the sideways search runs only when no upright band read valid, so that a
    // passport copied sideways below an upright text (whose lines are candidates too) is found
    // without costing every upright passport a second search.
    for (const MrzSearch search : {MrzSearch::Upright, MrzSearch::Sideways}) {
        if (search == MrzSearch::Sideways && !options.locator.tryQuarterTurns) break;
        const auto bands = FindMrzBands(gray, search, options.locator);
        int tried = 0;
        for (const MrzBand& band : bands) {
            if (tried++ >= options.maxBands) break;
            auto mrz = ReadBand(band.image, referenceDate);
            if (Better(mrz, best)) best = std::move(mrz);
            if (best && best->valid) break;
        }
        if (best && best->valid) break;
    }
    if (best && IsImplausible(*best)) return std::nullopt;
    return best;
}

}  // namespace dossier
