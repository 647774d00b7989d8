// Builds the case file: bilingual cover, every page upright with its invisible text layer,
// appendix.
#include "pdf/CaseFile.h"

#include <algorithm>
#include <cmath>
#include <locale>
#include <map>
#include <opencv2/imgproc.hpp>
#include <set>
#include <sstream>

#include "core/Error.h"
#include "core/JpegCodec.h"
#include "pdf/Composer.h"
#include "pdf/Signer.h"
#include "pdf/TextLayer.h"
#include "pdf/Wording.h"

namespace dossier {

using namespace PoDoFo;
using namespace dossier::pdf;

namespace {

constexpr Rgb kBlack{0, 0, 0}, kGray{0.38, 0.38, 0.38}, kRed{0.72, 0.08, 0.08},
    kGreen{0.08, 0.45, 0.18}, kAmber{0.80, 0.50, 0.00}, kWhite{1, 1, 1}, kRule{0.6, 0.6, 0.6},
    kHeaderFill{0.90, 0.92, 0.95}, kNoteFill{1.0, 0.95, 0.72}, kLink{0.05, 0.25, 0.65};
constexpr double kLeft = Flow::kMargin, kContentWidth = Flow::kPageWidth - 2 * Flow::kMargin;

std::string DateText(const std::optional<Date>& date) {
    return date ? date->ToIso() : "—";
}

/// 8-bit gray or BGR, whatever the decoder produced.
cv::Mat To8BitGrayOrBgr(const cv::Mat& image) {
    cv::Mat out = image;
    if (out.depth() != CV_8U) {
        double scale = out.depth() == CV_16U ? 1.0 / 257.0 : 1.0;
        out.convertTo(out, CV_8U, scale);
    }
    if (out.channels() == 4) cv::cvtColor(out, out, cv::COLOR_BGRA2BGR);
    if (out.channels() == 2) cv::cvtColor(out, out, cv::COLOR_GRAY2BGR);
    return out;
}

/// Embeds pixels losslessly (Flate) or as a JPEG of `quality`.
std::unique_ptr<PdfImage> EmbedPixels(PdfDocument& doc, const cv::Mat& source, bool lossless,
                                      int quality) {
    cv::Mat image = To8BitGrayOrBgr(source);
    auto embedded = std::make_unique<PdfImage>(&doc);
    if (!lossless) {
        const std::string jpeg = EncodeJpeg(image, quality);
        embedded->LoadFromJpegData(reinterpret_cast<const unsigned char*>(jpeg.data()),
                                   static_cast<pdf_long>(jpeg.size()));
        return embedded;
    }
    cv::Mat pixels;
    if (image.channels() == 3) {
        cv::cvtColor(image, pixels, cv::COLOR_BGR2RGB);
        embedded->SetImageColorSpace(ePdfColorSpace_DeviceRGB);
    } else {
        pixels = image.isContinuous() ? image : image.clone();
        embedded->SetImageColorSpace(ePdfColorSpace_DeviceGray);
    }
    PdfMemoryInputStream stream(reinterpret_cast<const char*>(pixels.data),
                                static_cast<pdf_long>(pixels.total() * pixels.elemSize()));
    embedded->SetImageData(pixels.cols, pixels.rows, 8, &stream);
    return embedded;
}

double PageDpi(const Page& page, double fallback, int uprightWidthPx) {
    double dpi = page.dpi > 0 ? page.dpi : page.quality.dpi;
    // PDF/A caps pages at 200 inches; absurd metadata must not make a page that size.
    if (dpi >= 50 && dpi <= 2400) return dpi;
    if (fallback > 0 && uprightWidthPx / fallback * 72.0 <= 14400) return fallback;
    return std::max(1.0, uprightWidthPx / (Flow::kPageWidth / 72.0));
}

struct CoverLink {
    int coverPage = 0;
    PdfRect rect;
    int targetPage = 0;  ///< absolute 0-based page index
};

struct CoverContext {
    const Case& c;
    const CaseFileOptions& options;
    const std::vector<PageGroup>& groups;
    std::vector<int> groupFirstPage;  ///< absolute 0-based page of each group's first page
    std::map<std::string, int> documentFirstPage;
    std::vector<CoverLink>* links = nullptr;  ///< null in the measuring pass
};

std::string GroupTitle(const PageGroup& group, const Case& c, const NameTable& typeNames) {
    std::vector<std::string> files;
    for (int index : group.pageIndexes)
        if (std::find(files.begin(), files.end(), c.pages[index].file) == files.end())
            files.push_back(c.pages[index].file);
    std::string fileList;
    for (const auto& file : files) fileList += (fileList.empty() ? "" : ", ") + file;
    if (!group.document) return fileList;
    return group.document->id + ". " + LookUp(typeNames, ToString(group.document->type)).Both() +
           " — " + fileList;
}

void DrawPhoto(Flow& flow, const Case& c, double x, double top, double w, double h) {
    flow.StrokeRect(x, top - h, w, h, kRule, 0.8);
    if (flow.Measuring()) return;
    const Page* source = nullptr;
    if (c.photo && c.photo->found)
        for (const auto& page : c.pages)
            if (page.file == c.photo->file && page.pageInFile == c.photo->page) source = &page;
    if (!source || source->OriginalSize().empty()) {
        flow.TextAt(x + 8, top - h / 2, "Фото жоқ / Фото нет", 8, false, kGray);
        return;
    }
    // The photo rectangle is in the upright page's pixels, as the photo check saw the page.
    cv::Mat upright = source->Upright();
    cv::Rect rect = cv::Rect(c.photo->x, c.photo->y, c.photo->width, c.photo->height) &
                    cv::Rect(0, 0, upright.cols, upright.rows);
    if (rect.area() <= 0) rect = cv::Rect(0, 0, upright.cols, upright.rows);
    auto image = EmbedPixels(flow.Compose().Doc(), upright(rect), false, 90);
    double scale = std::min(w / rect.width, h / rect.height);
    double dw = rect.width * scale, dh = rect.height * scale;
    flow.Painter()->DrawImage(x + (w - dw) / 2, top - h + (h - dh) / 2, image.get(), scale, scale);
}

// The running header of each cover page; the first page also keeps the signature box free.
void SetCoverPageHeader(Flow& flow, const Case& c, const CaseFileOptions& options) {
    flow.onNewPage = [&c, &options](Flow& f) {
        f.TextAt(kLeft, Flow::kPageHeight - 26,
                 "dossier · " + c.id + " · Мұқаба / Обложка " + std::to_string(f.PageIndex() + 1),
                 7.5, false, kGray);
        if (f.PageIndex() == 0) {
            f.SetBottom(kCoverSignatureBox.y + kCoverSignatureBox.height + 10);
            DrawSignatureBlock(f, options.signerName, options.testKey);
        }
    };
}

void DrawTestKeyBanner(Flow& flow) {
    flow.Need(34);
    flow.FillRect(kLeft, flow.Y() - 30, kContentWidth, 30, kRed);
    flow.TextAt(kLeft + 8, flow.Y() - 12, "ТЕСТ: сынақ сертификатымен қол қойылған, заңды күші жоқ",
                9, true, kWhite);
    flow.TextAt(kLeft + 8, flow.Y() - 25,
                "ТЕСТ: подписано тестовым сертификатом, юридической силы не имеет", 9, true,
                kWhite);
    flow.Gap(36);
}

void DrawVerdictBanner(Flow& flow, Verdict verdictCode, const NameTable& names) {
    const Bilingual verdict = VerdictName(names, verdictCode);
    const Rgb verdictColor = verdictCode == Verdict::Complete     ? kGreen
                             : verdictCode == Verdict::Incomplete ? kRed
                                                                  : kAmber;
    flow.Need(40);
    flow.FillRect(kLeft, flow.Y() - 36, kContentWidth, 36, verdictColor);
    flow.TextAt(kLeft + 10, flow.Y() - 16, verdict.kk, 13, true, kWhite);
    flow.TextAt(kLeft + 10, flow.Y() - 31, verdict.ru, 13, true, kWhite);
    flow.Gap(44);
}

// A label in the left column and its value wrapped to `width` (the label column included).
void DrawField(Flow& flow, const std::string& label, const std::string& value, double width) {
    double size = 9.5;
    auto lines = flow.Compose().Wrap(value.empty() ? "—" : value, false, size, width - 170);
    flow.Need(size * 1.35 * lines.size());
    flow.TextAt(kLeft, flow.Y() - size, label, 8, false, kGray);
    for (const auto& line : lines) {
        flow.TextAt(kLeft + 170, flow.Y() - size, line, size, false);
        flow.Gap(size * 1.35);
    }
}

void DrawServiceFields(Flow& flow, const Case& c, const NameTable& names) {
    std::string service = ServiceName(names, c.service).Both();
    DrawField(flow, "Қызмет / Услуга", service, kContentWidth);
    if (!c.purpose.empty())
        DrawField(flow, "Мақсаты / Цель", PurposeName(c.purpose).Both(), kContentWidth);
    DrawField(flow, "Өтініш күні / Дата заявления",
              c.applicationDate.IsValid() ? c.applicationDate.ToIso() : "—", kContentWidth);
    flow.Gap(6);
}

void DrawApplicantFields(Flow& flow, const Case& c, double fieldWidth) {
    if (!c.applicant) {
        DrawField(flow, "Деректер / Данные", "MRZ табылмады / MRZ не найдена", fieldWidth);
        return;
    }
    const Applicant& a = *c.applicant;
    DrawField(flow, "Тегі / Фамилия", a.surname, fieldWidth);
    DrawField(flow, "Аты / Имя", a.givenNames, fieldWidth);
    DrawField(flow, "Туған күні / Дата рождения", DateText(a.birthDate), fieldWidth);
    DrawField(flow, "Жынысы / Пол", a.sex, fieldWidth);
    DrawField(flow, "Азаматтығы / Гражданство", a.nationality, fieldWidth);
    DrawField(flow, "Құжат нөмірі / Номер документа", a.documentNumber, fieldWidth);
    DrawField(flow, "Жарамды / Действителен до", DateText(a.expiryDate), fieldWidth);
    if (a.iin) DrawField(flow, "ЖСН / ИИН", *a.iin, fieldWidth);
}

// The photo verdict and the codes of the failed checks, under the photo; returns the lowest y
// the caption reaches.
double DrawPhotoCaption(Flow& flow, const Case& c, double photoX, double photoW, double captionY) {
    std::string photoVerdict = "Фото: тексерілмеді / не проверено";
    Rgb photoColor = kAmber;
    std::string failed;
    if (c.photo && c.photo->found) {
        if (c.photo->compliant) {
            photoVerdict = "Фото: талапқа сай / соответствует";
            photoColor = kGreen;
        } else if (c.photo->needsReview) {
            photoVerdict = "Фото: тексеру қажет / на проверку";
        } else {
            photoVerdict = "Фото: талапқа сай емес / не соответствует";
            photoColor = kRed;
        }
        for (const auto& check : c.photo->checks)
            if (check.ok && !*check.ok) failed += (failed.empty() ? "" : ", ") + check.code;
    } else if (c.photo) {
        photoVerdict = "Фото табылмады / Фото не найдено";
        photoColor = kRed;
    }
    auto photoLines = flow.Compose().Wrap(photoVerdict, true, 7, photoW + 10);
    if (!failed.empty())
        for (auto& line : flow.Compose().Wrap(failed, false, 6.5, photoW + 10))
            photoLines.push_back(line);
    for (size_t i = 0; i < photoLines.size(); ++i)
        flow.TextAt(photoX - 5, captionY - i * 9, photoLines[i], i == 0 || failed.empty() ? 7 : 6.5,
                    i == 0, photoColor);
    return captionY - photoLines.size() * 9.0;
}

// Applicant on the left, the 35 x 45 photo on the right at its real size.
void DrawApplicant(Flow& flow, const Case& c) {
    const double photoW = 99.2, photoH = 127.6, photoX = kLeft + kContentWidth - photoW;
    flow.Need(photoH + 30);
    flow.Paragraph("Өтініш беруші / Заявитель", 11, true);
    const double blockTop = flow.Y();
    DrawPhoto(flow, c, photoX, blockTop, photoW, photoH);
    DrawApplicantFields(flow, c, kContentWidth - photoW - 10);
    const double captionBottom = DrawPhotoCaption(flow, c, photoX, photoW, blockTop - photoH - 10);
    flow.SetY(std::min(flow.Y(), captionBottom) - 8);
}

constexpr double kChecklistColumns[4] = {165, 85, 205, 60};

void DrawChecklistHeader(Flow& flow) {
    const char* headers[4] = {"Тармақ / Пункт", "Күйі / Статус", "Ескерту / Примечание",
                              "Бет / Стр."};
    flow.Need(40);
    flow.FillRect(kLeft, flow.Y() - 14, kContentWidth, 14, kHeaderFill);
    double x = kLeft;
    for (int i = 0; i < 4; ++i) {
        flow.TextAt(x + 3, flow.Y() - 10, headers[i], 7.5, true);
        x += kChecklistColumns[i];
    }
    flow.Gap(14);
}

// One row: item, status, note, and a link to the first page of the entry's first document. A
// row that does not fit starts a new page, under a repeated header.
void DrawChecklistRow(Flow& flow, const CoverContext& ctx, const ChecklistEntry& entry) {
    const double* columns = kChecklistColumns;
    const Bilingual item = LookUp(ctx.options.itemNames, entry.item);
    const Bilingual status = StatusName(ctx.options.itemNames, entry.status);
    auto itemLines = flow.Compose().Wrap(item.kk + "\n" + item.ru, false, 8, columns[0] - 6);
    auto statusLines = flow.Compose().Wrap(status.kk + "\n" + status.ru, true, 8, columns[1] - 6);
    std::string note = entry.note;
    if (!entry.localizedNote.kk.empty() || !entry.localizedNote.ru.empty())
        note = Bilingual{entry.localizedNote.kk, entry.localizedNote.ru}.Both();
    auto noteLines = flow.Compose().Wrap(note, false, 7.5, columns[2] - 6);
    size_t rows = std::max({itemLines.size(), statusLines.size(), noteLines.size()});
    double height = rows * 10.0 + 5;
    if (flow.Y() - height < flow.Bottom()) {
        flow.NewPage();
        DrawChecklistHeader(flow);
    }
    const double top = flow.Y();
    Rgb statusColor = entry.status == ItemStatus::Present || entry.status == ItemStatus::NotRequired
                          ? kGreen
                      : entry.status == ItemStatus::NeedsReview ? kAmber
                                                                : kRed;
    for (size_t i = 0; i < itemLines.size(); ++i)
        flow.TextAt(kLeft + 3, top - 9 - i * 10, itemLines[i], 8);
    for (size_t i = 0; i < statusLines.size(); ++i)
        flow.TextAt(kLeft + columns[0] + 3, top - 9 - i * 10, statusLines[i], 8, true, statusColor);
    for (size_t i = 0; i < noteLines.size(); ++i)
        flow.TextAt(kLeft + columns[0] + columns[1] + 3, top - 9 - i * 10, noteLines[i], 7.5);
    if (!entry.documents.empty()) {
        auto it = ctx.documentFirstPage.find(entry.documents.front());
        if (it != ctx.documentFirstPage.end()) {
            const double x = kLeft + columns[0] + columns[1] + columns[2];
            flow.TextAt(x + 3, top - 9, "→ " + std::to_string(it->second + 1), 8, true, kLink);
            if (ctx.links)
                ctx.links->push_back(
                    {flow.PageIndex(), PdfRect(x, top - height, columns[3], height), it->second});
        }
    }
    flow.SetY(top - height);
    if (!flow.Measuring()) {
        flow.Painter()->SetStrokingColor(kRule.r, kRule.g, kRule.b);
        flow.Painter()->SetStrokeWidth(0.4);
        flow.Painter()->DrawLine(kLeft, flow.Y(), kLeft + kContentWidth, flow.Y());
    }
}

// The checklist: one row per item, in the legal order the rules engine produced.
void DrawChecklist(Flow& flow, const CoverContext& ctx) {
    flow.Need(60);
    flow.Paragraph("Құжаттар тізбесі / Перечень документов", 11, true);
    if (ctx.c.checklist.empty())
        flow.Paragraph("Тізбе жоқ / Перечень не сформирован", 9, false, kGray);
    else
        DrawChecklistHeader(flow);
    for (const auto& entry : ctx.c.checklist) DrawChecklistRow(flow, ctx, entry);
    flow.Gap(10);
}

// Contents: every document with a link to its first page.
void DrawContents(Flow& flow, const CoverContext& ctx) {
    flow.Need(40);
    flow.Paragraph("Құжаттар / Документы", 11, true);
    if (ctx.groups.empty()) flow.Paragraph("Беттер жоқ / Страниц нет", 9, false, kGray);
    for (size_t g = 0; g < ctx.groups.size(); ++g) {
        const PageGroup& group = ctx.groups[g];
        std::string pages = std::to_string(ctx.groupFirstPage[g] + 1);
        if (group.pageIndexes.size() > 1)
            pages += "–" + std::to_string(ctx.groupFirstPage[g] + int(group.pageIndexes.size()));
        std::string title = GroupTitle(group, ctx.c, ctx.options.typeNames);
        if (group.document && group.document->needsReview)
            title += " (тексеру қажет / на проверку)";
        auto lines = flow.Compose().Wrap(title, false, 8.5, kContentWidth - 70);
        flow.Need(lines.size() * 11.0 + 2);
        const double top = flow.Y();
        for (size_t i = 0; i < lines.size(); ++i)
            flow.TextAt(kLeft, top - 9 - i * 11, lines[i], 8.5);
        flow.TextAt(kLeft + kContentWidth - 60, top - 9, "→ " + pages, 8.5, true, kLink);
        if (ctx.links)
            ctx.links->push_back({flow.PageIndex(),
                                  PdfRect(kLeft, top - lines.size() * 11.0 - 2, kContentWidth,
                                          lines.size() * 11.0 + 2),
                                  ctx.groupFirstPage[g]});
        flow.Gap(lines.size() * 11.0 + 2);
    }
    flow.Gap(10);
}

std::string DescribeIssue(const Issue& issue, const std::string& prefix) {
    std::string text = prefix + CodeName(issue.code).Both();
    if (!issue.message.empty()) text += ": " + issue.message;
    if (!issue.file.empty()) {
        text += " [" + issue.file;
        if (issue.page > 0) text += ", б./стр. " + std::to_string(issue.page);
        text += "]";
    }
    return text;
}

// Issues of the case, then of each document.
void DrawIssues(Flow& flow, const Case& c) {
    std::vector<std::pair<Severity, std::string>> issues;
    for (const auto& issue : c.issues)
        issues.emplace_back(issue.severity, DescribeIssue(issue, ""));
    for (const auto& document : c.documents)
        for (const auto& issue : document.issues)
            issues.emplace_back(issue.severity, DescribeIssue(issue, document.id + ": "));
    flow.Need(40);
    flow.Paragraph("Ескертулер / Замечания", 11, true);
    if (issues.empty()) flow.Paragraph("Жоқ / Нет", 9, false, kGray);
    for (const auto& [severity, text] : issues) {
        Rgb color = severity == Severity::Error     ? kRed
                    : severity == Severity::Warning ? kAmber
                                                    : kGray;
        flow.Paragraph("• " + SeverityName(severity).Both() + " — " + text, 8, false,
                       color.r == kGray.r ? kBlack : color);
    }
}

void DrawCover(Flow& flow, const CoverContext& ctx) {
    const Case& c = ctx.c;
    SetCoverPageHeader(flow, c, ctx.options);
    flow.Need(30);
    flow.Paragraph("ІС ҚАҒАЗЫ / ДЕЛО: " + c.id, 17, true);
    flow.Gap(4);
    if (ctx.options.testKey) DrawTestKeyBanner(flow);
    DrawVerdictBanner(flow, c.verdict, ctx.options.itemNames);
    DrawServiceFields(flow, c, ctx.options.itemNames);
    DrawApplicant(flow, c);
    DrawChecklist(flow, ctx);
    DrawContents(flow, ctx);
    DrawIssues(flow, c);
    flow.End();
}

/// PDF number text: fixed notation in the C locale, short.
std::string Number(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.setf(std::ios::fixed);
    out.precision(3);
    out << value;
    std::string text = out.str();
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text == "-0" ? "0" : text;
}

/// A gap between two words of a line at least this many text sizes wide is bridged (poppler
/// starts a new block at a gap of one text size, and a new line at 1.5).
constexpr double kBridgedGapSizes = 1.0;
/// What a bridged gap reads as: two spaces (a single space is not text to poppler, which drops it
/// and goes by the distance alone), as a table's cells read in a plain-text view.
constexpr const char* kBridgedGapText = "  ";
/// Text size of every second row of a ruled table's cells, relative to the cells' size.
constexpr double kAlternateRowSize = 1.1;

/// A column's paragraphs, Tesseract's blocks one under the other, share one size when their
/// sizes are at most this share apart...
constexpr double kColumnSizeSpread = 0.15;
/// ... and the gap between them, baseline to baseline, is at most this many sizes.
constexpr double kColumnGapSizes = 2.0;
/// Poppler keeps two lines in one block when their baselines are at most 1.5 sizes apart; a size
/// of at least a line pitch / this keeps them (a little under 1.5 for rounding).
constexpr double kPitchPerSize = 1.4;

/// One size for each block (its median word size): extractors (poppler) keep lines of one size in
/// one block and start a new block where the size changes by a few percent, which would let a
/// column's lines interleave with those of the column beside it. They also keep two lines in one
/// block only when their baselines are at most about 1.5 sizes apart: widely spaced lines get a
/// size of at least their spacing / 1.4. The paragraphs of one column (blocks one under the other
/// whose sizes differ by a few percent) get one size, large enough for the gaps between them:
/// poppler reads them as one block, where as blocks of their own a sidebar beside the column's top
/// could be read between them (its order stretches a block across the page where nothing is beside
/// it).
std::map<int, double> BlockTextSizes(const std::vector<PlacedWord>& words, double s) {
    auto median = [](std::vector<double> values) {
        std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
        return values[values.size() / 2];
    };
    struct Extent {
        double left = 1e300, right = -1e300, top = 1e300, bottom = -1e300;
        std::vector<double> sizes, baselines;
        bool cell = false;
    };
    std::map<int, Extent> blocks;
    for (size_t i = 0; i < words.size(); ++i) {
        Extent& block = blocks[words[i].block];
        const double size = words[i].fontSize * s, baseline = words[i].origin.y * s;
        block.sizes.push_back(size);
        if (i == 0 || words[i].line != words[i - 1].line) block.baselines.push_back(baseline);
        block.left = std::min(block.left, words[i].origin.x * s);
        block.right = std::max(block.right, (words[i].origin.x + words[i].width) * s);
        block.top = std::min(block.top, baseline - size);
        block.bottom = std::max(block.bottom, baseline);
        block.cell = words[i].cellInColumn >= 0;
    }
    std::map<int, double> blockSize;
    for (const auto& [block, extent] : blocks) {
        double size = median(extent.sizes);
        std::vector<double> pitches;
        const auto& baselines = extent.baselines;
        for (size_t k = 1; k < baselines.size(); ++k)
            if (const double pitch = baselines[k] - baselines[k - 1]; pitch > 0 && pitch < 3 * size)
                pitches.push_back(pitch);
        if (!pitches.empty()) size = std::max(size, median(pitches) / kPitchPerSize);
        blockSize[block] = size;
    }
    // Columns: each block joins the column whose last block it lies right under (the nearest).
    std::vector<std::vector<int>> columns;
    for (const auto& [block, extent] : blocks) {
        long best = -1;
        double bestGap = 0;
        for (size_t c = 0; c < columns.size() && !extent.cell; ++c) {
            const int last = columns[c].back();
            const Extent& above = blocks[last];
            const double a = blockSize[last], b = blockSize[block];
            const double overlap =
                std::min(above.right, extent.right) - std::max(above.left, extent.left);
            const double narrower = std::min(above.right - above.left, extent.right - extent.left);
            const double gap = extent.baselines.front() - above.baselines.back();
            if (!above.cell && overlap >= 0.5 * narrower && extent.top >= above.bottom - 0.5 * a &&
                std::abs(a - b) <= kColumnSizeSpread * std::max(a, b) && gap > 0 &&
                gap <= kColumnGapSizes * std::max(a, b) && (best < 0 || gap < bestGap))
                best = long(c), bestGap = gap;
        }
        if (best >= 0)
            columns[size_t(best)].push_back(block);
        else
            columns.push_back({block});
    }
    for (const auto& column : columns) {
        if (column.size() < 2) continue;
        double size = 0;
        for (size_t k = 0; k < column.size(); ++k) {
            size = std::max(size, blockSize[column[k]]);
            if (k > 0)
                size = std::max(size, (blocks[column[k]].baselines.front() -
                                       blocks[column[k - 1]].baselines.back()) /
                                          kPitchPerSize);
        }
        for (int block : column) blockSize[block] = size;
    }
    return blockSize;
}

/// Words [first, end), one OCR line, as one invisible text object in `font`.
void WriteTextLine(PdfPainter& painter, PdfFont* font, const std::vector<PlacedWord>& words,
                   size_t first, size_t end, double s, double height) {
    PdfStream* canvas = painter.GetCanvas();
    const double spaceWidth = font->GetFontMetrics()->StringWidth(Utf8(" "));
    // The line's frame: origin at its first word, x along its baseline.
    const PlacedWord& head = words[first];
    const double t = head.angleDegrees * CV_PI / 180.0;
    const cv::Point2d along(std::cos(t), std::sin(t));
    const cv::Point2d origin(head.origin.x * s, height - head.origin.y * s);
    auto offset = [&](const PlacedWord& word) {
        const cv::Point2d p(word.origin.x * s - origin.x, height - word.origin.y * s - origin.y);
        return p.dot(along);
    };
    painter.SetFont(font);
    painter.BeginText(0, 0);
    canvas->Append("3 Tr " + Number(along.x) + " " + Number(along.y) + " " + Number(-along.y) +
                   " " + Number(along.x) + " " + Number(origin.x) + " " + Number(origin.y) +
                   " Tm\n");
    double previous = 0;
    for (size_t i = first; i < end; ++i) {
        const PlacedWord& word = words[i];
        const PdfString text = Utf8(word.text);
        const double natural = font->GetFontMetrics()->StringWidth(text);
        const double at = offset(word);
        if (i > first) canvas->Append(Number(at - previous) + " 0 Td\n");
        previous = at;
        const double stretch = natural > 0 ? 100.0 * word.width * s / natural : 100.0;
        canvas->Append(Number(std::clamp(stretch, 1.0, 1000.0)) + " Tz\n");
        painter.AddText(text);
        if (i + 1 < end && spaceWidth > 0) {
            const double gap = offset(words[i + 1]) - at - word.width * s;
            canvas->Append(Number(std::clamp(100.0 * gap / spaceWidth, 1.0, 100000.0)) + " Tz\n");
            // A wide gap (a table's cells, a label and its value, a numbered line) would make
            // extractors cut the line there and read its pieces in an order of their own: the
            // space over it gets replacement text (ActualText), which poppler takes as
            // characters filling the gap, so the line stays one run of text, in the OCR's order.
            const bool bridged = gap >= kBridgedGapSizes * font->GetFontSize();
            if (bridged)
                canvas->Append(std::string("/Span <</ActualText (") + kBridgedGapText +
                               ")>> BDC\n");
            painter.AddText(Utf8(" "));
            if (bridged) canvas->Append("EMC\n");
        }
    }
    painter.EndText();
}

/// The invisible OCR text, one text object per OCR line in the OCR's reading order (blocks, lines,
/// words), as Tesseract's own PDF renderer writes it. Within a line each word is stretched (Tz)
/// over its ink, and a real space glyph, stretched over the gap, follows every word but the last:
/// extractors see the word gaps as spaces, a line as one unit, and a line's end as its end, so
/// that they do not have to guess words and lines from glyph distances alone; a wide gap is
/// bridged by replacement text, so that a table's row or a label and its value stay one line.
/// The ruled table's cells, each a block of its own, alternate in size row by row. `s` converts
/// upright-image pixels to points; `height` is the image's height in points.
void WriteTextLayer(PdfPainter& painter, Composer& composer, const std::vector<PlacedWord>& words,
                    double s, double height) {
    const std::map<int, double> blockSize = BlockTextSizes(words, s);
    // The cells of a ruled table, written one block per cell, all in one size (the largest of
    // theirs, which keeps every cell's lines together), and a cell under another a tenth larger
    // or smaller: extractors keep each cell apart from the one under it.
    double cellSize = 0;
    for (const PlacedWord& word : words)
        if (word.cellInColumn >= 0) cellSize = std::max(cellSize, blockSize.at(word.block));
    for (size_t first = 0; first < words.size();) {
        size_t end = first;
        while (end < words.size() && words[end].line == words[first].line) ++end;
        double size = blockSize.at(words[first].block);
        if (words[first].cellInColumn >= 0)
            size = cellSize * (words[first].cellInColumn % 2 == 1 ? kAlternateRowSize : 1.0);
        if (size >= 0.5)
            WriteTextLine(painter, composer.Font(false, size), words, first, end, s, height);
        first = end;
    }
}

/// The page's notes as a FreeText annotation over the strip above the scan: seen on screen and
/// printed, listed by viewers as comments (its Contents), and outside the page's text. The drawn
/// words are marked as having no actual text (an empty ActualText span), so text extraction and
/// search give the scan's OCR text alone, as the notes are not part of the document.
void AddNoteAnnotation(Composer& composer, PdfPage* page, const PdfRect& rect,
                       const std::vector<std::string>& lines, double size, double lineHeight) {
    PdfMemDocument& doc = composer.Doc();
    PdfXObject appearance(PdfRect(0, 0, rect.GetWidth(), rect.GetHeight()), &doc);
    {
        PdfPainter painter;
        painter.SetPage(&appearance);
        painter.SetColor(kNoteFill.r, kNoteFill.g, kNoteFill.b);
        painter.Rectangle(0, 0, rect.GetWidth(), rect.GetHeight());
        painter.Fill();
        painter.SetColor(kRed.r, kRed.g, kRed.b);
        painter.GetCanvas()->Append("/Span <</ActualText ()>> BDC\n");
        painter.SetFont(composer.Font(false, size));
        for (size_t i = 0; i < lines.size(); ++i)
            painter.DrawText(6, rect.GetHeight() - 4 - size - double(i) * lineHeight,
                             Utf8(lines[i]));
        painter.GetCanvas()->Append("EMC\n");
        painter.FinishPage();
    }
    std::string contents;
    for (const auto& line : lines) contents += (contents.empty() ? "" : "\n") + line;
    PdfAnnotation* note = page->CreateAnnotation(ePdfAnnotation_FreeText, rect);
    note->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_ReadOnly);
    note->SetBorderStyle(0, 0, 0);
    note->SetContents(Utf8(contents));
    note->SetTitle(Utf8("dossier"));
    // FreeText requires a default appearance; the drawn appearance above is what viewers show.
    note->GetObject()->GetDictionary().AddKey("DA", PdfString("0.72 0.08 0.08 rg"));
    note->SetAppearanceStream(&appearance);
}

/// A page's image as the PDF holds it, and the turn the PDF gives it to show it upright.
struct EmbeddedImage {
    std::unique_ptr<PdfImage> image;  ///< nullptr: the page has no image
    int rotateInPdf = 0;
};

/// The scan's own JPEG when it can pass through (turned by the PDF), else the upright pixels:
/// lossless for lossless sources, unless the options say otherwise.
EmbeddedImage EmbedPageImage(PdfMemDocument& doc, const Page& page,
                             const CaseFileOptions& options) {
    EmbeddedImage embedded;
    const int rotation = ((page.preparation.rotationDegrees % 360) + 360) % 360;
    if (!page.passThroughJpeg.empty() && rotation % 90 == 0) {
        std::string why;
        const auto facts = ReadJpegHeaderFacts(page.passThroughJpeg, why);
        int components = facts ? facts->components : 0;
        // CMYK JPEGs would need DeviceCMYK, which an sRGB output intent does not allow.
        if (components == 1 || components == 3) {
            embedded.image = std::make_unique<PdfImage>(&doc);
            embedded.image->LoadFromJpegData(
                reinterpret_cast<const unsigned char*>(page.passThroughJpeg.data()),
                static_cast<pdf_long>(page.passThroughJpeg.size()));
            embedded.rotateInPdf = rotation;
        }
    }
    if (!embedded.image && !page.OriginalSize().empty()) {
        bool lossless = options.imageEncoding == "lossless" ||
                        (options.imageEncoding == "auto" &&
                         (page.sourceFormat == "png" || page.sourceFormat == "tiff" ||
                          page.sourceFormat == "tif" || page.sourceFormat == "bmp"));
        embedded.image = EmbedPixels(doc, page.Upright(), lossless, options.jpegQuality);
    }
    return embedded;
}

/// Draws the image upright over the page's (width x height) area; `s` is points per pixel.
void DrawUpright(PdfPainter& painter, PdfImage& image, int rotateInPdf, double s) {
    const double W = image.GetWidth(), H = image.GetHeight();
    // Image space is the unit square; each case maps it onto the upright page (see
    // Page::Upright).
    double a = s * W, b = 0, c = 0, d = s * H, e = 0, f = 0;
    switch (rotateInPdf) {
        case 90:
            a = 0, b = -s * W, c = s * H, d = 0, e = 0, f = s * W;
            break;
        case 180:
            a = -s * W, b = 0, c = 0, d = -s * H, e = s * W, f = s * H;
            break;
        case 270:
            a = 0, b = s * W, c = -s * H, d = 0, e = s * H, f = 0;
            break;
        default:
            break;
    }
    painter.Save();
    painter.SetTransformationMatrix(a, b, c, d, e, f);
    painter.DrawImage(0, 0, &image, 1.0 / W, 1.0 / H);
    painter.Restore();
}

/// One input page: its image upright at its own resolution, a note strip above it when the page
/// has a problem (so nothing of the scan is covered), and the invisible OCR text.
void AddImagePage(Composer& composer, const Page& page, const std::vector<std::string>& notes,
                  const CaseFileOptions& options) {
    PdfMemDocument& doc = composer.Doc();
    const EmbeddedImage embedded = EmbedPageImage(doc, page, options);
    std::vector<std::string> allNotes = notes;
    int uprightW = 0, uprightH = 0;
    if (embedded.image) {
        const int w = int(embedded.image->GetWidth()), h = int(embedded.image->GetHeight());
        const bool swap = embedded.rotateInPdf == 90 || embedded.rotateInPdf == 270;
        uprightW = swap ? h : w;
        uprightH = swap ? w : h;
    } else {
        allNotes.push_back("Бет суреті жоқ / Изображение страницы отсутствует");
        uprightW = 2480;
        uprightH = 3508;
    }
    const double dpi = PageDpi(page, options.fallbackDpi, uprightW);
    const double s = 72.0 / dpi;
    const double width = uprightW * s, height = uprightH * s;

    // Notes wrap to the page width at a size readable on a printed page.
    const double noteSize = 8, noteLine = 10.5;
    std::vector<std::string> noteLines;
    for (const auto& note : allNotes)
        for (auto& line : composer.Wrap("⚠ " + note, false, noteSize, std::max(40.0, width - 12)))
            noteLines.push_back(line);
    const double strip = noteLines.empty() ? 0 : noteLines.size() * noteLine + 8;

    PdfPage* pdfPage = doc.CreatePage(PdfRect(0, 0, width, height + strip));
    PdfPainter painter;
    painter.SetPage(pdfPage);
    if (embedded.image) DrawUpright(painter, *embedded.image, embedded.rotateInPdf, s);
    if (strip > 0)
        AddNoteAnnotation(composer, pdfPage, PdfRect(0, height, width, strip), noteLines, noteSize,
                          noteLine);
    if (page.ocr)
        WriteTextLayer(painter, composer, PlaceWords(*page.ocr, page.preparation.preparedToUpright),
                       s, height);
    painter.FinishPage();
}

void DrawAppendix(Flow& flow, const Case& c, const CaseFileOptions& options) {
    flow.onNewPage = [&](Flow& f) {
        f.TextAt(kLeft, Flow::kPageHeight - 26, "dossier · " + c.id + " · Қосымша / Приложение",
                 7.5, false, kGray);
    };
    flow.Need(30);
    flow.Paragraph("Қосымша: кіріс файлдары / Приложение: входные файлы", 14, true);
    flow.Gap(4);
    std::vector<InputFile> inputs = c.inputs;
    if (inputs.empty()) {
        // Older callers may not fill Case::inputs: list the files the pages came from.
        for (const auto& page : c.pages) {
            auto it = std::find_if(inputs.begin(), inputs.end(),
                                   [&](const InputFile& f) { return f.name == page.file; });
            if (it == inputs.end()) {
                InputFile input;
                input.name = page.file;
                inputs.push_back(std::move(input));
                it = inputs.end() - 1;
            }
            ++it->pageCount;
        }
    }
    if (inputs.empty()) flow.Paragraph("Файлдар жоқ / Файлов нет", 9, false, kGray);
    for (const auto& input : inputs) {
        flow.Need(36);
        flow.Paragraph(input.name, 9, true);
        flow.Paragraph("SHA-256: " + (input.sha256.empty() ? std::string("—") : input.sha256), 7.5,
                       false, kBlack, 10);
        std::string line = "Беттер / Страниц: " + std::to_string(input.pageCount) +
                           "   Өлшемі / Размер: " + std::to_string(input.bytes) + " B";
        if (!input.readable) line += "   ОҚЫЛМАДЫ / НЕ ПРОЧИТАН";
        flow.Paragraph(line, 7.5, false, input.readable ? kGray : kRed, 10);
        flow.Gap(3);
    }
    flow.Gap(8);
    flow.Need(40);
    flow.Paragraph("Беттердің хэштері / Хэши страниц", 11, true);
    for (const auto& page : c.pages)
        flow.Paragraph(page.file + " #" + std::to_string(page.pageInFile) + "  " + page.sha256, 7,
                       false, kBlack, 10);
    flow.Gap(8);
    flow.Need(40);
    flow.Paragraph(std::string("dossier нұсқасы / версия: ") + DOSSIER_VERSION, 9, true);
    flow.Paragraph("Конфигурация / Конфигурация:", 9, true);
    if (options.configSummary.empty()) flow.Paragraph("—", 8, false, kGray, 10);
    std::istringstream lines(options.configSummary);
    std::string line;
    while (std::getline(lines, line))
        flow.Paragraph(line.empty() ? " " : line, 7.5, false, kBlack, 10);
    flow.End();
}

void AddPageLabels(PdfMemDocument& doc, const std::vector<std::pair<int, std::string>>& starts) {
    PdfArray nums;
    for (const auto& [page, prefix] : starts) {
        PdfDictionary label;
        label.AddKey("S", PdfName("D"));
        label.AddKey("P", Utf8(prefix));
        nums.push_back(PdfVariant(static_cast<pdf_int64>(page)));
        nums.push_back(label);
    }
    PdfDictionary labels;
    labels.AddKey("Nums", nums);
    doc.GetCatalog()->GetDictionary().AddKey("PageLabels", labels);
}

}  // namespace

