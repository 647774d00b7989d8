// Evaluates each legal item against the classified documents: alternatives, conditions, freshness,
// validity, MRZ, photo, translation and copy quality; then the verdict.
#include "classify/Rules.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "classify/Classifier.h"
#include "classify/IssuingState.h"
#include "classify/Language.h"
#include "core/Error.h"
#include "ocr/Iin.h"

namespace dossier {

namespace {

using Params = std::map<std::string, std::string>;

// A status with the reason and the values its note template needs.
struct Finding {
    ItemStatus status = ItemStatus::Present;
    std::string reason;
    Params params;
};

// Which of an item's documents is the better one: the least wrong.
int Rank(ItemStatus status) {
    switch (status) {
        case ItemStatus::Present:
            return 0;
        case ItemStatus::NeedsReview:
            return 1;
        case ItemStatus::Expired:
            return 2;
        case ItemStatus::Invalid:
        case ItemStatus::Missing:
        case ItemStatus::NotRequired:
            break;
    }
    return 3;
}

bool IsFailure(ItemStatus status) {
    return status == ItemStatus::Missing || status == ItemStatus::Expired ||
           status == ItemStatus::Invalid;
}

std::string Fill(std::string text, const Params& params) {
    for (const auto& [key, value] : params) {
        const std::string token = "{" + key + "}";
        for (size_t pos = text.find(token); pos != std::string::npos;
             pos = text.find(token, pos + value.size()))
            text.replace(pos, token.size(), value);
    }
    return text;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Inputs that ingest left unread because of a limit of ours (the case's decoding budget, the
// size cap), not because they are damaged: what they hold is unknown.
std::string FilesLeftUnread(const Case& c) {
    std::string list;
    for (const Issue& issue : c.issues)
        if ((issue.code == "over_budget" || issue.code == "too_large") && !issue.file.empty())
            list += (list.empty() ? "" : ", ") + issue.file;
    return list;
}

// Files of the documents of no type whose every page is a poor copy (rule 9-1: the content is
// affected), not used by another item: what they are cannot be read.
std::string UnreadableDocumentFiles(const Case& c, const std::set<std::string>& used) {
    std::set<std::string> files;
    for (const auto& d : c.documents) {
        if (d.type != DocumentType::Unknown || used.count(d.id) || d.pageIndexes.empty()) continue;
        const bool unreadable = std::all_of(d.pageIndexes.begin(), d.pageIndexes.end(), [&](int p) {
            return p >= 0 && p < static_cast<int>(c.pages.size()) &&
                   c.pages[p].quality.content == ContentVerdict::Poor;
        });
        if (unreadable)
            for (int p : d.pageIndexes) files.insert(c.pages[p].file);
    }
    std::string list;
    for (const auto& f : files) list += (list.empty() ? "" : ", ") + f;
    return list;
}

int MatchingCoApplicants(const RuleCondition& c, const Case& cs, bool* unknownAge) {
    int n = 0;
    for (const auto& co : cs.manifest.coApplicants) {
        if (co.relation != c.coApplicantRelation) continue;
        if (!co.birthDate) {
            if (unknownAge) *unknownAge = true;
            continue;
        }
        const int age = AgeOn(*co.birthDate, cs.applicationDate);
        if (age < 0) continue;
        if (c.coApplicantMinAge && age < *c.coApplicantMinAge) continue;
        if (c.coApplicantMaxAge && age >= *c.coApplicantMaxAge) continue;
        ++n;
    }
    return n;
}

bool Holds(const RuleCondition& c, const Case& cs) {
    if (!c.categoriesAny.empty()) {
        bool any = false;
        for (const auto& cat : c.categoriesAny) any = any || Contains(cs.manifest.categories, cat);
        if (!any) return false;
    }
    if (!c.purposes.empty() && !Contains(c.purposes, cs.purpose)) return false;
    if (!c.coApplicantRelation.empty() && MatchingCoApplicants(c, cs, nullptr) == 0) return false;
    return true;
}

bool FieldIs(const Document& doc, const char* key, std::string_view value) {
    const auto it = doc.fields.find(key);
    return it != doc.fields.end() && it->second == value;
}

const Document* TranslationOf(const Case& c, const Document& original) {
    for (const auto& d : c.documents)
        if (d.isTranslation && d.translationOf == original.id) return &d;
    return nullptr;
}

bool IsKnownBirthDate(const Case& c, const Date& date) {
    if (c.applicant && c.applicant->birthDate == date) return true;
    for (const auto& co : c.manifest.coApplicants)
        if (co.birthDate == date) return true;
    return false;
}

void SetParamDate(Params& p, const char* key, const Date& d) {
    p[key] = d.ToIso();
}

// The printed (visual) zone disagrees with the MRZ (ocr/MrzVisualCheck.cpp). The visual zone's
// OCR may be the one that is wrong, so this asks a reviewer rather than rejecting the document.
constexpr const char* kVisualMismatch = "mrz_visual_mismatch";

struct FieldName {
    const char* en;
    const char* kk;
    const char* ru;
};

// The fields the cross-check judges, as its messages name them, with their kk/ru names.
constexpr FieldName kMismatchFields[] = {
    {"document number", "құжат нөмірі", "номер документа"},
    {"birth date", "туған күні", "дата рождения"},
    {"expiry date", "жарамдылық мерзімі", "срок действия"},
};
constexpr FieldName kUnnamedField = {"printed data", "басылған деректер", "печатные данные"};

// Which fields disagree (names only, never the values), in the order the check reported them.
std::vector<FieldName> MismatchedFields(const Mrz& mrz) {
    std::vector<FieldName> fields;
    auto add = [&](const FieldName& f) {
        for (const auto& known : fields)
            if (std::string_view(known.en) == f.en) return;
        fields.push_back(f);
    };
    for (const auto& issue : mrz.issues) {
        if (issue.code != kVisualMismatch) continue;
        bool named = false;
        for (const auto& f : kMismatchFields)
            if (issue.message.find(f.en) != std::string::npos) {
                add(f);
                named = true;
            }
        if (!named) add(kUnnamedField);
    }
    return fields;
}

std::string JoinFields(const std::vector<FieldName>& fields, const char* FieldName::*name) {
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : ", ") + std::string(f.*name);
    return out;
}

// The page of `doc` the MRZ was read on: the one whose text has the most MRZ fillers ('<');
// -1 when no page shows any and the document has several pages.
int MrzPageOf(const Case& c, const Document& doc) {
    int best = -1;
    long bestFillers = 0;
    for (int p : doc.pageIndexes) {
        if (p < 0 || p >= static_cast<int>(c.pages.size()) || !c.pages[p].ocr) continue;
        const std::string& text = c.pages[p].ocr->text;
        const long fillers = std::count(text.begin(), text.end(), '<');
        if (fillers > bestFillers) best = p, bestFillers = fillers;
    }
    if (best < 0 && doc.pageIndexes.size() == 1 && doc.pageIndexes[0] >= 0 &&
        doc.pageIndexes[0] < static_cast<int>(c.pages.size()))
        best = doc.pageIndexes[0];
    return best;
}

// Copies the MRZ's visual-zone mismatches into the document's own issues (which the report, the
// cover and the page notes show), on the MRZ's page when it is known. Idempotent.
void SurfaceMrzMismatches(Case& c) {
    // The MRZ's disagreements with the rest of the document, which the reviewer must see: the
    // printed zone, and the IIN's own check digit, birth date and sex.
    const auto surfaced = [](const Issue& i) {
        return i.code == kVisualMismatch || i.code == "iin_mismatch" || i.code == "iin_invalid";
    };
    for (auto& doc : c.documents) {
        std::erase_if(doc.issues, surfaced);
        if (!doc.mrz) continue;
        int page = -2;  // not looked up yet
        for (const auto& issue : doc.mrz->issues) {
            if (!surfaced(issue)) continue;
            if (page == -2) page = MrzPageOf(c, doc);
            Issue copy = issue;
            if (page >= 0) {
                copy.file = c.pages[page].file;
                copy.page = c.pages[page].pageInFile;
            }
            doc.issues.push_back(std::move(copy));
        }
    }
}

// A check that passed, or a recommendation whose value is in its band of doubt (shown, not judged).
bool PassesOrOnlyAdvises(const PhotoMeasure& m) {
    return m.ok == true || (m.advisory && !m.ok.has_value());
}

// A photo file that is the photo itself (not a print scanned on a sheet), passing every check that
// can be made, whose file gives no resolution: its print size is not a property of the file, and
// its proportions were checked. Nothing proves it wrong, so it is accepted with a note.
bool IsDigitalPhotoOfUnknownPrintSize(const Case& c) {
    if (!c.photo || !c.photo->found || c.photo->compliant || !c.photo->needsReview) return false;
    for (const auto& m : c.photo->checks)
        if (m.code == "size_mm" ? m.ok.has_value() : !PassesOrOnlyAdvises(m)) return false;
    for (const auto& page : c.pages) {
        if (page.file != c.photo->file || page.pageInFile != c.photo->page) continue;
        const double pageArea = static_cast<double>(page.original.cols) * page.original.rows;
        const double photoArea = static_cast<double>(c.photo->width) * c.photo->height;
        return pageArea > 0 && photoArea >= 0.9 * pageArea;
    }
    return false;
}

std::string FormatNumber(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

// The recommendations a photo only nearly meets, for the reviewer: "eye_height 0.48 (0.5-0.7)".
std::string AdvisoryDoubts(const PhotoCheck& photo) {
    std::string doubts;
    for (const auto& m : photo.checks)
        if (m.advisory && !m.ok.has_value())
            doubts += (doubts.empty() ? "" : ", ") + m.code + " " + FormatNumber(m.value) + " (" +
                      m.expected + ")";
    return doubts;
}

// A finding that rests on the language (untranslated) needs it known with confidence: a clear
// margin over the runner-up, unless the runner-up is foreign too.
bool LanguageIsSure(const Document& doc, const RulesOptions& options) {
    if (doc.languageMargin >= options.minLanguageMargin) return true;
    return !doc.languageRunnerUp.empty() && !IsStateOrRussian(doc.languageRunnerUp) &&
           doc.languageScore >= options.minLanguageMargin;
}

void SetLanguageUncertain(Finding& f, const Document& doc) {
    f.status = ItemStatus::NeedsReview;
    f.reason = "language_uncertain";
    f.params["score"] = FormatNumber(doc.languageScore);
    f.params["margin"] = FormatNumber(doc.languageMargin);
    f.params["runner_up"] = doc.languageRunnerUp.empty() ? "-" : doc.languageRunnerUp;
}

// How well the document's pages were read: the lowest mean OCR word confidence (0..100) of its
// pages that hold text.
double ReadConfidence(const Case& c, const Document& doc) {
    double lowest = 100.0;
    bool any = false;
    for (int p : doc.pageIndexes) {
        if (p < 0 || p >= static_cast<int>(c.pages.size()) || !c.pages[p].ocr) continue;
        if (c.pages[p].ocr->text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        lowest = std::min(lowest, c.pages[p].ocr->meanConfidence);
        any = true;
    }
    return any ? lowest : 0.0;
}

// Expiry, validity left and freshness: true when one of them decides `f`. The limits read stay in
// f.params, for the notes of the findings after them.
bool DecideByDates(const Case& c, const Document& doc, const Document* translation,
                   const RuleItem& item, Finding& f) {
    if (doc.expiryDate && *doc.expiryDate < c.applicationDate) {
        f.status = ItemStatus::Expired;
        f.reason = "expired";
        SetParamDate(f.params, "expiry", *doc.expiryDate);
        return true;
    }
    if (item.minValidityDays) {
        f.params["limit"] = std::to_string(*item.minValidityDays);
        if (!doc.expiryDate) {
            f.status = ItemStatus::NeedsReview;
            f.reason = "expiry_unreadable";
            return true;
        }
        const long days = DaysBetween(c.applicationDate, *doc.expiryDate);
        if (days <= *item.minValidityDays) {  // the law asks for MORE than the limit
            f.status = ItemStatus::Invalid;
            f.reason = "validity_short";
            SetParamDate(f.params, "expiry", *doc.expiryDate);
            f.params["days"] = std::to_string(days);
            return true;
        }
    }
    if (item.maxAgeDays) {
        f.params["limit"] = std::to_string(*item.maxAgeDays);
        // A certificate names its holder with the birth date; when OCR lost the issue date, that
        // is the date left, and it is not when the certificate was issued.
        auto issueDateOf = [&](const Document& d) -> std::optional<Date> {
            if (!d.issueDate || IsKnownBirthDate(c, *d.issueDate)) return std::nullopt;
            return d.issueDate;
        };
        std::optional<Date> issued = issueDateOf(doc);
        if (!issued && translation) issued = issueDateOf(*translation);
        if (!issued) {
            f.status = ItemStatus::NeedsReview;
            f.reason = "issue_date_unreadable";
            return true;
        }
        SetParamDate(f.params, "issue_date", *issued);
        if (*issued > c.applicationDate) {
            f.status = ItemStatus::NeedsReview;
            f.reason = "issue_date_future";
            return true;
        }
        if (DaysBetween(*issued, c.applicationDate) > *item.maxAgeDays) {
            f.status = ItemStatus::Expired;
            f.reason = "freshness_exceeded";
            return true;
        }
    }
    return false;
}

// The first poor page of the document or its translation (invalid: poor_quality), else the first
// doubtful one (needs_review: quality_doubtful), else nullopt.
std::optional<Finding> CopyQualityFinding(const Case& c, const Document& doc,
                                          const Document* translation, const Params& params) {
    std::vector<int> pages = doc.pageIndexes;
    if (translation)
        pages.insert(pages.end(), translation->pageIndexes.begin(), translation->pageIndexes.end());
    std::optional<Finding> doubt;
    for (int p : pages) {
        if (p < 0 || p >= static_cast<int>(c.pages.size())) continue;
        const Page& page = c.pages[p];
        const ContentVerdict content = page.quality.content;
        if (content != ContentVerdict::Poor && content != ContentVerdict::Doubtful) continue;
        Finding found;
        found.status =
            content == ContentVerdict::Poor ? ItemStatus::Invalid : ItemStatus::NeedsReview;
        found.reason = content == ContentVerdict::Poor ? "poor_quality" : "quality_doubtful";
        found.params = params;
        found.params["file"] = page.file;
        found.params["page"] = std::to_string(page.pageInFile);
        found.params["problems"] = page.quality.DescribeProblems();
        if (content == ContentVerdict::Poor) return found;
        if (!doubt) doubt = std::move(found);
    }
    return doubt;
}

// An MRZ whose check digits fail decides `f` (invalid); one read with an unproven character only
// leaves a doubt, for after every check that could prove something else.
bool DecideByMrzDigits(const Document& doc, const RuleItem& item, Finding& f,
                       std::optional<Finding>& doubt) {
    if (!item.checkMrz || !doc.mrz) return false;
    if (doc.mrz->needsReview) {
        // The check digits hold but a character was ambiguous and nothing proved its reading:
        // neither valid nor invalid until a person compares the MRZ with the document. What the
        // check digits do prove (an expiry date passed or too close) still comes first.
        Finding ambiguous = f;
        ambiguous.status = ItemStatus::NeedsReview;
        ambiguous.reason = "mrz_ambiguous";
        if (!doubt) doubt = std::move(ambiguous);
        return false;
    }
    if (doc.mrz->valid) return false;
    f.status = ItemStatus::Invalid;
    f.reason = "mrz_invalid";
    return true;
}

// A foreign-language document without a translation, or a translation no notary certified:
// true when one of them decides `f`.
bool DecideByTranslation(const Case& c, const Document& doc, const Document* translation,
                         bool typeNeedsTranslation, bool foreign, const RuleItem& item,
                         const RulesOptions& options, Finding& f) {
    if (!item.checkTranslation || !typeNeedsTranslation) return false;
    if (foreign && !translation && !doc.isTranslation) {
        f.params["language"] = doc.language;
        if (!LanguageIsSure(doc, options)) {
            SetLanguageUncertain(f, doc);
            return true;
        }
        f.status = ItemStatus::Invalid;
        f.reason = "untranslated";
        return true;
    }
    // The Kazakh or Russian text the item is read from must be a notary's certified translation.
    const Document* rendering = translation ? translation : doc.isTranslation ? &doc : nullptr;
    if (!rendering || !FieldIs(*rendering, kNotaryField, "not_found")) return false;
    f.params["language"] = doc.isTranslation ? rendering->language : doc.language;
    // No notary's formula on a page read poorly is no proof that there is none.
    const double read = ReadConfidence(c, *rendering);
    f.params["ocr_confidence"] = FormatNumber(read);
    f.status = read >= options.minReadConfidence ? ItemStatus::Invalid : ItemStatus::NeedsReview;
    f.reason =
        read >= options.minReadConfidence ? "translation_not_notarized" : "notary_unreadable";
    return true;
}

// A foreign document that needs legalization (an apostille) and shows none: true when that
// decides `f`. The issuing state, not the language, decides whether a treaty waives it.
bool DecideByLegalization(const Case& c, const Document& doc, const Document* translation,
                          const TypeModel* type, bool foreign, const RuleItem& item,
                          const Models& models, const RulesOptions& options, Finding& f) {
    if (!item.checkLegalization || !type || !type->needsLegalization || doc.isTranslation ||
        !foreign || FieldIs(doc, kLegalizationField, "found") ||
        (translation && FieldIs(*translation, kLegalizationField, "found")))
        return false;
    f.params["language"] = doc.language;
    f.params["state"] = doc.issuingState.empty() ? "?" : doc.issuingState;
    const StatesModel& states = models.classifier.states;
    if (!IsConfidentState({doc.issuingState, doc.issuingStateFoundBy})) {
        f.status = ItemStatus::NeedsReview;
        f.reason = "issuing_state_unknown";
        return true;
    }
    const LegalizationNeed need = LegalizationFor(doc.issuingState, states);
    if (need == LegalizationNeed::Uncertain) {
        f.status = ItemStatus::NeedsReview;
        f.reason = "treaty_uncertain";
        return true;
    }
    if (need != LegalizationNeed::Required) return false;
    double read = ReadConfidence(c, doc);
    if (translation) read = std::max(read, ReadConfidence(c, *translation));
    f.params["ocr_confidence"] = FormatNumber(read);
    f.status = read >= options.minReadConfidence ? ItemStatus::Invalid : ItemStatus::NeedsReview;
    f.reason = read >= options.minReadConfidence ? "not_legalized" : "legalization_unreadable";
    return true;
}

// The MRZ disagrees with what the page prints: true when that decides `f` (needs_review).
bool DecideByVisualZone(const Document& doc, const RuleItem& item, Finding& f) {
    if (!item.checkMrz || !doc.mrz) return false;
    const auto fields = MismatchedFields(*doc.mrz);
    if (fields.empty()) return false;
    f.status = ItemStatus::NeedsReview;
    f.reason = kVisualMismatch;
    f.params["field"] = JoinFields(fields, &FieldName::en);
    f.params["field_kk"] = JoinFields(fields, &FieldName::kk);
    f.params["field_ru"] = JoinFields(fields, &FieldName::ru);
    return true;
}

// The checks in the order the law's findings take precedence; the first that decides wins.
Finding Evaluate(const Case& c, const Document& doc, const RuleItem& item, const Models& models,
                 const RulesOptions& options) {
    Finding f;
    const Document* translation = TranslationOf(c, doc);
    f.params["app_date"] = c.applicationDate.ToIso();
    // A poor copy is proof (the content is affected); a doubtful one only asks for a look, after
    // every check that could prove something else.
    std::optional<Finding> doubt;
    if (options.rejectPoorCopies && item.checkQuality) {
        doubt = CopyQualityFinding(c, doc, translation, f.params);
        if (doubt && doubt->status == ItemStatus::Invalid) return *doubt;
    }
    if (DecideByMrzDigits(doc, item, f, doubt)) return f;
    if (DecideByDates(c, doc, translation, item, f)) return f;
    const TypeModel* type = models.classifier.FindType(doc.type);
    const bool typeNeedsTranslation = type ? type->needsTranslation : true;
    const bool foreign = !doc.language.empty() && !IsStateOrRussian(doc.language);
    if (DecideByTranslation(c, doc, translation, typeNeedsTranslation, foreign, item, options, f))
        return f;
    if (DecideByLegalization(c, doc, translation, type, foreign, item, models, options, f))
        return f;
    // Grouping guessed where the document starts or ends: a page may belong to another item.
    if (doc.splitUncertain || (translation && translation->splitUncertain)) {
        f.status = ItemStatus::NeedsReview;
        f.reason = "split_uncertain";
        return f;
    }
    if (DecideByVisualZone(doc, item, f)) return f;
    if (doubt) return *doubt;
    return f;
}

// The IIN the application form carries (ЖСН/ИИН field), when its OCR text holds exactly one valid
// one. It fills the applicant's IIN where the MRZ has none (foreign passports), and must agree
// with the MRZ's birth date and sex, and with the MRZ's own IIN. Values never go into messages.
template <typename AddIssue>
void ApplyFormIin(Case& c, const AddIssue& issue) {
    std::set<std::string> found;
    for (const auto& doc : c.documents) {
        if (doc.type != DocumentType::ApplicationForm) continue;
        for (int p : doc.pageIndexes) {
            if (p < 0 || p >= static_cast<int>(c.pages.size()) || !c.pages[p].ocr) continue;
            for (const auto& iin : FindIins(c.pages[p].ocr->text)) found.insert(iin);
        }
    }
    if (found.size() != 1) return;
    const auto decoded = TryDecodeIin(*found.begin());
    if (!decoded) return;
    if (!c.applicant) {
        Applicant a;
        a.iin = decoded->digits;
        c.applicant = a;
        return;
    }
    Applicant& a = *c.applicant;
    const bool birthDiffers = a.birthDate && *a.birthDate != decoded->birthDate;
    const bool sexDiffers = (a.sex == "M" || a.sex == "F") && a.sex != decoded->sex;
    if (a.iin && *a.iin != decoded->digits) {
        issue(Severity::Warning, "iin_mismatch", "application_form",
              "The IIN on the application form differs from the one in the MRZ.");
    } else if (birthDiffers || sexDiffers) {
        issue(Severity::Warning, "iin_mismatch", "application_form",
              std::string("The IIN on the application form encodes another ") +
                  (birthDiffers ? "birth date" : "sex") + " than the identity document's MRZ.");
    } else if (!a.iin) {
        a.iin = decoded->digits;
    }
}

// Picks the applicant's identity document: a valid MRZ of a holder of the applicant's age first:
// an adult, or a minor when the manifest says a minor applies with a parent (whose passport may be
// in the package too).
const Document* ApplicantDocument(const Case& c) {
    const bool minorApplicant = Contains(c.manifest.categories, "minor-with-parent");
    const Document* best = nullptr;
    int bestScore = -1;
    for (const auto& d : c.documents) {
        if ((d.type != DocumentType::Passport && d.type != DocumentType::IdentityCard) || !d.mrz)
            continue;
        int score = d.type == DocumentType::Passport ? 1 : 0;
        if (d.mrz->valid) score += 4;
        if (d.mrz->birthDate &&
            (AgeOn(*d.mrz->birthDate, c.applicationDate) >= 18) != minorApplicant)
            score += 8;
        if (score > bestScore) best = &d, bestScore = score;
    }
    return best;
}

// The rules of the case's service; a service or purpose the rules do not know is a
// configuration error, not a finding about the package.
const ServiceRules& FindServiceRules(const Case& c, const Models& models) {
    const ServiceRules* rules = models.rules.FindService(c.service);
    if (!rules) throw Error(ErrorCode::InvalidConfig, "no rules for service '" + c.service + "'");
    if (!c.purpose.empty() && !Contains(rules->purposes, c.purpose))
        throw Error(ErrorCode::InvalidConfig,
                    "purpose '" + c.purpose + "' is not a purpose of service '" + c.service + "'");
    return *rules;
}

// A reason without a template in the names model is shown as its code, in all three languages.
void WriteNote(ChecklistEntry& entry, const Models& models, const std::string& reason,
               const Params& params) {
    entry.reason = reason;
    const auto it = models.names.find("reason:" + reason);
    if (it == models.names.end()) {
        entry.note = reason;
        entry.localizedNote = LocalizedName{reason, reason, reason};
        return;
    }
    entry.localizedNote.kk = Fill(it->second.kk, params);
    entry.localizedNote.ru = Fill(it->second.ru, params);
    entry.localizedNote.en = Fill(it->second.en, params);
    entry.note = entry.localizedNote.en;
}

void AddIssue(Case& c, Severity severity, const std::string& code, const std::string& item,
              std::string message) {
    Issue i;
    i.severity = severity;
    i.code = code;
    i.item = item;
    i.message = std::move(message);
    c.issues.push_back(std::move(i));
}

Applicant ApplicantFromMrz(const Mrz& m) {
    Applicant a;
    a.surname = m.surname;
    a.givenNames = m.givenNames;
    a.documentNumber = m.documentNumber;
    a.nationality = m.nationality;
    a.sex = m.sex;
    a.birthDate = m.birthDate;
    a.expiryDate = m.expiryDate;
    a.iin = m.iin;
    return a;
}

// Reports what the manifest leaves open (the purpose, a co-applicant's age); returns true when
// something is open, as the verdict can then be no better than needs_review. A manifest or a file
// that could not be read, or a page that could not be processed, may hide what the package lacks
// or holds: the reviewer decides, not the pipeline.
bool FlagUndecidedInputs(Case& c, const ServiceRules& rules) {
    bool undecided = false;
    for (const auto& issue : c.issues)
        undecided = undecided || issue.code == "invalid_manifest" || IsInputIssue(issue.code);
    for (const auto& page : c.pages)
        for (const auto& issue : page.issues)
            undecided = undecided || issue.code == "page_unprocessable";
    if (!rules.purposes.empty() && c.purpose.empty()) {
        undecided = true;
        AddIssue(c, Severity::Error, "purpose_missing", "",
                 "The service needs a purpose of stay and the manifest gives none.");
    }
    for (const auto& co : c.manifest.coApplicants)
        if (!co.birthDate) {
            undecided = true;
            AddIssue(c, Severity::Warning, "co_applicant_birth_date_missing", "",
                     "A co-applicant has no birth date; age-dependent items cannot be decided.");
        }
    return undecided;
}

// The variants of the service whose category the manifest names, and the items they require:
// with any variant active, items no active variant requires are exempt.
struct ActiveVariants {
    std::vector<const RuleVariant*> variants;
    std::set<std::string> required;
};

ActiveVariants FindActiveVariants(const ServiceRules& rules, const Case& c) {
    ActiveVariants active;
    for (const auto& v : rules.variants)
        if (Contains(c.manifest.categories, v.category)) {
            active.variants.push_back(&v);
            active.required.insert(v.required.begin(), v.required.end());
        }
    return active;
}

// Checks the legal items in their order, adding one checklist entry each. A document taken by
// one item is not offered to the items after it.
class ItemChecker {
  public:
    ItemChecker(Case& c, const Models& models, const RulesOptions& options,
                const Document* applicantDoc, ActiveVariants variants)
        : c_(c),
          models_(models),
          options_(options),
          applicantDoc_(applicantDoc),
          variants_(std::move(variants)),
          unreadInputs_(FilesLeftUnread(c)) {}

    void Check(const RuleItem& item) {
        const bool otherPurpose = !item.purposes.empty() && !Contains(item.purposes, c_.purpose);
        if (otherPurpose && c_.purpose.empty()) return;  // undecided: purpose_missing says so
        ChecklistEntry entry;
        entry.item = item.id;
        entry.legalRef = item.legalRef;
        if (otherPurpose) {
            // Listed, so that the checklist reads the same for every purpose of the service.
            entry.status = ItemStatus::NotRequired;
            WriteNote(entry, models_, "other_purpose", {{"purpose", c_.purpose}});
            c_.checklist.push_back(std::move(entry));
            return;
        }
        const std::vector<const Document*> candidates = Candidates(item);
        Params exemptParams;
        const std::string exemptReason = ExemptionReason(item, exemptParams);
        if (!exemptReason.empty()) {
            entry.status = ItemStatus::NotRequired;
            for (const auto* d : candidates) entry.documents.push_back(d->id);
            WriteNote(entry, models_, exemptReason, exemptParams);
            c_.checklist.push_back(std::move(entry));
            return;
        }
        Finding result = TakeBestDocuments(item, candidates, entry);
        ApplyPhotoCheck(item, result, entry);
        Record(item, result, std::move(entry));
    }

  private:
    bool IsAccepted(const RuleItem& item, DocumentType type) const {
        for (const auto& a : item.accept)
            if (a.type == type && (a.when.IsEmpty() || Holds(a.when, c_))) return true;
        return false;
    }

    // The applicant's identity document goes only to the identity item, and first there.
    std::vector<const Document*> Candidates(const RuleItem& item) const {
        std::vector<const Document*> candidates;
        if (applicantDoc_ && item.id == "identity_document" &&
            IsAccepted(item, applicantDoc_->type))
            candidates.push_back(applicantDoc_);
        for (const auto& d : c_.documents) {
            if (d.needsReview || used_.count(d.id) || !IsAccepted(item, d.type)) continue;
            if (d.isTranslation && !d.translationOf.empty()) continue;  // counted with its original
            if (&d == applicantDoc_ && item.id != "identity_document") continue;
            if (std::find(candidates.begin(), candidates.end(), &d) == candidates.end())
                candidates.push_back(&d);
        }
        return candidates;
    }

    // Exemptions: variant, category, condition. Empty when the item is required.
    std::string ExemptionReason(const RuleItem& item, Params& params) const {
        if (!variants_.variants.empty() && !variants_.required.count(item.id)) {
            std::string cats;
            for (const auto* v : variants_.variants)
                cats += (cats.empty() ? "" : ", ") + v->category;
            params["category"] = cats;
            return "variant_exempt";
        }
        if (!item.exemptWhen.IsEmpty() && Holds(item.exemptWhen, c_))
            return item.exemptReason.empty() ? "condition_not_met" : item.exemptReason;
        if (!item.requiredWhen.IsEmpty() && !Holds(item.requiredWhen, c_))
            return item.requiredWhen.coApplicantRelation.empty() ? "condition_not_met"
                                                                 : "no_matching_co_applicant";
        return "";
    }

    Finding TakeBestDocuments(const RuleItem& item, const std::vector<const Document*>& candidates,
                              ChecklistEntry& entry) {
        int required = 1;
        if (item.perCoApplicant) required = MatchingCoApplicants(item.requiredWhen, c_, nullptr);

        std::vector<std::pair<Finding, const Document*>> findings;
        for (const auto* d : candidates)
            findings.emplace_back(Evaluate(c_, *d, item, models_, options_), d);
        std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
            return Rank(a.first.status) < Rank(b.first.status);
        });
        if (static_cast<int>(findings.size()) < required)
            return TooFewDocuments(item, findings, required, entry);

        // The weakest of the best `required` documents decides (one per child).
        for (int k = 0; k < required; ++k) {
            entry.documents.push_back(findings[k].second->id);
            used_.insert(findings[k].second->id);
            if (const auto* t = TranslationOf(c_, *findings[k].second)) {
                entry.documents.push_back(t->id);
                used_.insert(t->id);
            }
        }
        return findings[required - 1].first;
    }

    // Fewer acceptable documents than required: missing, unless a document of uncertain type or
    // an input left unread may be the item.
    Finding TooFewDocuments(const RuleItem& item,
                            const std::vector<std::pair<Finding, const Document*>>& findings,
                            int required, ChecklistEntry& entry) const {
        Finding result;
        std::vector<std::string> uncertain;
        std::string names;
        for (const auto& d : c_.documents) {
            if (!d.needsReview || used_.count(d.id)) continue;
            bool maybe = IsAccepted(item, d.type);
            for (const auto& cand : d.candidates) maybe = maybe || IsAccepted(item, cand.type);
            if (!maybe) continue;
            uncertain.push_back(d.id);
            for (const auto& cand : d.candidates)
                names += std::string(names.empty() ? "" : ", ") + ToString(cand.type);
        }
        for (const auto& [f, d] : findings) entry.documents.push_back(d->id);
        if (!uncertain.empty()) {
            result.status = ItemStatus::NeedsReview;
            result.reason = "uncertain_type";
            result.params["candidates"] = names;
            entry.documents.insert(entry.documents.end(), uncertain.begin(), uncertain.end());
        } else if (findings.empty() && !unreadInputs_.empty()) {
            // A file left unread for a limit of ours, not for a defect of its own, may hold
            // the item: nothing proves it missing.
            result.status = ItemStatus::NeedsReview;
            result.reason = "inputs_unread";
            result.params["file"] = unreadInputs_;
        } else if (findings.empty()) {
            result.status = ItemStatus::Missing;
            result.reason = "missing";
            // Missing or unreadable, the package is incomplete either way; but "not in the
            // package" is no finding while a document that could not be read may be it.
            if (const auto unreadable = UnreadableDocumentFiles(c_, used_); !unreadable.empty()) {
                result.reason = "missing_or_unreadable";
                result.params["file"] = unreadable;
            }
        } else {
            result.status = ItemStatus::Missing;
            result.reason = "missing_count";
            result.params["count"] = std::to_string(findings.size());
            result.params["required"] = std::to_string(required);
        }
        return result;
    }

    void ApplyPhotoCheck(const RuleItem& item, Finding& result, ChecklistEntry& entry) const {
        if (!item.checkPhoto) return;
        if (result.status != ItemStatus::Missing)
            ApplyPhotoVerdict(result);
        else if (c_.photo && c_.photo->found)
            TakeUnseparatedPhoto(result, entry);
    }

    void ApplyPhotoVerdict(Finding& result) const {
        if (!c_.photo || !c_.photo->found) {
            if (options_.requirePhotoCheck) {
                result.status = ItemStatus::NeedsReview;
                result.reason = "photo_unchecked";
            }
        } else if (IsDigitalPhotoOfUnknownPrintSize(c_)) {
            result.reason = "photo_size_unverified";
        } else if (c_.photo->needsReview && !c_.photo->compliant) {
            result.status = ItemStatus::NeedsReview;
            result.reason = "photo_unchecked";
        } else if (!c_.photo->compliant) {
            std::string problems;
            for (const auto& m : c_.photo->checks)
                if (m.ok == false) problems += (problems.empty() ? "" : ", ") + m.code;
            result.status = ItemStatus::Invalid;
            result.reason = "photo_noncompliant";
            result.params["problems"] = problems.empty() ? "measurements" : problems;
        } else if (const std::string doubts = AdvisoryDoubts(*c_.photo); !doubts.empty()) {
            result.reason = "photo_advisory";
            result.params["values"] = doubts;
        }
    }

    // The photo check found a photo the classifier did not separate (e.g. glued on a page).
    void TakeUnseparatedPhoto(Finding& result, ChecklistEntry& entry) const {
        for (const auto& d : c_.documents)
            for (int p : d.pageIndexes)
                if (p >= 0 && p < static_cast<int>(c_.pages.size()) &&
                    c_.pages[p].file == c_.photo->file && c_.pages[p].pageInFile == c_.photo->page)
                    entry.documents.push_back(d.id);
        if (entry.documents.empty()) return;
        result = Finding{};
        if (!c_.photo->compliant) {
            result.status = c_.photo->needsReview ? ItemStatus::NeedsReview : ItemStatus::Invalid;
            result.reason = c_.photo->needsReview ? "photo_unchecked" : "photo_noncompliant";
            result.params["problems"] = "measurements";
        }
    }

    // Files the entry, tying the visual-zone mismatches of its documents to it and raising an
    // issue for anything short of present.
    void Record(const RuleItem& item, const Finding& result, ChecklistEntry entry) {
        entry.status = result.status;
        if (!result.reason.empty()) WriteNote(entry, models_, result.reason, result.params);
        if (item.checkMrz)
            for (auto& d : c_.documents)
                if (Contains(entry.documents, d.id))
                    for (auto& i : d.issues)
                        if (i.code == kVisualMismatch) i.item = entry.item;
        if (IsFailure(entry.status)) {
            AddIssue(c_, Severity::Error, std::string("document_") + ToString(entry.status),
                     entry.item, entry.note);
        } else if (entry.status == ItemStatus::NeedsReview) {
            AddIssue(c_, Severity::Warning, "document_needs_review", entry.item, entry.note);
        }
        c_.checklist.push_back(std::move(entry));
    }

    Case& c_;
    const Models& models_;
    const RulesOptions& options_;
    const Document* applicantDoc_;
    const ActiveVariants variants_;
    const std::string unreadInputs_;
    std::set<std::string> used_;
};

Verdict DecideVerdict(const std::vector<ChecklistEntry>& checklist, bool undecided) {
    bool failed = false, review = undecided;
    for (const auto& e : checklist) {
        failed = failed || IsFailure(e.status);
        review = review || e.status == ItemStatus::NeedsReview;
    }
    return failed ? Verdict::Incomplete : review ? Verdict::NeedsReview : Verdict::Complete;
}

}  // namespace

void CheckPackage(Case& c, const Models& models, const RulesOptions& options) {
    const ServiceRules& rules = FindServiceRules(c, models);
    c.checklist.clear();
    std::erase_if(c.issues, [](const Issue& i) { return !i.item.empty(); });
    SurfaceMrzMismatches(c);

    const Document* applicantDoc = ApplicantDocument(c);
    if (applicantDoc) c.applicant = ApplicantFromMrz(*applicantDoc->mrz);
    ApplyFormIin(
        c, [&](Severity severity, const std::string& code, const std::string& item,
               std::string message) { AddIssue(c, severity, code, item, std::move(message)); });
    const bool undecided = FlagUndecidedInputs(c, rules);

    ItemChecker checker(c, models, options, applicantDoc, FindActiveVariants(rules, c));
    for (const auto& item : rules.items) checker.Check(item);
    c.verdict = DecideVerdict(c.checklist, undecided);
}

}  // namespace dossier
