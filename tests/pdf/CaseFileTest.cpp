// The case file checked from outside with poppler and qpdf: text layer, PDF/A furniture,
// navigation.
#include "pdf/CaseFile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "SyntheticCase.h"
#include "core/Files.h"
#include "pdf/Receipt.h"

namespace dossier {
namespace {

using namespace dossier::testing;

class CaseFileTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new std::string(WorkDir("casefile"));
        case_ = new Case(MakeCase());
        CaseFileOptions options;
        options.typeNames = TypeNames();
        options.itemNames = ItemNames();
        options.configSummary =
            "ocr.languages: Cyrillic+eng\nsigning.subFilter: ETSI.CAdES.detached";
        options.signerName = "dossier TEST signer";
        options.testKey = true;
        pdf_ = new std::string(*dir_ + "/case.pdf");
        WriteBytes(*pdf_, BuildCaseFile(*case_, options));
    }
    static void TearDownTestSuite() {
        delete dir_;
        delete case_;
        delete pdf_;
    }
    static std::string PageText(int page) {
        return RunTool("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                       std::to_string(page) + " '" + *pdf_ + "' -");
    }
    static nlohmann::json QpdfJson() {
        return nlohmann::json::parse(RunTool("qpdf --json '" + *pdf_ + "'"));
    }
    static std::string* dir_;
    static Case* case_;
    static std::string* pdf_;
};
std::string* CaseFileTest::dir_ = nullptr;
Case* CaseFileTest::case_ = nullptr;
std::string* CaseFileTest::pdf_ = nullptr;

// Cover pages come first; the test case's cover fits on one page.
constexpr int kFirstImagePage = 2;

/// The Contents of the FreeText note annotations on 1-based `page`, one per line.
std::string NoteOf(const std::string& pdf, int page) {
    const auto json = nlohmann::json::parse(RunTool("qpdf --json '" + pdf + "'"));
    const auto& objects = json["qpdf"][1];
    const auto& value =
        objects["obj:" + json["pages"][page - 1]["object"].get<std::string>()]["value"];
    std::string notes;
    if (!value.contains("/Annots")) return notes;
    for (const auto& ref : value["/Annots"]) {
        const auto& annotation = objects["obj:" + ref.get<std::string>()]["value"];
        if (annotation["/Subtype"] == "/FreeText")
            notes += annotation["/Contents"].get<std::string>().substr(2) + "\n";
    }
    return notes;
}

TEST_F(CaseFileTest, TextLayerRoundTripsKazakhRussianEnglish) {
    // Page order (legal list): d1 form, d2 passport, d4 record (2 pages), d3 photo.
    const int pages[] = {kFirstImagePage, kFirstImagePage + 1, kFirstImagePage + 2};
    const int sources[] = {0, 1, 3};
    for (int i = 0; i < 3; ++i) {
        std::string text = Squeeze(PageText(pages[i]));
        std::string truth = Squeeze(case_->pages[sources[i]].ocr->text);
        EXPECT_NE(text.find(truth), std::string::npos) << "page " << pages[i] << ": " << text;
    }
    EXPECT_NE(Squeeze(PageText(kFirstImagePage)).find("Әкесінің аты: Ғалым Қайратұлы"),
              std::string::npos);
}

TEST_F(CaseFileTest, CoverIsBilingualAndNamesEverything) {
    std::string cover = Squeeze(PageText(1));
    for (const char* expected :
         {"ІС ҚАҒАЗЫ / ДЕЛО: 2026-11-20-0001", "ҚҰЖАТТАР ТОЛЫҚ ЕМЕС", "ПАКЕТ ДОКУМЕНТОВ НЕПОЛНЫЙ",
          "Тұрақты тұруға рұқсат", "Разрешение на постоянное проживание", "ABDULLAEV", "FA1234567",
          "1990-03-14", "Мемлекеттік баж", "Государственная пошлина", "отсутствует", "просрочен",
          "ТЕСТ", "dossier TEST signer", "Фото: талапқа сай емес / не соответствует"})
        EXPECT_NE(cover.find(expected), std::string::npos) << expected << "\n" << cover;
}

TEST_F(CaseFileTest, QpdfCheckIsClean) {
    int status = 0;
    std::string out = RunTool("qpdf --check '" + *pdf_ + "' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("No syntax or stream encoding errors found"), std::string::npos) << out;
}

TEST_F(CaseFileTest, PdfaFurniture) {
    std::string meta = RunTool("pdfinfo -meta '" + *pdf_ + "'");
    EXPECT_NE(meta.find("<pdfaid:part>2</pdfaid:part>"), std::string::npos);
    EXPECT_NE(meta.find("<pdfaid:conformance>B</pdfaid:conformance>"), std::string::npos);
    std::string fonts = RunTool("pdffonts '" + *pdf_ + "'");
    std::istringstream lines(fonts);
    std::string line;
    int fontCount = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("---", 0) == 0 || line.empty()) continue;
        ++fontCount;
        EXPECT_NE(line.find("Identity-H       yes yes yes"), std::string::npos) << line;
    }
    EXPECT_GE(fontCount, 1);
    std::string info = RunTool("pdfinfo '" + *pdf_ + "'");
    EXPECT_NE(Squeeze(info).find("Encrypted: no"), std::string::npos) << info;

