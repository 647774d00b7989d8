// The effective configuration of a run: defaults, then the YAML file, then the command line.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/Date.h"
#include "ocr/OcrEngine.h"
#include "pipeline/Ingest.h"
#include "pipeline/Prepare.h"

namespace dossier {

struct SigningConfig {
    /// PKCS#12 file with key and certificate chain (default: none)
    std::string p12File;
    /// File holding the PKCS#12 password; else DOSSIER_SIGN_PASS (default: none)
    std::string passwordFile;
    /// PEM certificate (chain after the leaf) and PEM private key, instead of PKCS#12 (default:
    /// none)
    std::string certFile, keyFile;
    /// Signature reason and location written into the signature (default: see below)
    std::string reason = "dossier case file / іс қағазы / дело";
    std::string location = "Astana, KZ";
    /// "ETSI.CAdES.detached" or "adbe.pkcs7.detached" (default: ETSI.CAdES.detached)
    std::string subFilter = "ETSI.CAdES.detached";
    bool IsConfigured() const { return !p12File.empty() || !certFile.empty(); }
};

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
    SigningConfig signing;
    WatchConfig watch;
    /// Where each setting came from ("default", the config file, "command line"), by key
    std::map<std::string, std::string> sources;

    /// Worker count with 0 resolved to the number of cores.
    int EffectiveJobs() const;
};

/// Defaults with modelsDir set to the installed models folder.
Config DefaultConfig();

/// Applies a YAML configuration file over `config`. Unknown keys and bad values throw
/// Error(InvalidConfig) naming the key and the reason.
void ApplyConfigFile(Config& config, const std::filesystem::path& file);

/// The effective configuration as YAML, each value commented with its source.
std::string DescribeConfig(const Config& config);

/// A stable digest of every setting that changes a case's outputs (for resuming batches).
std::string ConfigFingerprint(const Config& config);

}  // namespace dossier
