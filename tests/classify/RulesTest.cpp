#include "classify/Rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "classify/Classifier.h"
#include "classify/IssuingState.h"
#include "core/Error.h"
#include "tests/classify/ClassifyTestSupport.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PassportRenderer.h"

namespace dossier {

using fixtures::PackageSpec;
using testing::TestModels;

namespace {

Case BuildCase(const fixtures::GeneratedPackage& pkg, bool photoCompliant = true) {
    const auto& spec = pkg.spec;
    Case c;
    c.service = spec.service;
    c.purpose = spec.purpose;
    c.applicationDate = spec.applicationDate;
    c.manifest.categories = spec.categories;
    c.manifest.coApplicants = spec.coApplicants;
    c.pages = fixtures::PackagePages(pkg);
    for (const Page& page : c.pages) {
        if (!page.analysis.face) continue;
        PhotoCheck photo;
        photo.file = page.file;
        photo.page = page.pageInFile;
        photo.found = true;
        photo.compliant = photoCompliant;
        if (!photoCompliant)
            photo.checks.push_back(PhotoMeasure{"head_height_ratio", false, 0.52, "0.69-0.80", ""});
        c.photo = photo;
    }
    c.documents = ClassifyDocuments(c.pages, TestModels().classifier);
    CheckPackage(c, TestModels());
    return c;
}

Case BuildCase(const PackageSpec& spec) {
    return BuildCase(fixtures::MakePackage(spec));
}

const ChecklistEntry* Item(const Case& c, const std::string& item) {
    for (const auto& e : c.checklist)
        if (e.item == item) return &e;
    return nullptr;
}

// nullopt when the item is not listed.
std::optional<ItemStatus> StatusOf(const Case& c, const std::string& item) {
    const auto* e = Item(c, item);
    return e ? std::optional(e->status) : std::nullopt;
}

std::string Describe(const Case& c) {
    std::string s = std::string("verdict ") + ToString(c.verdict) + "\n";
    for (const auto& e : c.checklist)
        s += "  " + e.item + ": " + ToString(e.status) + " " + e.note + "\n";
    for (const auto& d : c.documents)
        s += "  " + d.id + " " + ToString(d.type) + (d.needsReview ? " (review)" : "") + " " +
             d.language + "\n";
    return s;
}

CoApplicant ChildAged(int years, int extraDays, const Date& on) {
    Date birth = on;
    birth.year -= years;
    return CoApplicant{"child", AddDays(birth, extraDays)};
}

// Every combination of service, purpose, variant and category the law names.
std::vector<PackageSpec> Matrix() {
    std::vector<PackageSpec> specs;
    const Date app{2026, 11, 20};
    unsigned seed = 100;
    for (const auto& cats : std::vector<std::vector<std::string>>{{},
                                                                  {"eaeu-citizen"},
                                                                  {"ethnic-kazakh-prc"},
                                                                  {"former-citizen-registered"},
                                                                  {"minor-with-parent"}}) {
        PackageSpec s;
        s.categories = cats;
        s.seed = ++seed;
        specs.push_back(s);
    }
    for (int years : {10, 15, 17}) {
        PackageSpec s;
        s.coApplicants = {ChildAged(years, -30, app)};
        s.seed = ++seed;
        specs.push_back(s);
    }
    for (const char* purpose : {"family", "work", "missionary", "business", "treatment", "study"})
        for (bool eaeu : {false, true}) {
            PackageSpec s;
            s.service = "temporary-residence";
            s.purpose = purpose;
            if (eaeu) s.categories = {"eaeu-citizen"};
            s.seed = ++seed;
            specs.push_back(s);
        }
    PackageSpec labor;
    labor.service = "labor-immigrant";
    labor.seed = ++seed;
    specs.push_back(labor);
    return specs;
}

}  // namespace

TEST(Rules, CompletePackagesOfEveryServicePurposeAndCategory) {
    for (const auto& spec : Matrix()) {
        const auto pkg = fixtures::MakePackage(spec);
        const Case c = BuildCase(pkg);
        EXPECT_EQ(c.verdict, Verdict::Complete) << spec.service << " " << spec.purpose << "\n"
                                                << Describe(c);
        for (const auto& [item, status] : pkg.expectedStatus)
            EXPECT_EQ(StatusOf(c, item), status) << spec.service << " " << item << "\n"
                                                 << Describe(c);
        ASSERT_TRUE(c.applicant) << Describe(c);
        EXPECT_FALSE(c.applicant->surname.empty());
    }
}

TEST(Rules, EachMissingItemMakesThePackageIncomplete) {
    for (const auto& base : Matrix()) {
        const auto full = fixtures::MakePackage(base);
        for (const auto& [item, status] : full.expectedStatus) {
            if (status != ItemStatus::Present) continue;
            PackageSpec spec = base;
            spec.omit = {item};
            const Case c = BuildCase(spec);
            EXPECT_EQ(c.verdict, Verdict::Incomplete) << item << "\n" << Describe(c);
            EXPECT_EQ(StatusOf(c, item), ItemStatus::Missing) << item << "\n" << Describe(c);
            const auto* e = Item(c, item);
            ASSERT_TRUE(e);
            EXPECT_FALSE(e->localizedNote.kk.empty());
            EXPECT_FALSE(e->localizedNote.ru.empty());
            bool issued = false;
            for (const auto& i : c.issues)
                issued = issued || (i.item == item && i.code == "document_missing");
            EXPECT_TRUE(issued) << item;
        }
    }
}

// Refuse only on proof: an item not found is still missing (missing or unreadable, the package is
// incomplete either way), but the note does not claim it is absent while a document that could not
// be read may be it.
TEST(Rules, AMissingItemBesideAnUnreadableDocumentSaysItMayBeIt) {
    PackageSpec spec = Matrix().front();
    spec.omit = {"application_form"};
    Case c = BuildCase(spec);
    ASSERT_EQ(StatusOf(c, "application_form"), ItemStatus::Missing) << Describe(c);
    EXPECT_EQ(Item(c, "application_form")->reason, "missing");

    Page unreadable;
    unreadable.file = "scan_7.jpg";
    unreadable.pageInFile = 1;
    unreadable.ocr = OcrText{};
    unreadable.quality.content = ContentVerdict::Poor;
    c.pages.push_back(unreadable);
    Document document;
    document.id = "d99";
    document.pageIndexes = {static_cast<int>(c.pages.size()) - 1};
    c.documents.push_back(document);
    CheckPackage(c, TestModels());
    EXPECT_EQ(c.verdict, Verdict::Incomplete);
    const auto* entry = Item(c, "application_form");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->status, ItemStatus::Missing);
    EXPECT_EQ(entry->reason, "missing_or_unreadable");
    EXPECT_NE(entry->note.find("scan_7.jpg"), std::string::npos) << entry->note;
    EXPECT_NE(entry->localizedNote.ru.find("scan_7.jpg"), std::string::npos);

