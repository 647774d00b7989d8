// The one exception type for failures that stop a run (as opposed to Issues, which are data).
#pragma once

#include <stdexcept>
#include <string>

namespace dossier {

/// Why a run stopped. The CLI maps each code to an exit status in one place (app/ExitCode.h).
enum class ErrorCode {
    InvalidUsage,     ///< bad command line
    InvalidConfig,    ///< configuration, model data or manifest that cannot be used
    MissingResource,  ///< tessdata, fonts, cascades or other installed data not found
    Io,               ///< input or output that cannot be read or written
    Ocr,              ///< the OCR engine failed
    Pdf,              ///< the case file could not be built or read
    Signing,          ///< key, certificate or signature failure
    Internal,         ///< a bug: an invariant did not hold
};

/// Thrown when a case (or the whole run) cannot go on; foreign errors are translated at the
/// adapter.
class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

  private:
    ErrorCode code_;
};

/// Stable lower-case name of an error code, for reports and logs.
const char* ToString(ErrorCode code);

}  // namespace dossier
