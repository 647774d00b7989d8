// A problem found in a package: data in the result, never an exception.
#pragma once

#include <string>

namespace dossier {

enum class Severity { Info, Warning, Error };

struct Issue {
    Severity severity = Severity::Warning;
    std::string
        code;  ///< stable machine code, e.g. "unreadable_input", "blurry", "mrz_check_digit"
    std::string message;  ///< one sentence for a person; never contains personal data in logs
    std::string item;     ///< checklist item it concerns, if any
    std::string file;     ///< input file it concerns, if any
    int page = 0;         ///< 1-based page in that file, 0 when the whole file
};

const char* ToString(Severity severity);

/// True for the codes ingest gives an entry it could not read as pages: unreadable_input (bad
/// content), damaged_input (read, with decoder warnings), symlink_not_followed,
/// not_a_regular_file, subfolder_not_read, too_large, over_budget.
bool IsInputIssue(const std::string& code);

}  // namespace dossier
