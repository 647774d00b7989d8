// What a finished case leaves in its output folder to be skipped when it comes again unchanged,
// and to rebuild a batch's summary without reading report.json.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dossier {

/// Name of the state file inside each published case folder.
inline constexpr const char* kCaseStateFile = ".dossier-state.json";

/// What a finished case leaves in DIR/<case>/.dossier-state.json to decide whether it can be
/// skipped next time, and to rebuild the summary without reading report.json.
/// What a processed case came to: the batch's summary line of it, and the state kept with its
/// output (so that a skipped, up-to-date case is summed up as when it was processed).
struct CaseSummary {
    std::string verdict;  ///< complete | incomplete | needs_review; empty when it failed
    std::vector<std::string> missing, expired, invalid;  ///< checklist items by status
    int pages = 0;
    double seconds = 0;
};

struct CaseState : CaseSummary {
    std::string caseId;
    std::string inputHash;             ///< HashPackage of the input folder
    std::string configFingerprint;     ///< ConfigFingerprint of the effective configuration
    int version = 1;                   ///< 1, then +1 whenever the package content changed
    std::vector<std::string> outputs;  ///< file names in the case folder, e.g. case.pdf
    std::string finishedAt;            ///< ISO 8601 UTC
};

/// Reads DIR/<case>/.dossier-state.json; nullopt when absent or unreadable.
std::optional<CaseState> TryReadCaseState(const std::filesystem::path& caseOutDir);

/// Writes the state file atomically into `caseOutDir`.
void WriteCaseState(const std::filesystem::path& caseOutDir, const CaseState& state);

/// True when `caseOutDir` holds a state with this hash and fingerprint and every output it lists.
bool IsCaseUpToDate(const std::filesystem::path& caseOutDir, const std::string& inputHash,
                    const std::string& configFingerprint);

}  // namespace dossier
