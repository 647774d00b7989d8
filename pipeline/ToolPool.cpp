// Engines lent from a pool and returned to it when the borrower is done.
#include "pipeline/ToolPool.h"

namespace dossier {

namespace {

class LentEngine final : public OcrEngine {
  public:
    explicit LentEngine(std::shared_ptr<ToolPool<OcrEngine>> pool)
        : pool_(std::move(pool)), engine_(pool_->Lend()) {}
    LentEngine(const LentEngine&) = delete;
    LentEngine& operator=(const LentEngine&) = delete;

    OcrText Recognize(const cv::Mat& gray, double dpi) override {
        return engine_->Recognize(gray, dpi);
    }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat& gray, double dpi) override {
        return engine_->DetectOrientation(gray, dpi);
    }

  private:
    std::shared_ptr<ToolPool<OcrEngine>> pool_;  // outlives engine_, which goes back to it
    ToolPool<OcrEngine>::Lent engine_;
};

}  // namespace

std::function<std::unique_ptr<OcrEngine>()> PooledEngineFactory(
    std::function<std::unique_ptr<OcrEngine>()> create) {
    auto pool = std::make_shared<ToolPool<OcrEngine>>(std::move(create));
    return [pool]() -> std::unique_ptr<OcrEngine> { return std::make_unique<LentEngine>(pool); };
}

}  // namespace dossier
