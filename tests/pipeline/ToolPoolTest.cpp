// Engines and readers are created once per concurrent worker and reused by later cases.
#include "pipeline/ToolPool.h"

#include <gtest/gtest.h>

#include <atomic>

#include "tests/fixtures/FakeOcrEngines.h"

namespace dossier {
namespace {

TEST(ToolPool, PooledEnginesGoBackWhenDroppedAndStillRecognise) {
    std::atomic<int> created{0};
    const auto engines = PooledEngineFactory([&] {
        ++created;
        return std::unique_ptr<OcrEngine>(std::make_unique<fixtures::FakeOcrEngine>());
    });
    for (int caseNumber = 0; caseNumber < 5; ++caseNumber) {
        auto a = engines();
        auto b = engines();  // two workers at once
        const cv::Mat page(100, 100, CV_8UC1, cv::Scalar(255));
        EXPECT_NO_THROW(a->Recognize(page, 300));
        EXPECT_NO_THROW(b->DetectOrientation(page, 300));
    }
    EXPECT_EQ(created.load(), 2);
}

}  // namespace
}  // namespace dossier
