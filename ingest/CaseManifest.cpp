// Parses and validates case.yaml.
#include "ingest/CaseManifest.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/Error.h"
#include "core/Files.h"
#include "core/Yaml.h"

namespace dossier {

namespace {

// The contract's vocabulary, used when no rules model is at hand.
const std::map<std::string, std::vector<std::string>>& ContractPurposes() {
    static const std::map<std::string, std::vector<std::string>> k = {
        {"permanent-residence", {}},
        {"temporary-residence", {"family", "work", "missionary", "business", "treatment", "study"}},
        {"labor-immigrant", {}},
    };
    return k;
}

const std::set<std::string>& ContractCategories() {
    static const std::set<std::string> k = {"eaeu-citizen", "ethnic-kazakh-prc",
                                            "former-citizen-registered", "minor-with-parent"};
    return k;
}

const std::set<std::string>& Relations() {
    static const std::set<std::string> k = {"child", "spouse", "parent", "other"};
    return k;
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "(none)" : out;
}

Date ParseDate(const YamlValue& value) {
    const std::string text = YamlString(value);
    const auto date = Date::TryParseIso(text);
    if (!date) FailYaml(value, "is not a date (YYYY-MM-DD): '" + text + "'");
    return *date;
}

/// The services with their purposes, and the categories, a case.yaml may name: the rules' when
/// they are at hand, else the contract's.
struct KnownIds {
    std::map<std::string, std::vector<std::string>> purposes;  ///< by service id
    std::set<std::string> categories;
};

KnownIds KnownIdsOf(const RulesModel* rules) {
    KnownIds known;
    if (!rules) return {ContractPurposes(), ContractCategories()};
    for (const auto& [id, s] : rules->services) {
        known.purposes[id] = s.purposes;
        known.categories.insert(s.categories.begin(), s.categories.end());
    }
    return known;
}

/// The categories listed, each once, every one known.
void ReadCategories(const YamlValue& entry, const std::set<std::string>& known,
                    std::vector<std::string>& categories) {
    for (const auto& cat : YamlStringList(entry)) {
        if (!known.count(cat))
            FailYaml(entry, "unknown category '" + cat + "' (known: " +
                                Join(std::vector<std::string>(known.begin(), known.end())) + ")");
        if (std::find(categories.begin(), categories.end(), cat) == categories.end())
            categories.push_back(cat);
    }
}

/// The co-applicants listed; a relation left out is "child".
std::vector<CoApplicant> ReadCoApplicants(const YamlValue& entry, const std::string& src) {
    if (!entry.node.IsSequence()) FailYaml(entry, "expected a list");
    std::vector<CoApplicant> coApplicants;
    int index = 0;
    for (const auto& co : entry.node) {
        const YamlValue item{co, src, "co_applicants[" + std::to_string(++index) + "]"};
        CoApplicant applicant;
        applicant.relation = "child";
        for (const auto& [name, field] : YamlEntries(item, {"relation", "birth_date"})) {
            if (name == "relation") {
                applicant.relation = YamlString(field);
                if (!Relations().count(applicant.relation))
                    FailYaml(field, "unknown relation '" + applicant.relation +
                                        "' (known: child, spouse, parent, other)");
            } else {
                applicant.birthDate = ParseDate(field);
            }
        }
        coApplicants.push_back(std::move(applicant));
    }
    return coApplicants;
}

/// What no single key can tell: a purpose its service takes, co-applicants born by the date.
void CheckConsistency(const CaseManifest& manifest, const KnownIds& known, const std::string& src) {
    auto fail = [&](const std::string& what) {
        throw Error(ErrorCode::InvalidConfig, src + ": " + what);
    };
    if (!manifest.purpose.empty()) {
        if (manifest.service.empty())
            fail("'purpose' given without 'service' (purposes belong to temporary-residence)");
        const auto it = known.purposes.find(manifest.service);
        const std::vector<std::string> allowed =
            it == known.purposes.end() ? std::vector<std::string>{} : it->second;
        if (std::find(allowed.begin(), allowed.end(), manifest.purpose) == allowed.end())
            fail(allowed.empty() ? "service '" + manifest.service + "' takes no purpose"
                                 : "unknown purpose '" + manifest.purpose + "' for " +
                                       manifest.service + " (known: " + Join(allowed) + ")");
    }
    if (manifest.applicationDate)
        for (const auto& co : manifest.coApplicants)
            if (co.birthDate && *co.birthDate > *manifest.applicationDate)
                fail("a co-applicant is born after the application date");
}

}  // namespace

CaseManifest ParseCaseManifest(std::string_view yaml, const RulesModel* rules,
                               std::string_view source) {
    const std::string src(source);
    const YamlValue root = ParseYaml(yaml, src);
    CaseManifest manifest;
    if (root.node.IsNull()) return manifest;  // an empty file: every default applies

    const KnownIds known = KnownIdsOf(rules);
    std::vector<std::string> serviceIds;
    for (const auto& [id, p] : known.purposes) serviceIds.push_back(id);
    const std::vector<std::string> keys = {"service", "purpose", "application_date", "categories",
                                           "co_applicants"};
    for (const auto& [key, entry] : YamlEntries(root, keys)) {
        if (key == "service") {
            manifest.service = YamlString(entry);
            if (!known.purposes.count(manifest.service))
                FailYaml(entry, "unknown service '" + manifest.service +
                                    "' (known: " + Join(serviceIds) + ")");
        } else if (entry.node.IsNull()) {
            continue;  // an empty value keeps the default
        } else if (key == "purpose") {
            manifest.purpose = YamlString(entry);
        } else if (key == "application_date") {
            manifest.applicationDate = ParseDate(entry);
        } else if (key == "categories") {
            ReadCategories(entry, known.categories, manifest.categories);
        } else if (key == "co_applicants") {
            for (auto& applicant : ReadCoApplicants(entry, src))
                manifest.coApplicants.push_back(std::move(applicant));
        }
    }
    CheckConsistency(manifest, known, src);
    return manifest;
}

CaseManifest LoadCaseManifest(const std::filesystem::path& caseYaml, const RulesModel* rules,
                              std::uintmax_t maxBytes) {
    std::string text, why;
    long long size = 0;
    if (TryReadRegularFile(caseYaml, maxBytes, text, size, why) != ReadRefusal::None)
        throw Error(ErrorCode::Io, caseYaml.filename().string() + " cannot be read: " + why);
    return ParseCaseManifest(text, rules, caseYaml.filename().string());
}

CaseManifest ReadCaseManifest(const std::filesystem::path& caseDir, const RulesModel* rules,
                              std::uintmax_t maxBytes, std::vector<Issue>& issues) {
    const std::filesystem::path file = caseDir / "case.yaml";
    const auto refuse = [&](const std::string& code, const std::string& why) {
        issues.push_back(Issue{Severity::Error, code,
                               "case.yaml is not used, " + why +
                                   "; the configured defaults apply (service, date, categories)",
                               "", "case.yaml", 0});
        return CaseManifest{};
    };
    switch (KindOf(file)) {
        case EntryKind::Missing:
            return {};
        case EntryKind::Symlink:
            return refuse("symlink_not_followed", "it is a symbolic link, which is never followed");
        case EntryKind::Folder:
        case EntryKind::Other:
            return refuse("not_a_regular_file", "it is not a regular file");
        case EntryKind::RegularFile:
            break;
    }
    std::string text, why;
    long long size = 0;
    switch (TryReadRegularFile(file, maxBytes, text, size, why)) {
        case ReadRefusal::None:
            break;
        case ReadRefusal::Symlink:
            return refuse("symlink_not_followed", why);
        case ReadRefusal::NotRegularFile:
            return refuse("not_a_regular_file", why);
        case ReadRefusal::TooLarge:
            return refuse("too_large", why);
        case ReadRefusal::Unreadable:
            return refuse("invalid_manifest", why);
    }
    try {
        return ParseCaseManifest(text, rules, "case.yaml");
    } catch (const std::exception& e) {
        // The message may quote the manifest's own bytes, which need not be UTF-8.
        issues.push_back(
            Issue{Severity::Error, "invalid_manifest", ValidUtf8(e.what()), "", "case.yaml", 0});
        return {};
    }
}

}  // namespace dossier
