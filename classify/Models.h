// The data under models/: classifier vocabularies, service rules and localized names, loaded and
// validated once at start-up.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classify/IssuingState.h"
#include "core/DocumentType.h"
#include "core/Names.h"

namespace dossier {

/// A phrase that speaks for (positive weight) or against (negative) a document type.
struct Keyword {
    std::string text;    ///< as written in the model file
    std::string folded;  ///< FoldForMatching(text), what is searched
    double weight = 1.0;
    std::string language;  ///< "kk", "ru", "en"... or "" for any
    bool title = false;    ///< counts more near the top of a page (titles start documents)
    std::vector<unsigned long long> trigrams;  ///< of `folded`, for matching damaged OCR text
    /// A phrase written with gaps ("справка ... судимости"): its folded parts, found in this order
    /// with at most ClassifierModel::maxGapLetters between two of them (empty: no gaps)
    std::vector<std::string> parts;
};

/// Character trigrams of folded text (three code points packed in one number), for fuzzy matching.
std::vector<unsigned long long> Trigrams(const std::string& folded);

/// Everything the classifier knows about one document type.
struct TypeModel {
    DocumentType type = DocumentType::Unknown;
    std::vector<Keyword> keywords;
    /// Pages one document of this type may span; a new title after this many pages splits (0: any)
    int maxPages = 0;
    /// Consecutive files of this type join into one document (front and back of a card)
    bool joinAcrossFiles = false;
    /// A foreign-language document of this type needs a notarized translation
    bool needsTranslation = true;
    /// A foreign official document of this type is accepted only when legalized (consular
    /// legalization or apostille), unless a treaty waives it (default: false)
    bool needsLegalization = false;
};

/// Phrases that are not about one type: translation and notary marks, continuation marks.
struct ClassifierModel {
    std::vector<TypeModel> types;           ///< every type id of the contract except "unknown"
    std::vector<Keyword> translationMarks;  ///< "перевод с", "аударма", "translated by"...
    std::vector<Keyword> continuationMarks;  ///< "страница 2", "2-бет", "page 2 of"...
    /// A translation is notarized when it carries one of these ("нотариус", "куәландырамын"...)
    std::vector<Keyword> notaryMarks;
    /// A foreign document is legalized when it or its translation carries one of these
    /// ("apostille", "апостиль", "Convention de La Haye", consular legalization stamps)
    std::vector<Keyword> legalizationMarks;
    /// Issuing states, their names and treaties (models/states.yaml): which documents a treaty
    /// exempts from legalization
    StatesModel states;
    /// Multiplier of a title keyword found in the top part of a page (default in file: 2.0)
    double titleBoost = 2.0;
    /// Softmax temperature over type scores (default in file: 2.0)
    double temperature = 2.0;
    /// Score of the "none of these" option in the softmax: pages below it lean to unknown
    double unknownScore = 3.0;
    /// Evidence added for an MRZ of the matching format, a face on a small page, an empty small
    /// page
    double mrzWeight = 12.0, faceWeight = 12.0, emptySmallPageWeight = 4.0;
    /// Minimum translation-mark score that makes a document a translation
    double translationThreshold = 3.0;
    /// Minimum notary-mark score that makes a translation notarized
    double notaryThreshold = 2.0;
    /// Minimum legalization-mark score that makes a document legalized
    double legalizationThreshold = 3.0;
    /// Share of a phrase's trigrams found on the page for a fuzzy match of damaged text
    double fuzzyMinShare = 0.75;
    /// Weight factor of a fuzzy match (an exact match counts 1)
    double fuzzyWeight = 0.75;
    /// Edits allowed in an approximate match of a mark or negative phrase: one per this many
    /// letters (default in file: 7)
    int approxLettersPerError = 7;
    /// The same for a title near the top of a page, which has fewer places to be found by
    /// accident (default in file: 5)
    int approxTitleLettersPerError = 5;
    /// Letters (and spaces) a phrase written with gaps may skip between two parts (default in
    /// file: 40)
    int maxGapLetters = 40;
    /// Who consents for whom. A consent in which the consenting person speaks of a minor child of
    /// theirs ("моего несовершеннолетнего сына", "my daughter", "являясь законным
    /// представителем") is a parent's consent ...
    std::vector<Keyword> consentByParentMarks;
    /// ... one in which they speak of their own parents ("вместе с моей матерью", "with my
    /// parents", "ата-анаммен бірге") is a child's own consent
    std::vector<Keyword> consentByChildMarks;
    /// Evidence added to the side whose age the consenting person's birth date gives (14 to 18:
    /// the child; 18 or more: the parent) (default in file: 4)
    double consentAgeWeight = 4.0;
    /// Lead one side's evidence needs over the other's to decide between the two consent types;
    /// below it both are scored alike and the document goes to review (default in file: 2)
    double consentRoleMargin = 2.0;
    /// Score taken from both consent types when neither side is evidenced: a consent about no
    /// minor (a housing owner's "заявление-согласие") is neither (default in file: 6)
    double consentWithoutRolePenalty = 6.0;

