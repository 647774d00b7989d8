// Reading case.yaml, the optional manifest of a package, with clear errors for anything unusable.
#pragma once

#include <filesystem>
#include <string_view>

#include "classify/Models.h"
#include "core/Case.h"

namespace dossier {

/// Parses manifest text. Keys: service, purpose, application_date (YYYY-MM-DD), categories (list),
/// co_applicants (list of {relation, birth_date}). Throws Error(InvalidConfig) naming the key for
/// unknown keys, bad dates, unknown services, purposes or categories, a purpose for a service that
/// has none, and co-applicants born after the application date. When `rules` is given, services,
/// purposes and categories are checked against it; otherwise against the contract (INTERFACE.md).
/// `source` names the manifest in messages.
CaseManifest ParseCaseManifest(std::string_view yaml, const RulesModel* rules = nullptr,
                               std::string_view source = "case.yaml");

/// Reads and parses a case.yaml file (see ParseCaseManifest). Throws Error(Io) when unreadable.
CaseManifest LoadCaseManifest(const std::filesystem::path& caseYaml,
                              const RulesModel* rules = nullptr);

}  // namespace dossier
