// Crown from the hair's edge against the background, chin from the face's lower contour.
#include "photo/HeadOutline.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace dossier {
namespace {

// Colour differences are judged in CIE Lab, where a distance means about the same visible change
// for light and dark, grey and coloured pixels alike.
cv::Mat LabOf(const cv::Mat& bgr) {
    cv::Mat scaled, lab;
    bgr.convertTo(scaled, CV_32F, 1.0 / 255);
    cv::cvtColor(scaled, lab, cv::COLOR_BGR2Lab);
    cv::GaussianBlur(lab, lab, cv::Size(3, 3), 0);
    return lab;
}

double Distance(const cv::Vec3f& a, const cv::Vec3f& b) {
    return cv::norm(a - b);
}

cv::Vec3f MeanOf(const cv::Mat& lab, const cv::Rect& area) {
    const cv::Scalar m = cv::mean(lab(area));
    return {float(m[0]), float(m[1]), float(m[2])};
}

// The crown is the first row, going down from the top edge, where most of a strip over the middle
// of the head stops looking like what is above it and stays so down to the face. What is above it
// is background only if it matches the background seen at the top of either side of the image: a
// flag or a bookcase may fill one side, but not both and the space above the head.
HeadEdge MeasureCrown(const cv::Mat& lab, const cv::Rect& face, double centreX,
                      const HeadOutlineOptions& options, bool& atTop) {
    const int width = lab.cols, height = lab.rows;
    const int x0 = std::max(0, int(centreX - 0.22 * face.width));
    const int x1 = std::min(width, int(centreX + 0.22 * face.width));
    const int bottom = std::min(height, face.y + face.height / 10);
    const int band = std::max(2, height / 60);
    if (x1 - x0 < 4 || bottom < 3 * band) return {std::nullopt, "face at the top edge"};

    std::vector<cv::Vec3f> above(size_t(x1 - x0));
    for (int x = x0; x < x1; ++x) above[size_t(x - x0)] = MeanOf(lab, cv::Rect(x, 0, 1, band));
    const cv::Vec3f top = MeanOf(lab, cv::Rect(x0, 0, x1 - x0, band));
    // Columns of the top band clear of the head (or the outermost ones when the head is wider than
    // the image): is the colour above the head among theirs?
    std::vector<cv::Vec3f> beside;
    const int headLeft = int(centreX - 0.75 * face.width),
              headRight = int(centreX + 0.75 * face.width);
    const int edge = std::max(2, width / 12);
    for (int x = 0; x < width; ++x)
        if (x < std::max(headLeft, edge) || x >= std::min(headRight, width - edge))
            beside.push_back(MeanOf(lab, cv::Rect(x, 0, 1, band)));
    const auto matching = std::count_if(beside.begin(), beside.end(), [&](const cv::Vec3f& c) {
        return Distance(c, top) < options.minContrast;
    });
    if (matching < std::max<std::ptrdiff_t>(2, std::ptrdiff_t(beside.size()) / 10)) {
        // Nothing beside matches the top of the head: hair reaching the top edge if the sides show
        // one plain background, else nothing to tell background from hair.
        cv::Vec3f sum(0, 0, 0);
        for (const auto& c : beside) sum += c;
        const cv::Vec3f mean = sum / float(beside.size());
        const auto plain = std::count_if(beside.begin(), beside.end(), [&](const cv::Vec3f& c) {
            return Distance(c, mean) < options.minContrast / 2;
        });
        if (plain >= std::ptrdiff_t(beside.size()) * 9 / 10) {
            atTop = true;
            return {0.0, "hair reaches the top edge, background on both sides of it"};
        }
        return {std::nullopt, "no background above the head to measure the crown against"};
    }

    // Share of the strip's columns that differ from the colour above them, row by row.
    std::vector<double> share(size_t(bottom), 0.0);
    for (int y = band; y < bottom; ++y) {
        const cv::Vec3f* row = lab.ptr<cv::Vec3f>(y);
        int differing = 0;
        for (int x = x0; x < x1; ++x)
            differing += Distance(row[x], above[size_t(x - x0)]) >= options.minContrast;
        share[size_t(y)] = double(differing) / (x1 - x0);
    }
    const int hold = std::max(2, int(0.05 * face.height));
    std::optional<int> crown;
    for (int y = band; y + hold <= bottom && !crown; ++y) {
        bool held = true;
        for (int i = y; i < y + hold && held; ++i) held = share[size_t(i)] >= 0.3;
        if (!held) continue;
        double sum = 0;
        for (int i = y; i < bottom; ++i) sum += share[size_t(i)];
        if (sum / (bottom - y) >= 0.6) crown = y;
    }
    if (!crown) return {std::nullopt, "hair not distinguishable from the background"};
    const double aboveBox = double(face.y - *crown) / face.height;
    if (aboveBox < options.crownMin)
        return {std::nullopt,
                "the first edge above the face is the hairline: hair like the background"};
    if (aboveBox > options.crownMax)
        return {std::nullopt, "an edge far above the face (an object, not the head)"};
    if (*crown == band) {
        atTop = true;
        return {0.0, "head reaches the top edge"};
    }
    return {double(*crown), "hair/background boundary above the face"};
}

// The chin is the strongest colour step across a strip under the middle of the face, between the
// mouth and the collar: the face above it, the neck, the collar or the shade under the chin below.
// That shade is a dark band: when the strongest step is the band's lower edge (dark above, light
// below) with its upper edge (light above) close over it, the upper edge is the chin. A beard's
// lower edge is dark above too, but far below the mouth's.
HeadEdge MeasureChin(const cv::Mat& lab, const cv::Rect& face, double centreX,
                     const HeadOutlineOptions& options) {
    const int height = lab.rows;
    const int x0 = std::max(0, int(centreX - 0.15 * face.width));
    const int x1 = std::min(lab.cols, int(centreX + 0.15 * face.width));
    const int reach = std::max(2, int(0.05 * face.height));
    const int from = std::max(reach, int(face.y + options.chinMin * face.height));
    const int to = int(face.y + options.chinMax * face.height);
    if (x1 - x0 < 4) return {std::nullopt, "face at the side edge"};
    // Where the bottom edge cuts the search short, the strongest step left may be the mouth.
    if (to > height - reach) return {std::nullopt, "the lower face reaches the bottom edge"};

    // Colour step at each row, positive where it gets darker downwards.
    std::vector<double> step(size_t(to - from + 1), 0.0);
    for (int y = from; y <= to; ++y) {
        const cv::Vec3f upper = MeanOf(lab, cv::Rect(x0, y - reach, x1 - x0, reach));
        const cv::Vec3f lower = MeanOf(lab, cv::Rect(x0, y, x1 - x0, reach));
        step[size_t(y - from)] = (upper[0] >= lower[0] ? 1 : -1) * Distance(upper, lower);
    }
    // Steps that are local maxima inside the range: one at either end continues outside it (the
    // mouth above, the collar below).
    std::vector<size_t> peaks;
    for (size_t i = 1; i + 1 < step.size(); ++i) {
        const double a = std::abs(step[i]);
        if (a >= options.chinContrast && a > std::abs(step[i - 1]) && a >= std::abs(step[i + 1]))
            peaks.push_back(i);
    }
    if (peaks.empty()) return {std::nullopt, "no clear lower contour of the face"};
    const size_t strongest = *std::max_element(peaks.begin(), peaks.end(), [&](size_t a, size_t b) {
        return std::abs(step[a]) < std::abs(step[b]);
    });
    size_t chin = strongest;
    if (step[strongest] < 0) {
        const double band = options.chinShadeBand * face.height;
        for (const size_t p : peaks)
            if (p < strongest && double(strongest - p) <= band && step[p] > 0 &&
                step[p] >= 0.5 * -step[strongest])
                chin = std::min(chin, p);
    }
    return {double(from + int(chin)),
            chin == strongest ? "lower face contour (strongest colour step under the mouth)"
                              : "lower face contour (upper edge of the shade under the chin)"};
}

}  // namespace

HeadOutline MeasureHeadOutline(const cv::Mat& bgr, const cv::Rect& face,
                               std::optional<double> centreX, const HeadOutlineOptions& options) {
    HeadOutline outline;
    const cv::Rect inside = face & cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (bgr.empty() || bgr.type() != CV_8UC3 || inside.area() == 0) {
        outline.crown.method = outline.chin.method = "no face box to measure from";
        return outline;
    }
    const cv::Mat lab = LabOf(bgr);
    const double cx = centreX.value_or(face.x + face.width / 2.0);
    outline.crown = MeasureCrown(lab, face, cx, options, outline.crownAtTop);
    outline.chin = MeasureChin(lab, face, cx, options);
    return outline;
}

}  // namespace dossier