    // A file left unread for a limit of ours (not for a defect) may hold it: not missing.
    Issue unread;
    unread.code = "over_budget";
    unread.file = "long.pdf";
    c.issues.push_back(unread);
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "application_form"), ItemStatus::NeedsReview);
    EXPECT_EQ(Item(c, "application_form")->reason, "inputs_unread");
    EXPECT_NE(Item(c, "application_form")->note.find("long.pdf"), std::string::npos);
    EXPECT_EQ(c.verdict, Verdict::NeedsReview);
    std::erase_if(c.issues, [](const Issue& i) { return i.code == "over_budget"; });

    // A legible document of no type is not offered as the missing item.
    c.pages.back().quality.content = ContentVerdict::Legible;
    CheckPackage(c, TestModels());
    EXPECT_EQ(Item(c, "application_form")->reason, "missing");
}

TEST(Rules, OtherPurposesItemsAreListedAsNotRequired) {
    PackageSpec spec;
    spec.service = "temporary-residence";
    spec.purpose = "study";
    const Case c = BuildCase(spec);
    EXPECT_EQ(StatusOf(c, "study_petition"), ItemStatus::Present);
    EXPECT_EQ(StatusOf(c, "work_authorization"), ItemStatus::NotRequired);
    EXPECT_EQ(Item(c, "work_authorization")->reason, "other_purpose");
    EXPECT_EQ(StatusOf(c, "medical_insurance"), ItemStatus::Present);
}

TEST(Rules, LaborContractCountsForWorkOnlyForEaeuCitizens) {
    for (unsigned seed = 1; seed < 12; ++seed) {
        PackageSpec spec;
        spec.service = "temporary-residence";
        spec.purpose = "work";
        spec.categories = {"eaeu-citizen"};
        spec.seed = seed;
        auto pkg = fixtures::MakePackage(spec);
        bool contract = false;
        for (const auto& d : pkg.documents) contract = contract || d.type == "labor_contract";
        if (!contract) continue;
        EXPECT_EQ(StatusOf(BuildCase(pkg), "work_authorization"), ItemStatus::Present);
        pkg.spec.categories.clear();
        pkg.spec.categories.push_back("ethnic-kazakh-prc");  // not EAEU: the contract is not enough
        Case c = BuildCase(pkg);
        EXPECT_EQ(StatusOf(c, "work_authorization"), ItemStatus::Missing) << Describe(c);
        return;
    }
    FAIL() << "no package with a labor contract generated";
}

class Freshness : public ::testing::TestWithParam<std::string> {};

