// The 35 x 45 photo through the whole case: glued into the application form's photo box, missing
// from it, or one of several on a print sheet. OCR is simulated; the photo search is real.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "pipeline/ProcessCase.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/fixtures/PhotoFixtures.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
namespace fx = fixtures;

// Reads the application form's text on A4 pages and nothing on anything smaller (photos, sheets),
// as Tesseract would on the fixtures.
class FormTextEngine final : public OcrEngine {
  public:
    explicit FormTextEngine(std::string text) : text_(std::move(text)) {}
    OcrText Recognize(const cv::Mat& gray, double dpi) override {
        OcrText result;
        if (dpi <= 0 || gray.rows / dpi * 25.4 < 250) return result;
        OcrLine line;
        line.box = cv::Rect(gray.cols / 10, gray.rows / 10, gray.cols * 6 / 10, gray.rows / 30 + 1);
        line.baselineStart = cv::Point2f(float(line.box.x), float(line.box.br().y));
        line.baselineEnd = cv::Point2f(float(line.box.br().x), float(line.box.br().y));
        line.ascent = float(line.box.height);
        line.words.push_back(OcrWord{text_, line.box, 90.f});
        result.blocks.emplace_back().lines.push_back(line);
        result.text = text_;
        result.meanConfidence = 90.0;
        result.languages = {"rus"};
        return result;
    }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat&, double) override {
        return OrientationGuess{0, 30.f};
    }

  private:
    std::string text_;
};

const fx::GeneratedDocument& Form() {
    static const fx::GeneratedDocument form = fx::MakeDocument({"application_form", "ru", 3});
    return form;
}

cv::Mat CompliantPhoto() {
    return fx::MakePhoto(fx::PhotoFraming{});
}

// The first page of the generated application form, with its photo box holding `photo`.
cv::Mat FormPage(const cv::Mat& photo, cv::Rect* photoRect = nullptr) {
    return fx::WithPhotoBox(fx::RenderDocumentPage(Form(), 0, 5), photo, 300, photoRect);
}

Case Process(const std::string& name, const std::vector<std::pair<std::string, cv::Mat>>& files) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "process_case_photo" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [file, image] : files)
        fx::WriteFile((dir / file).string(), fx::EncodeJpeg(image, 90, 300));
    Config config = DefaultConfig();
    config.applicationDate = Date{2026, 11, 20};
    config.jobs = 1;
    const std::string text = Form().pageTexts.at(0);
    const auto engines = [text] {
        return std::unique_ptr<OcrEngine>(std::make_unique<FormTextEngine>(text));
    };
    RunContext run(config, engines);
    return ProcessCase(dir, fs::path(DOSSIER_TEST_WORK_DIR) / "process_case_photo_out", run)
        .caseData;
}

const ChecklistEntry& Item(const Case& c, const std::string& item) {
    for (const auto& entry : c.checklist)
        if (entry.item == item) return entry;
    throw std::runtime_error("no checklist item " + item);
}

// nullopt when no document holds the file's pages.
std::optional<DocumentType> TypeOfFile(const Case& c, const std::string& file) {
    for (const auto& document : c.documents)
        for (int index : document.pageIndexes)
            if (c.pages.at(static_cast<size_t>(index)).file == file) return document.type;
    return std::nullopt;
}

std::string Describe(const PhotoCheck& check) {
    std::string text;
    for (const auto& m : check.checks)
        text += "  " + m.code + " " + (m.ok ? (*m.ok ? "pass" : "FAIL") : "review") + " " +
                std::to_string(m.value) + " (" + m.expected + ") " + m.note + "\n";
    return text;
}

