// Progress counters of a batch and their terminal status line.
#include "runs/Progress.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "core/Logging.h"
#include "ingest/Package.h"
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

std::string FormatDuration(double seconds) {
    const long total = static_cast<long>(seconds + 0.5);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, total / 60 % 60);
    else
        std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
    return text;
}

}  // namespace

int EstimatePageCount(const fs::path& caseDir) {
    int pages = 0;
    try {
        for (const auto& file : ListContentFiles(caseDir)) pages += EstimateFilePages(file);
    } catch (const std::exception&) {
        // Unreadable folders fail later with a proper error; the estimate just stays low.
    }
    return pages;
}

Progress::Progress(std::vector<int> estimatedPages, bool bar)
    : estimates_(std::move(estimatedPages)),
      counted_(estimates_.size(), 0),
      done_(estimates_.size(), false),
      start_(std::chrono::steady_clock::now()) {
    for (const int pages : estimates_) pagesTotal_ += pages;
    if (bar && IsStderrTerminal()) drawer_ = std::thread([this] { Draw(); });
}

Progress::~Progress() {
    Finish();
}

void Progress::OnPages(std::size_t index, int pagesSoFar) {
    std::lock_guard lock(mutex_);
    if (index >= estimates_.size() || done_[index]) return;
    const int capped = std::min(pagesSoFar, estimates_[index]);
    if (capped > counted_[index]) {
        pagesDone_ += capped - counted_[index];
        pagesWorked_ += capped - counted_[index];
        counted_[index] = capped;
    }
}

void Progress::OnCaseDone(std::size_t index, int pages, bool skipped, bool failed) {
    {
        std::lock_guard lock(mutex_);
        if (index >= estimates_.size() || done_[index]) return;
        done_[index] = true;
        ++casesDone_;
        if (failed) ++failures_;
        // A failed case's pages are done too: nothing more will happen to them in this run.
        const int actual = failed ? std::max(counted_[index], estimates_[index]) : pages;
        pagesTotal_ += actual - estimates_[index];
        pagesDone_ += actual - counted_[index];
        if (!skipped && !failed) pagesWorked_ += std::max(0, actual - counted_[index]);
        counted_[index] = actual;
    }
    wake_.notify_all();
}

std::string Progress::Line() const {
    std::lock_guard lock(mutex_);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = elapsed > 0 ? pagesWorked_ / elapsed : 0;
    const int cases = static_cast<int>(estimates_.size());
    const int width = 24;
    const int filled = pagesTotal_ > 0 ? std::min(width, pagesDone_ * width / pagesTotal_)
                                       : (cases > 0 ? casesDone_ * width / cases : width);
    std::string line = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
    char text[200];
    std::snprintf(
        text, sizeof text, "%d/%d packages  %d/%d pages  %.2f pages/s  ETA %s  failures %d",
        casesDone_, cases, pagesDone_, pagesTotal_, rate,
        rate > 0 ? FormatDuration((pagesTotal_ - pagesDone_) / rate).c_str() : "--", failures_);
    return line + text;
}

void Progress::Draw() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        ShowStatusLine(Line());
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(250));
    }
}

void Progress::Finish() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (drawer_.joinable()) {
        drawer_.join();
        ShowStatusLine(Line());
        ClearStatusLine();
    }
}

}  // namespace dossier
