// Log set-up shared by every command: plain or JSON lines on stderr, levels, PII redaction, status
// line.
#pragma once

#include <string>
#include <string_view>

namespace dossier {

struct LoggingOptions {
    /// "plain" (human readable) or "json" (one JSON object per line) (default: plain)
    std::string format = "plain";
    /// Warnings and errors only (default: false)
    bool quiet = false;
    /// Debug messages too, e.g. one line per stage (default: false)
    bool verbose = false;
    /// Allow names, document numbers and IINs in logs (default: false)
    bool logPii = false;
};

/// Replaces the default spdlog logger with one writing to stderr in the chosen format. Throws
/// Error(InvalidUsage) for an unknown format.
void SetUpLogging(const LoggingOptions& options);

/// True when --log-pii was given.
bool IsPiiLoggingEnabled();

/// `value` when PII logging is enabled, else a fixed placeholder: wrap every personal datum.
std::string Pii(std::string_view value);

/// Keeps `line` (e.g. a progress bar) as the last line of a terminal stderr, redrawn below every
/// log message. Does nothing when stderr is not a terminal.
void ShowStatusLine(std::string_view line);

/// Removes the status line and ends it with a newline, so that later output starts clean.
void ClearStatusLine();

/// True when stderr is a terminal.
bool IsStderrTerminal();

}  // namespace dossier
