// Which state issued each document, read from the document itself, and what the treaties between
// that state and Kazakhstan say about legalization.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/Document.h"
#include "core/Page.h"

namespace dossier {

/// A treaty of models/states.yaml.
struct Treaty {
    std::string id;     ///< "minsk_1993", "chisinau_2002", "apostille_1961"
    std::string title;  ///< the treaty and the article that matters
    /// Documents of one party are accepted by another without any legalization (true), or the
    /// treaty only replaces consular legalization by an apostille (false)
    bool waivesLegalization = false;
};

/// A state of models/states.yaml.
struct StateEntry {
    std::string code;  ///< ISO 3166-1 alpha-3
    /// How documents name it, folded as FoldForMatching folds text: whole phrases, or a stem
    /// ending in '*' that matches the start of a word; phrases in Han script match anywhere
    std::vector<std::string> names;
    std::vector<std::string> treaties;  ///< ids of the treaties it is a party to
    /// Treaties whose status for this state is in doubt (signed but denounced, not ratified):
    /// a reviewer decides
    std::vector<std::string> uncertainTreaties;
};

struct StatesModel {
    std::string homeState = "KAZ";  ///< the state whose service reads the documents
    std::map<std::string, Treaty> treaties;
    std::vector<StateEntry> states;
    const StateEntry* Find(std::string_view code) const;
};

/// Loads models/states.yaml. Throws Error(InvalidConfig) naming the file and key for unknown keys,
/// a code that is not three capital letters, or a treaty id that is not defined.
StatesModel LoadStatesModel(const std::filesystem::path& modelsDir);

/// How a document's issuing state was found, best evidence first.
inline constexpr const char* kStateByMrz = "mrz";  ///< the MRZ's issuing-state field
/// a state name in the document's first lines (its issuer: "Republic of Armenia", "МВД
/// Республики Узбекистан")
inline constexpr const char* kStateByIssuerLine = "issuer_line";
/// the first lines of the document's translation (a foreign original's name for its state can be
/// unreadable to OCR)
inline constexpr const char* kStateByTranslation = "translation";
/// the only foreign state the rest of the text names: a hint, not proof
inline constexpr const char* kStateByText = "text";

struct IssuingStateOptions {
    /// Non-empty lines at the top of a document's first page read as its issuer lines
    /// (default: 6)
    int issuerLines = 6;
};

struct IssuingStateFinding {
    std::string state;    ///< ISO 3166-1 alpha-3, "" when unknown
    std::string foundBy;  ///< one of the kStateBy* values, "" when unknown
};

/// The state `text` (a document's text, first page first) names as its issuer; `mrzState` is the
/// MRZ's issuing state when the document has one. `isTranslation`: the text is a translation made
/// in the home state, whose own name there is the translator's or notary's, not the issuer's.
IssuingStateFinding FindIssuingState(std::string_view text, std::string_view mrzState,
                                     bool isTranslation, const StatesModel& model,
                                     const IssuingStateOptions& options = {});

/// True when the finding is evidence enough to decide a treaty exemption on (MRZ, issuer line,
/// translation's issuer line; a name elsewhere in the text is not).
bool IsConfidentState(const IssuingStateFinding& finding);

/// Fills Document::issuingState and issuingStateFoundBy of every document from its pages' text
/// (`pages`: the package's pages, which Document::pageIndexes index) and its MRZ; an original whose
/// own text names no state takes its paired translation's issuer line.
void FindIssuingStates(std::vector<Document>& documents, const std::vector<Page>& pages,
                       const StatesModel& model, const IssuingStateOptions& options = {});

/// What the treaties say about legalization of a document issued by `state`.
enum class LegalizationNeed {
    Waived,    ///< a treaty both states are party to waives it (Minsk 1993, Chisinau 2002)
    Required,  ///< an apostille or consular legalization is needed
    /// a waiving treaty's status for the state is in doubt (the states not in the model are party
    /// to none: Required)
    Uncertain,
};
LegalizationNeed LegalizationFor(std::string_view state, const StatesModel& model);

}  // namespace dossier
