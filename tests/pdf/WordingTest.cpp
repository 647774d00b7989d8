// What goes where in the case file: document order (the legal list) and the notes on each page.
#include "pdf/Wording.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "SyntheticCase.h"
#include "classify/Models.h"

namespace dossier::pdf {
namespace {

Page BarePage(const std::string& file, int pageInFile) {
    Page page;
    page.file = file;
    page.pageInFile = pageInFile;
    return page;
}

Document Doc(const std::string& id, DocumentType type, std::vector<int> pages) {
    Document d;
    d.id = id;
    d.type = type;
    d.pageIndexes = std::move(pages);
    return d;
}

ChecklistEntry Entry(const std::string& item, ItemStatus status,
                     std::vector<std::string> documents) {
    ChecklistEntry e;
    e.item = item;
    e.status = status;
    e.documents = std::move(documents);
    return e;
}

std::vector<std::string> Labels(const std::vector<PageGroup>& groups) {
    std::vector<std::string> labels;
    for (const auto& g : groups) labels.push_back(g.label);
    return labels;
}

// Documents in package order d1..d8, deliberately unlike the legal order.
Case ShuffledPackage() {
    Case c;
    for (const auto& [file, page] : std::vector<std::pair<std::string, int>>{{"photo.jpg", 1},
                                                                             {"letter.png", 1},
                                                                             {"record-tr.pdf", 1},
                                                                             {"record-de.pdf", 1},
                                                                             {"record-de.pdf", 2},
                                                                             {"passport.tif", 1},
                                                                             {"passport.tif", 2},
                                                                             {"form.pdf", 1},
                                                                             {"form.pdf", 2},
                                                                             {"extra.jpg", 1},
                                                                             {"loose.png", 1},
                                                                             {"fee.jpg", 1}})
        c.pages.push_back(BarePage(file, page));
    c.documents = {
        Doc("d1", DocumentType::Photo, {0}),
        Doc("d2", DocumentType::Unknown, {1}),
        Doc("d3", DocumentType::CriminalRecordCertificate, {2}),  // the translation
        Doc("d4", DocumentType::CriminalRecordCertificate, {3, 4}),
        Doc("d5", DocumentType::Passport, {6, 5}),  // pages in document order, not file order
        Doc("d6", DocumentType::ApplicationForm, {7, 8}),
        Doc("d7", DocumentType::HousingAgreement, {9}),  // extra: no item lists it
        Doc("d8", DocumentType::StateFeeReceipt, {11})};
    c.documents[2].isTranslation = true;
    c.documents[2].translationOf = "d4";
    // Legal order of permanent residence; page 10 (loose.png) is in no document.
    c.checklist = {Entry("application_form", ItemStatus::Present, {"d6"}),
                   Entry("identity_document", ItemStatus::Present, {"d5"}),
                   Entry("criminal_record", ItemStatus::Present, {"d4", "d3"}),
                   Entry("housing", ItemStatus::Missing, {}),
                   Entry("photo", ItemStatus::Present, {"d1"}),
                   Entry("state_fee", ItemStatus::Present, {"d8"})};
    return c;
}

TEST(GroupPages, DocumentsFollowTheLegalListThenUnlistedOnesInPackageOrder) {
    const Case c = ShuffledPackage();
    const auto groups = GroupPages(c);
    EXPECT_EQ(Labels(groups), (std::vector<std::string>{"d6-", "d5-", "d3-", "d4-", "d1-", "d8-",
                                                        "d2-", "d7-", "p9-"}));
    // Pages keep their order within a document, and every page is in exactly one group.
    EXPECT_EQ(groups[1].pageIndexes, (std::vector<int>{6, 5}));
    EXPECT_EQ(groups[3].pageIndexes, (std::vector<int>{3, 4}));
    EXPECT_EQ(groups.back().document, nullptr);
    EXPECT_EQ(groups.back().pageIndexes, (std::vector<int>{10}));
    std::vector<int> all;
    for (const auto& g : groups) all.insert(all.end(), g.pageIndexes.begin(), g.pageIndexes.end());
    std::sort(all.begin(), all.end());
    std::vector<int> expected(c.pages.size());
    for (size_t i = 0; i < expected.size(); ++i) expected[i] = int(i);
    EXPECT_EQ(all, expected);
}

TEST(GroupPages, FirstListingItemDecidesAndTheSortIsStable) {
    Case c = ShuffledPackage();
    // A document listed by two items goes where the first of them stands (the photo found glued on
    // the form is listed by the photo item too); documents of one item keep the package order.
    c.checklist[4].documents = {"d6", "d1"};
    c.checklist[2].documents = {"d3", "d4"};
    auto groups = GroupPages(c);
    EXPECT_EQ(Labels(groups), (std::vector<std::string>{"d6-", "d5-", "d3-", "d4-", "d1-", "d8-",
                                                        "d2-", "d7-", "p9-"}));
    // No checklist at all (rules did not run): package order.
    c.checklist.clear();
    groups = GroupPages(c);
    EXPECT_EQ(Labels(groups), (std::vector<std::string>{"d1-", "d2-", "d3-", "d4-", "d5-", "d6-",
                                                        "d7-", "d8-", "p9-"}));
}

TEST(PageNotes, MrzMismatchIsNotedOnTheMrzPageAndTheItemOnTheFirstPage) {
    Case c = ShuffledPackage();
    Document& passport = c.documents[4];
    ASSERT_EQ(passport.id, "d5");
    // The MRZ is on the document's second page (passport.tif page 2).
    passport.pageIndexes = {5, 6};
    passport.issues.push_back({Severity::Warning, "mrz_visual_mismatch",
                               "The birth date printed on the page differs from the MRZ.",
                               "identity_document", "passport.tif", 2});
    ChecklistEntry& identity = c.checklist[1];
    identity.status = ItemStatus::NeedsReview;
    identity.note = "machine-readable zone differs from the printed data: birth date";
    identity.localizedNote = {"MRZ өзгеше: туған күні", "MRZ расходится: дата рождения",
                              identity.note};
    const auto groups = GroupPages(c);
    const auto it = std::find_if(groups.begin(), groups.end(),
                                 [](const PageGroup& g) { return g.label == "d5-"; });
    ASSERT_NE(it, groups.end());

    const NameTable words = dossier::testing::SharedWords();  // no item names: ids show
    auto joined = [](const std::vector<std::string>& notes) {
        std::string all;
        for (const auto& n : notes) all += n + "\n";
        return all;
    };
    const std::string first = joined(PageNotes(c, words, 5, *it));
    const std::string mrzPage = joined(PageNotes(c, words, 6, *it));
    const std::string name =
        "MRZ басылған деректерге сәйкес емес / MRZ не совпадает с печатными данными";
    // In the reviewer's languages: the code's kk/ru name, not the English message (the cover
    // lists the message).
    EXPECT_NE(mrzPage.find(name), std::string::npos) << mrzPage;
    EXPECT_EQ(mrzPage.find("The birth date printed"), std::string::npos) << mrzPage;
    EXPECT_EQ(first.find(name), std::string::npos) << first;
    // The item's status and its kk/ru note on the document's first page.
    EXPECT_NE(first.find("identity_document — тексеру қажет / требует проверки: MRZ өзгеше: "
                         "туған күні / MRZ расходится: дата рождения"),
              std::string::npos)
        << first;
    EXPECT_EQ(mrzPage.find("тексеру қажет"), std::string::npos) << mrzPage;
    // The code is named, not shown raw.
    EXPECT_EQ(CodeName("mrz_visual_mismatch").ru, "MRZ не совпадает с печатными данными");
    // Issue 16: the classifier's codes too; a code without a name keeps its English message.
    EXPECT_EQ(CodeName("unknown_document").Both(),
              "құжат түрі анықталмады / тип документа не определён");
    Page& passportPage = c.pages[6];
    passportPage.issues.push_back(
        {Severity::Info, "some_new_code", "Explained in English.", "", "", 0});
    EXPECT_NE(joined(PageNotes(c, words, 6, *it)).find("some_new_code: Explained in English."),
              std::string::npos);
}

// The cover, the receipt and the page notes take these words from models/names.yaml alone: a
// status, verdict or service without its Kazakh or Russian word would show the reviewer its id.
TEST(Wording, EveryStatusVerdictAndServiceHasKazakhAndRussianWords) {
    const NameTable names = LoadNameTable(InstalledModelsDir());
    auto expectWords = [&](const std::string& key, const Bilingual& printed) {
        const auto entry = names.find(key);
        ASSERT_NE(entry, names.end()) << key;
        EXPECT_FALSE(entry->second.kk.empty()) << key;
        EXPECT_FALSE(entry->second.ru.empty()) << key;
        EXPECT_EQ(printed.kk, entry->second.kk) << key;
        EXPECT_EQ(printed.ru, entry->second.ru) << key;
    };
    for (const ItemStatus status : AllItemStatuses())
        expectWords(std::string("status:") + ToString(status), StatusName(names, status));
    for (const Verdict verdict : AllVerdicts())
        expectWords(std::string("verdict:") + ToString(verdict), VerdictName(names, verdict));
    // The services' names too: the cover once spelled the labour-immigrant service its own way.
    for (const char* service : {"permanent-residence", "temporary-residence", "labor-immigrant"})
        expectWords(std::string("service:") + service, ServiceName(names, service));
}

}  // namespace
}  // namespace dossier::pdf
