// Geometry of the invisible text layer: OCR words from the prepared frame onto the upright page.
#include "pdf/TextLayer.h"

#include <algorithm>
#include <cmath>

namespace dossier {

namespace {

// Ascender height as a share of the em in DejaVu Sans (the 'd' and 'б' tops sit at 0.76 em).
constexpr double kAscentPerEm = 0.76;

cv::Point2d Map(const cv::Matx33d& h, cv::Point2d p) {
    cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    if (std::abs(v[2]) < 1e-12) return {v[0], v[1]};
    return {v[0] / v[2], v[1] / v[2]};
}

bool IsBlank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    });
}

// Text extractors (poppler) build lines from baselines: words that follow a slanted scan line
// drift down the page until the line is cut in two and its halves read out of order. A line
// slanted by less than `maxDegrees` is laid level at its middle instead, so it reads as one line
// in its place; its words stay where their ink is along the line.
void LevelSlightlySlantedLine(std::vector<PlacedWord>& placed, size_t first, double maxDegrees) {
    if (placed.size() <= first) return;
    const PlacedWord& head = placed[first];
    const PlacedWord& tail = placed.back();
    const double t = tail.angleDegrees * CV_PI / 180.0;
    const cv::Point2d end = tail.origin + cv::Point2d(std::cos(t), -std::sin(t)) * tail.width;
    const double angle = -std::atan2(end.y - head.origin.y, end.x - head.origin.x) * 180.0 / CV_PI;
    if (std::abs(angle) >= maxDegrees || angle == 0) return;
    const double middleY = (head.origin.y + end.y) / 2;
    for (size_t i = first; i < placed.size(); ++i) {
        PlacedWord& word = placed[i];
        const double a = word.angleDegrees * CV_PI / 180.0;
        word.width *= std::cos(a);
        word.origin.y = middleY;
        word.angleDegrees = 0;
    }
}

}  // namespace

std::vector<PlacedWord> PlaceWords(const OcrText& ocr, const cv::Matx33d& preparedToUpright,
                                   double levelLinesBelowDegrees) {
    std::vector<PlacedWord> placed;
    int blockIndex = -1, lineIndex = -1;
    for (const auto& block : ocr.blocks) {
        ++blockIndex;
        for (const auto& line : block.lines) {
            ++lineIndex;
            cv::Point2d b0(line.baselineStart), b1(line.baselineEnd);
            const bool hasBaseline = std::abs(b1.x - b0.x) > 1e-6;
            // The baseline's y at x, on the line (Tesseract gives it for the whole line).
            auto baselineY = [&](double x, const cv::Rect& box) {
                if (!hasBaseline) return double(box.y + box.height);
                return b0.y + (b1.y - b0.y) * (x - b0.x) / (b1.x - b0.x);
            };
            double ascent = line.ascent > 0 ? line.ascent : line.box.height * 0.7;
            const size_t lineStart = placed.size();
            for (const auto& word : line.words) {
                if (word.box.width <= 0 || word.text.empty() || IsBlank(word.text)) continue;
                const double left = word.box.x, right = word.box.x + word.box.width;
                double wordAscent = ascent > 0 ? ascent : word.box.height * 0.7;
                cv::Point2d p0(left, baselineY(left, word.box)),
                    p1(right, baselineY(right, word.box));
                cv::Point2d q0 = Map(preparedToUpright, p0), q1 = Map(preparedToUpright, p1);
                // The ascent maps with the local scale of the transform, measured at the word's
                // left end.
                cv::Point2d dir = p1 - p0;
                double len = std::hypot(dir.x, dir.y);
                cv::Point2d up =
                    len > 0 ? cv::Point2d(dir.y / len, -dir.x / len) : cv::Point2d(0, -1);
                cv::Point2d top = Map(preparedToUpright, p0 + up * wordAscent);
                double mappedAscent = std::hypot(top.x - q0.x, top.y - q0.y);

                PlacedWord out;
                out.text = word.text;
                out.origin = q0;
                out.width = std::hypot(q1.x - q0.x, q1.y - q0.y);
                // Image y grows downwards; the page's angle is counter-clockwise with y up.
                out.angleDegrees = -std::atan2(q1.y - q0.y, q1.x - q0.x) * 180.0 / CV_PI;
                out.fontSize = mappedAscent / kAscentPerEm;
                out.block = blockIndex;
                out.cellInColumn = block.cellInColumn;
                out.line = lineIndex;
                if (out.width <= 0 || out.fontSize <= 0) continue;
                placed.push_back(std::move(out));
            }
            LevelSlightlySlantedLine(placed, lineStart, levelLinesBelowDegrees);
        }
    }
    return placed;
}

}  // namespace dossier
