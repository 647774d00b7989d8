#include "core/Error.h"

namespace dossier {

const char* ToString(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidUsage:
            return "invalid_usage";
        case ErrorCode::InvalidConfig:
            return "invalid_config";
        case ErrorCode::MissingResource:
            return "missing_resource";
        case ErrorCode::Io:
            return "io";
        case ErrorCode::Ocr:
            return "ocr";
        case ErrorCode::Pdf:
            return "pdf";
        case ErrorCode::Signing:
            return "signing";
        case ErrorCode::Internal:
            return "internal";
    }
    return "internal";
}

}  // namespace dossier
