// What survives a crash: package content hashes, the per-case state file, the watch journal, and
// the staging/publishing of a case's output folder so that no half-written case is ever visible.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dossier {

/// Name of the state file inside each published case folder.
inline constexpr const char* kCaseStateFile = ".dossier-state.json";
/// Folder under the output root where cases are assembled before they are published.
inline constexpr const char* kStagingDir = ".dossier-staging";

/// SHA-256 over the names and contents of ListContentFiles (ingest/Package.h): equal hashes mean
/// equal packages.
/// Throws Error(Io) when a file cannot be read.
std::string HashPackage(const std::filesystem::path& caseDir);

/// What a finished case leaves in DIR/<case>/.dossier-state.json to decide whether it can be
/// skipped next time, and to rebuild the summary without reading report.json.
struct CaseState {
    std::string caseId;
    std::string inputHash;          ///< HashPackage of the input folder
    std::string configFingerprint;  ///< ConfigFingerprint of the effective configuration
    int version = 1;                ///< 1, then +1 whenever the package content changed
    std::string verdict;
    std::vector<std::string> missing, expired, invalid;  ///< checklist items by status
    int pages = 0;
    double seconds = 0;
    std::vector<std::string> outputs;  ///< file names in the case folder, e.g. case.pdf
    std::string finishedAt;            ///< ISO 8601 UTC
};

/// Reads DIR/<case>/.dossier-state.json; nullopt when absent or unreadable.
std::optional<CaseState> TryReadCaseState(const std::filesystem::path& caseOutDir);

/// Writes the state file atomically into `caseOutDir`.
void WriteCaseState(const std::filesystem::path& caseOutDir, const CaseState& state);

/// True when `caseOutDir` holds a state with this hash and fingerprint and every output it lists.
bool IsCaseUpToDate(const std::filesystem::path& caseOutDir, const std::string& inputHash,
                    const std::string& configFingerprint);

/// Publishes the fully written folder `staged` as `finalDir` in one atomic step (rename, or an
/// atomic exchange when `finalDir` exists), then removes the old folder and fsyncs the parent.
/// When `previousVersion` > 0 the old folder's top-level files are kept (hard links) under
/// `staged/versions/<previousVersion>/` before the exchange, together with its older versions.
void PublishCaseFolder(const std::filesystem::path& staged, const std::filesystem::path& finalDir,
                       int previousVersion);

/// Removes what a killed run can leave under `outRoot`: the staging folder and hidden temporary
/// files (".*.tmp-*") at the top level and one folder down. Returns how many entries it removed.
int RemoveStaleTempFiles(const std::filesystem::path& outRoot);

/// An exclusive lock on `outRoot` (flock on outRoot/.dossier.lock) so that two runs never write
/// the same output folder. Throws Error(InvalidUsage) when another process holds it.
class OutputLock {
  public:
    explicit OutputLock(const std::filesystem::path& outRoot);
    ~OutputLock();
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

  private:
    int fd_ = -1;
};

/// One event in the life of a package in `watch`, keyed by case id and content hash.
struct JournalEntry {
    std::string caseId;
    std::string inputHash;
    /// started | done | failed | archived | quarantined | duplicate | reset (a quarantined
    /// package submitted again gets a fresh set of attempts)
    std::string event;
    int attempt = 0;
    std::string error;  ///< for failed and quarantined
    std::string time;   ///< ISO 8601 UTC, filled in by Append when empty
};

/// What the journal knows about one (case id, content hash).
struct JournalRecord {
    int attempts = 0;       ///< "started" events, so a package that crashes the process counts too
    bool done = false;      ///< outputs durable
    bool finished = false;  ///< archived, quarantined or recognised as a duplicate
    bool quarantined = false;
    std::string lastError;
    std::string lastTime;  ///< time of the latest event
};

/// Append-only JSON-lines journal of watch events. Each append is fsynced; a line torn by a crash
/// is ignored when the journal is read back. Thread-safe.
class Journal {
  public:
    /// Opens (creating) `file` and reads the records it holds.
    explicit Journal(std::filesystem::path file);
    void Append(JournalEntry entry);
    /// The record of (caseId, inputHash); an empty record when the journal has none.
    JournalRecord Find(const std::string& caseId, const std::string& inputHash) const;
    /// Rewrites the file atomically with the latest event per key, dropping torn lines.
    void Compact();

  private:
    void Apply(const JournalEntry& entry);
    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, JournalRecord> records_;
    std::map<std::string, std::vector<JournalEntry>> history_;
};

/// Current time as ISO 8601 UTC, e.g. 2026-11-20T08:15:00Z.
std::string NowIsoUtc();

}  // namespace dossier
