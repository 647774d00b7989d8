// Orchestration of one case: ingest, prepare, OCR, MRZ, photo, classify, rules, case file, report.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/Case.h"
#include "pipeline/Config.h"

namespace dossier {

class OcrEngine;

/// Makes an OCR engine for a worker thread (Tesseract in production, fakes in tests).
using OcrEngineFactory = std::function<std::unique_ptr<OcrEngine>()>;

struct ProcessResult {
    Case caseData;
    std::filesystem::path outDir;  ///< DIR/<case id>
    bool caseFileWritten = false;
    bool receiptWritten = false;
};

/// Processes the case folder `caseDir` into `outRoot/<case id>/` (case.pdf, report.json,
/// receipt.pdf). Every output is written atomically; a failure leaves earlier outputs intact and
/// no partial file. Throws Error when the case cannot be processed.
/// Reads and validates the service rules and vocabularies under config.modelsDir, once per
/// process, so that broken model data stops a run before its first case. Throws
/// Error(InvalidConfig) naming the file and the problem.
void PreloadModels(const Config& config);

/// Loads the configured signing key (and its password) into config.signingKey, once, before the
/// first page of a run. Throws Error(InvalidConfig) for a missing file, a wrong password or a key
/// that does not match its certificate, so that process, batch and watch stop with exit status 2.
/// No key configured: nothing to do (case files are written unsigned).
void PreloadSigningKey(Config& config);

/// Frees the MRZ readers kept between cases. Call before the process exits: Tesseract's own
/// global caches must outlive every Tesseract instance.
void ReleasePooledTools();

ProcessResult ProcessCase(const std::filesystem::path& caseDir,
                          const std::filesystem::path& outRoot, const Config& config,
                          const OcrEngineFactory& engines);

}  // namespace dossier
