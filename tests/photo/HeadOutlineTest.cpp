// Crown and chin measured on real portraits against hand marks (tests/fixtures/portraits), and the
// head-height decision on 35 x 45 crops of them at framings from far too small to far too large.
#include "photo/HeadOutline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <sstream>

#include "photo/PhotoCheck.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

struct Portrait {
    std::string file;
    double crown = 0, chin = 0;  ///< marked by hand, image rows
    bool holdout = false;        ///< never used to choose a threshold
};

fs::path PortraitDir() {
    return fs::path(DOSSIER_SOURCE_DIR) / "tests" / "fixtures" / "portraits";
}

std::vector<Portrait> Portraits() {
    std::ifstream in(PortraitDir() / "labels.tsv");
    std::vector<Portrait> portraits;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        Portrait p;
        std::string set;
        fields >> p.file >> p.crown >> p.chin >> set;
        if (!fields || (set != "tune" && set != "holdout"))
            throw std::runtime_error("labels.tsv: bad line: " + line);
        p.holdout = set == "holdout";
        portraits.push_back(p);
    }
    return portraits;
}

cv::Mat Load(const Portrait& p) {
    cv::Mat image = cv::imread((PortraitDir() / p.file).string(), cv::IMREAD_COLOR);
    if (image.empty()) throw std::runtime_error("cannot read " + p.file);
    return image;
}

const PhotoMeasure& Find(const PhotoCheck& check, const std::string& code) {
    for (const auto& m : check.checks)
        if (m.code == code) return m;
    throw std::runtime_error("no check " + code);
}

// Errors in % of the hand-marked head height, over the portraits where the end was measured.
struct EdgeErrors {
    int total = 0, measured = 0;
    std::vector<double> errors;
    double Median() const {
        if (errors.empty()) return 0;
        std::vector<double> sorted = errors;
        std::sort(sorted.begin(), sorted.end());
        return sorted[sorted.size() / 2];
    }
    double Max() const {
        return errors.empty() ? 0 : *std::max_element(errors.begin(), errors.end());
    }
    int Within(double percent) const {
        return int(
            std::count_if(errors.begin(), errors.end(), [&](double e) { return e <= percent; }));
    }
};

void Add(EdgeErrors& e, std::optional<double> measured, double truth, double headHeight) {
    ++e.total;
    if (!measured) return;
    ++e.measured;
    e.errors.push_back(100.0 * std::abs(*measured - truth) / headHeight);
}

void Print(const char* set, const char* edge, const EdgeErrors& e) {
    std::printf(
        "%-8s %-5s measured %2d/%2d  error %% of head height: median %.1f, max %.1f, "
        "within 5%%: %d, within 10%%: %d\n",
        set, edge, e.measured, e.total, e.Median(), e.Max(), e.Within(5), e.Within(10));
}

TEST(HeadOutline, CrownAndChinOfRealPortraitsMatchTheHandMarks) {
    const auto portraits = Portraits();
    ASSERT_GE(portraits.size(), 30u);
    EdgeErrors crown[2], chin[2];  // [0] tune, [1] holdout
    FaceCascades cascades;
    for (const auto& p : portraits) {
        const PhotoCheck check = CheckPhoto(Load(p), 0, false, {}, cascades);
        const double head = p.chin - p.crown;
        Add(crown[p.holdout], check.crownY, p.crown, head);
        Add(chin[p.holdout], check.chinY, p.chin, head);
        std::printf("%s crown %5.1f (marked %3.0f)  chin %5.1f (marked %3.0f)  %s\n",
                    p.file.c_str(), check.crownY.value_or(-1), p.crown, check.chinY.value_or(-1),
                    p.chin, Find(check, "head_height_ratio").note.c_str());
    }
    for (int set = 0; set < 2; ++set) {
        Print(set ? "holdout" : "tune", "crown", crown[set]);
        Print(set ? "holdout" : "tune", "chin", chin[set]);
    }
    // Judged on the held-out portraits only: most ends are measured, and a measured end is
    // rarely far from the hand mark (which is itself about 2% uncertain).
    for (const EdgeErrors* e : {&crown[1], &chin[1]}) {
        EXPECT_GE(e->measured, e->total * 3 / 4);
        EXPECT_LE(e->Median(), 5.0);
        EXPECT_GE(e->Within(10), e->measured * 4 / 5);
    }
}

