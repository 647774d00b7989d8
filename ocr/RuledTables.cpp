#include "ocr/RuledTables.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "core/Utf8.h"
#include "ocr/ReadingOrder.h"

namespace dossier {

namespace {

// A straight rule: along runs from `from` to `to` (x for a horizontal rule, y for a vertical one)
// at `at` across.
struct Rule {
    int from = 0, to = 0, at = 0;
};

struct Sizes {
    int maxRule, minRule, maxDot, maxDotGap, join, minCellWidth, minCellHeight;
    int inset;  // from a rule's middle to the inside of its cell: off its ink and its blur
};

Sizes SizesAt(double dpi, const RuledTableOptions& options) {
    const double perPoint = PixelsPerPoint(dpi);
    const auto px = [&](double points) { return std::max(1, int(std::lround(points * perPoint))); };
    Sizes sizes{std::max(2, px(options.maxRulePoints)), px(options.minRulePoints),
                std::max(2, px(options.maxDotPoints)),  std::max(2, px(options.maxDotGapPoints)),
                std::max(2, px(options.joinPoints)),    px(options.minCellWidthPoints),
                px(options.minCellHeightPoints),        0};
    sizes.inset = sizes.maxRule / 2 + sizes.maxDot + 1;
    return sizes;
}

// Long horizontal runs of ink in each row: the solid rules' pixels (and the rows of bars).
cv::Mat LongRuns(const cv::Mat& ink, int minLength) {
    cv::Mat runs(ink.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < ink.rows; ++y) {
        const uint8_t* in = ink.ptr<uint8_t>(y);
        uint8_t* out = runs.ptr<uint8_t>(y);
        for (int x = 0; x < ink.cols;) {
            if (!in[x]) {
                ++x;
                continue;
            }
            int end = x;
            while (end < ink.cols && in[end]) ++end;
            if (end - x >= minLength) std::fill(out + x, out + end, uint8_t(255));
            x = end;
        }
    }
    return runs;
}

// Separate dots of ink (a dotted rule's, a shading's, periods): components no wider and no taller
// than a dot. Dots only touching at a corner stay apart: a dotted rule printed at a slant of a
// pixel zig-zags from dot to dot.
cv::Mat Dots(const cv::Mat& ink, const Sizes& sizes) {
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 4, CV_32S);
    std::vector<uint8_t> isDot(size_t(count), 0);
    for (int i = 1; i < count; ++i)
        isDot[size_t(i)] = stats.at<int>(i, cv::CC_STAT_WIDTH) <= sizes.maxDot &&
                                   stats.at<int>(i, cv::CC_STAT_HEIGHT) <= sizes.maxDot
                               ? 255
                               : 0;
    cv::Mat dots(ink.size(), CV_8UC1);
    for (int y = 0; y < labels.rows; ++y) {
        const int* label = labels.ptr<int>(y);
        uint8_t* out = dots.ptr<uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) out[x] = isDot[size_t(label[x])];
    }
    return dots;
}

// The horizontal rules of a page (run along x): long runs of ink, and dots closed into runs along
// the rows (a run of minRule is of at least eight dots at the sizes' defaults, so an ellipsis or
// periods are none). A patch too thick to be a rule (a shaded header, a bar) bounds cells with its
// top and bottom edges.
std::vector<Rule> HorizontalRules(const cv::Mat& ink, const cv::Mat& dots, const Sizes& sizes) {
    cv::Mat runs;
    cv::morphologyEx(dots, runs, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(sizes.maxDotGap + 1, 1)));
    runs |= LongRuns(ink, sizes.minRule);
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(runs, labels, stats, centroids, 8, CV_32S);
    std::vector<Rule> rules;
    for (int i = 1; i < count; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        if (w < sizes.minRule) continue;
        // A rule left a little skewed by the scan is as tall as its drift across the page.
        if (h <= sizes.maxRule + w / 100) {
            rules.push_back({x, x + w - 1, y + h / 2});
        } else if (h >= sizes.minCellHeight) {
            rules.push_back({x, x + w - 1, y});
            rules.push_back({x, x + w - 1, y + h - 1});
        }
    }
    return rules;
}

struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int Find(int i) {
        return parent[size_t(i)] == i ? i : parent[size_t(i)] = Find(parent[size_t(i)]);
    }
    void Join(int a, int b) { parent[size_t(Find(a))] = Find(b); }
};

// Positions within `join` of each other are one line of the grid (their mean).
std::vector<int> GridLines(std::vector<int> positions, int join) {
    std::sort(positions.begin(), positions.end());
    std::vector<int> lines;
    for (std::size_t i = 0; i < positions.size();) {
        std::size_t end = i;
        long sum = 0;
        while (end < positions.size() && positions[end] - positions[i] <= join)
            sum += positions[end++];
        lines.push_back(int(sum / long(end - i)));
        i = end;
    }
    return lines;
}

// How much of [from, to] the rules at `at` (within `join`) cover.
double Covered(const std::vector<Rule>& rules, int at, int from, int to, int join) {
    std::vector<std::pair<int, int>> spans;
    for (const Rule& r : rules)
        if (std::abs(r.at - at) <= join && r.to + join >= from && r.from - join <= to)
            spans.emplace_back(std::max(from, r.from - join), std::min(to, r.to + join));
    std::sort(spans.begin(), spans.end());
    int covered = 0, reach = from;
    for (const auto& [a, b] : spans) {
        const int start = std::max(a, reach);
        if (b > start) covered += b - start;
        reach = std::max(reach, b);
    }
    return to > from ? double(covered) / double(to - from) : 0.0;
}

// The cells of one group of rules that meet, or none when they make no table.
RuledTable Cells(const std::vector<Rule>& rows, const std::vector<Rule>& columns,
                 const Sizes& sizes) {
    std::vector<int> ysAt, xsAt;
    for (const Rule& r : rows) ysAt.push_back(r.at);
    for (const Rule& c : columns) xsAt.push_back(c.at);
    const std::vector<int> ys = GridLines(ysAt, sizes.join), xs = GridLines(xsAt, sizes.join);
    if (ys.size() < 2 || xs.size() < 2) return {};
    const int gridRows = int(ys.size()) - 1, gridColumns = int(xs.size()) - 1;
    const auto index = [&](int r, int c) { return r * gridColumns + c; };
    // A side of a grid square is ruled when rules cover at least half of it.
    const auto ruledAcross = [&](int k, int c) {  // the side at ys[k] over column c
        return Covered(rows, ys[size_t(k)], xs[size_t(c)], xs[size_t(c) + 1], sizes.join) >= 0.5;
    };
    const auto ruledDown = [&](int k, int r) {  // the side at xs[k] over row r
        return Covered(columns, xs[size_t(k)], ys[size_t(r)], ys[size_t(r) + 1], sizes.join) >= 0.5;
    };
    UnionFind cells(size_t(gridRows * gridColumns));
    std::vector<uint8_t> open(size_t(gridRows * gridColumns), 0);
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridColumns; ++c) {
            if (r + 1 < gridRows && !ruledAcross(r + 1, c))
                cells.Join(index(r, c), index(r + 1, c));
            if (c + 1 < gridColumns && !ruledDown(c + 1, r))
                cells.Join(index(r, c), index(r, c + 1));
            // A square on the grid's edge without its rule there lies outside the table.
            if ((r == 0 && !ruledAcross(0, c)) || (r + 1 == gridRows && !ruledAcross(r + 1, c)) ||
                (c == 0 && !ruledDown(0, r)) || (c + 1 == gridColumns && !ruledDown(c + 1, r)))
                open[size_t(index(r, c))] = 1;
        }
    // Each cell: its squares' bounds, first square (row by row) giving its place in the order.
    std::vector<int> first(open.size(), -1);
    std::vector<cv::Rect> bounds(open.size());
    std::vector<uint8_t> openCell(open.size(), 0);
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridColumns; ++c) {
            const int root = cells.Find(index(r, c));
            const cv::Rect square(cv::Point(xs[size_t(c)], ys[size_t(r)]),
                                  cv::Point(xs[size_t(c) + 1], ys[size_t(r) + 1]));
            if (first[size_t(root)] < 0) {
                first[size_t(root)] = index(r, c);
                bounds[size_t(root)] = square;
            } else {
                bounds[size_t(root)] |= square;
            }
            openCell[size_t(root)] |= open[size_t(index(r, c))];
        }
    std::vector<std::size_t> ordered;
    int narrow = 0;
    for (std::size_t root = 0; root < first.size(); ++root) {
        if (first[root] < 0 || openCell[root]) continue;
        if (bounds[root].width - 2 * sizes.inset < sizes.minCellWidth) ++narrow;
        ordered.push_back(root);
    }
    // Mostly narrow cells: the comb of a form's letter-by-letter field, not a table.
    if (ordered.size() < 2 || narrow * 3 > int(ordered.size())) return {};
    std::sort(ordered.begin(), ordered.end(),
              [&](std::size_t a, std::size_t b) { return first[a] < first[b]; });
    RuledTable table;
    std::vector<int> cellsInColumn(std::size_t(gridColumns), 0);
    for (std::size_t root : ordered) {
        const cv::Rect& b = bounds[root];
        // Inside the rules: off the rule's own ink and its blur.
        const cv::Rect inside(b.x + sizes.inset, b.y + sizes.inset, b.width - 2 * sizes.inset,
                              b.height - 2 * sizes.inset);
        if (inside.height < sizes.minCellHeight || inside.width <= 0) continue;
        table.cells.push_back(inside);
        const cv::Rect frame(b.x - sizes.inset, b.y - sizes.inset, b.width + 2 * sizes.inset,
                             b.height + 2 * sizes.inset);
        table.frames.push_back(frame);
        table.inColumn.push_back(cellsInColumn[std::size_t(first[root] % gridColumns)]++);
        table.box |= frame;
    }
    if (table.cells.size() < 2) return {};
    return table;
}

}  // namespace

