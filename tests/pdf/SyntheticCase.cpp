// Synthetic pages and cases for the pdf tests (no Tesseract: the OCR result is what was drawn).
#include "SyntheticCase.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/freetype.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "classify/Models.h"
#include "core/Files.h"
#include "tests/fixtures/PageRenderer.h"

namespace dossier::testing {

namespace {

cv::freetype::FreeType2& Font() {
    static cv::Ptr<cv::freetype::FreeType2> font = [] {
        auto f = cv::freetype::createFreeType2();
        f->loadFontData(fixtures::DejaVuSansFile(), 0);
        return f;
    }();
    return *font;
}

std::vector<std::string> Words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

// Draws `lines` of 12 pt text from (x, top) down and returns them as a perfect OCR block.
OcrBlock DrawColumn(cv::Mat& image, const std::vector<std::string>& lines, int x0, int top,
                    double dpi) {
    const int px = int(dpi * 12 / 72.0);  // 12 pt text
    OcrBlock block;
    int y = top;
    for (const auto& text : lines) {
        y += int(px * 1.6);
        OcrLine line;
        int x = x0;
        int baseline = 0;
        const int space = Font().getTextSize(" ", px, -1, &baseline).width + px / 4;
        for (const auto& word : Words(text)) {
            cv::Size size = Font().getTextSize(word, px, -1, &baseline);
            fixtures::DrawText(image, word, cv::Point(x, y), px);
            OcrWord ocrWord;
            ocrWord.text = word;
            ocrWord.box = cv::Rect(x, y - int(px * 0.76), size.width, int(px * 0.98));
            ocrWord.confidence = 95;
            line.words.push_back(ocrWord);
            x += size.width + space;
        }
        if (line.words.empty()) continue;
        line.box = line.words.front().box | line.words.back().box;
        line.baselineStart = cv::Point2f(float(line.box.x), float(y));
        line.baselineEnd = cv::Point2f(float(line.box.x + line.box.width), float(y));
        line.ascent = float(px * 0.76);
        block.box = block.lines.empty() ? line.box : block.box | line.box;
        block.lines.push_back(line);
    }
    return block;
}

Page PageOf(const std::string& file, const cv::Mat& image, OcrText ocr, double dpi) {
    Page page;
    page.file = file;
    page.dpi = dpi;
    ocr.meanConfidence = 95;
    ocr.languages = {"Cyrillic", "eng"};
    page.ocr = ocr;
    page.original = image;
    page.prepared = image;
    page.sourceFormat = "png";
    page.sha256 =
        Sha256Hex(std::string_view(reinterpret_cast<const char*>(image.data), image.total()));
    page.quality.dpi = dpi;
    return page;
}

}  // namespace

Page MakeTextPage(const std::string& file, const std::vector<std::string>& lines, double dpi) {
    const int width = int(8.27 * dpi), height = int(11.69 * dpi);
    cv::Mat image(height, width, CV_8UC1, cv::Scalar(255));
    OcrText ocr;
    ocr.blocks.push_back(DrawColumn(image, lines, int(dpi * 0.8), int(dpi * 0.9), dpi));
    for (const auto& text : lines) ocr.text += text + "\n";
    return PageOf(file, image, ocr, dpi);
}

Page MakeColumnsPage(const std::string& file, const std::vector<std::string>& left,
                     const std::vector<std::string>& right, double gutterInches, double dpi) {
    const int width = int(8.27 * dpi), height = int(11.69 * dpi);
    cv::Mat image(height, width, CV_8UC1, cv::Scalar(255));
    const double margin = 0.8, column = (8.27 - 2 * margin - gutterInches) / 2;
    OcrText ocr;
    ocr.blocks.push_back(DrawColumn(image, left, int(dpi * margin), int(dpi * 0.9), dpi));
    ocr.blocks.push_back(
        DrawColumn(image, right, int(dpi * (margin + column + gutterInches)), int(dpi * 0.9), dpi));
    for (const auto* lines : {&left, &right})
        for (const auto& text : *lines) ocr.text += text + "\n";
    return PageOf(file, image, ocr, dpi);
}

Page MakeBlocksPage(const std::string& file, const std::vector<DrawnBlock>& blocks, double dpi) {
    const int width = int(8.27 * dpi), height = int(11.69 * dpi);
    cv::Mat image(height, width, CV_8UC1, cv::Scalar(255));
    OcrText ocr;
    for (const DrawnBlock& block : blocks) {
        ocr.blocks.push_back(DrawColumn(image, block.lines, int(dpi * block.xInches),
                                        int(dpi * block.topInches), dpi));
        for (const auto& text : block.lines) ocr.text += text + "\n";
    }
    return PageOf(file, image, ocr, dpi);
}

Page MakeRowsPage(const std::string& file, const std::vector<std::vector<std::string>>& rows,
                  double columnInches, double rowPitchSizes, double dpi) {
    const int width = int(8.27 * dpi), height = int(11.69 * dpi);
    cv::Mat image(height, width, CV_8UC1, cv::Scalar(255));
    OcrText ocr;
    OcrBlock block;
    int y = int(dpi * 0.9);
    for (const auto& cells : rows) {
        // Drawn as columns, read back as one line per row.
        OcrLine line;
        for (size_t column = 0; column < cells.size(); ++column) {
            const int x = int(dpi * (0.8 + columnInches * double(column)));
            const OcrLine cell = DrawColumn(image, {cells[column]}, x, y, dpi).lines.front();
            if (column == 0)
                line = cell;
            else
                line.words.insert(line.words.end(), cell.words.begin(), cell.words.end());
            ocr.text += (column ? " " : "") + cells[column];
        }
        line.box = line.words.front().box | line.words.back().box;
        line.baselineEnd.x = float(line.box.x + line.box.width);
        block.box = block.lines.empty() ? line.box : block.box | line.box;
        block.lines.push_back(line);
        ocr.text += "\n";
        y += int(dpi * 12 / 72.0 * rowPitchSizes);
    }
    ocr.blocks.push_back(block);
    return PageOf(file, image, ocr, dpi);
}

Page MakeTableCellsPage(const std::string& file,
                        const std::vector<std::vector<std::vector<std::string>>>& rows,
                        double columnInches, double dpi) {
    const int width = int(8.27 * dpi), height = int(11.69 * dpi);
    cv::Mat image(height, width, CV_8UC1, cv::Scalar(255));
    const int pitch = int(dpi * 12 / 72.0 * 1.6);  // DrawColumn's line pitch
    OcrText ocr;
    int top = int(dpi * 0.9);
    for (std::size_t row = 0; row < rows.size(); ++row) {
        std::size_t tallest = 0;
        for (std::size_t column = 0; column < rows[row].size(); ++column) {
            const std::vector<std::string>& lines = rows[row][column];
            OcrBlock cell = DrawColumn(image, lines,
                                       int(dpi * (0.8 + columnInches * double(column))), top, dpi);
            cell.cellInColumn = int(row);
            for (const auto& line : lines) ocr.text += line + "\n";
            ocr.blocks.push_back(cell);
            tallest = std::max(tallest, lines.size());
        }
        top += int(tallest) * pitch;
    }
    return PageOf(file, image, ocr, dpi);
}

Case MakeCase() {
    Case c;
    c.id = "2026-11-20-0001";
    c.service = "permanent-residence";
    c.applicationDate = Date{2026, 11, 20};
    c.verdict = Verdict::Incomplete;
    c.applicant = Applicant{"ABDULLAEV", "RUSTAM",          "FA1234567",      "UZB",
                            "M",         Date{1990, 3, 14}, Date{2031, 2, 1}, {}};

    // d1: application form, a lossless PNG source.
    c.pages.push_back(
        MakeTextPage("form.png", {"Өтініш нысаны", "Әкесінің аты: Ғалым Қайратұлы",
                                  "Мекенжайы: Өскемен қаласы, Құрылысшылар көшесі 1"}));

    // d2: passport page passed through as JPEG.
    Page passport =
        MakeTextPage("passport.jpg", {"PASSPORT", "Surname ABDULLAEV", "Given names RUSTAM"});
    passport.sourceFormat = "jpeg";
    passport.passThroughJpeg = fixtures::EncodeJpeg(passport.original, 85, 150);
    c.pages.push_back(passport);

    // d3: the 35 x 45 photo, colour.
    Page photo;
    photo.file = "photo.jpg";
    photo.dpi = 300;
    photo.original = cv::Mat(531, 413, CV_8UC3, cv::Scalar(235, 235, 235));
    cv::ellipse(photo.original, cv::Point(206, 230), cv::Size(110, 150), 0, 0, 360,
                cv::Scalar(120, 150, 200), -1);
    cv::rectangle(photo.original, cv::Rect(60, 400, 293, 131), cv::Scalar(90, 60, 40), -1);
    photo.sourceFormat = "jpeg";
    photo.sha256 = std::string(64, 'a');
    c.pages.push_back(photo);
    PhotoCheck check;
    check.file = "photo.jpg";
    check.found = true;
    check.widthMm = 35.0;
    check.heightMm = 45.0;
    check.width = 413;
    check.height = 531;
    PhotoMeasure head;
    head.code = "head_height_ratio";
    head.ok = false;
    head.value = 0.52;
    head.expected = "0.69-0.80";
    PhotoMeasure faces;
    faces.code = "face_count";
    faces.ok = true;
    faces.value = 1;
    check.checks = {head, faces};
    c.photo = check;

    // d4: criminal record, page 1 scanned on its side: the original is the upright page turned
    // 90 degrees counter-clockwise, so preparation turns it 90 clockwise.
    Page record = MakeTextPage(
        "record.jpg",
        {"Справка о судимости", "Сведений о судимости не имеется", "Выдана 02.03.2026 года"});
    cv::Mat sideways;
    cv::rotate(record.original, sideways, cv::ROTATE_90_COUNTERCLOCKWISE);
    record.original = sideways;
    record.preparation.rotationDegrees = 90;
    record.sourceFormat = "jpeg";
    record.passThroughJpeg = fixtures::EncodeJpeg(sideways, 85, 150);
    c.pages.push_back(record);
    Page poor = MakeTextPage("record.jpg", {"Страница 2 справки"});
    poor.pageInFile = 2;
    poor.sourceFormat = "jpeg";
    poor.quality.ok = false;
    poor.quality.content = ContentVerdict::Poor;
    poor.quality.checks = {{"blurry", false, 12.5, ">= 100"}, {"too_dark", true, 180, ">= 60"}};
    c.pages.push_back(poor);

    auto document = [](std::string id, DocumentType type, std::vector<int> pages) {
        Document d;
        d.id = std::move(id);
        d.type = type;
        d.confidence = 0.97;
        d.pageIndexes = std::move(pages);
        return d;
    };
    c.documents = {document("d1", DocumentType::ApplicationForm, {0}),
                   document("d2", DocumentType::Passport, {1}),
                   document("d3", DocumentType::Photo, {2}),
                   document("d4", DocumentType::CriminalRecordCertificate, {3, 4})};
    c.documents[3].issues.push_back({Severity::Error, "expired",
                                     "issued 2026-03-02, older than 180 days", "criminal_record",
                                     "record.jpg", 0});
    auto entry = [](std::string item, ItemStatus status, std::vector<std::string> documents,
                    std::string note) {
        ChecklistEntry e;
        e.item = std::move(item);
        e.status = status;
        e.documents = std::move(documents);
        e.note = std::move(note);
        return e;
    };
    // In the order of the legal list (models/services/permanent-residence.yaml), as the rules
    // write it: the criminal record (item 4) comes before the photo (item 8).
    c.checklist = {
        entry("application_form", ItemStatus::Present, {"d1"}, ""),
        entry("identity_document", ItemStatus::Present, {"d2"}, ""),
        entry("criminal_record", ItemStatus::Expired, {"d4"},
              "issued 2026-03-02, older than 180 days on 2026-11-20"),
        entry("housing", ItemStatus::Missing, {}, ""),
        entry("photo", ItemStatus::Invalid, {"d3"}, "head height ratio 0.52, expected 0.69-0.80"),
        entry("state_fee", ItemStatus::Missing, {}, ""),
    };
    c.checklist[2].localizedNote = {"2026-03-02 берілген, 180 күннен асқан",
                                    "выдана 02.03.2026, старше 180 дней", ""};
    c.issues.push_back({Severity::Error, "document_missing", "No state fee receipt was found.",
                        "state_fee", "", 0});
    for (const std::string name : {"form.png", "passport.jpg", "photo.jpg", "record.jpg"}) {
        InputFile input;
        input.name = name;
        input.sha256 = Sha256Hex(name);
        input.bytes = 1000;
        input.pageCount = name == "record.jpg" ? 2 : 1;
        c.inputs.push_back(input);
    }
    return c;
}

NameTable TypeNames() {
    return {{"application_form", {"Өтініш", "Заявление", "Application form"}},
            {"passport", {"Паспорт", "Паспорт", "Passport"}},
            {"photo", {"Фотосурет", "Фотография", "Photo"}},
            {"criminal_record_certificate",
             {"Соттылық туралы анықтама", "Справка о судимости", "Criminal record"}}};
}

NameTable SharedWords() {
    NameTable words;
    for (const auto& [key, name] : LoadNameTable(InstalledModelsDir()))
        if (key.starts_with("status:") || key.starts_with("verdict:") ||
            key.starts_with("service:"))
            words.emplace(key, name);
    return words;
}

NameTable ItemNames() {
    NameTable names = SharedWords();
    names.insert({{"application_form", {"Өтініш", "Заявление", "Application form"}},
                  {"identity_document",
                   {"Жеке басын куәландыратын құжат", "Документ, удостоверяющий личность", ""}},
                  {"criminal_record", {"Соттылығы туралы анықтама", "Справка о судимости", ""}},
                  {"photo", {"Фотосурет 35x45", "Фотография 35x45", ""}},
                  {"state_fee", {"Мемлекеттік баж", "Государственная пошлина", ""}},
                  {"housing", {"Тұрғын үй", "Жильё", ""}}});
    return names;
}

std::string RunTool(const std::string& command, int* status) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        if (status) *status = -1;
        return output;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    int rc = pclose(pipe);
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return output;
}

std::string WorkDir(const std::string& name) {
    // ctest runs each test in its own process, several at once: a folder per process.
    std::filesystem::path dir = std::filesystem::path(DOSSIER_TEST_WORK_DIR) / "pdf" /
                                (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

std::string ReadBytes(const std::string& path) {
    return ReadFileBytes(path);
}

std::string Squeeze(const std::string& text) {
    std::istringstream in(text);
    std::string word, out;
    while (in >> word) out += (out.empty() ? "" : " ") + word;
    return out;
}

}  // namespace dossier::testing