TEST_P(Freshness, Boundary179To181Days) {
    const std::string item = GetParam();
    for (const auto& [days, expected] : std::vector<std::pair<int, ItemStatus>>{
             {179, ItemStatus::Present}, {180, ItemStatus::Present}, {181, ItemStatus::Expired}}) {
        PackageSpec spec;
        spec.seed = 7 + days;
        spec.ageDays[item] = days;
        const Case c = BuildCase(spec);
        EXPECT_EQ(StatusOf(c, item), expected) << days << " days\n" << Describe(c);
        EXPECT_EQ(c.verdict,
                  expected == ItemStatus::Present ? Verdict::Complete : Verdict::Incomplete)
            << days;
        if (expected == ItemStatus::Expired) {
            EXPECT_NE(Item(c, item)->note.find("older than 180 days"), std::string::npos);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Rules, Freshness,
                         ::testing::Values("criminal_record", "medical_certificate", "solvency"));

TEST(Rules, PassportMustBeValidMoreThan180Days) {
    for (const auto& [days, expected] :
         std::vector<std::pair<int, ItemStatus>>{{179, ItemStatus::Invalid},
                                                 {180, ItemStatus::Invalid},
                                                 {181, ItemStatus::Present},
                                                 {-1, ItemStatus::Expired}}) {
        PackageSpec spec;
        spec.seed = 40;
        spec.passportValidityDays = days;
        const Case c = BuildCase(spec);
        EXPECT_EQ(StatusOf(c, "identity_document"), expected) << days << "\n" << Describe(c);
        EXPECT_EQ(c.verdict,
                  expected == ItemStatus::Present ? Verdict::Complete : Verdict::Incomplete);
    }
    // Temporary residence has no 180-day rule.
    PackageSpec spec;
    spec.service = "temporary-residence";
    spec.purpose = "family";
    spec.passportValidityDays = 30;
    EXPECT_EQ(StatusOf(BuildCase(spec), "identity_document"), ItemStatus::Present);
}

TEST(Rules, ChildAgesAreComputedOnTheApplicationDate) {
    const Date app{2026, 11, 20};
    struct Case_ {
        int years, extraDays;
        ItemStatus consent, identity;
    };
    // extraDays > 0: the birthday is still ahead, so the child is a year younger.
    for (const auto& t :
         std::vector<Case_>{{14, 0, ItemStatus::Present, ItemStatus::Present},
                            {14, 1, ItemStatus::NotRequired, ItemStatus::Present},
                            {16, 0, ItemStatus::Present, ItemStatus::NotRequired},
                            {16, 1, ItemStatus::Present, ItemStatus::Present},
                            {18, 0, ItemStatus::NotRequired, ItemStatus::NotRequired},
                            {18, 1, ItemStatus::Present, ItemStatus::NotRequired}}) {
        PackageSpec spec;
        spec.coApplicants = {ChildAged(t.years, t.extraDays, app)};
        spec.seed = 300 + t.years * 3 + t.extraDays;
        const Case c = BuildCase(spec);
        EXPECT_EQ(StatusOf(c, "child_consent"), t.consent) << t.years << "+" << t.extraDays << "\n"
                                                           << Describe(c);
        EXPECT_EQ(StatusOf(c, "child_identity_document"), t.identity)
            << t.years << "+" << t.extraDays;
        spec.omit = {"child_consent"};
        if (t.consent == ItemStatus::Present) {
            EXPECT_EQ(BuildCase(spec).verdict, Verdict::Incomplete);
        }
    }
}

TEST(Rules, TwoChildrenNeedTwoConsents) {
    const Date app{2026, 11, 20};
    PackageSpec spec;
    spec.coApplicants = {ChildAged(15, -10, app), ChildAged(16, -10, app)};
    spec.seed = 77;
    auto pkg = fixtures::MakePackage(spec);
    Case c = BuildCase(pkg);
    EXPECT_EQ(StatusOf(c, "child_consent"), ItemStatus::Present) << Describe(c);
    // Drop one consent document from the package.
    for (size_t i = 0; i < pkg.documents.size(); ++i)
        if (pkg.documents[i].type == "child_consent") {
            for (auto& f : pkg.files)
                std::erase_if(f.pages,
                              [&](const auto& p) { return p.first == static_cast<int>(i); });
            break;
        }
    c = BuildCase(pkg);
    EXPECT_EQ(StatusOf(c, "child_consent"), ItemStatus::Missing);
    EXPECT_NE(Item(c, "child_consent")->note.find("1 of 2"), std::string::npos);
}

TEST(Rules, ForeignDocumentNeedsANotarizedTranslation) {
    PackageSpec spec;
    spec.seed = 55;
    spec.untranslatedItem = "criminal_record";
    Case c = BuildCase(spec);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Invalid) << Describe(c);
    EXPECT_NE(Item(c, "criminal_record")->note.find("translation"), std::string::npos);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);

    spec.untranslatedItem.clear();
    spec.translatedItem = "criminal_record";
    c = BuildCase(spec);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Present) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->documents.size(), 2u);
    EXPECT_EQ(c.verdict, Verdict::Complete);
}

TEST(Rules, TranslationWithoutANotaryIsInvalid) {
    PackageSpec spec;
    spec.seed = 55;
    spec.unnotarizedItem = "criminal_record";
    const auto pkg = fixtures::MakePackage(spec);
    EXPECT_EQ(pkg.expectedStatus.at("criminal_record"), ItemStatus::Invalid);
    Case c = BuildCase(pkg);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Invalid) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "translation_not_notarized");
    EXPECT_NE(Item(c, "criminal_record")->localizedNote.ru.find("нотариально"), std::string::npos);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);
}

TEST(Rules, ForeignOfficialDocumentNeedsLegalization) {
    PackageSpec spec;
    spec.seed = 56;
    spec.unlegalizedItem = "criminal_record";
    Case c = BuildCase(spec);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Invalid) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "not_legalized");
    EXPECT_NE(Item(c, "criminal_record")->note.find("apostille"), std::string::npos);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);

    // A treaty (the Minsk Convention) waives legalization of documents of its parties: the
    // issuing state decides, not the language.
    Document* original = nullptr;
    for (auto& d : c.documents)
        if (d.type == DocumentType::CriminalRecordCertificate && !d.isTranslation) original = &d;
    ASSERT_NE(original, nullptr);
    EXPECT_EQ(original->issuingState, "DEU");
    original->issuingState = "UZB";
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Present) << Describe(c);
    // A language of a treaty state without the state proves nothing either way.
    original->language = "uz";
    original->issuingState.clear();
    original->issuingStateFoundBy.clear();
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::NeedsReview) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "issuing_state_unknown");

    // Only official documents: a foreign bank statement needs a translation, not an apostille.
    spec = PackageSpec{};
    spec.seed = 57;
    spec.unlegalizedItem = "medical_certificate";
    const auto pkg = fixtures::MakePackage(spec);
    EXPECT_EQ(pkg.expectedStatus.at("medical_certificate"), ItemStatus::Present);
    c = BuildCase(pkg);
    EXPECT_EQ(StatusOf(c, "medical_certificate"), ItemStatus::Present) << Describe(c);
}

