// Page preparation: a phone photo's page is rectified, the page turned upright and deskewed for
// OCR, and its quality measured (rule 9-1). The original pixels are never changed.
#include "prepare/Prepare.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "ocr/OcrEngine.h"

namespace dossier {

namespace {

// cv::resize by a factor rounds each side and asserts when one comes to 0 px (a 30000 x 4 page
// scaled to 800 px across): such a side keeps one pixel.
void ResizeBy(const cv::Mat& source, cv::Mat& target, double scale, int interpolation) {
    if (cvRound(source.cols * scale) >= 1 && cvRound(source.rows * scale) >= 1) {
        cv::resize(source, target, cv::Size(), scale, scale, interpolation);
        return;
    }
    const cv::Size size(std::max(1, cvRound(source.cols * scale)),
                        std::max(1, cvRound(source.rows * scale)));
    cv::resize(source, target, size, 0, 0, interpolation);
}

constexpr double kA4LongInches = 297.0 / 25.4;
constexpr double kA4Aspect = 297.0 / 210.0;
constexpr int kQualityWidth = 1240;  // sharpness is content- and scale-dependent: fix the scale

cv::Mat ToGray(const cv::Mat& image) {
    if (image.channels() == 1) return image;
    cv::Mat gray;
    cv::cvtColor(image, gray, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    return gray;
}

// Maps points of an image rotated clockwise by `degrees` back to the unrotated image of size
// `size`.
cv::Matx33d UnrotateMatrix(int degrees, cv::Size size) {
    const double w = size.width - 1, h = size.height - 1;
    switch (degrees) {
        case 90:
            return {0, 1, 0, -1, 0, h, 0, 0, 1};  // rotated (x', y') = (h - y, x)
        case 180:
            return {-1, 0, w, 0, -1, h, 0, 0, 1};
        case 270:
            return {0, -1, w, 1, 0, 0, 0, 0, 1};  // rotated (x', y') = (y, w - x)
        default:
            return cv::Matx33d::eye();
    }
}

cv::Matx33d RotateMatrix(int degrees, cv::Size size) {
    return UnrotateMatrix(degrees, size).inv();
}

std::vector<cv::Point2f> OrderCorners(const std::vector<cv::Point>& quad) {
    std::vector<cv::Point2f> points(quad.begin(), quad.end());
    std::sort(points.begin(), points.end(),
              [](const cv::Point2f& a, const cv::Point2f& b) { return a.y < b.y; });
    if (points[0].x > points[1].x) std::swap(points[0], points[1]);
    if (points[2].x < points[3].x) std::swap(points[2], points[3]);
    return points;  // tl, tr, br, bl
}

// A photographed page is a bright convex quadrilateral clearly inside a darker surround.
std::optional<std::vector<cv::Point2f>> FindPageQuad(const cv::Mat& gray, double minAreaRatio) {
    const double scale = 800.0 / std::max(gray.cols, gray.rows);
    cv::Mat small;
    ResizeBy(gray, small, scale, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(5, 5), 0);
    cv::Mat edges;
    cv::Canny(small, edges, 50, 150);
    cv::dilate(edges, edges, cv::Mat(), cv::Point(-1, -1), 2);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(edges, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const double imageArea = static_cast<double>(small.cols) * small.rows;
    std::optional<std::vector<cv::Point2f>> best;
    double bestArea = 0;
    for (const auto& contour : contours) {
        std::vector<cv::Point> hull, quad;
        cv::convexHull(contour, hull);
        cv::approxPolyDP(hull, quad, 0.02 * cv::arcLength(hull, true), true);
        if (quad.size() != 4 || !cv::isContourConvex(quad)) continue;
        const double area = cv::contourArea(quad);
        // A quadrilateral that fills the frame is the scan itself, not a photographed page.
        if (area < minAreaRatio * imageArea || area > 0.97 * imageArea || area <= bestArea)
            continue;
        const cv::Rect box = cv::boundingRect(quad);
        cv::Mat inside(small.size(), CV_8U, cv::Scalar(0));
        cv::fillConvexPoly(inside, quad, cv::Scalar(255));
        const double meanInside = cv::mean(small, inside)[0];
        const double meanOutside = cv::mean(small, ~inside)[0];
        if (meanInside < meanOutside + 25 || box.width < 10 || box.height < 10) continue;
        auto ordered = OrderCorners(quad);
        for (auto& p : ordered) p *= 1.0 / scale;
        best = ordered;
        bestArea = area;
    }
    return best;
}

struct PixDeleter {
    void operator()(Pix* pix) const { pixDestroy(&pix); }
};

// Leptonica's skew search is fast and accurate (STACK.md section 4); returns degrees, positive
// for text rising to the right (counter-clockwise), nullopt when no reliable skew was found.
std::optional<double> MeasureSkew(const cv::Mat& gray) {
    const double scale = std::min(1.0, 1600.0 / std::max(gray.cols, gray.rows));
    cv::Mat small;
    ResizeBy(gray, small, scale, cv::INTER_AREA);
    std::unique_ptr<Pix, PixDeleter> pix(pixCreate(small.cols, small.rows, 8));
    for (int y = 0; y < small.rows; ++y) {
        l_uint32* line = pixGetData(pix.get()) + y * pixGetWpl(pix.get());
        const unsigned char* row = small.ptr<unsigned char>(y);
        for (int x = 0; x < small.cols; ++x) SET_DATA_BYTE(line, x, row[x]);
    }
    std::unique_ptr<Pix, PixDeleter> binary(pixConvertTo1(pix.get(), 130));
    if (!binary) return std::nullopt;
    l_float32 angle = 0, confidence = 0;
    if (pixFindSkew(binary.get(), &angle, &confidence) != 0 || confidence <= 0) return std::nullopt;
    // Leptonica's angle has the sense of OpenCV's positive (counter-clockwise) rotation.
    return static_cast<double>(angle);
}

double Percentile(const cv::Mat& gray, double fraction) {
    int histSize = 256;
    float range[] = {0, 256};
    const float* ranges = range;
    cv::Mat hist;
    cv::calcHist(&gray, 1, nullptr, cv::Mat(), hist, 1, &histSize, &ranges);
    const double target = fraction * gray.total();
    double sum = 0;
    for (int i = 0; i < 256; ++i) {
        sum += hist.at<float>(i);
        if (sum >= target) return i;
    }
    return 255;
}

// Laplacian variance is content-dependent: measure it only on tiles that hold content, and take
// the upper quartile so that a page with a photo and some text is judged by its text.
double TiledSharpness(const cv::Mat& small) {
    cv::Mat laplacian;
    cv::Laplacian(small, laplacian, CV_64F);
    std::vector<double> variances;
    const int tile = 64;
    for (int y = 0; y + tile <= small.rows; y += tile)
        for (int x = 0; x + tile <= small.cols; x += tile) {
            const cv::Rect r(x, y, tile, tile);
            cv::Scalar mean, stddev;
            cv::meanStdDev(small(r), mean, stddev);
            if (stddev[0] < 20) continue;
            cv::meanStdDev(laplacian(r), mean, stddev);
            variances.push_back(stddev[0] * stddev[0]);
        }
    if (variances.empty()) return 0.0;
    const size_t k = variances.size() * 3 / 4;
    std::nth_element(variances.begin(), variances.begin() + static_cast<long>(k), variances.end());
    return variances[k];
}

QualityCheck Check(const std::string& code, bool ok, double value, const std::string& expected) {
    return QualityCheck{code, ok, value, expected};
}

std::string Format(const char* prefix, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.4g", prefix, value);
    return buf;
}

}  // namespace

PageQuality MeasureQuality(const cv::Mat& image, double dpi, bool dpiEstimated,
                           const PrepareOptions& options) {
    PageQuality quality;
    quality.dpi = dpi;
    quality.dpiEstimated = dpiEstimated;
    const cv::Mat gray = ToGray(image);
    if (gray.empty()) {
        quality.ok = false;
        quality.checks.push_back(Check("cut_off", false, 0, "a non-empty page"));
        return quality;
    }
    cv::Mat small;
    const double scale = static_cast<double>(kQualityWidth) / gray.cols;
    ResizeBy(gray, small, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);

    cv::Scalar mean, stddev;
    cv::meanStdDev(small, mean, stddev);
    quality.brightness = mean[0];
    // Ink may cover well under 1% of a sparse certificate: take the darkest 0.3% as its tone.
    const double background = Percentile(small, 0.90), ink = Percentile(small, 0.003);
    quality.contrast = background - ink;
    quality.sharpness = TiledSharpness(small);

    quality.checks.push_back(Check("too_dark", quality.brightness >= options.minBrightness,
                                   quality.brightness, Format(">= ", options.minBrightness)));
    // A blank page has no content tiles: its sharpness cannot be judged, and is not a defect.
    // Faintness can be: a copy so pale that no tile holds content is the worst kind of faint.
    const bool hasContent = quality.sharpness > 0;
    quality.hasContent = hasContent;
    quality.checks.push_back(Check("faint", quality.contrast >= options.minContrast,
                                   quality.contrast, Format(">= ", options.minContrast)));
    quality.checks.push_back(Check("blurry",
                                   !hasContent || quality.sharpness >= options.minSharpness,
                                   quality.sharpness, Format(">= ", options.minSharpness)));
    quality.checks.push_back(
        Check("low_resolution", dpi >= options.minDpi, dpi,
              Format(">= ", options.minDpi) + (dpiEstimated ? " (estimated)" : "")));

    // Glare: large saturated blobs on a page whose paper is not itself white (photos, not scans).
    cv::Mat saturated = small >= 250;
    const double paper = Percentile(small, 0.6);
    double glare = 0;
    if (paper < 235) {
        cv::morphologyEx(saturated, saturated, cv::MORPH_OPEN,
                         cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
        glare =
            static_cast<double>(cv::countNonZero(saturated)) / static_cast<double>(small.total());
    }
    quality.checks.push_back(Check("glare", glare <= options.maxGlareRatio, glare,
                                   Format("<= ", options.maxGlareRatio)));

    // Cut off: dark content running into the page edges.
    const int strip = std::max(2, small.cols / 100);
    // Dark means ink-dark, well below the paper: scanner noise and paper grain are not content.
    cv::Mat dark = small < std::min(background - 60.0, (background + ink) / 2);
    double worstEdge = 0;
    const cv::Rect edges[] = {{0, 0, small.cols, strip},
                              {0, small.rows - strip, small.cols, strip},
                              {0, 0, strip, small.rows},
                              {small.cols - strip, 0, strip, small.rows}};
    for (const auto& edge : edges)
        worstEdge = std::max(worstEdge, static_cast<double>(cv::countNonZero(dark(edge))) /
                                            static_cast<double>(edge.area()));
    quality.checks.push_back(Check("cut_off", worstEdge <= options.maxEdgeInkRatio, worstEdge,
                                   Format("<= ", options.maxEdgeInkRatio)));

    for (const auto& check : quality.checks) quality.ok = quality.ok && check.ok;
    return quality;
}

namespace {

int LettersAndDigits(const std::string& text) {
    int count = 0;
    for (unsigned char ch : text)
        count += std::isalnum(ch) || ch >= 0xC0;  // a UTF-8 lead byte counts one letter
    return count;
}

bool TouchesBorder(const cv::Rect& box, cv::Size image) {
    const int margin = std::max(2, image.width / 400);
    return box.x <= margin || box.y <= margin || box.br().x >= image.width - margin ||
           box.br().y >= image.height - margin;
}

bool Failed(const PageQuality& quality, const std::string& code) {
    for (const auto& check : quality.checks)
        if (check.code == code && !check.ok) return true;
    return false;
}

}  // namespace

void JudgeContent(PageQuality& quality, const OcrText& ocr, cv::Size prepared,
                  const PrepareOptions& options) {
    quality.wordsRead = quality.confidentWords = quality.wordsAtBorder = 0;
    double confidenceSum = 0;
    for (const auto& block : ocr.blocks)
        for (const auto& line : block.lines)
            for (const auto& word : line.words) {
                if (LettersAndDigits(word.text) < 2) continue;
                ++quality.wordsRead;
                confidenceSum += word.confidence;
                quality.confidentWords += word.confidence >= 60.f;
                quality.wordsAtBorder += TouchesBorder(word.box, prepared);
            }
    quality.textConfidence = quality.wordsRead ? confidenceSum / quality.wordsRead : 0.0;

    const bool measureFailed = !quality.FailedCodes().empty();
    const bool legible =
        quality.confidentWords >= options.legibleMinConfidentWords &&
        quality.confidentWords >= options.legibleMinConfidentShare * quality.wordsRead;
    const bool cutText =
        Failed(quality, "cut_off") && quality.wordsAtBorder >= options.cutTextMinWords && !legible;
    // A back side shows at most a shadow of the other side's print: no words, and either no tile
    // with content or no contrast worth the name.
    const bool blank = quality.wordsRead < 3 && (!quality.hasContent || Failed(quality, "faint"));
    if (blank)
        quality.content = ContentVerdict::Blank;
    else if (cutText)
        quality.content = ContentVerdict::Poor;
    else if (legible || !measureFailed)
        quality.content = ContentVerdict::Legible;
    else if (quality.confidentWords < options.legibleMinConfidentWords / 2 && quality.hasContent &&
             !Failed(quality, "cut_off"))
        // Ink on the page, a measure that says why, and next to nothing read from it.
        quality.content = ContentVerdict::Poor;
    else
        quality.content = ContentVerdict::Doubtful;
    quality.ok = quality.content != ContentVerdict::Poor;
}

void ApplyPreparation(Page& page, PreparedPage prepared) {
    page.prepared = std::move(prepared.prepared);
    page.preparation = prepared.preparation;
    page.quality = std::move(prepared.quality);
    page.dpiEstimated = prepared.dpiEstimated;
    page.dpi = prepared.dpi;
}

LineDirection TextLineDirection(const cv::Mat& gray, double dpi) {
    // At 100 dpi body text is 10-25 px high and the gaps between its letters and words are
    // narrower than 7 px, so a 7-px closing along the lines turns every line into a bar, and
    // the same closing across them leaves blobs or a mesh, never long bars.
    constexpr double kWorkingDpi = 100.0;
    const double sourceDpi = dpi > 0 ? dpi : std::max(gray.cols, gray.rows) / kA4LongInches;
    const double scale = std::min(1.0, kWorkingDpi / sourceDpi);
    cv::Mat small;
    ResizeBy(gray, small, scale, cv::INTER_AREA);
    const double workingDpi = sourceDpi * scale;
    cv::Mat ink;
    // Local threshold: phone photos are lit unevenly.
    const int block = std::max(3, static_cast<int>(workingDpi / 4) | 1);
    cv::adaptiveThreshold(small, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, block,
                          20);
    const int closing = std::max(3, static_cast<int>(std::lround(0.07 * workingDpi)));
    const double minThickness = 0.06 * workingDpi, maxThickness = 0.5 * workingDpi;
    auto barLength = [&](bool across) {
        cv::Mat closed, labels, stats, centroids;
        cv::morphologyEx(ink, closed, cv::MORPH_CLOSE,
                         cv::getStructuringElement(
                             cv::MORPH_RECT, across ? cv::Size(closing, 1) : cv::Size(1, closing)));
        const int count = cv::connectedComponentsWithStats(closed, labels, stats, centroids, 8);
        double total = 0;
        for (int i = 1; i < count; ++i) {
            const int w = stats.at<int>(i, cv::CC_STAT_WIDTH);
            const int h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
            const double length = across ? w : h, thickness = across ? h : w;
            if (thickness >= minThickness && thickness <= maxThickness && length >= 5 * thickness)
                total += length;
        }
        return total / workingDpi;  // inches of bar
    };
    const double across = barLength(true), down = barLength(false);
    // A few lines of text at least, and one direction clearly dominant.
    constexpr double kMinInches = 8.0, kDominance = 4.0;
    if (across >= kMinInches && across >= kDominance * down) return LineDirection::Across;
    if (down >= kMinInches && down >= kDominance * across) return LineDirection::Down;
    return LineDirection::Unclear;
}

OcrText ReadUpright(Page& page, OcrEngine& engine, const PrepareOptions& options) {
    OcrText text = engine.Recognize(page.prepared, page.dpi);
    // OSD turning a page upside down is a guess from the shapes of letters, which figures and
    // capitals hardly tell (a table of part numbers came out 180 degrees, "Greek", confidence 7):
    // such a page is read the way it was scanned too, and the surer reading kept.
    const bool osdTurnedOver =
        page.preparation.orientationBy == "osd" && page.preparation.rotationDegrees == 180;
    if (!osdTurnedOver &&
        (text.meanConfidence >= options.retryTurnedBelowConfidence || text.blocks.empty()))
        return text;
    TurnHalfAround(page);
    OcrText turned = engine.Recognize(page.prepared, page.dpi);
    const bool turnedReadsBetter =
        osdTurnedOver
            ? turned.meanConfidence >= text.meanConfidence && !turned.blocks.empty()
            : turned.meanConfidence > text.meanConfidence + options.turnedMustReadBetterBy;
    if (turnedReadsBetter) {
        page.preparation.orientationBy = "reading";
        return turned;
    }
    TurnHalfAround(page);
    return text;
}

void TurnHalfAround(Page& page) {
    const cv::Size preparedSize = page.prepared.size();
    cv::Mat turned;
    cv::rotate(page.prepared, turned, cv::ROTATE_180);
    page.prepared = turned;
    Preparation& p = page.preparation;
    const cv::Size upright = (p.rotationDegrees % 180 == 0)
                                 ? page.original.size()
                                 : cv::Size(page.original.rows, page.original.cols);
    // new prepared -> old prepared -> old upright -> new upright (the old one turned around)
    p.preparedToUpright =
        RotateMatrix(180, upright) * p.preparedToUpright * UnrotateMatrix(180, preparedSize);
    p.rotationDegrees = (p.rotationDegrees + 180) % 360;
}

bool IsUniform(const cv::Mat& image) {
    if (image.empty()) return true;
    for (int channel = 0; channel < image.channels(); ++channel) {
        cv::Mat plane = image;
        if (image.channels() > 1) cv::extractChannel(image, plane, channel);
        double low = 0, high = 0;
        cv::minMaxIdx(plane, &low, &high);
        if (low != high) return false;
    }
    return true;
}

namespace {

/// The gray copy being prepared, with the way back to the original's pixels.
struct WorkingCopy {
    cv::Mat image;
    /// Matrix from `image` back to the original image.
    cv::Matx33d toOriginal = cv::Matx33d::eye();
    double dpi = 0;
    bool dpiEstimated = false;
    /// The resolution was estimated from the print's height: to be measured again if the page
    /// turns a quarter, when heights become widths.
    bool dpiFromText = false;
};

/// A phone photo's page: the page's quadrilateral found in `gray` is flattened into `work`.
/// True when one was found.
bool RectifyPhotographedPage(const cv::Mat& gray, double minPageAreaRatio, WorkingCopy& work) {
    const auto quad = FindPageQuad(gray, minPageAreaRatio);
    if (!quad) return false;
    const auto& q = *quad;
    const double top = cv::norm(q[1] - q[0]), bottom = cv::norm(q[2] - q[3]);
    const double left = cv::norm(q[3] - q[0]), right = cv::norm(q[2] - q[1]);
    const double width = std::max(top, bottom), height = std::max(left, right);
    cv::Size size(static_cast<int>(width), static_cast<int>(height));
    // Documents are overwhelmingly A4: snap a near-A4 quadrilateral to the exact ratio.
    const double aspect = std::max(width, height) / std::min(width, height);
    if (std::abs(aspect - kA4Aspect) < 0.12) {
        if (height >= width)
            size.width = static_cast<int>(height / kA4Aspect);
        else
            size.height = static_cast<int>(width / kA4Aspect);
    }
    std::vector<cv::Point2f> target = {
        {0, 0},
        {static_cast<float>(size.width - 1), 0},
        {static_cast<float>(size.width - 1), static_cast<float>(size.height - 1)},
        {0, static_cast<float>(size.height - 1)}};
    const cv::Mat transform = cv::getPerspectiveTransform(q, target);
    cv::warpPerspective(gray, work.image, transform, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Matx33d forward;
    transform.convertTo(cv::Mat(3, 3, CV_64F, forward.val), CV_64F);
    work.toOriginal = forward.inv();
    if (std::abs(aspect - kA4Aspect) < 0.12) {
        work.dpi = std::max(size.width, size.height) / kA4LongInches;
        work.dpiEstimated = true;
    }
    return true;
}

/// A page without a resolution: an A4 page's from its size, else one from the height of its
/// print, else the configured fallback.
void EstimateDpi(WorkingCopy& work, bool uniform, const PrepareOptions& options) {
    work.dpiEstimated = true;
    const double longSide = std::max(work.image.cols, work.image.rows);
    const double aspect = longSide / std::max(1, std::min(work.image.cols, work.image.rows));
    // Most documents are A4, and an A4 page's pixels across its known width are its resolution
    // whatever size its type is set in.
    if (std::abs(aspect - kA4Aspect) < 0.06) {
        work.dpi = longSide / kA4LongInches;
        return;
    }
    // Any other shape (US Letter, a cropped card, a receipt) says nothing of its size; its print
    // does, within the spread of body text sizes, where a fixed guess may be off by half.
    const auto fromText = options.dpiFromText && !uniform
                              ? EstimateDpiFromText(work.image, options.textResolution)
                              : std::nullopt;
    work.dpi = fromText.value_or(options.fallbackDpi);
    work.dpiFromText = fromText.has_value();
}

/// Turns the page upright: lines of text that run across prove it needs no turn (OSD is spared),
/// else OSD decides. A page upside down is left to ReadUpright.
void TurnUpright(WorkingCopy& work, OcrEngine& engine, const PrepareOptions& options,
                 Preparation& preparation) {
    const LineDirection lines = options.osdOnlyWhenLinesUnclear
                                    ? TextLineDirection(work.image, work.dpi)
                                    : LineDirection::Unclear;
    if (lines == LineDirection::Across) {
        preparation.orientationBy = "text_lines";
        return;
    }
    const auto guess = engine.DetectOrientation(work.image, work.dpi);
    if (!guess) return;
    preparation.orientationBy = "osd";
    const int degrees = guess->clockwiseCorrection;
    if (degrees != 0) {
        work.toOriginal = work.toOriginal * UnrotateMatrix(degrees, work.image.size());
        work.image = RotateClockwise(work.image, degrees);
    }
    if (work.dpiFromText && degrees % 180 != 0) {
        // Measured sideways, the "heights" were the letters' widths.
        if (const auto again = EstimateDpiFromText(work.image, options.textResolution))
            work.dpi = *again;
    }
    preparation.rotationDegrees = degrees;
    preparation.orientationConfidence = guess->confidence;
}

/// Measures the skew and removes it when it is within the limits a deskew is trusted for.
void Straighten(WorkingCopy& work, const PrepareOptions& options, Preparation& preparation) {
    const auto skew = MeasureSkew(work.image);
    if (!skew) return;
    preparation.skewDegrees = *skew;
    const double magnitude = std::abs(*skew);
    if (magnitude < options.minSkewDegrees || magnitude > options.maxSkewDegrees) return;
    const cv::Point2f centre(work.image.cols / 2.f, work.image.rows / 2.f);
    const cv::Mat rotation = cv::getRotationMatrix2D(centre, -*skew, 1.0);
    cv::Mat straight;
    cv::warpAffine(work.image, straight, rotation, work.image.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    cv::Matx33d forward = cv::Matx33d::eye();
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 3; ++c) forward(r, c) = rotation.at<double>(r, c);
    work.toOriginal = work.toOriginal * forward.inv();
    work.image = straight;
    preparation.deskewed = true;
}

}  // namespace

PreparedPage PreparePage(const Page& page, OcrEngine* engine, const PrepareOptions& options) {
    PreparedPage result;
    const cv::Mat gray = ToGray(page.original);
    WorkingCopy work{gray, cv::Matx33d::eye(), page.dpi, page.dpiEstimated || page.dpi <= 0};
    // Nothing to straighten or turn on a page of one colour (a blank render, a bomb of zeros).
    const bool uniform = IsUniform(gray);
    if (options.dewarp && !uniform)
        result.preparation.dewarped = RectifyPhotographedPage(gray, options.minPageAreaRatio, work);
    if (work.dpi <= 0) EstimateDpi(work, uniform, options);
    if (options.detectOrientation && engine && !uniform)
        TurnUpright(work, *engine, options, result.preparation);
    if (!uniform) Straighten(work, options, result.preparation);

    // The case file shows the original turned upright (lossless), so the text layer needs
    // prepared -> upright-original coordinates.
    result.preparation.preparedToUpright =
        RotateMatrix(result.preparation.rotationDegrees, gray.size()) * work.toOriginal;
    result.prepared = work.image;
    result.dpi = work.dpi;
    result.dpiEstimated = work.dpiEstimated;
    result.quality = MeasureQuality(work.image, work.dpi, work.dpiEstimated, options);
    return result;
}

}  // namespace dossier
