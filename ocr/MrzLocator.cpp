// MRZ band search: text lines from blackhat + horizontal Scharr gradient + closing, grouped into
// stacks of 2-3 long, left-aligned lines of equal length (STACK.md section 2).
#include "ocr/MrzLocator.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <optional>

namespace dossier {

namespace {

struct TextBar {
    cv::RotatedRect box;
    cv::Rect bounds;
    std::vector<cv::Point> points;
};

std::vector<TextBar> FindTextBars(const cv::Mat& small, double minWidth) {
    cv::Mat blurred, blackhat, gradient;
    cv::GaussianBlur(small, blurred, cv::Size(3, 3), 0);
    cv::morphologyEx(blurred, blackhat, cv::MORPH_BLACKHAT,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(13, 5)));
    cv::Scharr(blackhat, gradient, CV_32F, 1, 0);
    gradient = cv::abs(gradient);
    cv::normalize(gradient, gradient, 0, 255, cv::NORM_MINMAX);
    gradient.convertTo(gradient, CV_8U);
    cv::Mat mask;
    cv::morphologyEx(gradient, mask, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(21, 3)));
    cv::threshold(mask, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    // Bridge the gaps between characters, not between lines.
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(15, 1)));
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 3)));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<TextBar> bars;
    for (auto& contour : contours) {
        const cv::Rect bounds = cv::boundingRect(contour);
        if (bounds.width < minWidth) continue;
        cv::RotatedRect box = cv::minAreaRect(contour);
        if (box.size.width < box.size.height) {
            std::swap(box.size.width, box.size.height);
            box.angle += 90;
        }
        if (box.size.width < 8 * box.size.height) continue;
        bars.push_back({box, bounds, std::move(contour)});
    }
    std::sort(bars.begin(), bars.end(),
              [](const TextBar& a, const TextBar& b) { return a.box.center.y < b.box.center.y; });
    return bars;
}

double NormalisedAngle(double degrees) {
    while (degrees > 90) degrees -= 180;
    while (degrees <= -90) degrees += 180;
    return degrees;
}

/// The page as the search sees it: turned by `turn` (0 or 90 clockwise), at the work scale.
/// Only the small image is turned; bands are cut from the page itself.
struct SearchView {
    const cv::Mat& page;
    int turn = 0;
    double scale = 1.0;
    cv::Mat small;

    /// Size of the page turned by `turn`, in page pixels.
    cv::Size TurnedSize() const { return turn == 0 ? page.size() : cv::Size(page.rows, page.cols); }

    /// Pixels of `rect` (in the turned page's coordinates), turned: a view when upright.
    cv::Mat Cut(const cv::Rect& rect) const {
        if (turn == 0) return page(rect);
        // The turned page's (x', y') is the page's (y', rows - 1 - x').
        const cv::Rect source(rect.y, page.rows - rect.x - rect.width, rect.height, rect.width);
        cv::Mat turned;
        cv::rotate(page(source), turned, cv::ROTATE_90_CLOCKWISE);
        return turned;
    }

    /// `box` (in the turned page's coordinates) in page coordinates.
    cv::RotatedRect ToPage(const cv::RotatedRect& box) const {
        if (turn == 0) return box;
        return cv::RotatedRect(
            cv::Point2f(box.center.y, static_cast<float>(page.rows - 1) - box.center.x), box.size,
            box.angle - 90.0f);
    }
};

/// Two or three text bars one above the other, left-aligned and of equal length: an MRZ's lines.
struct Stack {
    std::vector<size_t> members;  ///< indexes into the bars, top to bottom
    double width = 0;             ///< the members' widths summed
};

/// The stacks among `bars` (sorted top to bottom), each bar in one at most, widest lines first.
std::vector<Stack> StackBars(const std::vector<TextBar>& bars) {
    std::vector<Stack> stacks;
    std::vector<bool> used(bars.size(), false);
    for (size_t i = 0; i < bars.size(); ++i) {
        if (used[i]) continue;
        Stack stack{{i}, bars[i].box.size.width};
        for (size_t j = i + 1; j < bars.size() && stack.members.size() < 3; ++j) {
            const TextBar& last = bars[stack.members.back()];
            const TextBar& next = bars[j];
            const double height = std::max(last.box.size.height, next.box.size.height);
            const double dy = next.box.center.y - last.box.center.y;
            if (dy > 4.0 * height + 4) break;
            const bool aligned =
                std::abs(next.bounds.x - last.bounds.x) < 0.04 * last.bounds.width + 4;
            const bool sameLength =
                std::abs(next.box.size.width - last.box.size.width) < 0.1 * last.box.size.width + 4;
            if (aligned && sameLength && dy > 1.1 * height) {
                stack.members.push_back(j);
                stack.width += next.box.size.width;
            }
        }
        if (stack.members.size() < 2) continue;
        for (size_t m : stack.members) used[m] = true;
        stacks.push_back(stack);
    }
    // Prefer the lowest-placed, widest stacks: the MRZ closes the data page.
    std::sort(stacks.begin(), stacks.end(), [&](const Stack& a, const Stack& b) {
        return a.width / a.members.size() > b.width / b.members.size();
    });
    return stacks;
}