std::vector<RuledTable> FindRuledTables(const cv::Mat& gray, double dpi,
                                        const RuledTableOptions& options) {
    CV_Assert(gray.empty() || gray.type() == CV_8UC1);
    if (gray.empty()) return {};
    const Sizes sizes = SizesAt(dpi, options);
    cv::Mat ink;
    cv::threshold(gray, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    const cv::Mat dots = Dots(ink, sizes);
    const std::vector<Rule> rows = HorizontalRules(ink, dots, sizes);
    if (rows.size() < 2) return {};
    const std::vector<Rule> columns = HorizontalRules(ink.t(), dots.t(), sizes);

    // Rules that meet (within `join`) are one group; a group with rules both ways may be a table.
    const std::size_t n = rows.size() + columns.size();
    UnionFind groups(n);
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < columns.size(); ++j) {
            const Rule &h = rows[i], &v = columns[j];
            if (v.at >= h.from - sizes.join && v.at <= h.to + sizes.join &&
                h.at >= v.from - sizes.join && h.at <= v.to + sizes.join)
                groups.Join(int(i), int(rows.size() + j));
        }
    std::vector<RuledTable> tables;
    for (std::size_t g = 0; g < n; ++g) {
        if (groups.Find(int(g)) != int(g)) continue;
        std::vector<Rule> groupRows, groupColumns;
        for (std::size_t i = 0; i < n; ++i) {
            if (groups.Find(int(i)) != int(g)) continue;
            if (i < rows.size())
                groupRows.push_back(rows[i]);
            else
                groupColumns.push_back(columns[i - rows.size()]);
        }
        if (groupRows.size() < 2 || groupColumns.size() < 2) continue;
        RuledTable table = Cells(groupRows, groupColumns, sizes);
        if (!table.cells.empty() && int(table.cells.size()) <= options.maxCells)
            tables.push_back(std::move(table));
    }
    std::sort(tables.begin(), tables.end(), [](const RuledTable& a, const RuledTable& b) {
        return a.box.y < b.box.y || (a.box.y == b.box.y && a.box.x < b.box.x);
    });
    return tables;
}