    auto json = QpdfJson();
    const auto& objects = json["qpdf"][1];
    std::string root = json["qpdf"][1]["trailer"]["value"]["/Root"];
    const auto& catalog = objects["obj:" + root]["value"];
    ASSERT_TRUE(catalog.contains("/OutputIntents"));
    auto intent = catalog["/OutputIntents"][0];
    if (intent.is_string()) intent = objects["obj:" + intent.get<std::string>()]["value"];
    EXPECT_EQ(intent["/S"], "/GTS_PDFA1");
    std::string profile = intent["/DestOutputProfile"];
    EXPECT_EQ(objects["obj:" + profile]["stream"]["dict"]["/N"], 3);
    EXPECT_TRUE(catalog.contains("/Metadata"));
    EXPECT_TRUE(catalog.contains("/PageLabels"));
    // No transparency groups or soft masks anywhere.
    std::string all = json.dump();
    EXPECT_EQ(all.find("/SMask"), std::string::npos);
    EXPECT_EQ(all.find("/Transparency"), std::string::npos);
}

TEST_F(CaseFileTest, BookmarksAndLinksPointToDocumentStarts) {
    auto json = QpdfJson();
    std::map<std::string, int> pageOf;  // object id -> 1-based page
    int count = 0;
    for (const auto& page : json["pages"]) pageOf[page["object"]] = ++count;
    // cover, d1, d2, d4 (2 pages), d3, appendix
    EXPECT_EQ(count, 1 + 5 + 1);
    std::map<std::string, int> bookmarks;
    for (const auto& top : json["outlines"])
        for (const auto& item : top["kids"]) bookmarks[item["title"]] = item["destpageposfrom1"];
    EXPECT_EQ(bookmarks["Мұқаба / Обложка"], 1);
    EXPECT_EQ(bookmarks["d1. Өтініш / Заявление — form.png"], 2);
    EXPECT_EQ(bookmarks["d2. Паспорт — passport.jpg"], 3);
    EXPECT_EQ(bookmarks["d4. Соттылық туралы анықтама / Справка о судимости — record.jpg"], 4);
    EXPECT_EQ(bookmarks["d3. Фотосурет / Фотография — photo.jpg"], 6);
    EXPECT_EQ(bookmarks["Қосымша / Приложение"], 7);

    // Links on the cover: checklist rows first (d1, d2, d4, d3: housing and state fee have no
    // document), then the contents list (d1, d2, d4, d3).
    const auto& objects = json["qpdf"][1];
    const auto& cover = objects["obj:" + json["pages"][0]["object"].get<std::string>()]["value"];
    std::vector<int> targets;
    for (const auto& ref : cover["/Annots"]) {
        const auto& annotation = objects["obj:" + ref.get<std::string>()]["value"];
        if (annotation["/Subtype"] != "/Link") continue;
        targets.push_back(pageOf[annotation["/Dest"][0]]);
    }
    EXPECT_EQ(targets, (std::vector<int>{2, 3, 4, 6, 2, 3, 4, 6}));
    // Page labels follow the documents.
    EXPECT_EQ(json["pages"][3]["label"]["/P"], "u:d4-");
    EXPECT_EQ(json["pages"][5]["label"]["/P"], "u:d3-");
}

