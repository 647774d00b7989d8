// Reads the text of drawn frames frame by frame where Tesseract's lines run across them.
#include "ocr/Frames.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>

#include "ocr/ReadingOrder.h"

namespace dossier {

namespace {

constexpr int kOutside = 0;   ///< a word on the open paper, in no frame
constexpr int kUnknown = -1;  ///< a word whose surroundings tell no frame

/// The paper of a page cut into regions by its ink: open paper (touching the page's edge) and
/// the insides of frames.
struct PaperRegions {
    cv::Mat labels;             ///< CV_32S, per pixel: its region, or an ink label
    std::vector<bool> outside;  ///< per label: open paper
    std::vector<bool> frame;    ///< per label: the inside of a frame
    int closing = 1;            ///< the gap closed in outlines, in pixels
};

PaperRegions FindPaperRegions(const cv::Mat& gray, double dpi, const FrameOptions& options) {
    const double pixelsPerPoint = PixelsPerPoint(dpi);
    PaperRegions regions;
    // Ink: anything a quarter of the way from the paper's tone (the page's median) to the
    // print's (the median of what Otsu's level parts from the paper): faint grey outlines count.
    cv::Mat binary;
    const int otsu = int(cv::threshold(gray, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU));
    long histogram[256] = {};
    for (int y = 0; y < gray.rows; ++y) {
        const uchar* row = gray.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) ++histogram[row[x]];
    }
    auto median = [&](int from, int to) {
        long total = 0;
        for (int v = from; v <= to; ++v) total += histogram[v];
        long seen = 0;
        for (int v = from; v <= to; ++v)
            if ((seen += histogram[v]) * 2 >= total) return v;
        return to;
    };
    const int paper = median(0, 255), print = median(0, std::clamp(otsu, 0, 255));
    const double level = paper - (paper - print) / 4.0;
    cv::Mat ink = gray < level;
    regions.closing = std::max(1, int(std::lround(options.closeGapPoints * pixelsPerPoint)));
    cv::morphologyEx(
        ink, ink, cv::MORPH_CLOSE,
        cv::getStructuringElement(cv::MORPH_RECT, cv::Size(regions.closing, regions.closing)));
    cv::Mat stats, centroids;
    const int count =
        cv::connectedComponentsWithStats(~ink, regions.labels, stats, centroids, 4, CV_32S);
    regions.outside.assign(size_t(count), false);
    regions.frame.assign(size_t(count), false);
    auto markOutside = [&](int y, int x) {
        regions.outside[size_t(regions.labels.at<int>(y, x))] = true;
    };
    for (int x = 0; x < gray.cols; ++x) {
        markOutside(0, x);
        markOutside(gray.rows - 1, x);
    }
    for (int y = 0; y < gray.rows; ++y) {
        markOutside(y, 0);
        markOutside(y, gray.cols - 1);
    }
    // Label 0 is the ink.
    regions.outside[0] = false;
    for (int label = 1; label < count; ++label)
        regions.frame[size_t(label)] = !regions.outside[size_t(label)] &&
                                       stats.at<int>(label, cv::CC_STAT_WIDTH) >=
                                           options.minInsideWidthPoints * pixelsPerPoint &&
                                       stats.at<int>(label, cv::CC_STAT_HEIGHT) >=
                                           options.minInsideHeightPoints * pixelsPerPoint;
    return regions;
}

/// The region round `box` (a word): the frame or the open paper that most of the paper in a ring
/// about it belongs to, kUnknown when neither.
int RegionAround(const PaperRegions& regions, const cv::Rect& box) {
    const int margin = regions.closing + 2;
    const cv::Rect page(0, 0, regions.labels.cols, regions.labels.rows);
    const cv::Rect ring =
        (box + cv::Size(2 * margin, 2 * margin) - cv::Point(margin, margin)) & page;
    std::map<int, int> votes;
    for (int y = ring.y; y < ring.br().y; ++y) {
        const int* row = regions.labels.ptr<int>(y);
        for (int x = ring.x; x < ring.br().x; ++x) {
            if (box.contains(cv::Point(x, y))) continue;
            const int label = row[x];
            if (regions.outside[size_t(label)])
                ++votes[kOutside];
            else if (regions.frame[size_t(label)])
                ++votes[label];
        }
    }
    int best = kUnknown, most = 0;
    for (const auto& [region, count] : votes)
        if (count > most) best = region, most = count;
    return best;
}

/// Open paper lies between two words of a line, along the line's middle.
bool PaperBetween(const PaperRegions& regions, const OcrWord& left, const OcrWord& right) {
    const int y = std::clamp((left.box.y + left.box.br().y + right.box.y + right.box.br().y) / 4, 0,
                             regions.labels.rows - 1);
    const int* row = regions.labels.ptr<int>(y);
    for (int x = std::max(0, left.box.br().x); x < std::min(right.box.x, regions.labels.cols); ++x)
        if (regions.outside[size_t(row[x])]) return true;
    return false;
}

}  // namespace

