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
/// translationOf, issueDate, expiryDate, mrz, pageIndexes, splitUncertain, and the fields
/// kNotaryField and kLegalizationField), c.pages[].quality/.file/.pageInFile,
/// and c.photo (the 35 x 45 check; nullopt when it did not run). Notes are written in English
/// (note) and kk/ru/en (localizedNote) from the "reason:" templates of models.names; whether a
/// type needs a translation or legalization comes from its vocabulary (needs_translation,
/// needs_legalization). A translation without a notary's certification makes its item invalid
/// (translation_not_notarized), so does a foreign-language official document without an apostille
/// or legalization unless its language is a treaty party's (not_legalized); a document whose
/// split was uncertain makes its item needs_review (split_uncertain).
/// Throws Error(InvalidConfig) for a service without rules or a purpose the service does not know.
void CheckPackage(Case& c, const Models& models, const RulesOptions& options = {});

}  // namespace dossier