TEST(Rules, MinorWithParentIsTheApplicantNotTheParent) {
    PackageSpec spec;
    spec.seed = 58;
    spec.categories = {"minor-with-parent"};
    Case c = BuildCase(spec);
    // The accompanying parent's passport is in the package as well.
    const auto passport =
        std::find_if(c.documents.begin(), c.documents.end(),
                     [](const Document& d) { return d.type == DocumentType::Passport; });
    ASSERT_NE(passport, c.documents.end()) << Describe(c);
    ASSERT_TRUE(passport->mrz);
    Document minor = *passport;
    minor.id = "d" + std::to_string(c.documents.size() + 1);
    minor.mrz->surname = "MINOR";
    minor.mrz->birthDate = AddDays(spec.applicationDate, -365 * 12);
    c.documents.push_back(minor);
    CheckPackage(c, TestModels());
    ASSERT_TRUE(c.applicant);
    EXPECT_EQ(c.applicant->surname, "MINOR");

    c.manifest.categories.clear();
    CheckPackage(c, TestModels());
    ASSERT_TRUE(c.applicant);
    EXPECT_NE(c.applicant->surname, "MINOR");
}

TEST(Rules, AnUncertainSplitIsNeedsReview) {
    PackageSpec spec;
    spec.seed = 59;
    Case c = BuildCase(spec);
    ASSERT_EQ(c.verdict, Verdict::Complete) << Describe(c);
    for (auto& d : c.documents)
        if (d.type == DocumentType::HousingAgreement) d.splitUncertain = true;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "housing"), ItemStatus::NeedsReview);
    EXPECT_EQ(Item(c, "housing")->reason, "split_uncertain");
    EXPECT_EQ(c.verdict, Verdict::NeedsReview);
}

TEST(Rules, PoorCopiesPhotoAndMrzMakeItemsInvalid) {
    PackageSpec spec;
    spec.seed = 61;
    auto pkg = fixtures::MakePackage(spec);
    Case c = BuildCase(pkg, /*photoCompliant=*/false);
    EXPECT_EQ(StatusOf(c, "photo"), ItemStatus::Invalid);
    EXPECT_NE(Item(c, "photo")->note.find("head_height_ratio"), std::string::npos);

    c = BuildCase(pkg);
    for (auto& d : c.documents)
        if (d.type == DocumentType::MedicalCertificate) {
            auto& q = c.pages[d.pageIndexes[0]].quality;
            q.ok = false;
            q.content = ContentVerdict::Poor;
            q.checks.push_back(QualityCheck{"blurry", false, 12.0, ">= 150"});
        }
    for (auto& d : c.documents)
        if (d.type == DocumentType::Passport) d.mrz->valid = false;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "medical_certificate"), ItemStatus::Invalid);
    EXPECT_EQ(Item(c, "medical_certificate")->reason, "poor_quality");
    EXPECT_NE(Item(c, "medical_certificate")->localizedNote.ru.find("9-1"), std::string::npos);
    EXPECT_EQ(StatusOf(c, "identity_document"), ItemStatus::Invalid);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);
}

TEST(Rules, OnlyAPoorCopyIsProofADoubtfulOneAsksAndABlankPageIsNoDefect) {
    PackageSpec spec;
    spec.seed = 62;
    const auto pkg = fixtures::MakePackage(spec);
    const auto judge = [&](ContentVerdict content) {
        Case c = BuildCase(pkg);
        for (auto& d : c.documents)
            if (d.type == DocumentType::MedicalCertificate) {
                auto& q = c.pages[d.pageIndexes[0]].quality;
                q.content = content;
                q.ok = content != ContentVerdict::Poor;
                q.checks.push_back(QualityCheck{"blurry", false, 210.0, ">= 400"});
            }
        CheckPackage(c, TestModels());
        return c;
    };
    Case doubtful = judge(ContentVerdict::Doubtful);
    EXPECT_EQ(StatusOf(doubtful, "medical_certificate"), ItemStatus::NeedsReview);
    EXPECT_EQ(Item(doubtful, "medical_certificate")->reason, "quality_doubtful");
    // The measured value is in the note for the reviewer.
    EXPECT_NE(Item(doubtful, "medical_certificate")->note.find("blurry 210"), std::string::npos);
    EXPECT_EQ(doubtful.verdict, Verdict::NeedsReview);

    // A failed image measure on a page whose text was read proves nothing.
    Case legible = judge(ContentVerdict::Legible);
    EXPECT_EQ(StatusOf(legible, "medical_certificate"), ItemStatus::Present);
    Case blank = judge(ContentVerdict::Blank);
    EXPECT_EQ(StatusOf(blank, "medical_certificate"), ItemStatus::Present);
    EXPECT_EQ(blank.verdict, Verdict::Complete);
}

// The case of a generated package (seed `seed`) whose photo check `edit` rewrote, judged.
template <typename Edit>
Case JudgedWithPhoto(int seed, Edit edit) {
    PackageSpec spec;
    spec.seed = seed;
    Case c = BuildCase(fixtures::MakePackage(spec));
    edit(c, *c.photo);
    CheckPackage(c, TestModels());
    return c;
}