OcrText ReadFramesApart(OcrText ocr, const cv::Mat& gray, double dpi, const FrameOptions& options) {
    if (gray.empty() || gray.type() != CV_8UC1) return ocr;
    // A line runs from one frame into another only across two outlines and the paper between
    // them, wider than the gaps closed in outlines: most pages have no such gap to look at.
    const double widestClosed = options.closeGapPoints * PixelsPerPoint(dpi);
    bool wideGap = false;
    for (const OcrBlock& block : ocr.blocks)
        for (const OcrLine& line : block.lines)
            for (size_t w = 1; w < line.words.size(); ++w)
                wideGap =
                    wideGap || line.words[w].box.x - line.words[w - 1].box.br().x > widestClosed;
    if (!wideGap) return ocr;
    const PaperRegions regions = FindPaperRegions(gray, dpi, options);

    // Each word's region, a word that tells none taking its neighbour's; and the frames a line
    // runs out of.
    std::vector<std::vector<std::vector<int>>> regionOf(ocr.blocks.size());
    std::vector<bool> leftFrame(regions.frame.size(), false);
    bool anyLeft = false;
    for (size_t b = 0; b < ocr.blocks.size(); ++b)
        for (const OcrLine& line : ocr.blocks[b].lines) {
            std::vector<int> region;
            for (const OcrWord& word : line.words)
                region.push_back(RegionAround(regions, word.box));
            for (size_t w = 1; w < region.size(); ++w)
                if (region[w] == kUnknown) region[w] = region[w - 1];
            for (size_t w = region.size(); w-- > 1;)
                if (region[w - 1] == kUnknown) region[w - 1] = region[w];
            for (size_t w = 1; w < region.size(); ++w) {
                const int a = region[w - 1], c = region[w];
                // Two frames with open paper between them; the cells of one table have a rule
                // between them, and a table's labels outside its ruled columns stay with them.
                if (a > 0 && c > 0 && a != c &&
                    PaperBetween(regions, line.words[w - 1], line.words[w]))
                    leftFrame[size_t(a)] = leftFrame[size_t(c)] = anyLeft = true;
            }
            regionOf[b].push_back(std::move(region));
        }
    if (!anyLeft) return ocr;

    // The blocks again: a frame's words in a block of their own where its first word was, the
    // rest in what is left of their block.
    std::vector<OcrBlock> out;
    std::map<int, size_t> frameBlock;  // frame -> its block in `out`
    auto groupOf = [&](int region) {
        return region > 0 && leftFrame[size_t(region)] ? region : kOutside;
    };
    for (size_t b = 0; b < ocr.blocks.size(); ++b) {
        const OcrBlock& block = ocr.blocks[b];
        long rest = -1;  // what is left of this block, once it holds a line
        for (size_t l = 0; l < block.lines.size(); ++l) {
            const OcrLine& line = block.lines[l];
            const std::vector<int>& region = regionOf[b][l];
            for (size_t first = 0; first < line.words.size();) {
                const int frame = groupOf(region[first]);
                size_t end = first + 1;
                while (end < line.words.size() && groupOf(region[end]) == frame) ++end;
                OcrLine part = LinePart(line, std::vector<OcrWord>(line.words.begin() + long(first),
                                                                   line.words.begin() + long(end)));
                size_t target;
                if (frame != kOutside) {
                    auto found = frameBlock.find(frame);
                    if (found == frameBlock.end()) {
                        found = frameBlock.emplace(frame, out.size()).first;
                        out.emplace_back();
                    }
                    target = found->second;
                    part.paragraph = 0;
                } else {
                    if (rest < 0) {
                        rest = long(out.size());
                        out.emplace_back();
                        out.back().cellInColumn = block.cellInColumn;
                    }
                    target = size_t(rest);
                }
                OcrBlock& into = out[target];
                into.box = into.box.area() == 0 ? part.box : into.box | part.box;
                into.lines.push_back(std::move(part));
                first = end;
            }
        }
    }
    for (const auto& [frame, index] : frameBlock)
        std::stable_sort(out[index].lines.begin(), out[index].lines.end(),
                         [](const OcrLine& a, const OcrLine& b) {
                             return a.baselineStart.y + a.baselineEnd.y <
                                    b.baselineStart.y + b.baselineEnd.y;
                         });
    ocr.blocks = std::move(out);
    ocr.text = PlainText(ocr.blocks);
    return ocr;
}

}  // namespace dossier
