// Keeps expensive per-thread tools (OCR engines, MRZ readers) alive from one case to the next.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "ocr/OcrEngine.h"

namespace dossier {

/// Idle tools waiting for the next worker. Loading Tesseract's models costs as much as reading a
/// page, so a batch creates at most one tool per concurrent worker and lends it out again. A tool
/// is held by one worker at a time; the pool itself is thread-safe.
template <class Tool>
class ToolPool {
  public:
    using Factory = std::function<std::unique_ptr<Tool>()>;
    explicit ToolPool(Factory create) : create_(std::move(create)) {}

    /// An idle tool, or a new one when every tool is lent out.
    std::unique_ptr<Tool> Take() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                std::unique_ptr<Tool> tool = std::move(idle_.back());
                idle_.pop_back();
                return tool;
            }
        }
        return create_();  // outside the lock: creation is the slow part
    }
    void Give(std::unique_ptr<Tool> tool) {
        if (!tool) return;
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(tool));
    }
    size_t IdleCount() const {
        std::lock_guard lock(mutex_);
        return idle_.size();
    }

  private:
    Factory create_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Tool>> idle_;
};

/// A factory whose engines go back to a shared pool when the caller drops them, instead of being
/// destroyed: every case of a batch reuses the engines the earlier cases loaded.
std::function<std::unique_ptr<OcrEngine>()> PooledEngineFactory(
    std::function<std::unique_ptr<OcrEngine>()> create);

}  // namespace dossier
