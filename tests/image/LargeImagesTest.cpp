#include "image/LargeImages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <opencv2/imgproc.hpp>

namespace dossier {
namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;

/// Installs the huge-page allocator for one test and puts OpenCV's back afterwards.
class LargeImages : public ::testing::Test {
  protected:
    void SetUp() override {
        previous_ = cv::Mat::getDefaultAllocator();
        UseHugePagesForLargeImages({.minBytes = std::size_t(1) << 20});
    }
    void TearDown() override { cv::Mat::setDefaultAllocator(previous_); }

  private:
    cv::MatAllocator* previous_ = nullptr;
};

TEST_F(LargeImages, ALargeImageGetsItsOwnAlignedMappingASmallOneOpenCvsAllocation) {
    cv::Mat large(1200, 1000, CV_8UC1);  // 1.2 MB
    ASSERT_NE(large.u, nullptr);
    EXPECT_NE(large.u->currAllocator, cv::Mat::getStdAllocator());
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data) % kHugePage, 0u);

    cv::Mat small(100, 100, CV_8UC1);
    EXPECT_EQ(small.u->currAllocator, cv::Mat::getStdAllocator());

    std::vector<uchar> pixels(2000 * 1000, 7);
    cv::Mat wrapped(2000, 1000, CV_8UC1, pixels.data());  // the caller's memory stays the caller's
    EXPECT_EQ(wrapped.data, pixels.data());
}

TEST_F(LargeImages, ImagesInTheMappingComputeAsAnyOther) {
    cv::Mat page(1754, 1240, CV_8UC1);
    cv::randu(page, 0, 256);
    cv::Mat reference;
    {
        // The same computation with OpenCV's own allocator, for comparison.
        cv::Mat::setDefaultAllocator(cv::Mat::getStdAllocator());
        cv::Mat copy = page.clone();
        cv::Scharr(copy, reference, CV_32F, 1, 0);
        UseHugePagesForLargeImages({.minBytes = std::size_t(1) << 20});
    }
    cv::Mat gradient;
    cv::Scharr(page, gradient, CV_32F, 1, 0);
    EXPECT_NE(gradient.u->currAllocator, cv::Mat::getStdAllocator());
    EXPECT_EQ(cv::norm(gradient, reference, cv::NORM_INF), 0.0);

    // A view shares the mapping and keeps it alive after the image is gone.
    cv::Mat corner = gradient(cv::Rect(0, 0, 10, 10));
    const float before = corner.at<float>(5, 5);
    gradient.release();
    EXPECT_EQ(corner.at<float>(5, 5), before);
    cv::Mat larger;
    cv::resize(page, larger, cv::Size(), 2.0, 2.0, cv::INTER_LINEAR);
    EXPECT_EQ(larger.size(), cv::Size(2480, 3508));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(larger.data) % kHugePage, 0u);
}

}  // namespace
}  // namespace dossier