TEST_F(CaseFileTest, DocumentsFollowTheLegalListNotThePackageOrder) {
    // The package has the photo (d3, legal item 8) before the criminal record (d4, item 4).
    auto json = QpdfJson();
    std::vector<std::pair<std::string, int>> outline;
    for (const auto& top : json["outlines"])
        for (const auto& item : top["kids"])
            outline.emplace_back(item["title"], item["destpageposfrom1"]);
    ASSERT_EQ(outline.size(), 6u);
    const char* order[] = {"Мұқаба", "d1.", "d2.", "d4.", "d3.", "Қосымша"};
    for (size_t i = 0; i < outline.size(); ++i) {
        EXPECT_EQ(outline[i].first.rfind(order[i], 0), 0u) << i << ": " << outline[i].first;
        if (i > 0) {
            EXPECT_GT(outline[i].second, outline[i - 1].second) << outline[i].first;
        }
    }
    // The record's two pages stay together and in their order, right after the passport.
    EXPECT_NE(Squeeze(PageText(kFirstImagePage + 2)).find("Справка о судимости"),
              std::string::npos);
    EXPECT_NE(Squeeze(PageText(kFirstImagePage + 3)).find("Страница 2 справки"), std::string::npos);
    EXPECT_EQ(json["pages"][3]["label"]["/P"], "u:d4-");
}

TEST(CaseFileOrder, UnlistedDocumentsAndLoosePagesComeLastWithTheirOwnLinksAndLabels) {
    const std::string dir = WorkDir("order");
    Case c = MakeCase();
    // An unknown document and a loose page (in no document), both early in the package: page
    // indexes 5 and 6, but the unknown document is first among the documents.
    c.pages.push_back(MakeTextPage("cover-letter.png", {"Сопроводительное письмо"}));
    c.pages.push_back(MakeTextPage("loose.png", {"Бос парақ"}));
    Document unknown;
    unknown.id = "d5";
    unknown.type = DocumentType::Unknown;
    unknown.pageIndexes = {5};
    c.documents.insert(c.documents.begin(), unknown);
    CaseFileOptions options;
    options.typeNames = TypeNames();
    options.itemNames = ItemNames();
    WriteBytes(dir + "/case.pdf", BuildCaseFile(c, options));
    auto json = nlohmann::json::parse(RunTool("qpdf --json '" + dir + "/case.pdf'"));

    std::map<std::string, int> pageOf;
    int count = 0;
    for (const auto& page : json["pages"]) pageOf[page["object"]] = ++count;
    EXPECT_EQ(count, 1 + 7 + 1);
    std::vector<std::pair<std::string, int>> outline;
    for (const auto& top : json["outlines"])
        for (const auto& item : top["kids"])
            outline.emplace_back(item["title"], item["destpageposfrom1"]);
    const std::vector<std::pair<std::string, int>> expected{
        {"Мұқаба / Обложка", 1},
        {"d1. Өтініш / Заявление — form.png", 2},
        {"d2. Паспорт — passport.jpg", 3},
        {"d4. Соттылық туралы анықтама / Справка о судимости — record.jpg", 4},
        {"d3. Фотосурет / Фотография — photo.jpg", 6},
        {"d5. unknown — cover-letter.png", 7},
        {"loose.png", 8},
        {"Қосымша / Приложение", 9}};
    EXPECT_EQ(outline, expected);
    EXPECT_NE(Squeeze(RunTool("pdftotext -enc UTF-8 -f 7 -l 7 '" + dir + "/case.pdf' -"))
                  .find("Сопроводительное письмо"),
              std::string::npos);
    EXPECT_EQ(json["pages"][6]["label"]["/P"], "u:d5-");
    EXPECT_EQ(json["pages"][7]["label"]["/P"], "u:p6-");

    // Cover links: checklist rows (d1, d2, d4, d3), then every group of the contents list.
    const auto& objects = json["qpdf"][1];
    const auto& cover = objects["obj:" + json["pages"][0]["object"].get<std::string>()]["value"];
    std::vector<int> targets;
    for (const auto& ref : cover["/Annots"]) {
        const auto& annotation = objects["obj:" + ref.get<std::string>()]["value"];
        if (annotation["/Subtype"] != "/Link") continue;
        targets.push_back(pageOf[annotation["/Dest"][0]]);
    }
    EXPECT_EQ(targets, (std::vector<int>{2, 3, 4, 6, 2, 3, 4, 6, 7, 8}));
}

