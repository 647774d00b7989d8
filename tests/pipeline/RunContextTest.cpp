// A run's context: what it loads once, and tools lent once per concurrent worker, not per case.
#include "pipeline/RunContext.h"

#include <gtest/gtest.h>

#include <atomic>

#include "core/Error.h"
#include "tests/fixtures/FakeOcrEngines.h"

namespace dossier {
namespace {

TEST(RunContext, LoadsOneEngineAtStartAndOneMorePerConcurrentWorker) {
    std::atomic<int> created{0};
    RunContext run(DefaultConfig(), [&] {
        ++created;
        return std::unique_ptr<OcrEngine>(std::make_unique<fixtures::FakeOcrEngine>());
    });
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(run.ocrEngines.IdleCount(), 1u);
    for (int caseNumber = 0; caseNumber < 5; ++caseNumber) {
        const auto a = run.ocrEngines.Lend();
        const auto b = run.ocrEngines.Lend();  // two workers at once
        const cv::Mat page(100, 100, CV_8UC1, cv::Scalar(255));
        EXPECT_NO_THROW(a->Recognize(page, 300));
        EXPECT_NO_THROW(b->DetectOrientation(page, 300));
    }
    EXPECT_EQ(created.load(), 2);
}

TEST(RunContext, ASigningKeyThatDoesNotLoadStopsTheRunBeforeAnyCase) {
    Config config = DefaultConfig();
    config.signing.p12File = "/nonexistent/key.p12";
    try {
        RunContext run(config, [] {
            return std::unique_ptr<OcrEngine>(std::make_unique<fixtures::FakeOcrEngine>());
        });
        ADD_FAILURE() << "a missing key must stop the run";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
    }
}

TEST(FaceCascades, EachConcurrentSearcherGetsItsOwnCascadeAndLaterOnesReuseIt) {
    FaceCascades cascades;
    const std::string path =
        std::string(DOSSIER_CASCADES_DIR) + "/" + FaceFinderOptions{}.faceCascade;
    const cv::CascadeClassifier* first = nullptr;
    {
        const auto a = cascades.Lend(path);
        const auto b = cascades.Lend(path);
        EXPECT_NE(&*a, &*b);  // detectMultiScale must not run on one cascade from two threads
        first = &*a;
    }
    const auto again = cascades.Lend(path);
    EXPECT_FALSE(again->empty());
    EXPECT_EQ(&*again, first);
    EXPECT_THROW(cascades.Lend("/nonexistent/cascade.xml"), Error);
}

}  // namespace
}  // namespace dossier