// A 35 x 45 crop of portrait `p` whose head fills `ratio` of the height, crown 45% of the free
// space below the top edge, centred on the face; where the crop leaves the portrait, its edge rows
// and columns are repeated (the backdrop continues).
cv::Mat Crop(const cv::Mat& image, const Portrait& p, double centreX, double ratio) {
    const double height = (p.chin - p.crown) / ratio;
    const double width = height * 35.0 / 45.0;
    const int top = cvRound(p.crown - (1 - ratio) * 0.45 * height);
    const int left = cvRound(centreX - width / 2);
    const cv::Rect crop(left, top, cvRound(width), cvRound(height));
    const int pad =
        std::max({0, -crop.x, -crop.y, crop.br().x - image.cols, crop.br().y - image.rows});
    cv::Mat padded;
    cv::copyMakeBorder(image, padded, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    cv::Mat out;
    cv::resize(padded(crop + cv::Point(pad, pad)), out, cv::Size(413, 531), 0, 0, cv::INTER_CUBIC);
    return out;
}

TEST(HeadOutline, HeadHeightDecisionOnCropsOfRealPortraits) {
    const PhotoOptions options;
    FaceCascades cascades;  // loaded once for every crop, as a run does
    int decided = 0, total = 0, wrong = 0;
    std::vector<double> ratioErrors;
    for (const auto& p : Portraits()) {
        const cv::Mat image = Load(p);
        cv::Mat gray;
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
        const auto faces = FindFaces(gray, options.faces, cascades);
        ASSERT_FALSE(faces.empty()) << p.file;
        const double centreX = faces.front().box.x + faces.front().box.width / 2.0;
        for (const double ratio : {0.60, 0.72, 0.78, 0.86, 0.92}) {
            const PhotoCheck check =
                CheckPhoto(Crop(image, p, centreX, ratio), 300, true, options, cascades);
            const PhotoMeasure& head = Find(check, "head_height_ratio");
            const bool inside =
                ratio >= options.headHeightRatio.min && ratio <= options.headHeightRatio.max;
            ++total;
            if (!head.ok) continue;
            ++decided;
            if (*head.ok != inside) {
                ++wrong;
                std::printf("wrong: %s at %.2f measured %.3f (%s)\n", p.file.c_str(), ratio,
                            head.value, head.note.c_str());
            }
            if (check.crownY && check.chinY) ratioErrors.push_back(std::abs(head.value - ratio));
        }
    }
    std::sort(ratioErrors.begin(), ratioErrors.end());
    const double median = ratioErrors.empty() ? 1 : ratioErrors[ratioErrors.size() / 2];
    std::printf("head height decision: %d of %d crops decided, %d wrong; ratio error median %.3f\n",
                decided, total, wrong, median);
    // Most framings are decided, and measured within the review band. Not yet every decision is
    // right: on these small portraits (178 x 225, enlarged 2.4x) the chin step sometimes lands on
    // the mouth or the collar; at most one decided crop in ten may be wrong (now 10 of 111).
    EXPECT_LE(wrong * 10, decided);
    EXPECT_GE(decided, total * 3 / 5);
    EXPECT_LE(median, 0.03);
}

// The eye line's roll on real portraits turned by known angles: measured against the same
// portrait upright (the person's own tilt cancels), within the band of doubt of the photo check.
TEST(HeadOutline, EyeRollFollowsARotatedPortrait) {
    const PhotoOptions options;
    FaceCascades cascades;
    const auto rollOf = [&](const cv::Mat& image) -> std::optional<double> {
        cv::Mat gray;
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
        const auto faces = FindFaces(gray, options.faces, cascades);
        if (faces.empty() || !faces.front().leftEye || !faces.front().rightEye) return std::nullopt;
        const cv::Point2d d = *faces.front().rightEye - *faces.front().leftEye;
        return std::atan2(d.y, d.x) * 180.0 / CV_PI;
    };
    std::vector<double> errors;
    int missed = 0;
    for (const auto& p : Portraits()) {
        const cv::Mat image = Load(p);
        const auto upright = rollOf(image);
        if (!upright) {
            ++missed;
            continue;
        }
        for (const double angle : {-6.0, 4.0}) {
            const cv::Point2f centre(image.cols / 2.f, image.rows / 2.f);
            cv::Mat turned;
            // A positive angle of getRotationMatrix2D turns the image counter-clockwise, which
            // raises the right eye: a negative roll in image rows.
            cv::warpAffine(image, turned, cv::getRotationMatrix2D(centre, angle, 1.0), image.size(),
                           cv::INTER_CUBIC, cv::BORDER_REPLICATE);
            const auto roll = rollOf(turned);
            if (!roll) {
                ++missed;
                continue;
            }
            errors.push_back(std::abs(*roll - *upright + angle));
        }
    }
    std::sort(errors.begin(), errors.end());
    ASSERT_FALSE(errors.empty());
    const double median = errors[errors.size() / 2];
    const double p90 = errors[errors.size() * 9 / 10];
    std::printf(
        "eye roll on turned portraits: %zu measured, %d without eyes; error median %.2f, "
        "90th percentile %.2f degrees\n",
        errors.size(), missed, median, p90);
    // Measured from the cascade's eye boxes the median error was 1.1 degrees; from the mirrored
    // eye, 0.2. At most one measure in five falls outside the band of doubt (3 degrees): a wrong
    // pair of eyes found by the cascade, which matching cannot mend.
    const auto outside = std::count_if(errors.begin(), errors.end(),
                                       [&](double e) { return e > options.eyeRollDegrees.review; });
    EXPECT_LE(median, 0.5);
    EXPECT_LE(outside * 5, static_cast<long>(errors.size()));
}

}  // namespace
}  // namespace dossier
