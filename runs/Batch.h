// Batch runs: every case folder of an inbox, several at a time, resumable, with a summary.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/Config.h"
#include "pipeline/ProcessCase.h"
#include "runs/CaseState.h"

namespace dossier {

/// Processes one case folder into an output root; ProcessCase in production. Tests of the
/// scheduling and crash-safety replace it to make cases slow or fail on purpose.
using CaseProcessor = std::function<ProcessResult(const std::filesystem::path& caseDir,
                                                  const std::filesystem::path& outRoot,
                                                  RunContext& run, const CaseOptions& options)>;

/// How one case of a run ended.
struct CaseOutcome : CaseSummary {
    std::string caseId;
    std::string status;  ///< processed | skipped (up to date) | failed
    int version = 0;     ///< output version (1, 2... when the package content changed)
    std::string error;   ///< why it failed (Error code and message)
    std::string errorCode;
};

struct RunCaseOptions {
    /// Redo the case even when its inputs and configuration are unchanged (default: false)
    bool force = false;
    /// Fingerprint of the run's configuration; empty means ConfigFingerprint(run.config)
    /// (default: "")
    std::string configFingerprint;
    /// Pages of the case analysed at the same time; 0 means run.config.EffectiveJobs() (default: 0)
    int pageWorkers = 0;
    /// Called with the number of pages done so far, from the worker thread (default: none)
    std::function<void(int)> onPages;
    /// The case processor (default: ProcessCase)
    CaseProcessor processor;
};

/// Runs one case with crash safety: skips it when DIR/<case> is up to date, else processes it into
/// DIR/.dossier-staging/, writes its state file and publishes the folder atomically. A changed
/// package keeps the previous outputs under DIR/<case>/versions/<n>/. Never throws for a case that
/// fails: the outcome says why; earlier outputs stay as they were.
CaseOutcome RunCase(const std::filesystem::path& caseDir, const std::filesystem::path& outRoot,
                    RunContext& run, const RunCaseOptions& options = {});

struct BatchOptions {
    /// Cases processed at the same time; 0 means run.config.EffectiveJobs() (default: 0)
    int jobs = 0;
    /// Redo up-to-date cases (default: false)
    bool force = false;
    /// Draw a progress bar on a terminal stderr; otherwise one log line per case (default: true)
    bool progressBar = true;
    /// Set to stop taking new cases; cases in hand are finished (default: none)
    const std::atomic<bool>* stop = nullptr;
    /// The case processor (default: ProcessCase)
    CaseProcessor processor;
};

struct BatchResult {
    std::vector<CaseOutcome> cases;  ///< in inbox order
    int processed = 0, skipped = 0, failed = 0;
    double seconds = 0;
};

/// The case folders of `inbox` in name order: sub-folders that are not hidden and not symlinks.
/// Throws Error(InvalidUsage) when `inbox` is not a folder, Error(Io) when it cannot be read.
std::vector<std::filesystem::path> FindCaseFolders(const std::filesystem::path& inbox);

/// Processes every case folder of `inbox` into `outRoot`, `jobs` cases in parallel. When several
/// cases run at once each gets one page worker, because OCR of one page already fills a core; the
/// last cases of the run get the cores the others no longer use. Cleans what a
/// killed run left, then writes outRoot/summary.json and summary.csv atomically. Throws Error for
/// problems of the run itself (output not writable, another run holding the output).
BatchResult RunBatch(const std::filesystem::path& inbox, const std::filesystem::path& outRoot,
                     RunContext& run, const BatchOptions& options = {});

/// Writes outRoot/summary.json (schema dossier.summary/1) and outRoot/summary.csv atomically.
void WriteSummary(const std::filesystem::path& outRoot, const BatchResult& result);

}  // namespace dossier
