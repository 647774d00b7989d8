// The effective configuration of a run: defaults, then the YAML file, then the command line.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "classify/Classifier.h"
#include "classify/Rules.h"
#include "core/Date.h"
#include "ingest/Ingest.h"
#include "ocr/MrzReader.h"
#include "ocr/OcrEngine.h"
#include "pdf/Signer.h"
#include "photo/PhotoCheck.h"
#include "prepare/Prepare.h"

namespace dossier {

struct WatchConfig {
    /// A package with no file change for this long is ready, in seconds (default: 5)
    double settleSeconds = 5.0;
    /// Attempts before a package is quarantined (default: 3)
    int maxAttempts = 3;
    /// First retry delay in seconds, doubled per attempt (default: 10)
    double retryDelaySeconds = 10.0;
    /// Poll the inbox instead of inotify, for network file systems (default: false)
    bool poll = false;
    /// Poll interval and status-file refresh, in seconds (default: 2)
    double intervalSeconds = 2.0;
};

/// Where a service's packages come from and go to; the command line overrides each.
struct FolderConfig {
    /// Folder of case folders for `batch` and `watch` (default: none, give INBOX)
    std::string inbox;
    /// Output root; each case goes to <out>/<case id>/ (default: none, give --out)
    std::string out;
    /// Archive root of `watch` (default: INBOX/../archive)
    std::string archive;
    /// Quarantine folder of `watch` (default: INBOX/../quarantine)
    std::string quarantine;
    /// Monitoring status JSON of `watch` (default: OUT/watch-status.json)
    std::string statusFile;
};

struct Config {
    /// Service when case.yaml names none (default: permanent-residence)
    std::string defaultService = "permanent-residence";
    /// Overrides every case's application date (default: the manifest's, else today)
    std::optional<Date> applicationDate;
    /// Worker threads; 0 means one per core (default: 0)
    int jobs = 0;
    /// Folder with service rules, vocabularies and thresholds (default: the installed models/)
    std::string modelsDir;
    /// Write names, document numbers and IINs into logs (default: false)
    bool logPii = false;
    IngestOptions ingest;
    PrepareOptions prepare;
    OcrOptions ocr;
    MrzOptions mrz;
    /// Photo thresholds; loaded from <modelsDir>/photo.yaml when the run starts
    PhotoOptions photo;
    ClassifyOptions classify;
    RulesOptions rules;
    /// Signing key and signature fields; no key means the case file is written unsigned
    SigningOptions signing;
    /// Look for faces on every page: evidence for the classifier and the photo check (default:
    /// true)
    bool findFaces = true;
    WatchConfig watch;
    FolderConfig folders;
    /// Where each setting came from ("default", the config file, "command line"), by key
    std::map<std::string, std::string> sources;

    /// Worker count with 0 resolved to the number of cores.
    int EffectiveJobs() const;
};

/// Defaults with modelsDir set to the installed models folder.
Config DefaultConfig();

/// Loads the option sets kept as model data (photo thresholds) from config.modelsDir.
/// Throws Error(InvalidConfig).
void LoadModelOptions(Config& config);

/// Applies a YAML configuration file over `config`. Unknown keys and bad values throw
/// Error(InvalidConfig) naming the key and the reason.
void ApplyConfigFile(Config& config, const std::filesystem::path& file);

/// The effective configuration as YAML, each value commented with its source.
std::string DescribeConfig(const Config& config);

/// A stable digest of every setting that changes a case's outputs (for resuming batches).
std::string ConfigFingerprint(const Config& config);

}  // namespace dossier
