// Test helpers for the pdf tests: synthetic pages with exact OCR boxes, a whole case, tool runs.
#pragma once

#include <string>
#include <vector>

#include "core/Case.h"
#include "core/Names.h"

namespace dossier::testing {

/// A gray page at `dpi` with `lines` drawn at known places, and an OcrText whose words have the
/// boxes, baselines and ascent of what was drawn (what a perfect OCR engine would return).
Page MakeTextPage(const std::string& file, const std::vector<std::string>& lines, double dpi = 150);
/// Like MakeTextPage with two columns side by side, their lines at the same heights, `gutter`
/// inches apart; the OCR has one block per column, the left one first.
Page MakeColumnsPage(const std::string& file, const std::vector<std::string>& left,
                     const std::vector<std::string>& right, double gutterInches, double dpi = 150);

/// A block of 12 pt lines drawn from its top left corner, in inches.
struct DrawnBlock {
    double xInches = 0, topInches = 0;
    std::vector<std::string> lines;
};
/// Like MakeTextPage with `blocks` drawn where they say, one OCR block each, in their order.
Page MakeBlocksPage(const std::string& file, const std::vector<DrawnBlock>& blocks,
                    double dpi = 150);

/// A form or an open table as Tesseract reads it: one OCR line per row, its cells
/// `columnInches` apart from the left margin on, across wide gaps (a form's label and value
/// columns, a table's cells), rows `rowPitchSizes` text sizes (12 pt) apart.
Page MakeRowsPage(const std::string& file, const std::vector<std::vector<std::string>>& rows,
                  double columnInches, double rowPitchSizes, double dpi = 150);

/// A table ruled into cells as dossier reads it: one OCR block per cell (its lines in
/// `rows[row][column]`), columns `columnInches` apart, a row's first line as close under the row
/// above as the lines of a cell are to each other; each block knows its place in its column.
Page MakeTableCellsPage(const std::string& file,
                        const std::vector<std::vector<std::vector<std::string>>>& rows,
                        double columnInches, double dpi = 150);

/// A package with an application form (PNG), a passport (pass-through JPEG), a photo, a two-page
/// criminal-record certificate whose first page is a pass-through JPEG lying on its side
/// (rotationDegrees 90) and whose second page is a poor copy; checklist with every status, in the
/// legal order (so the case file puts the record, item 4, before the photo, item 8).
Case MakeCase();

/// Type and item names as models/ would give them.
NameTable TypeNames();
/// The words of statuses, verdicts and services as models/names.yaml has them: the case file
/// prints no others.
NameTable SharedWords();
/// Item names of the synthetic case, with SharedWords().
NameTable ItemNames();

/// Runs a shell command, returns its stdout; `status` gets the exit status.
std::string RunTool(const std::string& command, int* status = nullptr);
/// A fresh folder under DOSSIER_TEST_WORK_DIR.
std::string WorkDir(const std::string& name);
void WriteBytes(const std::string& path, const std::string& bytes);
std::string ReadBytes(const std::string& path);
/// Whitespace collapsed to single spaces, trimmed.
std::string Squeeze(const std::string& text);

}  // namespace dossier::testing
