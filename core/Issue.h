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

}  // namespace dossier
