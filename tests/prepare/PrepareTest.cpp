#include "prepare/Prepare.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "ocr/OcrEngine.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fx = fixtures;

namespace {

Page MakePage(const cv::Mat& pixels, double dpi) {
    Page page;
    page.file = "p.png";
    page.original = pixels;
    page.dpi = dpi;
    return page;
}

cv::Mat CleanPage(double dpi = 300) {
    fx::PageSpec spec;
    spec.dpi = dpi;
    spec.lines = fx::RussianSampleText();
    for (const auto& line : fx::EnglishSampleText()) spec.lines.push_back(line);
    return fx::RenderPage(spec);
}

bool Failed(const PageQuality& quality, const std::string& code) {
    for (const auto& check : quality.checks)
        if (check.code == code) return !check.ok;
    ADD_FAILURE() << "no check " << code;
    return false;
}

}  // namespace

TEST(Prepare, AUniformPageIsOnlyMeasured) {
    EXPECT_TRUE(IsUniform(cv::Mat(300, 200, CV_8UC1, cv::Scalar(255))));
    EXPECT_TRUE(IsUniform(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0))));
    EXPECT_TRUE(IsUniform(cv::Mat(5, 7, CV_8UC3, cv::Scalar(10, 200, 30))));
    cv::Mat dot(300, 200, CV_8UC3, cv::Scalar::all(255));
    dot.at<cv::Vec3b>(150, 100) = cv::Vec3b(255, 254, 255);
    EXPECT_FALSE(IsUniform(dot));

    Page page;
    page.original = cv::Mat(3508, 2480, CV_8UC1, cv::Scalar(255));
    page.dpi = 300;
    const PreparedPage prepared = PreparePage(page, nullptr);
    EXPECT_EQ(prepared.preparation.orientationBy, "");
    EXPECT_FALSE(prepared.preparation.deskewed);
    EXPECT_FALSE(prepared.quality.hasContent);
}

TEST(Prepare, CleanScanPassesEveryQualityCheck) {
    const PreparedPage prepared = PreparePage(MakePage(CleanPage(), 300), nullptr);
    EXPECT_TRUE(prepared.quality.ok) << prepared.quality.sharpness;
    EXPECT_EQ(prepared.dpi, 300);
    EXPECT_FALSE(prepared.dpiEstimated);
    EXPECT_FALSE(prepared.preparation.dewarped);
}

TEST(Prepare, FlagsEachKindOfPoorCopy) {
    const cv::Mat page = CleanPage();
    EXPECT_TRUE(Failed(MeasureQuality(fx::Blur(page, 3.0), 300, false), "blurry"));
    EXPECT_TRUE(Failed(MeasureQuality(fx::Exposure(page, 0.25, 0), 300, false), "too_dark"));
    EXPECT_TRUE(Failed(MeasureQuality(fx::Exposure(page, 0.08, 230), 300, false), "faint"));
    EXPECT_TRUE(Failed(MeasureQuality(page, 96, false), "low_resolution"));
    cv::Mat cut = page.clone();
    cv::rectangle(cut, cv::Rect(0, 0, cut.cols, cut.rows / 3), cv::Scalar(0), cv::FILLED);
    EXPECT_TRUE(Failed(MeasureQuality(cut, 300, false), "cut_off"));
    // The clean page fails none of them.
    for (const auto& check : MeasureQuality(page, 300, false).checks)
        EXPECT_TRUE(check.ok) << check.code;
}

TEST(Prepare, MeasuresAndRemovesSkew) {
    const PreparedPage prepared = PreparePage(MakePage(fx::Skew(CleanPage(), 3.0), 300), nullptr);
    EXPECT_NEAR(prepared.preparation.skewDegrees, 3.0, 0.3);
    EXPECT_TRUE(prepared.preparation.deskewed);
    // The residual skew of the prepared copy is small.
    const PreparedPage again = PreparePage(MakePage(prepared.prepared, 300), nullptr);
    EXPECT_LT(std::abs(again.preparation.skewDegrees), 0.3);
}