/// The box (in the turned page's coordinates) about the stack's ink, its long side its width.
cv::RotatedRect StackBox(const std::vector<TextBar>& bars, const Stack& stack, double scale) {
    std::vector<cv::Point2f> points;
    for (size_t m : stack.members)
        for (const cv::Point& p : bars[m].points)
            points.emplace_back(static_cast<float>(p.x / scale), static_cast<float>(p.y / scale));
    cv::RotatedRect box = cv::minAreaRect(points);
    if (box.size.width < box.size.height) {
        std::swap(box.size.width, box.size.height);
        box.angle += 90;
    }
    return box;
}

/// The band in `box` (upright by `box.angle`, `skew` degrees), cut from `around`, the pixels of
/// `bounds`.
cv::Mat CutUpright(const cv::Mat& around, const cv::RotatedRect& box, const cv::Rect& bounds,
                   double skew) {
    // Rotate only the band's surroundings, then cut the upright band out of that.
    const cv::Point2f centre =
        box.center - cv::Point2f(static_cast<float>(bounds.x), static_cast<float>(bounds.y));
    const cv::Mat rotation = cv::getRotationMatrix2D(centre, skew, 1.0);
    cv::Mat rotated;
    cv::warpAffine(around, rotated, rotation, around.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    cv::Rect upright(static_cast<int>(centre.x - box.size.width / 2),
                     static_cast<int>(centre.y - box.size.height / 2),
                     static_cast<int>(box.size.width), static_cast<int>(box.size.height));
    upright &= cv::Rect(0, 0, rotated.cols, rotated.rows);
    return rotated(upright);
}

/// The band a stack of bars makes, cut upright from the page; none when it is skewed more than
/// the options allow or lies too far outside the page.
std::optional<MrzBand> BandOfStack(const SearchView& view, const std::vector<TextBar>& bars,
                                   const Stack& stack, const MrzLocatorOptions& options) {
    cv::RotatedRect box = StackBox(bars, stack, view.scale);
    const double skew = NormalisedAngle(box.angle);
    if (std::abs(skew) > options.maxSkewDegrees) return std::nullopt;
    // Margins: the bars hug the ink; keep half a line around it.
    const float lineHeight = box.size.height / static_cast<float>(stack.members.size());
    box.size.width += 2.0f * lineHeight;
    box.size.height += 1.0f * lineHeight;
    box.angle = static_cast<float>(skew);

    MrzBand band;
    band.box = view.ToPage(box);
    band.clockwiseTurn = view.turn;
    band.lineCount = static_cast<int>(stack.members.size());
    const cv::Rect bounds = box.boundingRect() & cv::Rect(cv::Point(0, 0), view.TurnedSize());
    if (bounds.width < 8 || bounds.height < 8) return std::nullopt;
    const cv::Mat around = view.Cut(bounds);  // a view into the page when upright
    if (std::abs(skew) < 0.3) {
        band.image = around;
    } else {
        band.image = CutUpright(around, box, bounds, skew);
        band.skewDegrees = skew;
    }
    return band;
}

std::vector<MrzBand> FindInView(const SearchView& view, const MrzLocatorOptions& options) {
    const double minWidth = options.minWidthRatio * view.small.cols;
    const std::vector<TextBar> bars = FindTextBars(view.small, minWidth);
    std::vector<MrzBand> bands;
    for (const Stack& stack : StackBars(bars))
        if (auto band = BandOfStack(view, bars, stack, options)) bands.push_back(std::move(*band));
    return bands;
}

SearchView MakeView(const cv::Mat& gray, const MrzLocatorOptions& options, int turn) {
    // Scaled by the width the lines run along, as if the page had been turned before the search:
    // the morphology's kernels are sized for text at the work width.
    const int width = turn == 0 ? gray.cols : gray.rows;
    const double scale = width > options.workWidth
                             ? double(options.workWidth) / width
                             : std::min(options.maxEnlarge, double(options.workWidth) / width);
    cv::Mat small;
    if (scale < 1.0)
        cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else if (scale > 1.0)
        cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_LINEAR);
    else
        small = gray;
    if (turn == 0) return SearchView{gray, turn, scale, small};
    // Into a new image: `small` may be the page itself.
    cv::Mat turned;
    cv::rotate(small, turned, cv::ROTATE_90_CLOCKWISE);
    return SearchView{gray, turn, scale, turned};
}

}  // namespace

std::vector<MrzBand> FindMrzBands(const cv::Mat& gray, MrzSearch search,
                                  const MrzLocatorOptions& options) {
    CV_Assert(gray.type() == CV_8UC1);
    return FindInView(MakeView(gray, options, search == MrzSearch::Upright ? 0 : 90), options);
}

std::vector<MrzBand> FindMrzBands(const cv::Mat& gray, const MrzLocatorOptions& options) {
    std::vector<MrzBand> bands = FindMrzBands(gray, MrzSearch::Upright, options);
    if (!options.tryQuarterTurns) return bands;
    std::vector<MrzBand> sideways = FindMrzBands(gray, MrzSearch::Sideways, options);
    bands.insert(bands.end(), std::make_move_iterator(sideways.begin()),
                 std::make_move_iterator(sideways.end()));
    return bands;
}

}  // namespace dossier
