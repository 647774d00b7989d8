// Tests for core/Page: parking a page's pixels between stages gives them back bit for bit.
#include "core/Page.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "core/JpegCodec.h"

namespace dossier {
namespace {

cv::Mat Noise(int rows, int cols, int type) {
    cv::Mat pixels(rows, cols, type);
    cv::randu(pixels, cv::Scalar::all(0), cv::Scalar::all(256));
    return pixels;
}

TEST(PagePark, PixelsComeBackBitForBitAndOnlyTheCompressedCopyStays) {
    for (int type : {CV_8UC1, CV_8UC3}) {
        Page page;
        page.original = Noise(61, 47, type);
        const cv::Mat kept = page.original.clone();
        EXPECT_FALSE(page.IsParked());
        page.Park();
        EXPECT_TRUE(page.IsParked());
        EXPECT_TRUE(page.original.empty());
        EXPECT_EQ(page.OriginalSize(), cv::Size(47, 61));
        EXPECT_EQ(cv::norm(page.Upright(), kept, cv::NORM_INF), 0);  // decoded for the caller
        EXPECT_TRUE(page.IsParked());
        page.Unpark();
        ASSERT_FALSE(page.IsParked());
        EXPECT_EQ(page.original.type(), type);
        EXPECT_EQ(cv::norm(page.original, kept, cv::NORM_INF), 0);
        const auto deflated = page.parked->deflated;
        page.Park();  // parked before: the same copy, not compressed again
        EXPECT_EQ(page.parked->deflated, deflated);
    }
}

TEST(PagePark, AUniformPageParksInAFewBytes) {
    Page page;
    page.original = cv::Mat(3508, 2480, CV_8UC1, cv::Scalar(255));
    page.Park();
    ASSERT_TRUE(page.parked->deflated);
    EXPECT_LT(page.parked->deflated->size(), 100'000u);  // 8.7 MB of white
}

TEST(PagePark, APageThatIsItsJpegParksAsTheJpeg) {
    Page page;
    cv::Mat picture(48, 64, CV_8UC1, cv::Scalar(200));
    picture(cv::Rect(8, 8, 20, 10)).setTo(20);
    page.passThroughJpeg = EncodeJpeg(picture, 90);
    std::string why;
    ASSERT_TRUE(DecodeJpeg(page.passThroughJpeg, page.original, why));
    const cv::Mat kept = page.original.clone();
    page.preparation.rotationDegrees = 90;
    page.Park();
    EXPECT_FALSE(page.parked->deflated);  // nothing stored beside the JPEG
    EXPECT_EQ(page.Upright().size(), cv::Size(48, 64));
    page.Unpark();
    EXPECT_EQ(cv::norm(page.original, kept, cv::NORM_INF), 0);
}

TEST(PagePark, AnEmptyPageStaysEmpty) {
    Page page;
    page.Park();
    EXPECT_FALSE(page.IsParked());
    page.Unpark();
    EXPECT_TRUE(page.original.empty());
    EXPECT_TRUE(page.OriginalSize().empty());
}

TEST(PrintedSizeMm, FromThePreparedCopyAtTheFilesResolutionElseFromTheOriginal) {
    Page page;
    page.original = cv::Mat(300, 200, CV_8UC1, cv::Scalar(255));
    page.prepared = cv::Mat(200, 300, CV_8UC1, cv::Scalar(255));  // turned a quarter
    page.dpi = 254;
    EXPECT_NEAR(PrintedSizeMm(page).width, 30, 1e-9);
    EXPECT_NEAR(PrintedSizeMm(page).height, 20, 1e-9);
    page.dpiEstimated = true;  // then the resolution preparation measured, on the original
    page.quality.dpi = 127;
    EXPECT_NEAR(PrintedSizeMm(page).width, 40, 1e-9);
    EXPECT_NEAR(PrintedSizeMm(page).height, 60, 1e-9);
    page.quality.dpi = 0;
    page.dpi = 0;
    EXPECT_EQ(PrintedSizeMm(page), cv::Size2d(0, 0));  // no resolution: no size
}

}  // namespace
}  // namespace dossier
