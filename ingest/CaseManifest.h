// Reading case.yaml, the optional manifest of a package, with clear errors for anything unusable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

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

/// Reads and parses a case.yaml file (see ParseCaseManifest): never through a symlink, never from
/// a FIFO or device, at most `maxBytes`. Throws Error(Io) when it cannot be read so.
CaseManifest LoadCaseManifest(const std::filesystem::path& caseYaml,
                              const RulesModel* rules = nullptr,
                              std::uintmax_t maxBytes = 64 << 10);

/// The manifest of the case folder `caseDir`: its case.yaml when there is one, else the defaults.
/// A case.yaml that cannot be used (a symlink, a folder or FIFO, too large, invalid) adds an error
/// issue about file "case.yaml" to `issues` and yields the defaults: the package's problem, not
/// the run's, so the reviewer still gets every page. Messages are valid UTF-8.
CaseManifest ReadCaseManifest(const std::filesystem::path& caseDir, const RulesModel* rules,
                              std::uintmax_t maxBytes, std::vector<Issue>& issues);

}  // namespace dossier
