// Engines lent from a pool and returned to it when the borrower is done.
#include "pipeline/ToolPool.h"

namespace dossier {

namespace {

class LentEngine final : public OcrEngine {
  public:
    LentEngine(std::shared_ptr<ToolPool<OcrEngine>> pool, std::unique_ptr<OcrEngine> engine)
        : pool_(std::move(pool)), engine_(std::move(engine)) {}
    ~LentEngine() override { pool_->Give(std::move(engine_)); }
    LentEngine(const LentEngine&) = delete;
    LentEngine& operator=(const LentEngine&) = delete;

    OcrText Recognize(const cv::Mat& gray, double dpi) override {
        return engine_->Recognize(gray, dpi);
    }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat& gray, double dpi) override {
        return engine_->DetectOrientation(gray, dpi);
    }

  private:
    std::shared_ptr<ToolPool<OcrEngine>> pool_;
    std::unique_ptr<OcrEngine> engine_;
};

}  // namespace

std::function<std::unique_ptr<OcrEngine>()> PooledEngineFactory(
    std::function<std::unique_ptr<OcrEngine>()> create) {
    auto pool = std::make_shared<ToolPool<OcrEngine>>(std::move(create));
    return [pool]() -> std::unique_ptr<OcrEngine> {
        return std::make_unique<LentEngine>(pool, pool->Take());
    };
}

}  // namespace dossier