TEST(Rules, APhotoFileWithoutResolutionIsAcceptedOnItsProportionsAlone) {
    const auto judge = [&](std::optional<bool> headRatio, bool wholeFile) {
        return JudgedWithPhoto(63, [&](Case& c, PhotoCheck& photo) {
            for (const auto& page : c.pages)
                if (page.file == photo.file && page.pageInFile == photo.page) {
                    photo.width = wholeFile ? page.original.cols : page.original.cols / 3;
                    photo.height = wholeFile ? page.original.rows : page.original.rows / 3;
                }
            photo.compliant = false;
            photo.needsReview = true;
            photo.checks = {PhotoMeasure{"face_count", true, 1, "1", ""},
                            PhotoMeasure{"head_height_ratio", headRatio, 0.75, "0.69-0.80", ""},
                            PhotoMeasure{"aspect_ratio", true, 0.778, "0.778", ""},
                            PhotoMeasure{"size_mm", std::nullopt, 0, "35 x 45 mm", "size unknown"}};
        });
    };
    Case accepted = judge(true, true);
    EXPECT_EQ(StatusOf(accepted, "photo"), ItemStatus::Present);
    EXPECT_EQ(Item(accepted, "photo")->reason, "photo_size_unverified");
    // Another measure that could not be made, or a print photographed on a sheet: a reviewer.
    EXPECT_EQ(StatusOf(judge(std::nullopt, true), "photo"), ItemStatus::NeedsReview);
    EXPECT_EQ(StatusOf(judge(true, false), "photo"), ItemStatus::NeedsReview);
}

TEST(Rules, ARecommendationOnlyNearlyMetIsANoteNotADoubt) {
    const auto judge = [&](std::optional<bool> eyeLine, bool advisory) {
        return JudgedWithPhoto(64, [&](Case&, PhotoCheck& photo) {
            PhotoMeasure eyes{"eye_height", eyeLine, 0.482, "0.5-0.7",
                              "eye line above the bottom edge"};
            eyes.advisory = advisory;
            photo.checks = {PhotoMeasure{"face_count", true, 1, "1", ""},
                            PhotoMeasure{"head_height_ratio", true, 0.75, "0.7-0.8", ""}, eyes,
                            PhotoMeasure{"size_mm", true, 45, "35 x 45 mm", ""}};
            photo.compliant = eyeLine == true || (advisory && !eyeLine.has_value());
            photo.needsReview = !eyeLine.has_value() && !advisory;
        });
    };
    Case noted = judge(std::nullopt, true);
    EXPECT_EQ(StatusOf(noted, "photo"), ItemStatus::Present);
    EXPECT_EQ(Item(noted, "photo")->reason, "photo_advisory");
    EXPECT_NE(Item(noted, "photo")->note.find("eye_height 0.48 (0.5-0.7)"), std::string::npos)
        << Item(noted, "photo")->note;
    // The same value where the range is a rule is a doubt; clearly outside, a finding.
    EXPECT_EQ(StatusOf(judge(std::nullopt, false), "photo"), ItemStatus::NeedsReview);
    EXPECT_EQ(StatusOf(judge(false, true), "photo"), ItemStatus::Invalid);
    EXPECT_TRUE(Item(judge(true, true), "photo")->reason.empty());
}

namespace {

Issue VisualMismatch(const std::string& field) {
    // As ocr/MrzVisualCheck.cpp writes it into the MRZ's own issues.
    Issue issue;
    issue.severity = Severity::Warning;
    issue.code = "mrz_visual_mismatch";
    issue.message = "The " + field + " printed on the page differs from the MRZ.";
    return issue;
}

Document* PassportOf(Case& c) {
    for (auto& d : c.documents)
        if (d.type == DocumentType::Passport && d.mrz) return &d;
    return nullptr;
}

int CountCode(const std::vector<Issue>& issues, const std::string& code) {
    return static_cast<int>(std::count_if(issues.begin(), issues.end(),
                                          [&](const Issue& i) { return i.code == code; }));
}

}  // namespace

