// The 35 x 45 mm photo check: geometry from the face box and eyes, statistics from pixels.
#include "photo/PhotoCheck.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <opencv2/imgproc.hpp>
#include <variant>

#include "core/Error.h"
#include "core/Yaml.h"
#include "photo/HeadOutline.h"

namespace dossier {
namespace {

std::string Num(double value, int precision = 3) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    return buffer;
}

std::string RangeText(const PhotoRange& range, int precision = 3) {
    if (range.max >= 1e11) return ">= " + Num(range.min, precision);
    if (range.min <= 0.0) return "<= " + Num(range.max, precision);
    return Num(range.min, precision) + "-" + Num(range.max, precision);
}

std::optional<bool> Judge(double value, const PhotoRange& range) {
    if (value >= range.min && value <= range.max) return true;
    if (value >= range.min - range.review && value <= range.max + range.review) return std::nullopt;
    return false;
}

/// false if any is false, else nullopt if any is unknown, else true.
std::optional<bool> All(std::initializer_list<std::optional<bool>> verdicts) {
    bool unknown = false;
    for (const auto& v : verdicts) {
        if (v.has_value() && !*v) return false;
        if (!v.has_value()) unknown = true;
    }
    if (unknown) return std::nullopt;
    return true;
}

PhotoMeasure Measure(std::string code, std::optional<bool> ok, double value, std::string expected,
                     std::string note = {}) {
    return PhotoMeasure{std::move(code), ok, value, std::move(expected), std::move(note)};
}

void SetVerdict(PhotoCheck& check) {
    bool failed = false, unknown = false;
    for (const auto& m : check.checks) {
        if (m.ok.has_value() && !*m.ok) failed = true;
        if (!m.ok.has_value() && !m.advisory) unknown = true;
    }
    check.compliant = !failed && !unknown;
    check.needsReview = !failed && unknown;
}

cv::Mat ToGray(const cv::Mat& image) {
    if (image.channels() == 1) return image;
    cv::Mat gray;
    cv::cvtColor(image, gray, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    return gray;
}

cv::Mat ToBgr(const cv::Mat& image) {
    if (image.channels() == 3) return image;
    cv::Mat bgr;
    cv::cvtColor(image, bgr, image.channels() == 4 ? cv::COLOR_BGRA2BGR : cv::COLOR_GRAY2BGR);
    return bgr;
}

// OpenCV's area averaging at a fractional scale weighs every source pixel one by one; at an
// integer factor it is a fast box filter. The integer part goes first; the rest, a reduction by
// less than half on a copy the box filter has already smoothed, is interpolated (the search copy
// of an A4 page at 300 dpi: 27 -> 9 ms).
cv::Mat Resized(const cv::Mat& image, double scale) {
    if (std::abs(scale - 1.0) < 1e-6) return image;
    cv::Mat out;
    if (scale > 1) {
        cv::resize(image, out, cv::Size(), scale, scale, cv::INTER_LINEAR);
        return out;
    }
    const cv::Size target(std::max(1, cvRound(image.cols * scale)),
                          std::max(1, cvRound(image.rows * scale)));
    const int factor = std::min(image.cols / target.width, image.rows / target.height);
    cv::Mat source = image;
    if (factor >= 2) {
        const cv::Size reduced(image.cols / factor, image.rows / factor);
        // The last factor - 1 columns and rows at most are left out, so that the factor is exact.
        cv::resize(image(cv::Rect(0, 0, reduced.width * factor, reduced.height * factor)), source,
                   reduced, 0, 0, cv::INTER_AREA);
    }
    if (source.size() == target) return source;
    cv::resize(source, out, target, 0, 0, factor >= 2 ? cv::INTER_LINEAR : cv::INTER_AREA);
    return out;
}

double Percentile(const cv::Mat& gray, double fraction) {
    int histSize = 256;
    float range[] = {0, 256};
    const float* ranges[] = {range};
    cv::Mat hist;
    cv::calcHist(&gray, 1, nullptr, cv::Mat(), hist, 1, &histSize, ranges);
    const double target = fraction * gray.total();
    double sum = 0;
    for (int i = 0; i < 256; ++i) {
        sum += hist.at<float>(i);
        if (sum >= target) return i;
    }
    return 255;
}

// Chin to crown over the photo height, judged only on what was measured. When an end could not be
// measured, the face box bounds it from one side (no crown is closer to the face than crownMin, no
// chin than chinMin): a head too large even so fails; anything else goes to a reviewer, with the
// face box's estimate shown for orientation.
PhotoMeasure HeadHeightMeasure(const HeadOutline& head, const cv::Rect& box, double photoHeight,
                               const PhotoOptions& options) {
    const PhotoRange& range = options.headHeightRatio;
    const std::string expected = RangeText(range, 2);
    auto edge = [&](const char* name, const HeadEdge& e) {
        return std::string(name) + (e.row ? " at " + Num(*e.row / photoHeight, 2) : "") + ": " +
               e.method;
    };
    std::string how = edge("crown", head.crown) + "; " + edge("chin", head.chin);
    if (head.crown.row && head.chin.row && !head.crownAtTop) {
        const double ratio = (*head.chin.row - *head.crown.row) / photoHeight;
        return Measure("head_height_ratio", Judge(ratio, range), ratio, expected, how);
    }
    const double crownBound =
        head.crown.row.value_or(box.y - options.outline.crownMin * box.height);
    const double chinBound = head.chin.row.value_or(box.y + options.outline.chinMin * box.height);
    const double atLeast = (chinBound - crownBound) / photoHeight;
    if (head.crownAtTop) how += "; top of the head cut off";
    if (atLeast > range.max + range.review)
        return Measure("head_height_ratio", false, atLeast, expected,
                       how + "; at least " + Num(atLeast, 2));
    const double estimate = (head.chin.row.value_or(box.y + options.chinFactor * box.height) -
                             head.crown.row.value_or(box.y - options.crownFactor * box.height)) /
                            photoHeight;
    return Measure("head_height_ratio", std::nullopt, estimate, expected,
                   how + "; not measured, " + Num(estimate, 2) + " estimated from the face box");
}

PhotoMeasure BackgroundMeasures(const cv::Mat& gray, const std::optional<cv::Rect>& face,
                                double crown, const PhotoOptions& options, PhotoMeasure& light) {
    const int w = gray.cols, h = gray.rows;
    cv::Mat mask(gray.size(), CV_8U, cv::Scalar(0));
    if (face) {
        // Beside and above the head, down to the nose: below that, shoulders and clothes begin.
        const int bottom = std::min(h, int(face->y + 0.6 * face->height));
        cv::rectangle(mask, cv::Rect(0, 0, w, bottom), 255, cv::FILLED);
        const double cx = face->x + face->width / 2.0;
        const int left = int(cx - 0.85 * face->width), right = int(cx + 0.85 * face->width);
        const int top = std::max(0, int(std::min<double>(crown, face->y) - 0.04 * h));
        cv::rectangle(mask, cv::Rect(cv::Point(left, top), cv::Point(right, h)), 0, cv::FILLED);
    } else {
        cv::rectangle(mask, cv::Rect(0, 0, w, h / 10), 255, cv::FILLED);
        cv::rectangle(mask, cv::Rect(0, 0, w / 7, h * 2 / 5), 255, cv::FILLED);
        cv::rectangle(mask, cv::Rect(w - w / 7, 0, w / 7, h * 2 / 5), 255, cv::FILLED);
    }
    // A few pixels at the edges are often a scanner's or a cutter's border.
    cv::rectangle(mask, cv::Rect(0, 0, w, h), 0, 3);
    const int count = cv::countNonZero(mask);
    if (count < 0.02 * w * h) {
        light = Measure("background_light", std::nullopt, 0, RangeText(options.backgroundLuma),
                        "too little background visible to measure");
        return Measure("background", std::nullopt, 0, RangeText(options.backgroundSpread),
                       "too little background visible to measure");
    }
    cv::Scalar mean, spread;
    cv::meanStdDev(gray, mean, spread, mask);
    const double luma = mean[0];
    cv::Mat blurred, edges;
    cv::GaussianBlur(gray, blurred, cv::Size(5, 5), 0);
    cv::Canny(blurred, edges, 40, 120);
    edges &= mask;
    const double edgeFraction = double(cv::countNonZero(edges)) / count;
    light = Measure("background_light", Judge(luma, options.backgroundLuma), luma,
                    RangeText(options.backgroundLuma), "mean luminance 0-255 beside the head");
    return Measure("background",
                   All({Judge(spread[0], options.backgroundSpread),
                        Judge(edgeFraction, options.backgroundEdges)}),
                   spread[0],
                   "spread " + RangeText(options.backgroundSpread) + ", edges " +
                       RangeText(options.backgroundEdges),
                   "luminance spread beside the head; edge pixels " + Num(edgeFraction, 2));
}

double LaplacianVariance(const cv::Mat& gray) {
    cv::Mat lap;
    cv::Laplacian(gray, lap, CV_64F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(lap, mean, stddev);
    return stddev[0] * stddev[0];
}

// Eye roll and eye line, from the eyes when both were found, else estimated from the face box.
void AddEyeMeasures(PhotoCheck& result, const FoundFace& face, double H,
                    const PhotoOptions& options) {
    if (!face.leftEye || !face.rightEye) {
        const cv::Rect& box = face.box;
        result.checks.push_back(Measure("eyes_level", std::nullopt, 0,
                                        RangeText(options.eyeRollDegrees, 2), "eyes not found"));
        const double estimate = (H - (box.y + 0.37 * box.height)) / H;
        result.checks.push_back(Measure("eye_height", std::nullopt, estimate,
                                        RangeText(options.eyeHeight, 2),
                                        "eyes not found; estimated from the face box"));
        result.checks.back().advisory = options.eyeHeight.advisory;
        return;
    }
    const cv::Point2d d = *face.rightEye - *face.leftEye;
    const double roll = std::atan2(d.y, d.x) * 180.0 / CV_PI;
    result.checks.push_back(Measure("eyes_level", Judge(std::abs(roll), options.eyeRollDegrees),
                                    std::abs(roll), RangeText(options.eyeRollDegrees, 2),
                                    "degrees of roll"));
    const double eyeHeight = (H - (face.leftEye->y + face.rightEye->y) / 2) / H;
    const std::optional<bool> eyeLineOk = Judge(eyeHeight, options.eyeHeight);
    std::string eyeLineNote = "eye line above the bottom edge";
    if (!eyeLineOk && options.eyeHeight.advisory)
        eyeLineNote +=
            "; just outside the recommended range: for the reviewer's eye, the "
            "head's height and position decide";
    result.checks.push_back(
        Measure("eye_height", eyeLineOk, eyeHeight, RangeText(options.eyeHeight, 2), eyeLineNote));
    result.checks.back().advisory = options.eyeHeight.advisory;
}

// The head's geometry on the working copy (`bgr`, `scale` times the image): its height, where it
// sits, the eyes. Returns the crown's row (measured, or estimated from the face box) for the
// background measures.
double AddHeadGeometry(PhotoCheck& result, const FoundFace& face, const cv::Mat& bgr, double scale,
                       const PhotoOptions& options) {
    const double W = bgr.cols, H = bgr.rows;
    const cv::Rect& box = face.box;
    result.faceX = int(box.x / scale), result.faceY = int(box.y / scale);
    result.faceWidth = int(box.width / scale), result.faceHeight = int(box.height / scale);
    const bool eyes = face.leftEye && face.rightEye;
    const double cx = eyes ? (face.leftEye->x + face.rightEye->x) / 2 : box.x + box.width / 2.0;
    const HeadOutline head = MeasureHeadOutline(
        bgr, box, eyes ? std::optional<double>(cx) : std::nullopt, options.outline);
    result.checks.push_back(HeadHeightMeasure(head, box, H, options));
    const double crown = head.crown.row.value_or(box.y - options.crownFactor * box.height);
    if (head.crown.row) result.crownY = *head.crown.row / scale;
    if (head.chin.row) result.chinY = *head.chin.row / scale;

    const double offset = std::abs(cx - W / 2) / W;
    result.checks.push_back(Measure("face_centered", Judge(offset, options.faceOffset), offset,
                                    RangeText(options.faceOffset, 2),
                                    eyes ? "from the eyes' midpoint" : "from the face box"));
    AddEyeMeasures(result, face, H, options);
    return crown;
}

// The face's exposure and sharpness. A burnt-out or black face gives the cascade too little to
// place its box well: the head's geometry is then an estimate, not a finding.
void AddFaceExposure(PhotoCheck& result, const FoundFace& face, const cv::Mat& image,
                     const cv::Mat& gray, double scale, const PhotoOptions& options) {
    const double highlight = Percentile(gray, 0.98);
    const cv::Rect& box = face.box;
    const cv::Rect inner(box.x + box.width / 5, box.y + box.height / 5, box.width * 3 / 5,
                         box.height * 3 / 5);
    const cv::Mat skin = gray(inner & cv::Rect(0, 0, gray.cols, gray.rows));
    const double faceLuma = cv::mean(skin)[0];
    const double clipped = double(cv::countNonZero(skin >= 250)) / skin.total();
    if (Judge(faceLuma, options.faceLuma) == false || Judge(clipped, options.faceClipped) == false)
        for (auto& m : result.checks)
            if (m.code == "head_height_ratio" || m.code == "face_centered" ||
                m.code == "eyes_level" || m.code == "eye_height") {
                if (m.ok == false) m.ok = std::nullopt;
                m.note += "; unreliable: face badly exposed";
            }
    result.checks.push_back(Measure(
        "exposure",
        All({Judge(faceLuma, options.faceLuma), Judge(clipped, options.faceClipped),
             Judge(highlight, options.highlightLuma)}),
        faceLuma,
        "face " + RangeText(options.faceLuma) + ", clipped " + RangeText(options.faceClipped) +
            ", brightest 2% " + RangeText(options.highlightLuma),
        "face mean luminance; clipped " + Num(clipped, 2) + ", brightest 2% " + Num(highlight)));

    // Sharpness at a fixed face size, so that it does not depend on the scan's resolution.
    cv::Rect fullBox(int(box.x / scale), int(box.y / scale), int(box.width / scale),
                     int(box.height / scale));
    fullBox &= cv::Rect(0, 0, image.cols, image.rows);
    cv::Mat faceFull;
    cv::resize(ToGray(image(fullBox)), faceFull, cv::Size(128, 128), 0, 0,
               fullBox.width > 128 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const double sharpness = LaplacianVariance(faceFull);
    result.checks.push_back(Measure("sharpness", Judge(sharpness, options.sharpness), sharpness,
                                    RangeText(options.sharpness),
                                    "variance of the Laplacian, face at 128 px"));
}

// Pixels, shape and, when the resolution can be trusted, the printed size.
void AddSizeMeasures(PhotoCheck& result, const cv::Mat& image, double dpi, bool dpiTrusted,
                     const PhotoOptions& options) {
    result.checks.push_back(Measure("resolution", Judge(image.rows, options.heightPx), image.rows,
                                    RangeText(options.heightPx), "photo height in pixels"));
    const double aspect = double(image.cols) / image.rows;
    const double wanted = options.widthMm / options.heightMm;
    const double deviation = std::abs(aspect / wanted - 1.0);
    result.checks.push_back(Measure(
        "aspect_ratio", Judge(deviation, options.aspectDeviation), aspect,
        Num(wanted) + " +/- " + Num(options.aspectDeviation.max * 100) + "%", "width / height"));
    const std::string sizeExpected = Num(options.widthMm) + " x " + Num(options.heightMm) +
                                     " mm +/- " + Num(options.sizeToleranceMm);
    if (!(dpiTrusted && dpi >= options.minTrustedDpi)) {
        result.checks.push_back(Measure("size_mm", std::nullopt, 0, sizeExpected,
                                        "no trustworthy resolution: size unknown"));
        return;
    }
    result.widthMm = image.cols * 25.4 / dpi;
    result.heightMm = image.rows * 25.4 / dpi;
    const bool fits = std::abs(*result.widthMm - options.widthMm) <= options.sizeToleranceMm &&
                      std::abs(*result.heightMm - options.heightMm) <= options.sizeToleranceMm;
    result.checks.push_back(Measure("size_mm", fits, *result.heightMm, sizeExpected,
                                    "measured " + Num(*result.widthMm) + " x " +
                                        Num(*result.heightMm) + " mm at " + Num(dpi) + " dpi"));
}

// The faces of people on the working copy: the cascade's faces less its false alarms on clutter
// (much smaller than the largest face).
std::vector<FoundFace> PeopleIn(const cv::Mat& gray, const PhotoOptions& options,
                                FaceCascades& cascades) {
    auto faces = FindFaces(gray, options.faces, cascades);
    if (!faces.empty()) {
        const double largest = faces.front().box.height;
        std::erase_if(faces, [&](const FoundFace& f) {
            return f.box.height < options.minFaceRelative * largest;
        });
    }
    return faces;
}

}  // namespace

PhotoCheck CheckPhoto(const cv::Mat& image, double dpi, bool dpiTrusted,
                      const PhotoOptions& options, FaceCascades& cascades) {
    if (image.empty() || image.depth() != CV_8U)
        throw Error(ErrorCode::Internal, "CheckPhoto needs a non-empty 8-bit image");
    PhotoCheck result;
    result.found = true;
    result.width = image.cols;
    result.height = image.rows;

    // Reduced first and converted after: a phone's 12-megapixel photo is converted at 448 px high,
    // and only the face is taken at full resolution, for sharpness.
    const double scale = double(options.workHeight) / image.rows;
    const cv::Mat small = Resized(image, scale);
    const cv::Mat gray = ToGray(small);
    const cv::Mat bgr = ToBgr(small);

    const auto faces = PeopleIn(gray, options, cascades);
    const int faceCount = int(faces.size());
    result.checks.push_back(Measure("face_count", faceCount == 1, faceCount, "1"));
    const FoundFace* face = faceCount == 1 ? &faces.front() : nullptr;
    const std::string noFace = faceCount == 0 ? "no face found" : "more than one face";

    double crown = 0;
    if (face)
        crown = AddHeadGeometry(result, *face, bgr, scale, options);
    else
        for (const auto& [code, range] : {std::pair{"head_height_ratio", options.headHeightRatio},
                                          {"face_centered", options.faceOffset},
                                          {"eyes_level", options.eyeRollDegrees},
                                          {"eye_height", options.eyeHeight}})
            result.checks.push_back(Measure(code, std::nullopt, 0, RangeText(range, 2), noFace));

    PhotoMeasure light;
    std::optional<cv::Rect> faceBox;
    if (face) faceBox = face->box;
    PhotoMeasure plain = BackgroundMeasures(gray, faceBox, crown, options, light);
    result.checks.push_back(plain);
    result.checks.push_back(light);

    if (face) {
        AddFaceExposure(result, *face, image, gray, scale, options);
    } else {
        const double meanLuma = cv::mean(gray)[0];
        result.checks.push_back(Measure("exposure", std::nullopt, meanLuma,
                                        "face " + RangeText(options.faceLuma),
                                        noFace + "; mean luminance of the whole photo"));
        result.checks.push_back(
            Measure("sharpness", std::nullopt, 0, RangeText(options.sharpness), noFace));
    }
    AddSizeMeasures(result, image, dpi, dpiTrusted, options);
    SetVerdict(result);
    return result;
}

PhotoCheck CheckPhoto(const cv::Mat& image, double dpi, bool dpiTrusted,
                      const PhotoOptions& options) {
    FaceCascades cascades;
    return CheckPhoto(image, dpi, dpiTrusted, options, cascades);
}

namespace {

// Where a straight edge runs along the photo's side: the first position, going outwards from
// `from` to `to`, where at least `minFraction` of the profile is strong gradient.
std::optional<int> FirstLine(const cv::Mat& profile, int from, int to, double minFraction) {
    const int n = int(profile.total()), step = to >= from ? 1 : -1;
    auto at = [&](int i) { return profile.at<float>(i); };
    for (int i = from; i != to + step; i += step) {
        if (i < 0 || i >= n) break;
        if (at(i) < minFraction) continue;
        // The edge is a few pixels thick (blur, dilation): take the middle of its strongest part.
        int end = i;
        float peak = at(i);
        while (end + step >= 0 && end + step < n && std::abs(end + step - i) < 3 &&
               at(end + step) >= minFraction) {
            end += step;
            peak = std::max(peak, at(end));
        }
        double sum = 0;
        int count = 0;
        for (int j = i; j != end + step; j += step)
            if (at(j) >= 0.9f * peak) sum += j, ++count;
        return cvRound(sum / count);
    }
    return std::nullopt;
}

// Per position across `span` of an edge map (rows when `alongRows`), the fraction of `span` that
// is edge: the larger of the rising and the falling edges, so that texture (hair, cloth), whose
// gradients change sign all the time, does not add up to a line.
cv::Mat EdgeProfile(const cv::Mat& rising, const cv::Mat& falling, const cv::Rect& span,
                    bool alongRows) {
    cv::Mat up, down;
    const int dim = alongRows ? 1 : 0;
    cv::reduce(rising(span), up, dim, cv::REDUCE_AVG, CV_32F);
    cv::reduce(falling(span), down, dim, cv::REDUCE_AVG, CV_32F);
    cv::Mat profile = cv::max(up, down) / 255.0;
    return profile;
}

// The photo around a face found on a page: its four sides are the nearest straight edges outside
// the face that run along the whole side. A side with no edge up to the image border is the
// border (the image is the photo, or the photo is cut there).
std::optional<cv::Rect> PhotoAroundFace(const cv::Mat& gray, const cv::Rect& face) {
    const cv::Rect imageRect(0, 0, gray.cols, gray.rows);
    const int w = face.width, h = face.height;
    const cv::Rect window = cv::Rect(cv::Point(face.x - 3 * w, face.y - 3 * h),
                                     cv::Point(face.br().x + 3 * w, face.y + 5 * h)) &
                            imageRect;
    // Measured where the face box is 100 px tall: enough for 0.2 mm on a 35 x 45 photo.
    const double s = 100.0 / h;
    const cv::Mat local = Resized(gray(window), s);
    cv::Mat gx, gy;
    cv::Sobel(local, gx, CV_32F, 1, 0);
    cv::Sobel(local, gy, CV_32F, 0, 1);
    // A photo's edge on paper is a step of 10 grey levels or more (Sobel 3x3 gives 4x the step).
    cv::Mat right = gx > 40, left = gx<-40, down = gy> 40, up = gy < -40;
    // A photo glued a little askew: let the edge wander by a pixel.
    for (cv::Mat* m : {&right, &left}) cv::dilate(*m, *m, cv::Mat::ones(1, 3, CV_8U));
    for (cv::Mat* m : {&down, &up}) cv::dilate(*m, *m, cv::Mat::ones(3, 1, CV_8U));
    const cv::Rect localRect(0, 0, local.cols, local.rows);
    const cv::Rect f = cv::Rect(cvRound((face.x - window.x) * s), cvRound((face.y - window.y) * s),
                                cvRound(w * s), cvRound(h * s)) &
                       localRect;
    const double minFraction = 0.6;
    auto side = [&](const cv::Mat& profile, int from, int to,
                    bool atImageBorder) -> std::optional<int> {
        if (auto line = FirstLine(profile, from, to, minFraction)) return line;
        if (atImageBorder) return to;
        return std::nullopt;
    };

    // Left and right along the face's rows; then top and bottom along the photo's whole width,
    // where the hair's curve covers too little to count as a line.
    const cv::Rect faceRows = cv::Rect(0, f.y, local.cols, f.height) & localRect;
    const cv::Mat columns = EdgeProfile(right, left, faceRows, false);
    const auto x0 = side(columns, f.x - f.width / 20, 0, window.x == 0);
    const auto x1 =
        side(columns, f.br().x + f.width / 20, local.cols - 1, window.br().x == gray.cols);
    if (!x0 || !x1 || *x1 - *x0 < f.width) return std::nullopt;
    const cv::Rect photoColumns = cv::Rect(*x0 + 2, 0, *x1 - *x0 - 3, local.rows) & localRect;
    const cv::Mat rows = EdgeProfile(down, up, photoColumns, true);
    // Upwards from above the hairline: a fringe across the forehead can be as straight as an edge.
    const auto y0 = side(rows, f.y - f.height * 3 / 10, 0, window.y == 0);
    const auto y1 = side(rows, f.br().y, local.rows - 1, window.br().y == gray.rows);
    if (!y0 || !y1) return std::nullopt;
    // The sides found along the face's rows must also run the photo's whole height.
    const cv::Rect photoRows = cv::Rect(0, *y0 + 2, local.cols, *y1 - *y0 - 3) & localRect;
    const cv::Mat full = EdgeProfile(right, left, photoRows, false);
    for (const auto& [x, border] : {std::pair{*x0, *x0 == 0 && window.x == 0},
                                    {*x1, *x1 == local.cols - 1 && window.br().x == gray.cols}})
        if (!border && full.at<float>(x) < minFraction) return std::nullopt;

    // An edge found at local pixel i lies at its centre, i + 0.5; the image border at its edge.
    auto edge = [&](int i, int origin, bool border, bool farSide) {
        return cvRound(origin + (i + (border ? (farSide ? 1.0 : 0.0) : 0.5)) / s);
    };
    const cv::Rect found(
        cv::Point(edge(*x0, window.x, *x0 == 0, false), edge(*y0, window.y, *y0 == 0, false)),
        cv::Point(edge(*x1, window.x, *x1 == local.cols - 1, true),
                  edge(*y1, window.y, *y1 == local.rows - 1, true)));
    const cv::Rect photo = found & imageRect;
    const double aspect = double(photo.width) / std::max(1, photo.height);
    if (aspect < 0.5 || aspect > 1.2 || photo.height < 1.2 * h) return std::nullopt;
    return photo;
}

// Is `check` a better pick than `best` among several photos of one sheet?
bool Better(const PhotoCheck& check, const PhotoCheck& best) {
    auto rank = [](const PhotoCheck& c) {
        int failed = 0;
        for (const auto& m : c.checks) failed += m.ok.has_value() && !*m.ok;
        return std::make_tuple(c.compliant, c.needsReview, -failed, c.width * c.height);
    };
    return rank(check) > rank(best);
}

// Where on a page a photo can be: a photo is continuous tone, most of it darker than the paper,
// where printed text and form lines leave most of the paper bare. Cells of `cell` pixels (the
// smallest face searched) with most pixels below the paper's level are grouped, and each group's
// box, grown by `margin` cells for a light backdrop around the head, is a region to search. Most
// of a text page is left out, which is most of the time a page search takes.
std::vector<cv::Rect> ToneRegions(const cv::Mat& gray, int cell, int margin) {
    const cv::Rect imageRect(0, 0, gray.cols, gray.rows);
    const double paper = Percentile(gray, 0.9);
    const cv::Mat dark = gray < std::max(0.0, paper - 20);
    cv::Mat fraction;
    const cv::Size grid(std::max(1, gray.cols / cell), std::max(1, gray.rows / cell));
    cv::resize(dark, fraction, grid, 0, 0, cv::INTER_AREA);
    cv::Mat toned = fraction > 127;
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(toned, labels, stats, centroids, 8);
    const double cellX = double(gray.cols) / grid.width, cellY = double(gray.rows) / grid.height;
    std::vector<cv::Rect> regions;
    for (int i = 1; i < count; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT) - margin,
                  y = stats.at<int>(i, cv::CC_STAT_TOP) - margin;
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH) + 2 * margin,
                  h = stats.at<int>(i, cv::CC_STAT_HEIGHT) + 2 * margin;
        const cv::Rect region =
            cv::Rect(cvFloor(x * cellX), cvFloor(y * cellY), cvCeil(w * cellX), cvCeil(h * cellY)) &
            imageRect;
        // Both sides must hold a face of at least `cell` with the cascade's context around it.
        if (region.width >= 2 * cell && region.height >= 2 * cell) regions.push_back(region);
    }
    // Overlapping regions are searched once, as their union.
    for (bool merged = true; merged;) {
        merged = false;
        for (size_t i = 0; i < regions.size() && !merged; ++i)
            for (size_t j = i + 1; j < regions.size() && !merged; ++j)
                if ((regions[i] & regions[j]).area() > 0) {
                    regions[i] |= regions[j];
                    regions.erase(regions.begin() + static_cast<std::ptrdiff_t>(j));
                    merged = true;
                }
    }
    return regions;
}

// Faces of at least `minFacePx` in `regions` of `gray` (all of it when empty), searched on a copy
// scaled to `scale` (of which `small` is given when it exists); boxes in `gray`'s pixels, largest
// first.
std::vector<cv::Rect> FacesIn(const cv::Mat& gray, double scale, const cv::Mat& small,
                              const std::vector<cv::Rect>& regions, double minFacePx,
                              const FaceFinderOptions& faces, FaceCascades& cascades) {
    const cv::Mat searched = small.empty() ? Resized(gray, scale) : small;
    const cv::Rect searchedRect(0, 0, searched.cols, searched.rows);
    std::vector<cv::Rect> areas = regions;
    if (areas.empty()) areas.push_back(searchedRect);
    FaceFinderOptions quick = faces;
    quick.eyeCascade.clear();
    std::vector<cv::Rect> found;
    for (const cv::Rect& area : areas) {
        const cv::Rect r = area & searchedRect;
        const int shortSide = std::min(r.width, r.height);
        if (shortSide < 20 || minFacePx * scale > shortSide) continue;
        quick.minFaceFraction = std::clamp(minFacePx * scale / shortSide, 0.01, 1.0);
        for (const auto& face : FindFaces(searched(r), quick, cascades))
            found.emplace_back(cvRound((face.box.x + r.x) / scale),
                               cvRound((face.box.y + r.y) / scale), cvRound(face.box.width / scale),
                               cvRound(face.box.height / scale));
    }
    std::sort(found.begin(), found.end(),
              [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
    return found;
}

// The photos around `faces` (at most four), each rectangle once. Their edges are found where a
// face is 100 px tall: on `copy` (`gray` reduced by `scale`) when it shows every face that large,
// which spares a 12-megapixel photo the reduction of most of its pixels.
std::vector<cv::Rect> PhotosAround(const cv::Mat& gray, const cv::Mat& copy, double scale,
                                   std::vector<cv::Rect> faces) {
    if (faces.size() > 6) faces.resize(6);
    int smallest = INT_MAX;
    for (const auto& face : faces) smallest = std::min(smallest, face.height);
    const bool onCopy = scale < 1 && smallest * scale >= 100;
    auto scaled = [](const cv::Rect& r, double by) {
        return cv::Rect(cv::Point(cvRound(r.x * by), cvRound(r.y * by)),
                        cv::Point(cvRound(r.br().x * by), cvRound(r.br().y * by)));
    };
    std::vector<cv::Rect> photos;
    for (const auto& face : faces) {
        auto photo = onCopy ? PhotoAroundFace(
                                  copy, scaled(face, scale) & cv::Rect(0, 0, copy.cols, copy.rows))
                            : PhotoAroundFace(gray, face);
        if (!photo) continue;
        if (onCopy) photo = scaled(*photo, 1 / scale) & cv::Rect(0, 0, gray.cols, gray.rows);
        // Two people in one photo give the same rectangle twice.
        const bool seen = std::any_of(photos.begin(), photos.end(), [&](const cv::Rect& p) {
            return (p & *photo).area() > 0.8 * std::min(p.area(), photo->area());
        });
        if (!seen) photos.push_back(*photo);
    }
    if (photos.size() > 4) photos.resize(4);
    return photos;
}

}  // namespace

std::optional<PhotoCheck> FindPhoto(const cv::Mat& pageImage, double dpi, bool dpiTrusted,
                                    const PhotoOptions& options) {
    FaceCascades cascades;
    return FindPhoto(pageImage, dpi, dpiTrusted, options, cascades);
}

std::optional<PhotoCheck> FindPhoto(const cv::Mat& pageImage, double dpi, bool dpiTrusted,
                                    const PhotoOptions& options, FaceCascades& cascades) {
    if (pageImage.empty() || pageImage.depth() != CV_8U)
        throw Error(ErrorCode::Internal, "FindPhoto needs a non-empty 8-bit image");
    const cv::Mat gray = ToGray(pageImage);
    const bool trusted = dpiTrusted && dpi >= options.minTrustedDpi;
    const int shortSide = std::min(gray.cols, gray.rows);
    // The search copies are as small as lets the smallest face searched keep ~32 px.
    constexpr double kSearchFacePx = 32;

    // The page is searched for faces down to 8 mm on paper (a head far too small in a 35 x 45
    // photo), or 4% of the image when its resolution says nothing.
    const double minFacePx = trusted ? 8.0 / 25.4 * dpi : 0.04 * shortSide;
    const double pageScale =
        std::min({1.0, double(options.pageWorkSide) / std::max(gray.cols, gray.rows),
                  kSearchFacePx / std::max(1.0, minFacePx)});
    const cv::Mat pageCopy = Resized(gray, pageScale);

    // First the image as the photo itself, or mostly: faces as large as CheckPhoto looks for, on a
    // smaller copy. Photo files and scans of one photo need nothing more.
    const double largeFacePx = std::max(20.0, options.faces.minFaceFraction * shortSide);
    const double largeScale = std::min(1.0, kSearchFacePx / largeFacePx);
    const cv::Mat largeCopy =
        largeScale <= pageScale ? Resized(pageCopy, largeScale / pageScale) : cv::Mat();
    const std::vector<cv::Rect> largeFaces =
        FacesIn(gray, largeScale, largeCopy, {}, largeFacePx, options.faces, cascades);
    // An image shaped like a photo whose face is a third of its height or more is the photo (on a
    // page or a scan with margins the face is far smaller): its own edges are the photo's, and
    // inside it the hair's and the face's outlines are straight enough to pass for edges.
    const double aspect = double(gray.cols) / gray.rows;
    const bool isPhoto = !largeFaces.empty() && aspect > 0.6 && aspect < 1.0 &&
                         largeFaces.front().height >= options.photoFileFace * gray.rows;
    std::vector<cv::Rect> photos = isPhoto
                                       ? std::vector<cv::Rect>{cv::Rect(0, 0, gray.cols, gray.rows)}
                                       : PhotosAround(gray, pageCopy, pageScale, largeFaces);

    // Then photos on the page, only where it is continuous tone.
    if (photos.empty()) {
        const auto regions = ToneRegions(pageCopy, std::max(4, cvRound(minFacePx * pageScale)), 2);
        if (regions.empty()) return std::nullopt;
        photos = PhotosAround(
            gray, pageCopy, pageScale,
            FacesIn(gray, pageScale, pageCopy, regions, minFacePx, options.faces, cascades));
    }

    std::optional<PhotoCheck> best;
    for (const auto& r : photos) {
        PhotoCheck check = CheckPhoto(pageImage(r), dpi, trusted, options, cascades);
        check.x = r.x, check.y = r.y;
        if (!best || Better(check, *best)) best = std::move(check);
        // Copies of one photo on a sheet: the first compliant one is as good as any.
        if (best->compliant) break;
    }
    return best;
}

namespace {

using Slot = std::variant<double*, int*, std::string*, bool*>;

struct Bounds {
    double lo, hi;
};

void Read(const YamlValue& value, Slot slot, Bounds bounds) {
    if (auto* text = std::get_if<std::string*>(&slot)) {
        **text = YamlString(value);
        if ((*text)->empty()) FailYaml(value, "must not be empty");
    } else if (auto* d = std::get_if<double*>(&slot)) {
        **d = YamlDouble(value, bounds.lo, bounds.hi);
    } else if (auto* i = std::get_if<int*>(&slot)) {
        **i = YamlInt(value, int(bounds.lo), int(bounds.hi));
    } else if (auto* flag = std::get_if<bool*>(&slot)) {
        **flag = YamlBool(value);
    }
}

// Section -> key -> where the value goes in `o` and what it may be.
using Keys = std::map<std::string, std::pair<Slot, Bounds>>;

Keys RangeKeys(PhotoRange& r, Bounds b) {
    return Keys{{"min", {&r.min, b}},
                {"max", {&r.max, b}},
                {"review", {&r.review, b}},
                {"advisory", {&r.advisory, b}}};
}

std::map<std::string, Keys> PhotoModelKeys(PhotoOptions& o) {
    const Bounds ratio{0, 1}, luma{0, 255}, big{0, 1e12};
    return {
        {"size",
         {{"width_mm", {&o.widthMm, {1, 500}}},
          {"height_mm", {&o.heightMm, {1, 500}}},
          {"tolerance_mm", {&o.sizeToleranceMm, {0, 50}}},
          {"min_trusted_dpi", {&o.minTrustedDpi, {1, 10000}}}}},
        {"aspect_deviation", RangeKeys(o.aspectDeviation, ratio)},
        {"head_height_ratio", RangeKeys(o.headHeightRatio, ratio)},
        {"head_model",
         {{"crown_factor", {&o.crownFactor, {0, 3}}}, {"chin_factor", {&o.chinFactor, {0, 3}}}}},
        {"head_outline",
         {{"min_contrast", {&o.outline.minContrast, {1, 100}}},
          {"crown_min", {&o.outline.crownMin, {0, 3}}},
          {"crown_max", {&o.outline.crownMax, {0, 3}}},
          {"chin_contrast", {&o.outline.chinContrast, {1, 100}}},
          {"chin_shade_band", {&o.outline.chinShadeBand, {0, 1}}},
          {"chin_min", {&o.outline.chinMin, {0, 3}}},
          {"chin_max", {&o.outline.chinMax, {0, 3}}}}},
        {"face_offset", RangeKeys(o.faceOffset, ratio)},
        {"eye_roll_degrees", RangeKeys(o.eyeRollDegrees, {0, 90})},
        {"eye_height", RangeKeys(o.eyeHeight, ratio)},
        {"background_luma", RangeKeys(o.backgroundLuma, luma)},
        {"background_spread", RangeKeys(o.backgroundSpread, luma)},
        {"background_edges", RangeKeys(o.backgroundEdges, ratio)},
        {"face_luma", RangeKeys(o.faceLuma, luma)},
        {"face_clipped", RangeKeys(o.faceClipped, ratio)},
        {"highlight_luma", RangeKeys(o.highlightLuma, luma)},
        {"sharpness", RangeKeys(o.sharpness, big)},
        {"height_px", RangeKeys(o.heightPx, big)},
        {"work",
         {{"photo_height", {&o.workHeight, {100, 4000}}},
          {"page_side", {&o.pageWorkSide, {200, 10000}}}}},
        {"search", {{"textless_page_letters", {&o.textlessPageLetters, {0, 100000}}}}},
        {"detector",
         {{"cascades_dir", {&o.faces.cascadesDir, {}}},
          {"face_cascade", {&o.faces.faceCascade, {}}},
          {"eye_cascade", {&o.faces.eyeCascade, {}}},
          {"eyeglasses_cascade", {&o.faces.eyeglassesCascade, {}}},
          {"min_face_fraction", {&o.faces.minFaceFraction, {0.01, 1}}},
          {"scale_step", {&o.faces.scaleStep, {1.01, 2}}},
          {"min_neighbors", {&o.faces.minNeighbors, {0, 100}}},
          {"min_face_relative", {&o.minFaceRelative, {0, 1}}},
          {"photo_file_face", {&o.photoFileFace, {0, 1}}}}},
    };
}

// Reads every section the file gives into its slots; unknown sections and keys throw. Returns
// the sections given, by name, for the errors that name one.
std::map<std::string, YamlValue> ReadSections(const YamlValue& root,
                                              const std::map<std::string, Keys>& sections) {
    std::vector<std::string> sectionNames;
    for (const auto& [name, keys] : sections) sectionNames.push_back(name);
    std::map<std::string, YamlValue> given;
    for (const auto& [name, section] : YamlEntries(root, sectionNames)) {
        const Keys& keys = sections.at(name);
        std::vector<std::string> keyNames;
        for (const auto& [key, target] : keys) keyNames.push_back(key);
        for (const auto& [key, value] : YamlEntries(section, keyNames)) {
            const auto& [slot, bounds] = keys.at(key);
            Read(value, slot, bounds);
        }
        given.emplace(name, section);
    }
    return given;
}

// A range whose min is above its max passes nothing: a mistake in the file, named by its section.
void CheckRangesInOrder(const PhotoOptions& o, const YamlValue& root,
                        const std::map<std::string, YamlValue>& given) {
    for (const auto& [name, r] : {std::pair{"aspect_deviation", o.aspectDeviation},
                                  {"head_height_ratio", o.headHeightRatio},
                                  {"face_offset", o.faceOffset},
                                  {"eye_roll_degrees", o.eyeRollDegrees},
                                  {"eye_height", o.eyeHeight},
                                  {"background_luma", o.backgroundLuma},
                                  {"background_edges", o.backgroundEdges},
                                  {"face_luma", o.faceLuma},
                                  {"face_clipped", o.faceClipped},
                                  {"highlight_luma", o.highlightLuma},
                                  {"sharpness", o.sharpness},
                                  {"height_px", o.heightPx}})
        if (r.min > r.max) {
            const auto section = given.find(name);
            FailYaml(section != given.end() ? section->second : YamlValue{{}, root.source, name},
                     "min is greater than max");
        }
}

}  // namespace

PhotoOptions LoadPhotoOptions(const std::filesystem::path& file) {
    const YamlValue root = LoadYamlFile(file, "photo model");
    PhotoOptions o;
    if (root.node.IsNull()) return o;
    const auto given = ReadSections(root, PhotoModelKeys(o));
    CheckRangesInOrder(o, root, given);
    return o;
}

}  // namespace dossier
