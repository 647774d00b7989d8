// What every subcommand of the dossier binary shares: common options and how commands register.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "pipeline/Config.h"
#include "pipeline/ProcessCase.h"
#include "pipeline/RunContext.h"

namespace dossier {

struct CommonOptions {
    std::string configFile;       ///< --config
    std::string service;          ///< --service
    std::string applicationDate;  ///< --application-date (YYYY-MM-DD)
    bool json = false;            ///< --json: machine output on stdout
    bool quiet = false;
    bool verbose = false;
    bool logPii = false;  ///< --log-pii
    int jobs = 0;         ///< --jobs: worker threads (0 = one per core)
    /// --sign-p12, --sign-pass-file, --sign-cert, --sign-key: the signing key, over the config.
    /// The password itself is never an option: a file or DOSSIER_SIGN_PASS.
    std::string signP12, signPassFile, signCert, signKey;
    /// --ocr-engine: "tesseract", or "none" for image-only case files (fast triage and tests)
    std::string ocrEngine = "tesseract";
    /// Set by a command's callback: 0 processed, 1 a case could not be processed. Usage and
    /// configuration errors are thrown as dossier::Error and mapped in main().
    int exitStatus = 0;
};

/// Adds --config, --service, --application-date, --json, --quiet, --verbose, --log-pii, --jobs and
/// the hidden --ocr-engine to a subcommand.
void AddCommonOptions(CLI::App& command, CommonOptions& common);

/// Defaults, then the --config file, then the command line; validated. Throws Error(InvalidConfig).
Config ResolveConfig(const CommonOptions& common);

/// The folder given on the command line, else the configured one. Throws Error(InvalidUsage)
/// naming `what` when neither says.
std::string FolderOption(const std::string& given, const std::string& configured,
                         const std::string& what);

/// The OCR engine factory the options ask for. Throws Error(InvalidUsage) for an unknown engine.
OcrEngineFactory MakeEngineFactory(const Config& config, const CommonOptions& common);

/// Resolves the configuration and builds the run's context, which loads what every case needs
/// before the first page: the models, the signing key (a wrong key or password stops here) and one
/// OCR engine (a language that does not load stops here, not in every case). Throws Error.
std::unique_ptr<RunContext> StartRun(const CommonOptions& common);

/// Each command lives in its own file and adds itself to the app.
void AddProcessCommand(CLI::App& app, CommonOptions& common);
void AddBatchCommand(CLI::App& app, CommonOptions& common);
void AddWatchCommand(CLI::App& app, CommonOptions& common);
void AddVerifyCommand(CLI::App& app, CommonOptions& common);
void AddKeygenCommand(CLI::App& app, CommonOptions& common);
void AddPhotoCommand(CLI::App& app, CommonOptions& common);
void AddMrzCommand(CLI::App& app, CommonOptions& common);
void AddConfigCommand(CLI::App& app, CommonOptions& common);

}  // namespace dossier