TEST(Rules, MrzVisualMismatchAsksTheReviewerAndNamesTheField) {
    for (const auto& [service, purpose] :
         std::vector<std::pair<std::string, std::string>>{{"permanent-residence", ""},
                                                          {"temporary-residence", "study"},
                                                          {"labor-immigrant", ""}}) {
        PackageSpec spec;
        spec.seed = 71;
        spec.service = service;
        spec.purpose = purpose;
        Case c = BuildCase(spec);
        ASSERT_EQ(c.verdict, Verdict::Complete) << Describe(c);
        Document* passport = PassportOf(c);
        ASSERT_TRUE(passport) << Describe(c);
        const std::string number = passport->mrz->documentNumber;
        ASSERT_FALSE(number.empty());
        passport->mrz->issues.push_back(VisualMismatch("document number"));
        CheckPackage(c, TestModels());

        const auto* identity = Item(c, "identity_document");
        ASSERT_TRUE(identity);
        EXPECT_EQ(identity->status, ItemStatus::NeedsReview) << service << "\n" << Describe(c);
        EXPECT_EQ(identity->reason, "mrz_visual_mismatch");
        EXPECT_NE(identity->note.find("document number"), std::string::npos) << identity->note;
        EXPECT_NE(identity->localizedNote.kk.find("құжат нөмірі"), std::string::npos)
            << identity->localizedNote.kk;
        EXPECT_NE(identity->localizedNote.ru.find("номер документа"), std::string::npos)
            << identity->localizedNote.ru;
        // Field names only: no value of the document in the note.
        EXPECT_EQ(identity->note.find(number), std::string::npos) << identity->note;
        EXPECT_EQ(identity->localizedNote.ru.find(number), std::string::npos);
        EXPECT_EQ(c.verdict, Verdict::NeedsReview) << service;
        bool flagged = false;
        for (const auto& i : c.issues)
            flagged =
                flagged || (i.item == "identity_document" && i.code == "document_needs_review" &&
                            i.severity == Severity::Warning);
        EXPECT_TRUE(flagged) << service;

        // The issue is the document's own, on the passport's page, for the identity item.
        passport = PassportOf(c);
        ASSERT_EQ(CountCode(passport->issues, "mrz_visual_mismatch"), 1) << service;
        const Issue& copied =
            *std::find_if(passport->issues.begin(), passport->issues.end(),
                          [](const Issue& i) { return i.code == "mrz_visual_mismatch"; });
        EXPECT_EQ(copied.item, "identity_document");
        EXPECT_EQ(copied.severity, Severity::Warning);
        bool onPassportPage = false;
        for (int p : passport->pageIndexes)
            onPassportPage = onPassportPage || (c.pages[p].file == copied.file &&
                                                c.pages[p].pageInFile == copied.page);
        EXPECT_TRUE(onPassportPage) << copied.file << " " << copied.page;
        EXPECT_EQ(copied.message.find(number), std::string::npos);

        // Checking again does not duplicate it.
        CheckPackage(c, TestModels());
        EXPECT_EQ(CountCode(PassportOf(c)->issues, "mrz_visual_mismatch"), 1);
    }
}

TEST(Rules, MrzVisualMismatchNamesEveryFieldOnceAndYieldsToHarderFailures) {
    PackageSpec spec;
    spec.seed = 72;
    Case c = BuildCase(spec);
    Document* passport = PassportOf(c);
    ASSERT_TRUE(passport) << Describe(c);
    passport->mrz->issues.push_back(VisualMismatch("birth date"));
    passport->mrz->issues.push_back(VisualMismatch("expiry date"));
    passport->mrz->issues.push_back(VisualMismatch("birth date"));
    CheckPackage(c, TestModels());
    const auto* identity = Item(c, "identity_document");
    EXPECT_EQ(identity->status, ItemStatus::NeedsReview);
    EXPECT_NE(identity->note.find("birth date, expiry date"), std::string::npos) << identity->note;
    EXPECT_NE(identity->localizedNote.ru.find("дата рождения, срок действия"), std::string::npos)
        << identity->localizedNote.ru;
    EXPECT_EQ(CountCode(PassportOf(c)->issues, "mrz_visual_mismatch"), 3);

    // Bad check digits still make the document invalid: the mismatch only adds to the review.
    PassportOf(c)->mrz->valid = false;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "identity_document"), ItemStatus::Invalid);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);
    EXPECT_EQ(CountCode(PassportOf(c)->issues, "mrz_visual_mismatch"), 3);

    // Other MRZ issues do not ask for a review by themselves; with the mismatch gone, so is it.
    PassportOf(c)->mrz->valid = true;
    PassportOf(c)->mrz->issues.clear();
    Issue other;
    other.code = "mrz_low_confidence";
    PassportOf(c)->mrz->issues.push_back(other);
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "identity_document"), ItemStatus::Present) << Describe(c);
    EXPECT_EQ(CountCode(PassportOf(c)->issues, "mrz_visual_mismatch"), 0);
    EXPECT_EQ(c.verdict, Verdict::Complete);
}

// An ambiguous MRZ character asks for a look, but an expiry date whose check digit holds is
// proof: an expired passport is expired, not "to be reviewed".
TEST(Rules, AnAmbiguousMrzDoesNotHideAProvenExpiry) {
    Case c = BuildCase(Matrix().front());
    Mrz& mrz = *PassportOf(c)->mrz;
    mrz.valid = false;
    mrz.needsReview = true;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "identity_document"), ItemStatus::NeedsReview);
    EXPECT_EQ(Item(c, "identity_document")->reason, "mrz_ambiguous");
    EXPECT_EQ(c.verdict, Verdict::NeedsReview);

    PassportOf(c)->expiryDate = AddDays(c.applicationDate, -30);
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "identity_document"), ItemStatus::Expired) << Describe(c);
    EXPECT_EQ(c.verdict, Verdict::Incomplete);
}

TEST(Rules, UndecidedDocumentsGiveNeedsReview) {
    PackageSpec spec;
    spec.seed = 63;
    Case c = BuildCase(spec);
    ASSERT_EQ(c.verdict, Verdict::Complete);
    for (auto& d : c.documents)
        if (d.type == DocumentType::HousingAgreement) {
            d.needsReview = true;
            d.candidates = {{DocumentType::HousingAgreement, 0.5},
                            {DocumentType::LaborContract, 0.4}};
        }
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "housing"), ItemStatus::NeedsReview);
    EXPECT_EQ(c.verdict, Verdict::NeedsReview);

    c.photo.reset();
    for (auto& d : c.documents) d.needsReview = false;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "photo"), ItemStatus::NeedsReview);
}

