// The output root of a run: one run at a time (a lock), case folders assembled aside and
// published in one atomic step, and what a killed run left behind removed.
#pragma once

#include <filesystem>

namespace dossier {

/// Folder under the output root where cases are assembled before they are published.
inline constexpr const char* kStagingDir = ".dossier-staging";

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

}  // namespace dossier
