// Orchestration of one case: ingest, prepare, OCR, MRZ, photo, classify, rules, case file, report.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/Case.h"
#include "pipeline/RunContext.h"

namespace dossier {

struct ProcessResult {
    Case caseData;
    std::filesystem::path outDir;  ///< DIR/<case id>
    bool caseFileWritten = false;
    bool receiptWritten = false;
};

/// What may differ between the cases of one run.
struct CaseOptions {
    /// Pages analysed at the same time; 0 means run.config.EffectiveJobs() (default: 0)
    int pageWorkers = 0;
    /// Called from a page worker after each page, with the number of pages done so far (default:
    /// none)
    std::function<void(int pagesDone)> onPageDone;
};

/// Processes the case folder `caseDir` into `outRoot/<case id>/` (case.pdf, report.json,
/// receipt.pdf) with the models, key and tools of `run`. Every output is written atomically; a
/// failure leaves earlier outputs intact and no partial file. Throws Error when the case cannot be
/// processed.
ProcessResult ProcessCase(const std::filesystem::path& caseDir,
                          const std::filesystem::path& outRoot, RunContext& run,
                          const CaseOptions& options = {});

}  // namespace dossier
