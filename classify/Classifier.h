// Document types from OCR text and what else the page analysis found (MRZ, face, page size):
// pages -> documents with type, language, dates.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/Models.h"
#include "core/Document.h"
#include "core/Mrz.h"
#include "core/Page.h"

namespace dossier {

/// Document::fields key of a translation: "found" when it carries a notary's certification
/// (the model's notary_marks), else "not_found".
inline constexpr const char* kNotaryField = "notary_certification";
/// Document::fields key: "found" when the document carries an apostille or consular
/// legalization (the model's legalization_marks); absent otherwise.
inline constexpr const char* kLegalizationField = "legalization";

struct ClassifyOptions {
    /// Below this confidence a document is needs_review (default: 0.6)
    double minConfidence = 0.6;
    /// Below this lead over the runner-up a document is needs_review (default: 0.2)
    double minMargin = 0.2;
    /// Candidates listed with a needs_review document (default: 3)
    int candidatesListed = 3;
    /// Share of a page's text, from the top, where title phrases count as titles (default: 0.3)
    double titleRegion = 0.3;
    /// A page at most this wide and high (mm) is photo-sized (default: 80)
    double smallPageMm = 80.0;
    /// Pages with fewer letters are "empty" (blank backs, photos) (default: 15)
    int emptyPageLetters = 15;
    /// A page with fewer letters and no type is a blank page (a back side, a separator sheet),
    /// a document of its own; a signature page says a few words more (default: 5)
    int blankPageLetters = 5;
    /// Raw score below which a needs_review document is typed "unknown" rather than its best
    /// candidate (default: 2.0)
    double minCandidateScore = 2.0;
    /// A page of a multi-page file whose exact title names another type with at least this
    /// confidence starts a new document, and a weak page leaning this much to another type makes
    /// the boundary uncertain (default: 0.35)
    double otherTitleConfidence = 0.35;
};

/// The decision for one page (or a whole document's text).
struct PageClassification {
    DocumentType type = DocumentType::Unknown;  ///< best type, Unknown when nothing speaks for one
    double confidence = 0.0;                    ///< softmax probability of `type`
    double margin = 0.0;                        ///< confidence minus the runner-up's
    double score = 0.0;                         ///< raw evidence of `type`
    std::vector<TypeCandidate>
        candidates;                 ///< every type with evidence, best first (probabilities)
    bool hasTitle = false;          ///< a title phrase of `type` near the top of the page
    bool titleExact = false;        ///< ... found as written, not only approximately
    bool continuation = false;      ///< "page 2", "продолжение", "2-бет"...
    double translationScore = 0.0;  ///< evidence of a translator's or notary's translation marks
    /// Who gives the consent the text is: "parent" (for a minor child of theirs), "child" (their
    /// own, as a minor), "" (no consent, or not decided)
    std::string consentBy;
    bool empty = false;  ///< almost no text
    int letters = 0;
    bool IsConfident(const ClassifyOptions& o) const {
        return type != DocumentType::Unknown && confidence >= o.minConfidence &&
               margin >= o.minMargin;
    }
};

/// Scores one page's OCR text (plus what else was found on the page: its MRZ, a face, its size)
/// against every type. Fast enough to run per page; unit tests feed text directly.
PageClassification ClassifyText(std::string_view text, const PageAnalysis& analysis,
                                const ClassifierModel& model, const ClassifyOptions& options = {});

/// Groups the package's pages into documents and classifies each one. `pages` in package order
/// (their `ocr` may be empty for unreadable pages), each with its `analysis` as the page
/// analysis left it. Every page ends up in exactly one document; documents are numbered "d1",
/// "d2"... Each gets its type, confidence, margin, candidates, needsReview, language, issue/expiry
/// dates, MRZ, and translation pairing (isTranslation, translationOf), and the notary and
/// legalization evidence (fields kNotaryField, kLegalizationField).
std::vector<Document> ClassifyDocuments(const std::vector<Page>& pages,
                                        const ClassifierModel& model,
                                        const ClassifyOptions& options = {});

/// The plain text of a page (OCR text, or "" when it was not recognized).
std::string PageText(const Page& page);

}  // namespace dossier
