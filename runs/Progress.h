// Progress of a batch: packages and pages done of total, pages/s, ETA and failures, on a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dossier {

/// Pages a case folder will probably yield, cheaply: one per image, one per TIFF directory, the
/// page count of each PDF, none for case.yaml. Used for progress totals only.
int EstimatePageCount(const std::filesystem::path& caseDir);

/// Counters of a running batch, drawn as a status line on a terminal every quarter second.
/// Thread-safe: workers report into it.
class Progress {
  public:
    /// `estimatedPages` per case, in case order. `bar` false: no status line (log lines only).
    Progress(std::vector<int> estimatedPages, bool bar);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Case `index` has had `pagesSoFar` pages recognised (capped at its estimate until it ends).
    void OnPages(std::size_t index, int pagesSoFar);
    /// Case `index` ended with `pages` actual pages.
    void OnCaseDone(std::size_t index, int pages, bool skipped, bool failed);
    /// The status line as it would be drawn now.
    std::string Line() const;
    /// Stops drawing and leaves the last line on the terminal.
    void Finish();

  private:
    void Draw();
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<int> estimates_, counted_;
    std::vector<bool> done_;
    int casesDone_ = 0, failures_ = 0, pagesDone_ = 0, pagesTotal_ = 0;
    int pagesWorked_ = 0;  ///< pages recognised in this run (skipped cases excluded), for the rate
    std::chrono::steady_clock::time_point start_;
    bool stopping_ = false;
    std::thread drawer_;
};

}  // namespace dossier
