// Exit statuses of the dossier binary, decided in one place (INTERFACE.md).
#pragma once

#include "core/Error.h"

namespace dossier {

enum ExitStatus : int {
    kExitProcessed = 0,   ///< processed, whatever the verdict
    kExitCaseFailed = 1,  ///< a case could not be processed (or a signature is invalid)
    kExitBadUsage = 2,    ///< bad usage or configuration
};

inline int ExitStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidUsage:
        case ErrorCode::InvalidConfig:
            return kExitBadUsage;
        default:
            return kExitCaseFailed;
    }
}

}  // namespace dossier
