// The watch journal: an append-only record of what happened to each package, so that a watch
// that was killed knows, when it starts again, what it had done.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dossier {

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

}  // namespace dossier