TEST(Prepare, SmallSkewIsMeasuredButLeftForTesseract) {
    const PreparedPage prepared = PreparePage(MakePage(fx::Skew(CleanPage(), 0.5), 300), nullptr);
    EXPECT_NEAR(prepared.preparation.skewDegrees, 0.5, 0.2);
    EXPECT_FALSE(prepared.preparation.deskewed);
}

TEST(Prepare, RectifiesAPhonePhotoAndEstimatesItsResolution) {
    std::vector<cv::Point2f> corners;
    const cv::Mat photo = fx::PhonePhoto(CleanPage(200), 7, &corners);
    const PreparedPage prepared = PreparePage(MakePage(photo, 0), nullptr);
    ASSERT_TRUE(prepared.preparation.dewarped);
    EXPECT_TRUE(prepared.dpiEstimated);
    const double aspect = static_cast<double>(prepared.prepared.rows) / prepared.prepared.cols;
    EXPECT_NEAR(aspect, 297.0 / 210.0, 0.02);
    // The page's corners map back onto the photographed corners.
    const cv::Matx33d& toUpright = prepared.preparation.preparedToUpright;
    const cv::Vec3d topLeft = toUpright * cv::Vec3d(0, 0, 1);
    EXPECT_NEAR(topLeft[0] / topLeft[2], corners[0].x, 8);
    EXPECT_NEAR(topLeft[1] / topLeft[2], corners[0].y, 8);
}

TEST(Prepare, ScanOfAFullPageIsNotMistakenForAPhoto) {
    const PreparedPage prepared = PreparePage(MakePage(CleanPage(), 0), nullptr);
    EXPECT_FALSE(prepared.preparation.dewarped);
    EXPECT_TRUE(prepared.dpiEstimated);
    EXPECT_NEAR(prepared.dpi, 300, 5);  // A4 assumption from the aspect ratio
}

TEST(Prepare, SeesWhichWayTextLinesRun) {
    for (const double dpi : {150.0, 300.0}) {
        const cv::Mat page = CleanPage(dpi);
        EXPECT_EQ(TextLineDirection(page, dpi), LineDirection::Across) << dpi;
        EXPECT_EQ(TextLineDirection(fx::RotateQuarter(page, 180), dpi), LineDirection::Across);
        EXPECT_EQ(TextLineDirection(fx::RotateQuarter(page, 90), dpi), LineDirection::Down);
        EXPECT_EQ(TextLineDirection(fx::RotateQuarter(page, 270), dpi), LineDirection::Down);
    }
    // Real document layouts (forms with boxes, certificates, passport pages) and a skewed scan.
    for (const char* type : {"application_form", "passport", "criminal_record_certificate"}) {
        const auto doc = fx::MakeDocument(fx::DocumentParams{type, "ru", 3});
        const cv::Mat page = fx::Skew(fx::RenderDocumentPage(doc, 0, 3), 1.5);
        EXPECT_EQ(TextLineDirection(page, 300), LineDirection::Across) << type;
        EXPECT_EQ(TextLineDirection(fx::RotateQuarter(page, 90), 300), LineDirection::Down) << type;
    }
}

TEST(Prepare, PagesWithoutLinesAreLeftToOrientationDetection) {
    const cv::Mat blank(3508, 2480, CV_8U, cv::Scalar(255));
    EXPECT_EQ(TextLineDirection(blank, 300), LineDirection::Unclear);
    cv::Mat shapes = blank.clone();
    for (int i = 0; i < 6; ++i)
        cv::circle(shapes, {400 + i * 300, 1000 + (i % 2) * 700}, 120, cv::Scalar(0), cv::FILLED);
    EXPECT_EQ(TextLineDirection(shapes, 300), LineDirection::Unclear);
}

