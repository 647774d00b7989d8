// Puts a page's OCR in reading order where Tesseract's layout analysis does not: prose columns it
// reads across, form and table rows it cuts into columns.
#include "ocr/ReadingOrder.h"

#include <algorithm>
#include <cmath>

namespace dossier {

namespace {

int LineHeight(const OcrLine& line) {
    return std::max(1, line.box.height);
}

double BaselineY(const OcrLine& line) {
    return (line.baselineStart.y + line.baselineEnd.y) / 2.0;
}

cv::Rect BoxOf(const std::vector<OcrWord>& words) {
    cv::Rect box;
    for (const auto& word : words) box = box.area() == 0 ? word.box : box | word.box;
    return box;
}

template <typename T>
T Median(std::vector<T> values) {
    if (values.empty()) return T{};
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

/// The most words of `line` in a run without a gutter between them (a gap of gutterLineHeights
/// line heights): a line of running text is one long run (after its number, in a numbered
/// transcript), a table's row short runs, its cells.
size_t LongestRun(const OcrLine& line, const ReadingOrderOptions& options) {
    size_t longest = 0, run = 0;
    for (size_t w = 0; w < line.words.size(); ++w) {
        const bool gutter = w > 0 && line.words[w].box.x - line.words[w - 1].box.br().x >=
                                         options.gutterLineHeights * LineHeight(line);
        run = gutter ? 1 : run + 1;
        longest = std::max(longest, run);
    }
    return longest;
}

/// Running text: several lines, most of them with a run of several words (a table cell or a
/// form's label or value is one or two lines of a few words; a table's row holds many words, but
/// a few to a cell).
bool IsProse(const std::vector<OcrLine>& lines, const ReadingOrderOptions& options) {
    std::vector<size_t> runs;
    for (const auto& line : lines) runs.push_back(LongestRun(line, options));
    return lines.size() >= 2 && Median(runs) >= size_t(options.proseMinWords);
}

/// The part of `line` on one side of x = cut.
OcrLine Part(const OcrLine& line, int cut, bool left) {
    std::vector<OcrWord> words;
    for (const auto& word : line.words)
        if ((word.box.x + word.box.width / 2 < cut) == left) words.push_back(word);
    return LinePart(line, std::move(words));
}

struct Gutter {
    int left = 0, right = 0;  ///< the empty strip's x range
    int support = 0;          ///< lines with words on both sides of it
};

/// The widest-supported empty vertical strip through `lines`: gaps between words of at least
/// gutterLineHeights line heights, one under the other, that no word of any line crosses.
Gutter FindGutter(const std::vector<OcrLine>& lines, const ReadingOrderOptions& options) {
    Gutter best;
    for (const auto& seedLine : lines) {
        for (size_t w = 1; w < seedLine.words.size(); ++w) {
            const int gapLeft = seedLine.words[w - 1].box.br().x,
                      gapRight = seedLine.words[w].box.x;
            if (gapRight - gapLeft < options.gutterLineHeights * LineHeight(seedLine)) continue;
            Gutter candidate{gapLeft, gapRight, 0};
            bool crossed = false;
            for (const auto& line : lines) {
                bool hasLeft = false, hasRight = false;
                int nearestLeft = candidate.left, nearestRight = candidate.right;
                for (const auto& word : line.words) {
                    if (word.box.br().x <=
                            candidate.left + (candidate.right - candidate.left) / 2 &&
                        word.box.x < candidate.left + (candidate.right - candidate.left) / 2) {
                        hasLeft = true;
                        nearestLeft = std::max(nearestLeft, word.box.br().x);
                    } else if (word.box.x >=
                               candidate.left + (candidate.right - candidate.left) / 2) {
                        hasRight = true;
                        nearestRight = std::min(nearestRight, word.box.x);
                    } else {
                        crossed = true;
                    }
                }
                if (crossed) break;
                // Words reaching into the strip narrow it; it must stay a real gap.
                candidate.left = nearestLeft;
                candidate.right = nearestRight;
                if (candidate.right - candidate.left < 0.5 * LineHeight(line)) {
                    crossed = true;
                    break;
                }
                if (hasLeft && hasRight) ++candidate.support;
            }
            if (!crossed && candidate.support > best.support) best = candidate;
        }
    }
    return best;
}

/// Cuts prose blocks along their gutters, column by column; other blocks stay as they are.
void SplitProseColumns(std::vector<OcrBlock>& blocks, const ReadingOrderOptions& options,
                       bool& changed) {
    std::vector<OcrBlock> out;
    std::vector<OcrBlock> pending(blocks.rbegin(), blocks.rend());
    while (!pending.empty()) {
        OcrBlock block = std::move(pending.back());
        pending.pop_back();
        const Gutter gutter = FindGutter(block.lines, options);
        if (gutter.support < options.gutterMinLines) {
            out.push_back(std::move(block));
            continue;
        }
        const int cut = (gutter.left + gutter.right) / 2;
        OcrBlock left, right;
        for (const auto& line : block.lines) {
            OcrLine a = Part(line, cut, true), b = Part(line, cut, false);
            if (!a.words.empty()) left.lines.push_back(std::move(a));
            if (!b.words.empty()) right.lines.push_back(std::move(b));
        }
        if (!IsProse(left.lines, options) || !IsProse(right.lines, options)) {
            out.push_back(std::move(block));
            continue;
        }
        for (auto* column : {&left, &right})
            for (const auto& line : column->lines)
                column->box = column->box.area() == 0 ? line.box : column->box | line.box;
        changed = true;
        // Each column may hold columns of its own: look at the right one after the left one.
        pending.push_back(std::move(right));
        pending.push_back(std::move(left));
    }
    blocks = std::move(out);
}

/// The share of lines with a line of the other block on their row (baselines close), over the
/// lines of both blocks in the rows both span, the worse of the two (0 below minPairedRows
/// pairs): a label column and its values pair up both ways, a few lines of prose beside a dense
/// table do not, and a heading alone beside a row is no evidence of a row.
double RowPairing(const OcrBlock& a, const OcrBlock& b, const ReadingOrderOptions& options) {
    auto pairedShare = [&](const OcrBlock& block, const OcrBlock& other) {
        const int top = std::max(a.box.y, b.box.y), bottom = std::min(a.box.br().y, b.box.br().y);
        size_t lines = 0, paired = 0;
        for (const auto& line : block.lines) {
            if (BaselineY(line) < top || BaselineY(line) > bottom) continue;
            ++lines;
            for (const auto& beside : other.lines)
                if (std::abs(BaselineY(line) - BaselineY(beside)) <=
                    options.rowBaselineLineHeights *
                        std::min(LineHeight(line), LineHeight(beside))) {
                    ++paired;
                    break;
                }
        }
        return lines > 0 && paired >= size_t(std::max(1, options.minPairedRows))
                   ? double(paired) / double(lines)
                   : 0.0;
    };
    return std::min(pairedShare(a, b), pairedShare(b, a));
}

bool SideBySide(const OcrBlock& a, const OcrBlock& b) {
    const int overlapY = std::min(a.box.br().y, b.box.br().y) - std::max(a.box.y, b.box.y);
    const int overlapX = std::min(a.box.br().x, b.box.br().x) - std::max(a.box.x, b.box.x);
    return overlapY > 0.5 * std::min(a.box.height, b.box.height) && overlapX <= 0;
}

/// Joins blocks of cells side by side (a form's labels and values, a table's columns) into rows.
void JoinRows(std::vector<OcrBlock>& blocks, const ReadingOrderOptions& options, bool& changed) {
    for (auto& block : blocks)
        if (block.box.area() == 0)
            for (const auto& line : block.lines)
                block.box = block.box.area() == 0 ? line.box : block.box | line.box;
    std::vector<bool> taken(blocks.size(), false);
    std::vector<OcrBlock> out;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (taken[i]) continue;
        std::vector<size_t> group{i};
        if (!IsProse(blocks[i].lines, options)) {
            for (size_t j = i + 1; j < blocks.size(); ++j) {
                if (taken[j] || IsProse(blocks[j].lines, options)) continue;
                for (size_t member : group)
                    if (SideBySide(blocks[member], blocks[j]) &&
                        RowPairing(blocks[member], blocks[j], options) >= 0.7) {
                        group.push_back(j);
                        break;
                    }
            }
        }
        if (group.size() == 1) {
            out.push_back(std::move(blocks[i]));
            continue;
        }
        changed = true;
        std::vector<OcrLine> lines;
        for (size_t member : group) {
            taken[member] = true;
            for (auto& line : blocks[member].lines) lines.push_back(std::move(line));
        }
        std::sort(lines.begin(), lines.end(),
                  [](const OcrLine& a, const OcrLine& b) { return BaselineY(a) < BaselineY(b); });
        // Rows from the typical line height: a misread tall "line" (a column of digits read as
        // one) must not swallow the rows beside it.
        std::vector<int> heights;
        for (const auto& line : lines) heights.push_back(LineHeight(line));
        const double rowTolerance = options.rowBaselineLineHeights * Median(heights);
        OcrBlock rows;
        for (size_t start = 0; start < lines.size();) {
            size_t end = start + 1;
            while (end < lines.size() &&
                   BaselineY(lines[end]) - BaselineY(lines[start]) <= rowTolerance)
                ++end;
            std::sort(lines.begin() + long(start), lines.begin() + long(end),
                      [](const OcrLine& a, const OcrLine& b) { return a.box.x < b.box.x; });
            OcrLine row = lines[start];
            for (size_t k = start + 1; k < end; ++k) {
                row.words.insert(row.words.end(), lines[k].words.begin(), lines[k].words.end());
                row.box |= lines[k].box;
                row.baselineEnd = lines[k].baselineEnd;
                row.ascent = std::max(row.ascent, lines[k].ascent);
            }
            row.paragraph = 0;
            rows.box = rows.box.area() == 0 ? row.box : rows.box | row.box;
            rows.lines.push_back(std::move(row));
            start = end;
        }
        out.push_back(std::move(rows));
    }
    blocks = std::move(out);
}

}  // namespace

OcrLine LinePart(const OcrLine& line, std::vector<OcrWord> words) {
    OcrLine part = line;
    part.words = std::move(words);
    if (part.words.empty()) return part;
    part.box =
        BoxOf(part.words) | cv::Rect(part.words.front().box.x, line.box.y, 1, line.box.height);
    // The baseline is a straight line: evaluate it at the part's ends.
    const cv::Point2f a = line.baselineStart, b = line.baselineEnd;
    auto at = [&](float x) {
        if (std::abs(b.x - a.x) < 1e-3f) return cv::Point2f(x, a.y);
        return cv::Point2f(x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x));
    };
    part.baselineStart = at(float(part.box.x));
    part.baselineEnd = at(float(part.box.x + part.box.width));
    return part;
}

std::string PlainText(const std::vector<OcrBlock>& blocks) {
    std::string text;
    for (const auto& block : blocks) {
        for (size_t i = 0; i < block.lines.size(); ++i) {
            const OcrLine& line = block.lines[i];
            for (size_t w = 0; w < line.words.size(); ++w)
                text += (w ? " " : "") + line.words[w].text;
            text += "\n";
            if (i + 1 == block.lines.size() || block.lines[i + 1].paragraph != line.paragraph)
                text += "\n";
        }
    }
    return text;
}

double MeanConfidence(const std::vector<OcrBlock>& blocks) {
    double sum = 0;
    int words = 0;
    for (const auto& block : blocks)
        for (const auto& line : block.lines)
            for (const auto& word : line.words) {
                sum += word.confidence;
                ++words;
            }
    return words ? sum / words : 0.0;
}

OcrText RestoreReadingOrder(OcrText ocr, const ReadingOrderOptions& options) {
    bool changed = false;
    SplitProseColumns(ocr.blocks, options, changed);
    JoinRows(ocr.blocks, options, changed);
    if (changed) ocr.text = PlainText(ocr.blocks);
    return ocr;
}

}  // namespace dossier
