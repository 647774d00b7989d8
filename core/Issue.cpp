#include "core/Issue.h"

namespace dossier {

const char* ToString(Severity severity) {
    switch (severity) {
        case Severity::Info:
            return "info";
        case Severity::Warning:
            return "warning";
        case Severity::Error:
            return "error";
    }
    return "error";
}

bool IsInputIssue(const std::string& code) {
    return code == "unreadable_input" || code == "damaged_input" ||
           code == "symlink_not_followed" || code == "not_a_regular_file" ||
           code == "subfolder_not_read" || code == "too_large" || code == "over_budget";
}

}  // namespace dossier