namespace {

// Reads with a scripted confidence per call, to drive ReadUpright's decision.
class ScriptedConfidenceEngine final : public OcrEngine {
  public:
    explicit ScriptedConfidenceEngine(std::vector<double> confidences)
        : confidences_(std::move(confidences)) {}
    OcrText Recognize(const cv::Mat& gray, double) override {
        OcrText text;
        OcrLine line;
        line.box = cv::Rect(0, 0, gray.cols, 10);
        OcrBlock block;
        block.lines.push_back(line);
        text.blocks.push_back(block);
        text.meanConfidence = confidences_.at(calls++);
        return text;
    }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat&, double) override {
        return std::nullopt;
    }
    size_t calls = 0;

  private:
    std::vector<double> confidences_;
};

Page PreparedTextPage() {
    Page page = MakePage(CleanPage(150), 150);
    ApplyPreparation(page, PreparePage(page, nullptr));
    return page;
}

}  // namespace

TEST(Prepare, APageOsdTurnedUpsideDownIsReadAsScannedTooAndTheSurerReadingKept) {
    // OSD turned the page over; the reading that way is good enough not to be retried otherwise.
    auto osdTurnedOver = [] {
        Page page = PreparedTextPage();
        TurnHalfAround(page);
        page.preparation.orientationBy = "osd";
        return page;
    };
    const cv::Mat asScanned = PreparedTextPage().prepared;
    Page wrong = osdTurnedOver();
    ScriptedConfidenceEngine asScannedReadsBetter({72, 75});
    EXPECT_EQ(ReadUpright(wrong, asScannedReadsBetter).meanConfidence, 75);
    EXPECT_EQ(wrong.preparation.rotationDegrees, 0);
    EXPECT_EQ(wrong.preparation.orientationBy, "reading");
    EXPECT_EQ(cv::norm(wrong.prepared, asScanned, cv::NORM_INF), 0);

    Page right = osdTurnedOver();
    ScriptedConfidenceEngine turnedReadsBetter({80, 40});
    EXPECT_EQ(ReadUpright(right, turnedReadsBetter).meanConfidence, 80);
    EXPECT_EQ(turnedReadsBetter.calls, 2u);
    EXPECT_EQ(right.preparation.rotationDegrees, 180);
    EXPECT_EQ(right.preparation.orientationBy, "osd");
}

TEST(Prepare, APoorReadingIsTriedUpsideDownAndTheBetterOneKept) {
    Page page = PreparedTextPage();
    const cv::Mat before = page.prepared.clone();
    ScriptedConfidenceEngine turnedReadsBetter({30, 85});
    EXPECT_EQ(ReadUpright(page, turnedReadsBetter).meanConfidence, 85);
    EXPECT_EQ(page.preparation.rotationDegrees, 180);
    EXPECT_EQ(page.preparation.orientationBy, "reading");
    cv::Mat turnedBack;
    cv::rotate(page.prepared, turnedBack, cv::ROTATE_180);
    EXPECT_EQ(cv::norm(turnedBack, before, cv::NORM_INF), 0);

    Page unsure = PreparedTextPage();
    ScriptedConfidenceEngine bothPoor({30, 35});
    EXPECT_EQ(ReadUpright(unsure, bothPoor).meanConfidence, 30);
    EXPECT_EQ(unsure.preparation.rotationDegrees, 0);
    EXPECT_EQ(cv::norm(unsure.prepared, before, cv::NORM_INF), 0);

    Page good = PreparedTextPage();
    ScriptedConfidenceEngine readsWell({88});
    ReadUpright(good, readsWell);
    EXPECT_EQ(readsWell.calls, 1u);  // a confident reading is not read again
    EXPECT_EQ(good.preparation.rotationDegrees, 0);
}

