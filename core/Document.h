// A document of the package: one or more pages, its type, dates and findings.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/DocumentType.h"
#include "core/Issue.h"
#include "core/Mrz.h"

namespace dossier {

struct TypeCandidate {
    DocumentType type = DocumentType::Unknown;
    double score = 0.0;
};

struct Document {
    std::string id;  ///< "d1", "d2"... in package order
    DocumentType type = DocumentType::Unknown;
    double confidence = 0.0;                ///< 0..1
    double margin = 0.0;                    ///< confidence minus the runner-up's (0..1)
    std::vector<TypeCandidate> candidates;  ///< best first, when the decision was close
    bool needsReview = false;
    /// Where this document starts or ends was a guess (joined or split without clear evidence)
    bool splitUncertain = false;
    std::string language;          ///< "kk", "ru", "en", other ISO 639-1, or "" when unknown
    double languageScore = 0.0;    ///< evidence for `language`, 0..1 (LanguageGuess::score)
    double languageMargin = 0.0;   ///< languageScore minus the runner-up's
    std::string languageRunnerUp;  ///< the second likeliest language, "" when none
    /// ISO 3166-1 alpha-3 of the state that issued the document, "" when unknown
    std::string issuingState;
    /// How issuingState was found: "mrz", "issuer_line", "translation", "text" (a name in the
    /// body: a hint only), "" when unknown
    std::string issuingStateFoundBy;
    std::vector<int> pageIndexes;  ///< indexes into Case::pages, in document order
    std::optional<Date> issueDate;
    std::optional<Date> expiryDate;
    std::optional<Mrz> mrz;
    bool isTranslation = false;  ///< a notarised translation of another document
    std::string translationOf;   ///< id of the original, when paired
    std::map<std::string, std::string> fields;
    std::vector<Issue> issues;
};

}  // namespace dossier
