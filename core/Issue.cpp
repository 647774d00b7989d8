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

}  // namespace dossier