TEST(ProcessCasePhoto, FindsAndJudgesThePhotoGluedIntoTheApplicationForm) {
    cv::Rect truth;
    const cv::Mat page = FormPage(CompliantPhoto(), &truth);
    const Case c = Process("form_with_photo", {{"form.jpg", page}});
    ASSERT_EQ(TypeOfFile(c, "form.jpg"), DocumentType::ApplicationForm);
    ASSERT_TRUE(c.photo.has_value());
    SCOPED_TRACE(Describe(*c.photo));
    EXPECT_TRUE(c.photo->found);
    EXPECT_EQ(c.photo->file, "form.jpg");
    EXPECT_TRUE(c.photo->compliant);
    ASSERT_TRUE(c.photo->widthMm && c.photo->heightMm);
    EXPECT_NEAR(*c.photo->widthMm, 35, 1);
    EXPECT_NEAR(*c.photo->heightMm, 45, 1);
    EXPECT_NEAR(c.photo->x, truth.x, 8);
    EXPECT_NEAR(c.photo->y, truth.y, 8);
    // The form's photo counts as the package's photo.
    EXPECT_EQ(Item(c, "photo").status, ItemStatus::Present);
}

TEST(ProcessCasePhoto, AnEmptyPhotoBoxIsNoPhoto) {
    const Case c = Process("form_without_photo", {{"form.jpg", FormPage(cv::Mat())}});
    ASSERT_EQ(TypeOfFile(c, "form.jpg"), DocumentType::ApplicationForm);
    EXPECT_FALSE(c.photo && c.photo->found);
    EXPECT_EQ(Item(c, "photo").status, ItemStatus::Missing);
}

TEST(ProcessCasePhoto, ABadPhotoInTheFormMakesThePhotoItemInvalid) {
    fx::PhotoFraming framing;
    framing.headRatio = 0.5;
    const Case c = Process("form_with_bad_photo", {{"form.jpg", FormPage(fx::MakePhoto(framing))}});
    ASSERT_TRUE(c.photo && c.photo->found);
    EXPECT_FALSE(c.photo->compliant) << Describe(*c.photo);
    EXPECT_EQ(Item(c, "photo").status, ItemStatus::Invalid);
}

bool HasIssue(const Page& page, const std::string& code) {
    for (const auto& issue : page.issues)
        if (issue.code == code) return true;
    return false;
}

TEST(ProcessCasePhoto, APhotoFileCarriesNoScanQualityVerdictAndABlankSheetIsReportedBlank) {
    // The photo file holds no text, which on a scanned page would make it poor or blank; as the
    // photo it is judged by the photo check alone. The white sheet is a blank page, kept.
    const cv::Mat blank(3508, 2480, CV_8UC3, cv::Scalar(255, 255, 255));
    const Case c = Process(
        "photo_and_blank",
        {{"form.jpg", FormPage(cv::Mat())}, {"photo.jpg", CompliantPhoto()}, {"sheet.jpg", blank}});
    ASSERT_EQ(TypeOfFile(c, "photo.jpg"), DocumentType::Photo);
    for (const auto& page : c.pages) {
        SCOPED_TRACE(page.file);
        if (page.file == "photo.jpg") {
            EXPECT_TRUE(page.quality.checks.empty());
            EXPECT_EQ(page.quality.content, ContentVerdict::Legible);
            for (const char* code : {"poor_quality", "quality_doubtful", "blank_page"})
                EXPECT_FALSE(HasIssue(page, code)) << code;
        }
        if (page.file == "sheet.jpg") {
            EXPECT_TRUE(HasIssue(page, "blank_page"));
        }
    }
    EXPECT_EQ(Item(c, "photo").status, ItemStatus::Present);
}

TEST(ProcessCasePhoto, JudgesOneOfSeveralPhotosOnAPrintSheet) {
    const Case c = Process("photo_sheet", {{"form.jpg", FormPage(cv::Mat())},
                                           {"photos.jpg", fx::PhotoSheet(CompliantPhoto(), 300)}});
    ASSERT_TRUE(c.photo && c.photo->found);
    SCOPED_TRACE(Describe(*c.photo));
    EXPECT_EQ(c.photo->file, "photos.jpg");
    EXPECT_TRUE(c.photo->compliant);
    ASSERT_TRUE(c.photo->heightMm);
    EXPECT_NEAR(*c.photo->heightMm, 45, 1);
    EXPECT_NE(Item(c, "photo").status, ItemStatus::Missing);
    EXPECT_NE(Item(c, "photo").status, ItemStatus::Invalid);
}

}  // namespace
}  // namespace dossier
