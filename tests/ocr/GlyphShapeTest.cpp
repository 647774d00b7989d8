// The print's own shape as MRZ evidence: O and 0 look the same turned half a turn, blurred,
// slanted or not; D and Q do not.
#include <gtest/gtest.h>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "ocr/GlyphShape.h"

namespace dossier {
namespace {

/// `c` in OCR-B, ink bright, its capital 24 px high, in a patch 30 x 40, blurred by `sigma` and
/// slanted by `shear` (horizontal pixels per row).
cv::Mat Print(char c, double sigma, double shear) {
    auto font = cv::freetype::createFreeType2();
    font->loadFontData(DOSSIER_OCRB_FONT_FILE, 0);
    cv::Mat colour(40, 30, CV_8UC3, cv::Scalar::all(0)), gray;
    font->putText(colour, std::string(1, c), {6, 32}, 34, cv::Scalar::all(255), -1, cv::LINE_AA,
                  true);
    cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
    const cv::Mat slant = (cv::Mat_<double>(2, 3) << 1, shear, -shear * 20, 0, 1, 0);
    cv::warpAffine(gray, gray, slant, gray.size());
    if (sigma > 0) cv::GaussianBlur(gray, gray, cv::Size(0, 0), sigma);
    return gray;
}

double Symmetry(const cv::Mat& patch) {
    return PointSymmetry(patch, cv::Size(19, 28), 3);
}

TEST(GlyphShape, OAndZeroAreSymmetricAboutTheirCentreDAndQAreNot) {
    for (double sigma : {0.0, 1.0, 2.0})
        for (double shear : {-0.15, 0.0, 0.15}) {
            SCOPED_TRACE(testing::Message() << "blur " << sigma << " slant " << shear);
            EXPECT_GE(Symmetry(Print('O', sigma, shear)), 0.9);
            EXPECT_GE(Symmetry(Print('0', sigma, shear)), 0.9);
            EXPECT_LT(Symmetry(Print('D', sigma, shear)), 0.8);
            EXPECT_LT(Symmetry(Print('Q', sigma, shear)), 0.85);
        }
}

TEST(GlyphShape, ARegionOutsideThePatchOrWithoutContrastMeasuresNothing) {
    const cv::Mat blank(40, 30, CV_8U, cv::Scalar(200));
    EXPECT_EQ(PointSymmetry(blank, cv::Size(19, 28), 2), -1.0);
    EXPECT_EQ(PointSymmetry(Print('O', 0, 0), cv::Size(19, 60), 0), -1.0);
}

}  // namespace
}  // namespace dossier