TEST(CaseFileNotes, MrzMismatchIsNotedOnThePageItConcerns) {
    const std::string dir = WorkDir("mrznote");
    Case c = MakeCase();
    // What the rules make of an MRZ whose printed zone disagrees (classify/Rules.cpp): the issue
    // on the passport's page, the identity item needs_review with the field named.
    c.documents[1].issues.push_back(
        {Severity::Warning, "mrz_visual_mismatch",
         "The document number printed on the page differs from the MRZ.", "identity_document",
         "passport.jpg", 1});
    ChecklistEntry& identity = c.checklist[1];
    ASSERT_EQ(identity.item, "identity_document");
    identity.status = ItemStatus::NeedsReview;
    identity.reason = "mrz_visual_mismatch";
    identity.note =
        "machine-readable zone differs from the printed data: document number; compare "
        "with the original";
    identity.localizedNote = {
        "машинамен оқылатын аймақ бетте басылған деректерден өзгеше: құжат "
        "нөмірі; түпнұсқамен салыстыру қажет",
        "машиночитаемая зона расходится с печатными данными: номер "
        "документа; требуется сверка с оригиналом",
        identity.note};
    CaseFileOptions options;
    options.typeNames = TypeNames();
    options.itemNames = ItemNames();
    WriteBytes(dir + "/case.pdf", BuildCaseFile(c, options));
    auto pageText = [&](int page) {
        return Squeeze(RunTool("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                               std::to_string(page) + " '" + dir + "/case.pdf' -"));
    };
    const std::string passport = pageText(kFirstImagePage + 1);
    const std::string notes = Squeeze(NoteOf(dir + "/case.pdf", kFirstImagePage + 1));
    for (const char* expected :
         {"MRZ басылған деректерге сәйкес емес / MRZ не совпадает с печатными данными",
          "Документ, удостоверяющий личность — тексеру қажет / требует проверки", "номер документа",
          "құжат нөмірі"}) {
        EXPECT_NE(notes.find(expected), std::string::npos) << expected << "\n" << notes;
        // On the page, outside its text.
        EXPECT_EQ(passport.find(expected), std::string::npos) << expected << "\n" << passport;
    }
    // The passport's own text is still there: the note does not cover the scan.
    EXPECT_NE(passport.find("Given names RUSTAM"), std::string::npos) << passport;
    // Other pages do not carry it; the cover lists it with its page.
    EXPECT_EQ(NoteOf(dir + "/case.pdf", kFirstImagePage).find("MRZ"), std::string::npos);
    const std::string cover = pageText(1);
    EXPECT_NE(cover.find("d2: MRZ басылған деректерге сәйкес емес"), std::string::npos) << cover;
    EXPECT_NE(cover.find("[passport.jpg, б./стр. 1]"), std::string::npos) << cover;
}

// Writes `c`'s case file to `pdf`; returns the number of its first page whose text (pdftotext)
// holds `needle`, 0 if none does.
int WritePageWith(const Case& c, const std::string& pdf, const std::string& needle) {
    WriteBytes(pdf, BuildCaseFile(c));
    for (int p = 1; p <= 6; ++p) {
        const std::string number = std::to_string(p);
        int status = 0;
        const std::string text = RunTool(
            "pdftotext -enc UTF-8 -f " + number + " -l " + number + " '" + pdf + "' - 2>/dev/null",
            &status);
        if (status != 0) break;
        if (text.find(needle) != std::string::npos) return p;
    }
    return 0;
}

// Commands giving the text of page `page` of `pdf`: poppler's pdftotext in its default reading
// order (the first) and in content order, pdfminer's pdf2txt and MuPDF's mutool.
std::vector<std::string> Extractors(const std::string& pdf, int page) {
    const std::string number = std::to_string(page);
    return {"pdftotext -enc UTF-8 -f " + number + " -l " + number + " '" + pdf + "' -",
            "pdftotext -raw -enc UTF-8 -f " + number + " -l " + number + " '" + pdf + "' -",
            "pdf2txt '" + pdf + "' --page-numbers " + number,
            "mutool draw -q -F txt '" + pdf + "' " + number + " 2>/dev/null"};
}

// Issue 16: a kk/ru certificate printed side by side, lines at the same heights, 5 mm apart.
// Every extractor must read each column as its own run of lines (a phrase across a column's line
// end is found), and the page's note is on the page but not in its text.
TEST(CaseFileTextLayer, SideBySideColumnsReadColumnByColumnAndNotesStayOutOfTheText) {
    const std::string dir = WorkDir("columns");
    const std::vector<std::string> kk = {"Осы анықтама азаматтың", "тұрақты тұратынын растайды.",
                                         "Анықтама көші-қон", "қызметіне ұсыну үшін берілді."};
    const std::vector<std::string> ru = {"Настоящая справка подтверждает,",
                                         "что гражданин постоянно", "проживает в Республике",
                                         "Казахстан и выдана ему."};
    Case c;
    c.id = "columns";
    Page page = MakeColumnsPage("certificate.png", kk, ru, 0.2);
    page.issues.push_back({Severity::Warning, "unknown_document",
                           "No document type of the contract fits this document.", "",
                           "certificate.png", 1});
    c.pages.push_back(page);
    const std::string pdf = dir + "/case.pdf";
    const int imagePage = WritePageWith(c, pdf, "Настоящая");
    ASSERT_GT(imagePage, 0);
    const std::string number = std::to_string(imagePage);
    const auto json = nlohmann::json::parse(RunTool("qpdf --json '" + pdf + "'"));
    const char* phrases[] = {"азаматтың тұрақты тұратынын", "көші-қон қызметіне ұсыну",
                             "подтверждает, что гражданин", "Республике Казахстан и"};
    for (const auto& extractor : Extractors(pdf, imagePage)) {
        int status = 0;
        const std::string text = Squeeze(RunTool(extractor, &status));
        ASSERT_EQ(status, 0) << extractor;
        for (const char* phrase : phrases)
            EXPECT_NE(text.find(phrase), std::string::npos) << extractor << "\n" << text;
        // The note is drawn as an annotation: mutool lists annotation text after the page's.
        const size_t note = text.find("тип документа не определён");
        if (extractor.rfind("mutool", 0) == 0)
            EXPECT_TRUE(note == std::string::npos || note > text.find("Казахстан и выдана"))
                << text;
        else
            EXPECT_EQ(note, std::string::npos) << extractor << "\n" << text;
    }
    // Layout mode keeps the columns side by side: each printed line stays whole.
    const std::string layout =
        RunTool("pdftotext -layout -enc UTF-8 -f " + number + " -l " + number + " '" + pdf + "' -");
    for (const auto* column : {&kk, &ru})
        for (const auto& line : *column)
            EXPECT_NE(layout.find(line), std::string::npos) << line << "\n" << layout;

    // The note is the page's FreeText annotation, in kk/ru, printed with the page.
    const auto& objects = json["qpdf"][1];
    const auto& pageObject =
        objects["obj:" + json["pages"][imagePage - 1]["object"].get<std::string>()]["value"];
    std::string contents;
    for (const auto& ref : pageObject["/Annots"]) {
        const auto& annotation = objects["obj:" + ref.get<std::string>()]["value"];
        if (annotation["/Subtype"] != "/FreeText") continue;
        contents = annotation["/Contents"].get<std::string>();
        EXPECT_EQ(annotation["/F"].get<int>() & 4, 4) << "printed";
        EXPECT_TRUE(annotation["/AP"].contains("/N"));
    }
    EXPECT_NE(contents.find("құжат түрі анықталмады / тип документа не определён"),
              std::string::npos)
        << contents;
    EXPECT_EQ(contents.find("No document type"), std::string::npos) << contents;
}

// The text pdftotext gives of the first page of `c`'s case file (written to `dir`) that holds
// `needle`.
std::string PageTextWith(const Case& c, const std::string& dir, const std::string& needle) {
    const std::string pdf = dir + "/case.pdf";
    const int page = WritePageWith(c, pdf, needle);
    EXPECT_GT(page, 0) << needle;
    return page ? Squeeze(RunTool(Extractors(pdf, page).front())) : "";
}

// Each of `pieces` is in `text`, one after the other.
void ExpectInOrder(const std::string& text, const std::vector<std::string>& pieces) {
    size_t previous = 0;
    for (const auto& piece : pieces) {
        const size_t at = text.find(piece);
        EXPECT_NE(at, std::string::npos) << piece << "\n" << text;
        if (at == std::string::npos) continue;
        EXPECT_GE(at, previous) << piece << "\n" << text;
        previous = at;
    }
}

// Issue 16: a report's column of two paragraphs, a sidebar beside the first one's top, a note under
// the sidebar beside nothing. Poppler's reading order stretches a block across the page where
// nothing is beside it: the second paragraph, alone, would reach over the sidebar and be read
// after it. The column's paragraphs are read one after the other, then the sidebar, then the note.
TEST(CaseFileTextLayer, AColumnsParagraphsStayTogetherBesideASidebar) {
    const std::string dir = WorkDir("sidebar");
    const DrawnBlock first{
        0.8,
        1.0,
        {"Presidential and Senate races plus", "California Proposition 61 are key",
         "perception drivers. Hillary Clinton", "is perceived to be more negative",
         "for the drug industry than others."}};
    // Its first baseline 26 pt under the first paragraph's last: a paragraph's gap.
    const DrawnBlock second{
        0.8,
        1.0 + 4 * 0.2667 + 26.0 / 72,
        {"Part B demo could be finalized soon", "after the election, and watered",
         "down by how much is not yet known.", "Centers for Medicare still need",
         "to finalize the proposed demo."}};
    const DrawnBlock sidebar{
        5.2, 1.0, {"David Risinger", "EQUITY ANALYST", "Matthew Harrison", "EQUITY ANALYST"}};
    const DrawnBlock note{
        5.2, 4.4, {"Morgan Stanley does and", "seeks to do business with", "companies it covers."}};
    Case c;
    c.id = "sidebar";
    c.pages.push_back(MakeBlocksPage("report.png", {first, second, sidebar, note}));
    const std::string pdf = dir + "/case.pdf";
    const int page = WritePageWith(c, pdf, "Presidential");
    ASSERT_GT(page, 0);
    for (const auto& extractor : Extractors(pdf, page)) {
        int status = 0;
        const std::string text = Squeeze(RunTool(extractor, &status));
        ASSERT_EQ(status, 0) << extractor;
        SCOPED_TRACE(extractor);
        // pdfminer orders boxes by their middle height first: the short sidebar, beside the
        // column's top, comes before the column there, which is still read whole.
        if (extractor.rfind("pdf2txt", 0) == 0)
            ExpectInOrder(text,
                          {"Presidential and Senate",
                           "for the drug industry than others. Part B demo could be finalized",
                           "to finalize the proposed demo."});
        else
            ExpectInOrder(
                text,
                {"Presidential and Senate",
                 "for the drug industry than others. Part B demo could be finalized",
                 "to finalize the proposed demo.", "David Risinger", "Morgan Stanley does and"});
    }
}

// Issue 16: a form's rows (label, wide gap, value), each one OCR line. Extractors cut a row at its
// gap; they must still give each label with its value, row after row, not the labels' column and
// then the values' column.
TEST(CaseFileTextLayer, FormRowsReadRowByRow) {
    const std::string dir = WorkDir("form_rows");
    const std::vector<std::vector<std::string>> rows = {
        {"Тегі / Фамилия", "Жумабекова"},
        {"Аты / Имя", "Гульнара"},
        {"Туған күні / Дата рождения", "12.05.1991"},
        {"Азаматтығы / Гражданство", "Республика Узбекистан"},
        {"Мекенжайы / Адрес", "Алматы, проспект Достык, 5"},
        {"Телефоны / Телефон", "+7 705 111 22 33"},
    };
    Case c;
    c.id = "form_rows";
    c.pages.push_back(MakeRowsPage("form.png", rows, 3.2, 2.2));
    std::vector<std::string> inOrder;
    for (const auto& row : rows) inOrder.push_back(row[0] + " " + row[1]);
    ExpectInOrder(PageTextWith(c, dir, "Фамилия"), inOrder);
}

// Issue 16: an open table (no rules) of figures, rows 1.6 text sizes apart, its cells an inch and
// more apart: every extractor gives each row whole (its cells in order, a gap between them), row
// after row, and the figures' columns are not read down the page.
TEST(CaseFileTextLayer, OpenTableRowsStayWholeInEveryExtractor) {
    const std::string dir = WorkDir("open_table");
    const std::vector<std::vector<std::string>> rows = {
        {"Доход", "915.9", "1,382.7", "1,535.0", "1,472.1"},
        {"Налог", "(120)", "(254)", "(295)", "(271)"},
        {"Прибыль", "274", "529", "579", "536"},
        {"Долг", "(310)", "(728)", "(1,192)", "(1,659)"},
        {"Акции", "213", "210", "210", "210"},
    };
    Case c;
    c.id = "open_table";
    c.pages.push_back(MakeRowsPage("table.png", rows, 1.3, 1.6));
    const std::string pdf = dir + "/case.pdf";
    const int page = WritePageWith(c, pdf, "Доход");
    ASSERT_GT(page, 0);
    for (const auto& extractor : Extractors(pdf, page)) {
        int status = 0;
        const std::string text = Squeeze(RunTool(extractor, &status));
        ASSERT_EQ(status, 0) << extractor;
        std::vector<std::string> inOrder;
        for (const auto& row : rows) {
            std::string whole;
            for (const auto& cell : row) whole += (whole.empty() ? "" : " ") + cell;
            inOrder.push_back(whole);
        }
        SCOPED_TRACE(extractor);
        ExpectInOrder(text, inOrder);
    }
}

// Issue 16: a ruled table read cell by cell, each cell a block, a row's first line as close under
// the row above as a cell's lines are to each other. Extractors must give each cell whole and the
// cells row by row, not stack each column's cells into one run of lines.
TEST(CaseFileTextLayer, TableCellsReadCellByCellRowByRow) {
    const std::string dir = WorkDir("table_cells");
    const std::vector<std::vector<std::vector<std::string>>> rows = {
        {{"Тимур Ахметов, директор", "Ботагөз Сейітова, кеңесші"},
         {"(727) 569-43-55", "(727) 569-43-22"}},
        {{"Айгүл Нұрланова, аудармашы"}, {"(727) 569-43-54"}},
        {{"Ержан Болатов, заңгер", "Дина Омарова, хатшы"}, {"(727) 548-82-45", "(727) 548-82-46"}},
        {{"Сәуле Жұмабекова, бухгалтер"}, {"(727) 569-43-28"}},
    };
    Case c;
    c.id = "table_cells";
    c.pages.push_back(MakeTableCellsPage("table.png", rows, 3.4));
    std::vector<std::string> inOrder;
    for (const auto& row : rows)
        for (const auto& cell : row) {
            std::string whole;
            for (const auto& line : cell) whole += (whole.empty() ? "" : " ") + line;
            inOrder.push_back(whole);
        }
    ExpectInOrder(PageTextWith(c, dir, "Ахметов"), inOrder);
}

TEST_F(CaseFileTest, RotatedPassThroughJpegIsEmbeddedUntouchedAndShownUpright) {
    // The JPEG bytes are in the file as they were.
    const std::string bytes = ReadBytes(*pdf_);
    EXPECT_NE(bytes.find(case_->pages[3].passThroughJpeg), std::string::npos);
    // Rendered, the page matches the upright image.
    const int page = kFirstImagePage + 2;
    RunTool("pdftoppm -r 50 -gray -f " + std::to_string(page) + " -l " + std::to_string(page) +
            " '" + *pdf_ + "' '" + *dir_ + "/rot'");
    cv::Mat rendered =
        cv::imread(*dir_ + "/rot-" + std::to_string(page) + ".pgm", cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(rendered.empty());
    cv::Mat upright = case_->pages[3].Upright();
    EXPECT_GT(upright.rows, upright.cols);
    // The page has a note strip above the scan: match the scan wherever it sits vertically.
    auto bestMatch = [&](const cv::Mat& image) {
        cv::Mat expected, score;
        cv::resize(image, expected,
                   cv::Size(rendered.cols, rendered.cols * image.rows / image.cols), 0, 0,
                   cv::INTER_AREA);
        if (expected.rows > rendered.rows) return -1.0;
        cv::matchTemplate(rendered, expected, score, cv::TM_CCOEFF_NORMED);
        double best = 0;
        cv::minMaxLoc(score, nullptr, &best);
        return best;
    };
    EXPECT_GT(bestMatch(upright), 0.8);
    // Turning it the wrong way would not match.
    cv::Mat wrong;
    cv::rotate(upright, wrong, cv::ROTATE_180);
    EXPECT_LT(bestMatch(wrong), 0.5);
}

TEST_F(CaseFileTest, ProblemPagesCarryAVisibleNoteAboveTheScan) {
    std::string poor = Squeeze(NoteOf(*pdf_, kFirstImagePage + 3));
    EXPECT_NE(poor.find("бұлыңғыр / размыто"), std::string::npos) << poor;
    std::string first = Squeeze(NoteOf(*pdf_, kFirstImagePage + 2));
    EXPECT_NE(first.find("выдана 02.03.2026, старше 180 дней"), std::string::npos) << first;
    EXPECT_EQ(first.find("issued 2026-03-02"), std::string::npos) << "kk/ru, not English";
    EXPECT_EQ(NoteOf(*pdf_, kFirstImagePage), "");
    // Seen on the page (the strip above the scan is drawn), not in its text.
    EXPECT_EQ(PageText(kFirstImagePage + 3).find("размыто"), std::string::npos);
    RunTool("pdftoppm -r 30 -gray -f " + std::to_string(kFirstImagePage + 3) + " -l " +
            std::to_string(kFirstImagePage + 3) + " '" + *pdf_ + "' '" + *dir_ + "/note'");
    const cv::Mat rendered = cv::imread(
        *dir_ + "/note-" + std::to_string(kFirstImagePage + 3) + ".pgm", cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(rendered.empty());
    // The strip's yellow fill is lighter than the text but not white.
    EXPECT_LT(cv::mean(rendered.row(2))[0], 250);
}

TEST_F(CaseFileTest, AppendixListsInputsVersionAndConfiguration) {
    std::string appendix = Squeeze(PageText(7));
    EXPECT_NE(appendix.find(Sha256Hex("record.jpg")), std::string::npos) << appendix;
    EXPECT_NE(appendix.find(DOSSIER_VERSION), std::string::npos);
    EXPECT_NE(appendix.find("ocr.languages: Cyrillic+eng"), std::string::npos);
}

TEST(CaseFileRobustness, EmptyCaseStillMakesAValidFile) {
    const std::string dir = WorkDir("empty");
    Case empty;
    empty.id = "empty";
    WriteBytes(dir + "/empty.pdf", BuildCaseFile(empty));
    int status = 0;
    std::string out = RunTool("qpdf --check '" + dir + "/empty.pdf' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    std::string text = RunTool("pdftotext -enc UTF-8 '" + dir + "/empty.pdf' -");
    EXPECT_NE(text.find("Деректер"), std::string::npos);

    // Pages without documents, without OCR and without pixels still appear.
    Case bare;
    bare.id = "bare";
    Page page = MakeTextPage("a.png", {"Бір"});
    page.ocr.reset();
    bare.pages.push_back(page);
    Page blank;
    blank.file = "b.tif";
    bare.pages.push_back(blank);
    WriteBytes(dir + "/bare.pdf", BuildCaseFile(bare));
    out = RunTool("qpdf --check '" + dir + "/bare.pdf' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    std::string info = RunTool("pdfinfo '" + dir + "/bare.pdf'");
    EXPECT_NE(Squeeze(info).find("Pages: 4"), std::string::npos) << info;
}

TEST(Receipt, ListsEveryRefusedItemInChecklistOrderAndPoorCopies) {
    const std::string dir = WorkDir("receipt");
    Case c = MakeCase();
    CaseFileOptions options;
    options.itemNames = ItemNames();
    WriteBytes(dir + "/receipt.pdf", BuildReceipt(c, options));
    int status = 0;
    std::string out = RunTool("qpdf --check '" + dir + "/receipt.pdf' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    std::string text = Squeeze(RunTool("pdftotext -enc UTF-8 '" + dir + "/receipt.pdf' -"));
    EXPECT_NE(text.find("Расписка об отказе в приёме документов"), std::string::npos) << text;
    EXPECT_NE(text.find("ABDULLAEV RUSTAM"), std::string::npos);
    EXPECT_NE(text.find("2026-11-20"), std::string::npos);
    // criminal_record (expired), housing (missing), photo (invalid), state_fee (missing): the
    // legal order.
    size_t last = 0;
    for (const char* item :
         {"Справка о судимости — просрочен", "Жильё — отсутствует",
          "Фотография 35x45 — недействителен", "Государственная пошлина — отсутствует"}) {
        size_t at = text.find(item);
        ASSERT_NE(at, std::string::npos) << item << "\n" << text;
        EXPECT_GT(at, last) << item;
        last = at;
    }
    EXPECT_EQ(text.find("Заявление — "), std::string::npos) << "present items are not refused";
    EXPECT_NE(text.find("выдана 02.03.2026, старше 180 дней"), std::string::npos)
        << "the localized note is used";
    EXPECT_NE(text.find("пункт 9-1"), std::string::npos);
    EXPECT_NE(text.find("record.jpg, б./стр. 2: бұлыңғыр / размыто"), std::string::npos) << text;
}

}  // namespace
}  // namespace dossier