namespace {

std::size_t LettersAndDigits(const std::string& text) {
    std::size_t count = 0;
    for (char32_t c : DecodeUtf8(text))
        if (c > 0x7F ? c >= 0xC0 : std::isalnum(int(c))) ++count;
    return count;
}

cv::Rect LinesBounds(const std::vector<OcrLine>& lines) {
    cv::Rect bounds;
    for (const OcrLine& line : lines) bounds |= line.box;
    return bounds;
}

}  // namespace

OcrText WithTableCells(OcrText page, const RuledTable& table, const std::vector<OcrText>& cells,
                       const RuledTableOptions& options) {
    std::vector<OcrBlock> cellBlocks;
    for (std::size_t i = 0; i < cells.size(); ++i)
        for (OcrBlock block : cells[i].blocks) {
            // A cell of several blocks (a frame round a table of its own) is left to them.
            if (cells[i].blocks.size() == 1 && i < table.inColumn.size())
                block.cellInColumn = table.inColumn[i];
            cellBlocks.push_back(std::move(block));
        }
    // A cell whose own reading found nothing keeps the page's words in it.
    std::vector<cv::Rect> read;
    for (std::size_t i = 0; i < table.cells.size() && i < cells.size(); ++i)
        if (std::any_of(cells[i].blocks.begin(), cells[i].blocks.end(), [](const OcrBlock& b) {
                return std::any_of(b.lines.begin(), b.lines.end(),
                                   [](const OcrLine& l) { return !l.words.empty(); });
            }))
            read.push_back(i < table.frames.size() ? table.frames[i] : table.cells[i]);
    const auto inCell = [&](const OcrWord& word) {
        const cv::Point centre(word.box.x + word.box.width / 2, word.box.y + word.box.height / 2);
        return std::any_of(read.begin(), read.end(),
                           [&](const cv::Rect& cell) { return cell.contains(centre); });
    };
    std::size_t pageSigns = 0, cellSigns = 0;
    for (const OcrBlock& block : page.blocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words)
                if (inCell(word)) pageSigns += LettersAndDigits(word.text);
    for (const OcrBlock& block : cellBlocks)
        for (const OcrLine& line : block.lines)
            for (const OcrWord& word : line.words) cellSigns += LettersAndDigits(word.text);
    if (double(cellSigns) < (1.0 + options.minTextGain) * double(pageSigns)) return page;

    std::vector<OcrBlock> blocks;
    bool placed = false;
    for (OcrBlock& block : page.blocks) {
        bool hadTableWords = false;
        std::vector<OcrLine> kept;
        for (OcrLine& line : block.lines) {
            const std::size_t before = line.words.size();
            line.words.erase(std::remove_if(line.words.begin(), line.words.end(), inCell),
                             line.words.end());
            if (line.words.size() == before) {
                kept.push_back(std::move(line));
                continue;
            }
            hadTableWords = true;
            if (line.words.empty()) continue;
            line.box = cv::Rect();
            for (const OcrWord& word : line.words) line.box |= word.box;
            kept.push_back(std::move(line));
        }
        block.lines = std::move(kept);
        if (hadTableWords && !block.lines.empty()) block.box = LinesBounds(block.lines);
        if (hadTableWords && !placed) {
            placed = true;
            const cv::Rect rest = LinesBounds(block.lines);
            const bool restAbove = !block.lines.empty() && rest.y + rest.height / 2 < table.box.y;
            if (restAbove) blocks.push_back(std::move(block));
            blocks.insert(blocks.end(), cellBlocks.begin(), cellBlocks.end());
            if (!restAbove && !block.lines.empty()) blocks.push_back(std::move(block));
            continue;
        }
        if (!block.lines.empty()) blocks.push_back(std::move(block));
    }
    if (!placed) {
        // The page's reading had nothing in the table: the cells come before the first block
        // that starts below the table's top.
        auto at = std::find_if(blocks.begin(), blocks.end(), [&](const OcrBlock& block) {
            const cv::Rect box = block.box.empty() ? LinesBounds(block.lines) : block.box;
            return box.y > table.box.y;
        });
        blocks.insert(at, cellBlocks.begin(), cellBlocks.end());
    }
    page.blocks = std::move(blocks);
    page.meanConfidence = MeanConfidence(page.blocks);
    page.text = PlainText(page.blocks);
    return page;
}

}  // namespace dossier
