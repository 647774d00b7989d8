// Serialises a Case into the dossier.report/1 JSON shape documented in schema/report.schema.json.
#include "pipeline/Report.h"

namespace dossier {

using nlohmann::json;

namespace {

json DateOrNull(const std::optional<Date>& date) {
    return date ? json(date->ToIso()) : json(nullptr);
}

json TextOrNull(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json IssueJson(const Issue& issue, const std::string& document = {}) {
    json out = {{"severity", ToString(issue.severity)},
                {"code", issue.code},
                {"item", issue.item},
                {"message", issue.message}};
    if (!issue.file.empty()) out["file"] = issue.file;
    if (issue.page > 0) out["page"] = issue.page;
    if (!document.empty()) out["document"] = document;
    return out;
}

json IssuesJson(const std::vector<Issue>& issues) {
    json out = json::array();
    for (const auto& issue : issues) out.push_back(IssueJson(issue));
    return out;
}

json QualityJson(const Page& page) {
    json checks = json::array();
    for (const auto& check : page.quality.checks)
        checks.push_back({{"code", check.code},
                          {"ok", check.ok},
                          {"value", check.value},
                          {"expected", check.expected}});
    return {{"ok", page.quality.ok},
            {"dpi", page.quality.dpi},
            {"dpi_estimated", page.quality.dpiEstimated},
            {"sharpness", page.quality.sharpness},
            {"brightness", page.quality.brightness},
            {"contrast", page.quality.contrast},
            {"content", ContentVerdictName(page.quality.content)},
            {"words_read", page.quality.wordsRead},
            {"confident_words", page.quality.confidentWords},
            {"text_confidence", page.quality.textConfidence},
            {"words_at_border", page.quality.wordsAtBorder},
            {"issues", page.quality.FailedCodes()},
            {"checks", checks}};
}

json PageJson(const Page& page) {
    json out = {{"file", page.file},
                {"page", page.pageInFile},
                {"sha256", page.sha256},
                {"format", page.sourceFormat},
                {"width", page.OriginalSize().width},
                {"height", page.OriginalSize().height},
                {"rotation", page.preparation.rotationDegrees},
                {"orientation_by", page.preparation.orientationBy},
                {"skew_degrees", page.preparation.skewDegrees},
                {"dewarped", page.preparation.dewarped},
                {"quality", QualityJson(page)},
                {"ocr_confidence", page.ocr ? json(page.ocr->meanConfidence) : json(nullptr)},
                {"issues", IssuesJson(page.issues)}};
    return out;
}

json DocumentJson(const Case& c, const Document& document) {
    json pages = json::array();
    for (int index : document.pageIndexes)
        pages.push_back(PageJson(c.pages.at(static_cast<size_t>(index))));
    json candidates = json::array();
    for (const auto& candidate : document.candidates)
        candidates.push_back({{"type", ToString(candidate.type)}, {"score", candidate.score}});
    json fields = json::object();
    for (const auto& [key, value] : document.fields) fields[key] = value;
    return {{"id", document.id},
            {"type", ToString(document.type)},
            {"confidence", document.confidence},
            {"needs_review", document.needsReview},
            {"candidates", candidates},
            {"language", TextOrNull(document.language)},
            {"language_confidence",
             {{"score", document.languageScore},
              {"margin", document.languageMargin},
              {"runner_up", TextOrNull(document.languageRunnerUp)}}},
            {"issuing_state", TextOrNull(document.issuingState)},
            {"issuing_state_found_by", TextOrNull(document.issuingStateFoundBy)},
            {"pages", pages},
            {"issue_date", DateOrNull(document.issueDate)},
            {"expiry_date", DateOrNull(document.expiryDate)},
            {"mrz", document.mrz ? MrzJson(*document.mrz) : json(nullptr)},
            {"is_translation", document.isTranslation},
            {"translation_of", TextOrNull(document.translationOf)},
            {"fields", fields},
            {"issues", IssuesJson(document.issues)}};
}

}  // namespace

json MrzJson(const Mrz& mrz) {
    json checks = json::object();
    for (const auto& check : mrz.checks) checks[check.field] = check.ok;
    json corrections = json::array();
    for (const auto& c : mrz.corrections)
        corrections.push_back({{"line", c.line},
                               {"position", c.position},
                               {"from", std::string(1, c.from)},
                               {"to", std::string(1, c.to)},
                               {"proven_by", c.provenBy}});
    json ambiguities = json::array();
    for (const auto& a : mrz.ambiguities)
        ambiguities.push_back(
            {{"line", a.line},
             {"position", a.position},
             {"candidates", a.candidates},
             {"settled_by", a.settledBy.empty() ? json(nullptr) : json(a.settledBy)}});
    return {{"format", ToString(mrz.format)},
            {"lines", mrz.lines},
            {"valid", mrz.valid},
            {"needs_review", mrz.needsReview},
            {"checks", checks},
            {"corrections", corrections},
            {"ambiguities", ambiguities},
            {"reader", mrz.reader},
            {"unchecked_confidence", mrz.uncheckedConfidence},
            {"document_code", mrz.documentCode},
            {"issuing_state", mrz.issuingState},
            {"surname", mrz.surname},
            {"given_names", mrz.givenNames},
            {"document_number", mrz.documentNumber},
            {"nationality", mrz.nationality},
            {"birth_date", DateOrNull(mrz.birthDate)},
            {"sex", mrz.sex},
            {"expiry_date", DateOrNull(mrz.expiryDate)},
            {"optional_data", mrz.optionalData},
            {"optional_data_2", mrz.optionalData2},
            {"iin", mrz.iin ? json(*mrz.iin) : json(nullptr)},
            {"surname_native", TextOrNull(mrz.surnameNative)},
            {"given_names_native", TextOrNull(mrz.givenNamesNative)},
            {"issue_date", DateOrNull(mrz.issueDate)},
            {"authority_code", TextOrNull(mrz.authorityCode)},
            {"expiry_derived", mrz.expiryDerived},
            {"issues", IssuesJson(mrz.issues)}};
}

json PhotoJson(const PhotoCheck& photo) {
    json checks = json::array();
    for (const auto& check : photo.checks) {
        json entry = {{"code", check.code},
                      {"ok", check.ok ? json(*check.ok) : json(nullptr)},
                      {"value", check.value}};
        if (!check.expected.empty()) entry["expected"] = check.expected;
        if (!check.note.empty()) entry["note"] = check.note;
        if (check.advisory) entry["advisory"] = true;
        checks.push_back(entry);
    }
    return {
        {"file", photo.file},
        {"page", photo.page},
        {"found", photo.found},
        {"compliant", photo.compliant},
        {"needs_review", photo.needsReview},
        {"width_mm", photo.widthMm ? json(*photo.widthMm) : json(nullptr)},
        {"height_mm", photo.heightMm ? json(*photo.heightMm) : json(nullptr)},
        {"box", {{"x", photo.x}, {"y", photo.y}, {"width", photo.width}, {"height", photo.height}}},
        {"checks", checks}};
}

json BuildReport(const Case& c, const ReportOutputs& outputs) {
    json report;
    report["schema"] = "dossier.report/1";
    report["case_id"] = c.id;
    report["service"] = c.service;
    report["purpose"] = TextOrNull(c.purpose);
    report["application_date"] = c.applicationDate.ToIso();
    report["categories"] = c.manifest.categories;
    report["verdict"] = ToString(c.verdict);
    if (c.applicant) {
        const auto& a = *c.applicant;
        report["applicant"] = {{"surname", a.surname},
                               {"given_names", a.givenNames},
                               {"document_number", a.documentNumber},
                               {"nationality", a.nationality},
                               {"birth_date", DateOrNull(a.birthDate)},
                               {"sex", a.sex},
                               {"expiry_date", DateOrNull(a.expiryDate)},
                               {"iin", a.iin ? json(*a.iin) : json(nullptr)}};
    } else {
        report["applicant"] = nullptr;
    }
    json inputs = json::array();
    for (const auto& input : c.inputs) {
        json entry = {{"file", input.name},
                      {"sha256", TextOrNull(input.sha256)},  // null: the file was not read
                      {"bytes", input.bytes},
                      {"pages", input.pageCount},
                      {"readable", input.readable}};
        if (!input.nameEscaped.empty()) entry["file_escaped"] = input.nameEscaped;
        inputs.push_back(std::move(entry));
    }
    report["inputs"] = inputs;
    json documents = json::array();
    for (const auto& document : c.documents) documents.push_back(DocumentJson(c, document));
    report["documents"] = documents;
    report["photo"] = c.photo ? PhotoJson(*c.photo) : json(nullptr);
    json checklist = json::array();
    for (const auto& entry : c.checklist)
        checklist.push_back({{"item", entry.item},
                             {"status", ToString(entry.status)},
                             {"documents", entry.documents},
                             {"note", entry.note}});
    report["checklist"] = checklist;

    // Every issue once, at top level: case issues, then each document's and each page's.
    json issues = IssuesJson(c.issues);
    for (const auto& document : c.documents) {
        for (const auto& issue : document.issues) issues.push_back(IssueJson(issue, document.id));
        for (int index : document.pageIndexes)
            for (const auto& issue : c.pages.at(static_cast<size_t>(index)).issues)
                issues.push_back(IssueJson(issue, document.id));
    }
    report["issues"] = issues;
    report["outputs"] = {{"case_pdf", TextOrNull(outputs.casePdf)},
                         {"receipt_pdf", TextOrNull(outputs.receiptPdf)}};
    json timings = json::object();
    for (const auto& [stage, ms] : c.timingsMs) timings[stage] = ms;
    report["timings_ms"] = timings;
    report["dossier_version"] = DOSSIER_VERSION;
    return report;
}

}  // namespace dossier
