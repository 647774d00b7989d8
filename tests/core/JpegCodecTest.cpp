#include "core/JpegCodec.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {
namespace {

// Blue left half, red right half, a gray band at the bottom: a channel swap or a flip shows.
cv::Mat ColourPicture() {
    cv::Mat image(96, 128, CV_8UC3, cv::Scalar(200, 40, 30));
    image(cv::Rect(64, 0, 64, 96)).setTo(cv::Scalar(30, 40, 200));
    image(cv::Rect(0, 80, 128, 16)).setTo(cv::Scalar(128, 128, 128));
    return image;
}

cv::Vec3b At(const cv::Mat& image, int x, int y) {
    return image.at<cv::Vec3b>(y, x);
}

TEST(JpegCodec, ColourRoundTripKeepsChannelOrderAndSize) {
    const cv::Mat picture = ColourPicture();
    cv::Mat decoded;
    std::string why;
    ASSERT_TRUE(DecodeJpeg(EncodeJpeg(picture, 95), decoded, why)) << why;
    ASSERT_EQ(decoded.type(), CV_8UC3);
    ASSERT_EQ(decoded.size(), picture.size());
    // Away from the edges, where 4:2:0 chroma blurs the colours into each other.
    for (const auto& [x, y] : {std::pair{16, 20}, {110, 20}, {64, 90}})
        for (int c = 0; c < 3; ++c)
            EXPECT_NEAR(At(decoded, x, y)[c], At(picture, x, y)[c], 8) << x << "," << y;
}

TEST(JpegCodec, GrayStaysOneChannel) {
    cv::Mat gray(50, 70, CV_8UC1, cv::Scalar(230));
    gray(cv::Rect(0, 0, 30, 20)).setTo(20);
    cv::Mat decoded;
    std::string why;
    ASSERT_TRUE(DecodeJpeg(EncodeJpeg(gray, 90), decoded, why)) << why;
    ASSERT_EQ(decoded.type(), CV_8UC1);
    EXPECT_NEAR(decoded.at<std::uint8_t>(5, 5), 20, 6);
    EXPECT_NEAR(decoded.at<std::uint8_t>(40, 60), 230, 6);
}

TEST(JpegCodec, InvertedCmykBecomesTheColourItPrints) {
    cv::Mat decoded;
    std::string why;
    // Full cyan, no magenta, yellow or black (inverted: 0 is full ink).
    ASSERT_TRUE(DecodeJpeg(fixtures::EncodeCmykJpeg(32, 16, {0, 255, 255, 255}), decoded, why))
        << why;
    ASSERT_EQ(decoded.type(), CV_8UC3);
    const cv::Vec3b cyan = At(decoded, 16, 8);
    EXPECT_GT(cyan[0], 240);  // blue
    EXPECT_GT(cyan[1], 240);  // green
    EXPECT_LT(cyan[2], 15);   // red
    ASSERT_TRUE(DecodeJpeg(fixtures::EncodeCmykJpeg(32, 16, {255, 255, 255, 0}), decoded, why))
        << why;
    EXPECT_LT(At(decoded, 16, 8)[0] + At(decoded, 16, 8)[1] + At(decoded, 16, 8)[2], 30);  // black
}

TEST(JpegCodec, CorruptDataIsRefusedWithAReason) {
    cv::Mat decoded;
    std::string why;
    EXPECT_FALSE(DecodeJpeg("", decoded, why));
    EXPECT_NE(why.find("corrupt"), std::string::npos);
    why.clear();
    std::string jpeg = EncodeJpeg(ColourPicture(), 90);
    // A start-of-frame that declares zero lines cannot be decoded.
    const size_t sof = jpeg.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    jpeg[sof + 5] = 0, jpeg[sof + 6] = 0;
    EXPECT_FALSE(DecodeJpeg(jpeg, decoded, why));
    EXPECT_FALSE(why.empty());
    EXPECT_FALSE(DecodeJpeg("\xFF\xD8\xFF\xE0 not a JPEG at all", decoded, why));
}

TEST(JpegCodec, DataEndingEarlyStillDecodesToItsFullSize) {
    // Noise makes the scan data most of the file, so that the cut falls inside it.
    cv::Mat noise(300, 400, CV_8UC3);
    cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
    const std::string jpeg = EncodeJpeg(noise, 90);
    cv::Mat decoded;
    std::string why;
    ASSERT_TRUE(DecodeJpeg(jpeg.substr(0, jpeg.size() / 2), decoded, why)) << why;
    EXPECT_EQ(decoded.size(), noise.size());
}

/// `jpeg` with an APP1 "Exif" segment after its SOI that holds, as EXIF thumbnails do, a whole
/// small JPEG of its own (start, scan and end markers).
std::string WithThumbnail(const std::string& jpeg) {
    std::string payload =
        std::string("Exif\0\0", 6) + std::string("\xFF\xD8\xFF\xDA\x00\x02\x11\x22\xFF\xD9", 10);
    const std::size_t length = payload.size() + 2;
    std::string segment = "\xFF\xE1";
    segment.push_back(static_cast<char>(length >> 8));
    segment.push_back(static_cast<char>(length & 0xFF));
    return jpeg.substr(0, 2) + segment + payload + jpeg.substr(2);
}

TEST(JpegCodec, HeaderFactsComeFromLibjpegUpToTheFirstScan) {
    const std::string jpeg = WithThumbnail(EncodeJpeg(ColourPicture(), 90));
    std::string why;
    const auto facts = ReadJpegHeaderFacts(jpeg, why);
    ASSERT_TRUE(facts) << why;
    EXPECT_EQ(facts->width, 128);
    EXPECT_EQ(facts->height, 96);
    EXPECT_EQ(facts->components, 3);
    EXPECT_EQ(facts->precision, 8);
    EXPECT_FALSE(facts->progressive);
    EXPECT_FALSE(facts->rgb);
    EXPECT_EQ(facts->exif.substr(0, 4), "Exif");
    // The image data starts after the thumbnail's own end marker, past the main scan's header.
    EXPECT_GT(facts->imageDataOffset, jpeg.find("\xFF\xD9"));
    EXPECT_LT(facts->imageDataOffset, jpeg.size());
    EXPECT_FALSE(ReadJpegHeaderFacts("\xFF\xD8\xFF\xC0\x00", why));
    EXPECT_FALSE(why.empty());
}

TEST(JpegCodec, EncodingRefusesPixelsItCannotWrite) {
    EXPECT_THROW(EncodeJpeg(cv::Mat(), 90), Error);
    EXPECT_THROW(EncodeJpeg(cv::Mat(10, 10, CV_16UC1, cv::Scalar(0)), 90), Error);
    EXPECT_THROW(EncodeJpeg(cv::Mat(10, 10, CV_8UC4, cv::Scalar(0)), 90), Error);
}

}  // namespace
}  // namespace dossier