std::string BuildCaseFile(const Case& c, const CaseFileOptions& options) {
    try {
        Composer composer(options.fontFile, options.iccFile, options.pdfa);
        PdfMemDocument& doc = composer.Doc();
        const std::vector<PageGroup> groups = GroupPages(c);

        CoverContext ctx{c, options, groups, {}, {}, nullptr};
        auto assignPages = [&](int coverPages) {
            ctx.groupFirstPage.clear();
            ctx.documentFirstPage.clear();
            int next = coverPages;
            for (const auto& group : groups) {
                ctx.groupFirstPage.push_back(next);
                if (group.document) ctx.documentFirstPage[group.document->id] = next;
                next += int(group.pageIndexes.size());
            }
            return next;
        };
        // The cover links to pages after it, so its length is measured before it is drawn.
        int coverPages = 0;
        {
            assignPages(0);
            Flow measure(composer, true);
            DrawCover(measure, ctx);
            coverPages = measure.PageCount();
        }
        const int appendixStart = assignPages(coverPages);
        std::vector<CoverLink> links;
        ctx.links = &links;
        {
            Flow cover(composer, false);
            DrawCover(cover, ctx);
            if (cover.PageCount() != coverPages)
                throw Error(ErrorCode::Internal, "cover page count changed");
        }
        for (const auto& group : groups)
            for (int index : group.pageIndexes)
                AddImagePage(composer, c.pages[index],
                             PageNotes(c, options.itemNames, index, group), options);
        {
            Flow appendix(composer, false);
            DrawAppendix(appendix, c, options);
        }

        // Links and bookmarks reference pages by re-fetching them: PdfPage pointers do not survive
        // later CreatePage calls (STACK.md section 5).
        for (const auto& link : links) {
            PdfAnnotation* annotation =
                doc.GetPage(link.coverPage)->CreateAnnotation(ePdfAnnotation_Link, link.rect);
            annotation->SetFlags(ePdfAnnotationFlags_Print);
            annotation->SetBorderStyle(0, 0, 0);
            annotation->SetDestination(PdfDestination(doc.GetPage(link.targetPage)));
        }
        PdfOutlineItem* root = doc.GetOutlines()->CreateRoot(Utf8("Іс / Дело " + c.id));
        PdfOutlineItem* last =
            root->CreateChild(Utf8("Мұқаба / Обложка"), PdfDestination(doc.GetPage(0)));
        std::vector<std::pair<int, std::string>> labels{{0, "Мұқаба-"}};
        for (size_t g = 0; g < groups.size(); ++g) {
            last = last->CreateNext(Utf8(GroupTitle(groups[g], c, options.typeNames)),
                                    PdfDestination(doc.GetPage(ctx.groupFirstPage[g])));
            labels.emplace_back(ctx.groupFirstPage[g], groups[g].label);
        }
        last->CreateNext(Utf8("Қосымша / Приложение"), PdfDestination(doc.GetPage(appendixStart)));
        labels.emplace_back(appendixStart, "Қосымша-");
        AddPageLabels(doc, labels);
        doc.SetPageMode(ePdfPageModeUseBookmarks);

        DocumentInfo info;
        info.title = "Іс қағазы / Дело " + c.id;
        info.subject = "dossier: " + c.service + ", " + ToString(c.verdict);
        info.keywords = "dossier; " + c.id + "; " + c.service;
        info.created = options.creationTime;
        return composer.Finish(info);
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Pdf,
                    std::string("case file: PoDoFo error ") + PdfError::ErrorName(e.GetError()));
    }
}

}  // namespace dossier
