// The receipt of refusal (rule 16-1) with the poor-quality copies (rule 9-1), in Kazakh and
// Russian.
#include "pdf/Receipt.h"

#include <set>

#include "core/Error.h"
#include "pdf/Composer.h"
#include "pdf/Signer.h"
#include "pdf/Wording.h"

namespace dossier {

using namespace PoDoFo;
using namespace dossier::pdf;

namespace {

constexpr Rgb kBlack{0, 0, 0}, kGray{0.38, 0.38, 0.38}, kRed{0.72, 0.08, 0.08};

bool IsQualityCode(const std::string& code) {
    static const std::set<std::string> codes{"blurry",         "too_dark", "faint",
                                             "low_resolution", "cut_off",  "glare"};
    return codes.count(code) || code.rfind("poor_quality", 0) == 0;
}

/// "file p. N: blurry, glare" for every page that is a poor copy, in package order. A page whose
/// measures crossed a line but whose text was read is not one (its content is not affected).
std::vector<std::string> PoorCopies(const Case& c) {
    std::vector<std::string> lines;
    std::set<std::pair<std::string, int>> listed;
    auto where = [](const std::string& file, int page) {
        return file + (page > 0 ? ", б./стр. " + std::to_string(page) : std::string());
    };
    for (const auto& page : c.pages) {
        if (page.quality.content != ContentVerdict::Poor) continue;
        std::string reasons;
        for (const auto& check : page.quality.checks)
            if (!check.ok) reasons += (reasons.empty() ? "" : "; ") + CodeName(check.code).Both();
        for (const auto& issue : page.issues)
            if (IsQualityCode(issue.code))
                reasons += (reasons.empty() ? "" : "; ") + CodeName(issue.code).Both();
        if (reasons.empty()) continue;
        listed.insert({page.file, page.pageInFile});
        lines.push_back(where(page.file, page.pageInFile) + ": " + reasons);
    }
    auto fromIssues = [&](const std::vector<Issue>& issues) {
        for (const auto& issue : issues) {
            if (!IsQualityCode(issue.code) || listed.count({issue.file, issue.page})) continue;
            listed.insert({issue.file, issue.page});
            std::string line = where(issue.file.empty() ? "—" : issue.file, issue.page) + ": " +
                               CodeName(issue.code).Both();
            if (!issue.message.empty()) line += " (" + issue.message + ")";
            lines.push_back(line);
        }
    };
    fromIssues(c.issues);
    for (const auto& document : c.documents) fromIssues(document.issues);
    return lines;
}

/// Who applied for what, and when.
void DrawCaseFields(Flow& flow, const Case& c, const NameTable& names) {
    auto field = [&](const std::string& label, const std::string& value) {
        flow.Paragraph(label + ": " + (value.empty() ? "—" : value), 10);
    };
    field("Іс / Дело", c.id);
    std::string applicant = ApplicantName(c);
    if (c.applicant && !c.applicant->documentNumber.empty())
        applicant += (applicant.empty() ? "" : ", ") + c.applicant->documentNumber;
    field("Өтініш беруші / Заявитель", applicant);
    std::string service = ServiceName(names, c.service).Both();
    if (!c.purpose.empty()) service += " (" + PurposeName(c.purpose).Both() + ")";
    field("Қызмет / Услуга", service);
    field("Өтініш күні / Дата заявления",
          c.applicationDate.IsValid() ? c.applicationDate.ToIso() : "");
}

/// The items the refusal rests on: missing, expired or invalid, never those only in doubt.
void DrawRefusedItems(Flow& flow, const Case& c, const CaseFileOptions& options) {
    flow.Paragraph("Келесі құжаттар жоқ, мерзімі өткен немесе жарамсыз:", 10.5, true);
    flow.Paragraph("Следующие документы отсутствуют, просрочены или недействительны:", 10.5, true);
    flow.Gap(4);
    int number = 0;
    for (const auto& entry : c.checklist) {
        if (entry.status != ItemStatus::Missing && entry.status != ItemStatus::Expired &&
            entry.status != ItemStatus::Invalid)
            continue;
        const Bilingual item = LookUp(options.itemNames, entry.item);
        const Bilingual status = StatusName(options.itemNames, entry.status);
        flow.Need(30);
        flow.Paragraph(std::to_string(++number) + ". " + item.kk + " — " + status.kk, 10, false,
                       kBlack, 6);
        flow.Paragraph(item.ru + " — " + status.ru, 10, false, kBlack, 20);
        // The rules engine's own kk/ru wording when it has one, else its English note.
        if (!entry.localizedNote.kk.empty())
            flow.Paragraph(entry.localizedNote.kk, 8.5, false, kGray, 20);
        if (!entry.localizedNote.ru.empty())
            flow.Paragraph(entry.localizedNote.ru, 8.5, false, kGray, 20);
        if (entry.localizedNote.kk.empty() && entry.localizedNote.ru.empty() && !entry.note.empty())
            flow.Paragraph(entry.note, 8.5, false, kGray, 20);
        flow.Gap(3);
    }
    if (number == 0) flow.Paragraph("Жоқ / Нет", 10, false, kGray, 6);
}

/// Rule 9-1: the copies refused for their quality, when there are any.
void DrawPoorCopies(Flow& flow, const Case& c) {
    const auto poor = PoorCopies(c);
    if (poor.empty()) return;
    flow.Gap(10);
    flow.Need(40);
    flow.Paragraph("Сапасы нашар электрондық көшірмелер (9-1-тармақ):", 10.5, true);
    flow.Paragraph("Электронные копии ненадлежащего качества (пункт 9-1):", 10.5, true);
    for (const auto& line : poor) flow.Paragraph("• " + line, 9, false, kRed, 6);
}

}  // namespace

std::string BuildReceipt(const Case& c, const CaseFileOptions& options) {
    try {
        Composer composer(options.fontFile, options.iccFile, options.pdfa);
        Flow flow(composer, false);
        flow.onNewPage = [&](Flow& f) {
            f.TextAt(Flow::kMargin, Flow::kPageHeight - 26,
                     "dossier · " + c.id + " · " + std::to_string(f.PageIndex() + 1), 7.5, false,
                     kGray);
            if (f.PageIndex() == 0) {
                // The case file's signature rectangle, so SignPdf's widget sits on this block too.
                f.SetBottom(kCoverSignatureBox.y + kCoverSignatureBox.height + 10);
                DrawSignatureBlock(f, options.signerName, options.testKey);
            }
        };
        flow.Need(60);
        flow.Paragraph("Құжаттарды қабылдаудан бас тарту туралы қолхат", 15, true);
        flow.Paragraph("Расписка об отказе в приёме документов", 15, true);
        flow.Paragraph("(16-1-тармақ / пункт 16-1)", 9, false, kGray);
        flow.Gap(10);
        DrawCaseFields(flow, c, options.itemNames);
        flow.Gap(10);
        DrawRefusedItems(flow, c, options);
        DrawPoorCopies(flow, c);
        flow.Gap(30);
        flow.Need(60);
        flow.Paragraph("Қабылдаған / Принял: ______________________    Күні / Дата: ____________",
                       10);
        flow.Gap(14);
        flow.Paragraph("Өтініш беруші / Заявитель: ______________________", 10);
        flow.End();

        DocumentInfo info;
        info.title = "Қолхат / Расписка " + c.id;
        info.subject = "dossier: receipt of refusal (rule 16-1)";
        info.keywords = "dossier; receipt; " + c.id;
        info.created = options.creationTime;
        return composer.Finish(info);
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Pdf,
                    std::string("receipt: PoDoFo error ") + PdfError::ErrorName(e.GetError()));
    }
}

}  // namespace dossier