TEST(Rules, AnUnreadInputOrPageLeavesACompletePackageToTheReviewer) {
    // The rules decide the whole verdict: what could not be read may hide what the package holds
    // or lacks, so a package otherwise complete is needs_review, never complete.
    PackageSpec spec;
    spec.seed = 63;
    Case c = BuildCase(spec);
    ASSERT_EQ(c.verdict, Verdict::Complete);
    for (const char* code : {"unreadable_input", "over_budget", "invalid_manifest"}) {
        Case unread = c;
        unread.issues.push_back(Issue{Severity::Error, code, "could not be read", "", "x.pdf", 0});
        CheckPackage(unread, TestModels());
        EXPECT_EQ(unread.verdict, Verdict::NeedsReview) << code;
    }
    Case unprocessable = c;
    unprocessable.pages.front().issues.push_back(
        Issue{Severity::Error, "page_unprocessable", "could not be processed", "", "", 1});
    CheckPackage(unprocessable, TestModels());
    EXPECT_EQ(unprocessable.verdict, Verdict::NeedsReview);
    CheckPackage(c, TestModels());
    EXPECT_EQ(c.verdict, Verdict::Complete);
}

TEST(Rules, UnknownServiceOrPurposeIsAConfigurationError) {
    Case c;
    c.service = "tourist-visa";
    EXPECT_THROW(CheckPackage(c, TestModels()), Error);
    c.service = "temporary-residence";
    c.purpose = "tourism";
    EXPECT_THROW(CheckPackage(c, TestModels()), Error);
    c.purpose.clear();
    CheckPackage(c, TestModels());
    EXPECT_EQ(c.verdict,
              Verdict::Incomplete);  // nothing in the package; purpose missing is an issue too
}

}  // namespace dossier

namespace dossier {

TEST(Rules, IinProblemsOfTheMrzAreTheDocumentsOwnIssues) {
    PackageSpec spec;
    spec.seed = 71;
    Case c = BuildCase(spec);
    Document* passport = PassportOf(c);
    ASSERT_TRUE(passport) << Describe(c);
    passport->mrz->issues.push_back(
        {Severity::Error, "iin_mismatch", "The IIN's birth date differs from the MRZ.", "", "", 0});
    CheckPackage(c, TestModels());
    CheckPackage(c, TestModels());  // idempotent
    passport = PassportOf(c);
    EXPECT_EQ(CountCode(passport->issues, "iin_mismatch"), 1) << Describe(c);
}

}  // namespace dossier

namespace dossier {

TEST(Rules, TheFormsIinFillsTheApplicantOrIsFlaggedWhenItDisagrees) {
    PackageSpec spec;
    spec.seed = 71;
    Case c = BuildCase(spec);
    ASSERT_TRUE(c.applicant && c.applicant->birthDate) << Describe(c);
    Page* form = nullptr;
    for (const auto& doc : c.documents)
        if (doc.type == DocumentType::ApplicationForm)
            form = &c.pages[size_t(doc.pageIndexes.at(0))];
    ASSERT_TRUE(form && form->ocr) << Describe(c);
    c.applicant->iin.reset();
    for (auto& doc : c.documents)
        if (doc.mrz) doc.mrz->iin.reset();
    std::mt19937 rng(5);
    const std::string sex = c.applicant->sex == "F" ? "F" : "M";
    const std::string matching = fixtures::MakeIin(*c.applicant->birthDate, sex, rng);
    const std::string original = form->ocr->text;

    form->ocr->text = original + "\nЖСН/ИИН: " + matching + "\n";
    CheckPackage(c, TestModels());
    ASSERT_TRUE(c.applicant && c.applicant->iin) << Describe(c);
    EXPECT_EQ(*c.applicant->iin, matching);
    EXPECT_EQ(CountCode(c.issues, "iin_mismatch"), 0);

    // The form's IIN encodes another birth date: flagged, not taken, and no digits in the message.
    const Date otherBirth = *Date::TryParseIso("1970-01-02");
    const std::string other = fixtures::MakeIin(otherBirth, sex, rng);
    form->ocr->text = original + "\nЖСН/ИИН: " + other + "\n";
    CheckPackage(c, TestModels());
    EXPECT_EQ(CountCode(c.issues, "iin_mismatch"), 1) << Describe(c);
    for (const auto& i : c.issues) EXPECT_EQ(i.message.find(other), std::string::npos);
    EXPECT_TRUE(!c.applicant->iin || *c.applicant->iin != other);
}

namespace {

// A package whose criminal-record certificate is `original` (text of its page) with `translation`
// (text of its translation's page), classified and checked again.
Case WithCriminalRecordTexts(const std::string& original, const std::string& translation) {
    PackageSpec spec;
    spec.seed = 61;
    spec.translatedItem = "criminal_record";
    Case c = BuildCase(spec);
    for (const auto& d : c.documents) {
        if (d.type != DocumentType::CriminalRecordCertificate) continue;
        for (size_t k = 0; k < d.pageIndexes.size(); ++k)
            c.pages[d.pageIndexes[k]].ocr->text = k > 0             ? ""
                                                  : d.isTranslation ? translation
                                                                    : original;
    }
    for (Page& page : c.pages) {  // classified again on the new texts, with no MRZ or face
        page.analysis.mrz.reset();
        page.analysis.face = false;
    }
    c.documents = ClassifyDocuments(c.pages, TestModels().classifier);
    CheckPackage(c, TestModels());
    return c;
}

const std::string kArmenianCertificate =
    "REPUBLIC OF ARMENIA\nPOLICE OF THE REPUBLIC OF ARMENIA\nCERTIFICATE OF NO CRIMINAL RECORD\n"
    "This is to certify that Mr. Arman Petrosyan, born on 17 April 1988 in Yerevan, has no\n"
    "criminal record in the Republic of Armenia according to the information available on the\n"
    "date of issue. The certificate is issued for submission to the migration authorities.\n"
    "Date of issue: 1 September 2026. No. 45/2026-11873\n";
const std::string kArmenianTranslation =
    "Перевод с английского языка на русский язык\nРЕСПУБЛИКА АРМЕНИЯ\n"
    "ПОЛИЦИЯ РЕСПУБЛИКИ АРМЕНИЯ\nСПРАВКА ОБ ОТСУТСТВИИ СУДИМОСТИ\n"
    "Настоящим удостоверяется, что г-н Арман Петросян, родившийся 17 апреля 1988 года в\n"
    "г. Ереване, не имеет судимости в Республике Армения по сведениям на дату выдачи.\n"
    "Справка выдана для представления в миграционные органы.\n"
    "Дата выдачи: 1 сентября 2026 года. № 45/2026-11873\n"
    "Перевод выполнен переводчиком Сариевой А. К.\n"
    "Я, нотариус города Алматы Республики Казахстан, свидетельствую подлинность подписи\n"
    "переводчика. Зарегистрировано в реестре за № 1-2234.\n";

// `text` without the first occurrence of `piece`.
std::string Without(std::string text, const std::string& piece) {
    const size_t at = text.find(piece);
    EXPECT_NE(at, std::string::npos) << piece;
    if (at != std::string::npos) text.erase(at, piece.size());
    return text;
}

}  // namespace

// The independent packages' failure: an English certificate issued in Armenia (a Minsk
// Convention state) with its notarized Russian translation was judged "not legalized".
TEST(Rules, ArmenianEnglishCertificateWithNotarizedTranslationNeedsNoLegalization) {
    Case c = WithCriminalRecordTexts(kArmenianCertificate, kArmenianTranslation);
    const Document* original = nullptr;
    for (const auto& d : c.documents)
        if (d.type == DocumentType::CriminalRecordCertificate && !d.isTranslation) original = &d;
    ASSERT_NE(original, nullptr) << Describe(c);
    EXPECT_EQ(original->language, "en");
    EXPECT_EQ(original->issuingState, "ARM");
    EXPECT_EQ(original->issuingStateFoundBy, kStateByIssuerLine);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Present) << Describe(c);
    EXPECT_NE(Item(c, "criminal_record")->reason, "not_legalized");