    const TypeModel* FindType(DocumentType type) const;
};

/// A condition of the rules over the manifest: every listed part must hold (an empty one holds).
struct RuleCondition {
    std::vector<std::string> categoriesAny;  ///< one of these categories is declared
    std::vector<std::string> purposes;       ///< the purpose is one of these
    /// A co-applicant with this relation and minAge <= age < maxAge on the application date
    std::string coApplicantRelation;
    std::optional<int> coApplicantMinAge, coApplicantMaxAge;
    bool IsEmpty() const {
        return categoriesAny.empty() && purposes.empty() && coApplicantRelation.empty();
    }
};

/// A document type that satisfies an item, possibly only under a condition.
struct AcceptedType {
    DocumentType type = DocumentType::Unknown;
    RuleCondition when;
};

/// One entry of a service's legal list.
struct RuleItem {
    std::string id;        ///< checklist item id (INTERFACE.md)
    std::string legalRef;  ///< where the law asks for it, e.g. "Appendix 3, row 8, item 3"
    std::vector<AcceptedType> accept;   ///< any one of these ("one of")
    std::vector<std::string> purposes;  ///< listed only for these purposes (empty: always listed)
    RuleCondition requiredWhen;         ///< not_required unless this holds (empty: always)
    RuleCondition exemptWhen;           ///< not_required when this holds (empty: never)
    std::string exemptReason;           ///< reason code for the exemption note (names.yaml)
    /// One document per co-applicant matching requiredWhen, instead of one in total
    bool perCoApplicant = false;
    std::optional<int> maxAgeDays;       ///< freshness: issued at most this many days before
    std::optional<int> minValidityDays;  ///< must be valid MORE than this many days after
    bool checkMrz = false;               ///< bad MRZ check digits make the item invalid
    bool checkPhoto = false;             ///< the 35 x 45 photo check decides the status
    bool checkTranslation = true;        ///< a foreign-language document needs a translation
    /// A foreign-language document of a needs_legalization type needs an apostille or consular
    /// legalization
    bool checkLegalization = true;
    bool checkQuality = true;  ///< poor-quality copies make the item invalid (rule 9-1)
};

/// A variant of a service (a category of applicant) with its own, shorter list.
struct RuleVariant {
    std::string category;
    std::vector<std::string> required;  ///< items required; every other item is not_required
};

/// The legal list of one service.
struct ServiceRules {
    std::string service;
    std::vector<std::string> purposes;    ///< allowed purposes (temporary-residence)
    std::vector<std::string> categories;  ///< allowed categories
    std::vector<RuleVariant> variants;
    std::vector<RuleItem> items;  ///< in the order of the legal list
};

/// Every service's rules, keyed by service id.
struct RulesModel {
    std::map<std::string, ServiceRules> services;
    const ServiceRules* FindService(const std::string& service) const;
};

/// Everything under models/, loaded once.
struct Models {
    ClassifierModel classifier;
    RulesModel rules;
    NameTable names;
};

/// Loads models/vocabulary/*.yaml. Throws Error(InvalidConfig) naming the file and key for unknown
/// keys, unknown type ids, bad weights, or a type of the contract without a vocabulary.
ClassifierModel LoadClassifierModel(const std::filesystem::path& modelsDir);

/// Loads models/services/*.yaml, checking every item, type and category id against the contract.
RulesModel LoadRulesModel(const std::filesystem::path& modelsDir);

/// Loads models/names.yaml: kk/ru/en names of every type id and checklist item, plus entries
/// prefixed "service:", "status:", "verdict:" and "reason:" (note templates with {placeholders}).
NameTable LoadNameTable(const std::filesystem::path& modelsDir);

/// All three, cross-checked (every item and type of the rules has a name).
Models LoadModels(const std::filesystem::path& modelsDir);

/// The models folder compiled in (DOSSIER_MODELS_DIR), for tools and tests.
std::filesystem::path InstalledModelsDir();

/// Every checklist item id of the contract.
const std::vector<std::string>& ChecklistItemIds();

}  // namespace dossier
