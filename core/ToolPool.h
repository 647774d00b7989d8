// Expensive tools (OCR engines, MRZ readers, face cascades) kept alive between their users.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace dossier {

/// Idle tools waiting for the next worker. Loading Tesseract's models costs as much as reading a
/// page, so a batch creates at most one tool per concurrent worker and lends it out again. A tool
/// is held by one worker at a time; the pool itself is thread-safe.
template <class Tool>
class ToolPool {
  public:
    using Factory = std::function<std::unique_ptr<Tool>()>;
    explicit ToolPool(Factory create) : create_(std::move(create)) {}

    /// A tool that goes back to this pool when the borrower drops it. The pool must outlive it.
    class Lent {
      public:
        Lent() = default;
        Lent(ToolPool* pool, std::unique_ptr<Tool> tool) : pool_(pool), tool_(std::move(tool)) {}
        Lent(Lent&& other) noexcept = default;
        Lent& operator=(Lent&& other) noexcept {
            Return();
            pool_ = other.pool_;
            tool_ = std::move(other.tool_);
            return *this;
        }
        ~Lent() { Return(); }
        Tool& operator*() const { return *tool_; }
        Tool* operator->() const { return tool_.get(); }
        explicit operator bool() const { return tool_ != nullptr; }

      private:
        void Return() {
            if (pool_ && tool_) pool_->Give(std::move(tool_));
        }
        ToolPool* pool_ = nullptr;
        std::unique_ptr<Tool> tool_;
    };
    /// An idle tool, or a new one when every tool is lent out (created outside the lock).
    Lent Lend() { return Lent(this, Take()); }

    size_t IdleCount() const {
        std::lock_guard lock(mutex_);
        return idle_.size();
    }

  private:
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
    Factory create_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Tool>> idle_;
};

}  // namespace dossier