namespace {

// An OCR result of `words` words, `confident` of them read with confidence 90 and the rest 30,
// laid out in rows of ten; `atBorder` of them start at the left edge.
OcrText ReadWords(int words, int confident, int atBorder = 0) {
    OcrText text;
    text.blocks.emplace_back();
    OcrLine line;
    for (int i = 0; i < words; ++i) {
        OcrWord word;
        word.text = "word";
        const int x = i < atBorder ? 0 : 100 + (i % 10) * 150;
        word.box = cv::Rect(x, 100 + (i / 10) * 60, 120, 40);
        word.confidence = i < confident ? 90.f : 30.f;
        line.words.push_back(word);
    }
    text.blocks.back().lines.push_back(line);
    return text;
}

PageQuality Measured(const cv::Mat& page) {
    return MeasureQuality(page, 300, false);
}

}  // namespace

TEST(JudgeContent, ALegiblePageIsNeverAPoorCopyWhateverItsMeasures) {
    const cv::Mat page = CleanPage();
    PageQuality quality = Measured(fx::Blur(page, 3.0));
    ASSERT_TRUE(Failed(quality, "blurry"));
    JudgeContent(quality, ReadWords(40, 38), page.size());
    EXPECT_EQ(quality.content, ContentVerdict::Legible);
    EXPECT_TRUE(quality.ok);
    // The measure stays in the report for the reviewer.
    EXPECT_TRUE(Failed(quality, "blurry"));
    EXPECT_EQ(quality.confidentWords, 38);
}

TEST(JudgeContent, AFailedMeasureIsAPoorCopyOnlyWhenTheTextWasNotRead) {
    const cv::Mat page = CleanPage();
    // (confident words of 30, verdict): next to nothing read is proof, half read is a doubt.
    const std::pair<int, ContentVerdict> cases[] = {{1, ContentVerdict::Poor},
                                                    {10, ContentVerdict::Doubtful}};
    for (const auto& [confident, verdict] : cases) {
        PageQuality quality = Measured(fx::Blur(page, 3.0));
        JudgeContent(quality, ReadWords(30, confident), page.size());
        EXPECT_EQ(quality.content, verdict) << confident;
        EXPECT_EQ(quality.ok, verdict != ContentVerdict::Poor) << confident;
    }
}

TEST(JudgeContent, AGoodImageIsLegibleEvenWhenItsTextReadsPoorly) {
    const cv::Mat page = CleanPage();
    PageQuality quality = Measured(page);
    JudgeContent(quality, ReadWords(30, 2), page.size());
    EXPECT_EQ(quality.content, ContentVerdict::Legible);
}

TEST(JudgeContent, TextRunningIntoTheBorderIsCutOff) {
    const cv::Mat page = CleanPage();
    cv::Mat cut = page.clone();
    cv::rectangle(cut, cv::Rect(0, 0, cut.cols / 40, cut.rows), cv::Scalar(0), cv::FILLED);
    PageQuality quality = Measured(cut);
    ASSERT_TRUE(Failed(quality, "cut_off"));
    JudgeContent(quality, ReadWords(30, 12, 6), page.size());
    EXPECT_EQ(quality.content, ContentVerdict::Poor);
    EXPECT_EQ(quality.wordsAtBorder, 6);
    // The same outline with no words at the border (a table edge in a phone photo) is no proof.
    PageQuality outline = Measured(cut);
    JudgeContent(outline, ReadWords(30, 12), page.size());
    EXPECT_EQ(outline.content, ContentVerdict::Doubtful);
}

TEST(JudgeContent, ABlankBackSideIsBlankNotFaint) {
    cv::Mat backSide(3508, 2480, CV_8UC1, cv::Scalar(235));
    // A shadow of the other side's print showing through.
    cv::Mat shadow = fx::Exposure(CleanPage(), 0.05, 235);
    cv::min(backSide, shadow, backSide);
    PageQuality quality = Measured(backSide);
    JudgeContent(quality, ReadWords(1, 0), backSide.size());
    EXPECT_EQ(quality.content, ContentVerdict::Blank);
    EXPECT_TRUE(quality.ok);
    PageQuality white = Measured(cv::Mat(3508, 2480, CV_8UC1, cv::Scalar(250)));
    JudgeContent(white, OcrText{}, backSide.size());
    EXPECT_EQ(white.content, ContentVerdict::Blank);
}

}  // namespace dossier
