// Tables ruled into cells, found by their rules. Tesseract's layout analysis reads a ruled table as
// runs of text across the page: it drops a column squeezed between dotted rules (a column of phone
// numbers came out with 59 % of its words at the print's 184 dpi) and writes a cell of two lines
// beside its neighbours' lines. Read cell by cell, each cell is text of its own, in the table's
// order: row by row, left to right.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "core/Ocr.h"

namespace dossier {

struct RuledTableOptions {
    /// A rule is at most this thick, in points: thicker ink is a bar or a shading (default: 2.5)
    double maxRulePoints = 2.5;
    /// A rule runs at least this long, in points (default: 36, half an inch)
    double minRulePoints = 36.0;
    /// A dot of a dotted rule is ink no wider and no taller than this, in points (default: 1.2)
    double maxDotPoints = 1.2;
    /// Dots of one rule are at most this far apart, edge to edge, in points (default: 3)
    double maxDotGapPoints = 3.0;
    /// Rules this close, in points, meet: a rule drawn to a frame stops a little short of it, and
    /// two rules this close are one (default: 4)
    double joinPoints = 4.0;
    /// A cell is at least this wide and this tall, in points: smaller boxes are the combs of a
    /// form's letter-by-letter fields, whose letters are one word and not cells (default: 24, 9)
    double minCellWidthPoints = 24.0;
    double minCellHeightPoints = 9.0;
    /// A grid of more cells is graph paper or a drawing, whose squares are not read one by one
    /// (default: 300; a table of payments has a few dozen)
    int maxCells = 300;
    /// The cells' reading replaces the page's only when it holds at least this share more
    /// letters and digits: where the page's reading missed nothing, its order is kept (default:
    /// 0.1)
    double minTextGain = 0.1;
};

struct RuledTable {
    cv::Rect box;                  ///< the bounds of its frames
    std::vector<cv::Rect> cells;   ///< inside their rules, row by row and left to right
    std::vector<cv::Rect> frames;  ///< the same cells with their rules all round
    std::vector<int> inColumn;     ///< each cell's place among the cells of its first column
};

/// The tables of `gray` (an 8-bit page) ruled into at least two cells by horizontal and vertical
/// rules, solid or dotted, that meet. A cell spans the grid's rows and columns that no rule
/// separates within it. A frame round text (one cell), rules that do not meet (an open table, a
/// signature line) and grids of cells too small to hold text are no table. `dpi` scales the
/// sizes in points (<= 0: 300).
std::vector<RuledTable> FindRuledTables(const cv::Mat& gray, double dpi,
                                        const RuledTableOptions& options = {});

/// `page` with the table's cells read alone in place of its own reading of them: the words whose
/// centre lies in a cell's frame (the cell and its rules, which Tesseract reads as ":" and "-")
/// leave `page` (a block left empty goes); a cell whose own reading found nothing keeps them; and
/// the blocks of `cells` (the reading of each cell of `table`, in its order) come where the page
/// first had words of the table, after what is left of that block when that lies above the table,
/// before it otherwise. Words of the page in no cell stay where they were. `text` and
/// `meanConfidence` are recomputed. `page` is returned as it was when the cells hold less than
/// `options.minTextGain` more letters and digits than the page's words in the table.
OcrText WithTableCells(OcrText page, const RuledTable& table, const std::vector<OcrText>& cells,
                       const RuledTableOptions& options = {});

}  // namespace dossier
