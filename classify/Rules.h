// The package against the law: checklist with a status and note per item, issues, verdict,
// applicant.
#pragma once

#include "classify/Models.h"
#include "core/Case.h"

namespace dossier {

struct RulesOptions {
    /// Items whose copies failed a quality check are invalid (rule 9-1) (default: true)
    bool rejectPoorCopies = true;
    /// A photo with no photo-check result is needs_review rather than present (default: true)
    bool requirePhotoCheck = true;
    /// Language margin (Document::languageMargin) from which a foreign language is taken as known:
    /// below it an untranslated document is needs_review (language_uncertain) (default: 0.3)
    double minLanguageMargin = 0.3;
    /// Mean OCR word confidence (0..100) from which a page is read well enough for the absence of
    /// a notary's formula or an apostille to prove that there is none; below it the item is
    /// needs_review (default: 60)
    double minReadConfidence = 60.0;
};

/// Checks `c` against the rules of `c.service` and fills c.checklist (in the order of the legal
/// list; items of another purpose and exempted items kept as not_required), c.issues (one per
/// item that is not present), c.verdict and c.applicant (from the identity document's MRZ).
/// It also copies each MRZ's "mrz_visual_mismatch" issues (the printed zone disagrees with the MRZ)
/// into its document's issues, on the MRZ's page when known, and makes an item that checks the MRZ
/// needs_review (reason mrz_visual_mismatch, naming the fields, never their values).
///
/// Reads: c.service, c.purpose, c.applicationDate, c.manifest.categories, c.manifest.coApplicants,
/// c.documents (from ClassifyDocuments: type, needsReview, candidates, language, isTranslation,
/// translationOf, issueDate, expiryDate, mrz, pageIndexes, splitUncertain, languageScore,
/// languageMargin, languageRunnerUp, issuingState, issuingStateFoundBy, and the fields
/// kNotaryField and kLegalizationField), c.pages[].quality/.file/.pageInFile/.ocr,
/// and c.photo (the 35 x 45 check; nullopt when it did not run). Notes are written in English
/// (note) and kk/ru/en (localizedNote) from the "reason:" templates of models.names; whether a
/// type needs a translation or legalization comes from its vocabulary (needs_translation,
/// needs_legalization). Refusals only on proof: a foreign-language document without a translation
/// is invalid (untranslated) when its language is known with a margin (else language_uncertain,
/// needs_review); a translation without a notary's certification is invalid
/// (translation_not_notarized) when its pages were read confidently (else notary_unreadable); a
/// foreign-language official document without an apostille or legalization is invalid
/// (not_legalized) only when its issuing state (Document::issuingState, found with confidence) is
/// party to no treaty with Kazakhstan that waives legalization (models/states.yaml) and its pages
/// were read confidently; an unknown issuing state (issuing_state_unknown), a treaty in doubt
/// (treaty_uncertain) or a poor reading (legalization_unreadable) is needs_review. A document
/// whose split was uncertain makes its item needs_review (split_uncertain).
/// Throws Error(InvalidConfig) for a service without rules or a purpose the service does not know.
void CheckPackage(Case& c, const Models& models, const RulesOptions& options = {});

}  // namespace dossier