    // The original's issuer line lost to OCR: its translation's names the state.
    const std::string unreadable =
        "REPUB1JC 0F ARMFNJA\nP0LICE\n" +
        Without(Without(kArmenianCertificate,
                        "REPUBLIC OF ARMENIA\nPOLICE OF THE REPUBLIC OF ARMENIA\n"),
                " in the Republic of Armenia");
    c = WithCriminalRecordTexts(unreadable, kArmenianTranslation);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Present) << Describe(c);
}

// Refuse only on proof: with no state read anywhere, a missing apostille is for a reviewer.
TEST(Rules, UnknownIssuingStateIsNeedsReviewNotInvalid) {
    const std::string original = Without(
        Without(kArmenianCertificate, "REPUBLIC OF ARMENIA\nPOLICE OF THE REPUBLIC OF ARMENIA\n"),
        " in the Republic of Armenia");
    const std::string translation =
        Without(Without(kArmenianTranslation, "РЕСПУБЛИКА АРМЕНИЯ\nПОЛИЦИЯ РЕСПУБЛИКИ АРМЕНИЯ\n"),
                " в Республике Армения");
    Case c = WithCriminalRecordTexts(original, translation);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::NeedsReview) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "issuing_state_unknown");
    EXPECT_NE(c.verdict, Verdict::Incomplete);

    // A state that needs an apostille, read from the issuer line: now it is proof.
    c = WithCriminalRecordTexts("FEDERAL REPUBLIC OF GERMANY\n" + original, translation);
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Invalid) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "not_legalized");
}

TEST(Rules, ForeignFindingsNeedConfidentLanguageAndReading) {
    PackageSpec spec;
    spec.seed = 55;
    spec.untranslatedItem = "criminal_record";
    Case c = BuildCase(spec);
    ASSERT_EQ(StatusOf(c, "criminal_record"), ItemStatus::Invalid) << Describe(c);
    // The same document with a language barely ahead of Russian: for a reviewer, with the values.
    for (auto& d : c.documents)
        if (d.type == DocumentType::CriminalRecordCertificate) {
            d.languageMargin = 0.05;
            d.languageRunnerUp = "ru";
        }
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::NeedsReview) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "language_uncertain");
    EXPECT_NE(Item(c, "criminal_record")->note.find("0.05"), std::string::npos);

    // No notary's formula on a translation read poorly is not proof that there is none.
    spec = PackageSpec{};
    spec.seed = 55;
    spec.unnotarizedItem = "criminal_record";
    c = BuildCase(spec);
    ASSERT_EQ(Item(c, "criminal_record")->reason, "translation_not_notarized") << Describe(c);
    for (const auto& d : c.documents)
        if (d.isTranslation)
            for (int p : d.pageIndexes) c.pages[p].ocr->meanConfidence = 41;
    CheckPackage(c, TestModels());
    EXPECT_EQ(StatusOf(c, "criminal_record"), ItemStatus::NeedsReview) << Describe(c);
    EXPECT_EQ(Item(c, "criminal_record")->reason, "notary_unreadable");
}

}  // namespace dossier
