// Watch mode: stays running, processes each case folder once it is complete, archives or
// quarantines its input, and survives restarts without processing a package twice.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/Config.h"
#include "pipeline/ProcessCase.h"
#include "runs/Batch.h"

namespace dossier {

struct WatchOptions {
    /// Successful inputs move to <archiveDir>/<yyyy-mm-dd>/<case> (default: INBOX/../archive)
    std::filesystem::path archiveDir;
    /// Failed inputs move to <quarantineDir>/<case> with reason.txt (default: INBOX/../quarantine)
    std::filesystem::path quarantineDir;
    /// Monitoring status, JSON, refreshed every intervalSeconds (default: OUT/watch-status.json)
    std::filesystem::path statusFile;
    /// Journal of every package's events (default: OUT/watch-journal.jsonl)
    std::filesystem::path journalFile;
    /// No change for this long makes a package ready, in seconds (default: 5)
    double settleSeconds = 5.0;
    /// Attempts before a package is quarantined (default: 3)
    int maxAttempts = 3;
    /// First retry delay in seconds, doubled per attempt (default: 10)
    double retryDelaySeconds = 10.0;
    /// Poll the inbox instead of inotify, for network file systems (default: false)
    bool poll = false;
    /// Poll interval and status-file refresh, in seconds (default: 2)
    double intervalSeconds = 2.0;
    /// A settled package whose files still look truncated is processed anyway after this long, so
    /// that a broken file is reported instead of waited for forever, in seconds (default: 300)
    double incompleteTimeoutSeconds = 300.0;
    /// Return when nothing is left to process or wait for, instead of running on (default: false)
    bool exitWhenIdle = false;
    /// Set to stop after the package in hand, as SIGTERM does (default: none)
    const std::atomic<bool>* stop = nullptr;
    /// The case processor (default: ProcessCase)
    CaseProcessor processor;
};

/// The watch settings of `config` (watch.* keys) as options.
WatchOptions WatchOptionsFromConfig(const Config& config);

struct WatchStats {
    int processed = 0;   ///< packages whose outputs were written (or found up to date)
    int duplicates = 0;  ///< packages already processed with the same content
    int failures = 0;    ///< failed attempts
    int quarantined = 0;
};

/// Watches `inbox` until SIGTERM/SIGINT (or options.stop): finishes the package in hand, writes
/// the journal and status, and returns. Packages are processed one at a time with run.config.jobs
/// page workers. Throws Error(InvalidUsage) when `inbox` is not a folder and Error(Io) when it
/// cannot be read or the output cannot be written.
WatchStats RunWatch(const std::filesystem::path& inbox, const std::filesystem::path& outRoot,
                    RunContext& run, const WatchOptions& options);

}  // namespace dossier
