// Parses and validates case.yaml.
#include "ingest/CaseManifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/Error.h"
#include "core/Files.h"

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

std::string Scalar(const YAML::Node& node, const std::string& where, std::string_view source) {
    if (!node.IsScalar())
        throw Error(ErrorCode::InvalidConfig,
                    std::string(source) + ": '" + where + "' must be a single value");
    return node.as<std::string>();
}

Date ParseDate(const YAML::Node& node, const std::string& where, std::string_view source) {
    const std::string text = Scalar(node, where, source);
    const auto date = Date::TryParseIso(text);
    if (!date)
        throw Error(ErrorCode::InvalidConfig, std::string(source) + ": '" + where +
                                                  "' is not a date (YYYY-MM-DD): '" + text + "'");
    return *date;
}

}  // namespace

CaseManifest ParseCaseManifest(std::string_view yaml, const RulesModel* rules,
                               std::string_view source) {
    const std::string src(source);
    auto fail = [&](const std::string& what) {
        throw Error(ErrorCode::InvalidConfig, src + ": " + what);
    };
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        fail(std::string("not valid YAML: ") + e.what());
    }
    CaseManifest manifest;
    if (root.IsNull()) return manifest;  // an empty file: every default applies
    if (!root.IsMap()) fail("must be a mapping of keys to values");

    std::map<std::string, std::vector<std::string>> purposes;
    std::set<std::string> categories;
    if (rules) {
        for (const auto& [id, s] : rules->services) {
            purposes[id] = s.purposes;
            categories.insert(s.categories.begin(), s.categories.end());
        }
    } else {
        purposes = ContractPurposes();
        categories = ContractCategories();
    }
    std::vector<std::string> serviceIds;
    for (const auto& [id, p] : purposes) serviceIds.push_back(id);

    try {
        for (const auto& kv : root) {
            const auto key = kv.first.as<std::string>();
            const auto& value = kv.second;
            if (key == "service") {
                manifest.service = Scalar(value, key, source);
                if (!purposes.count(manifest.service))
                    fail("unknown service '" + manifest.service + "' (known: " + Join(serviceIds) +
                         ")");
            } else if (key == "purpose") {
                if (!value.IsNull()) manifest.purpose = Scalar(value, key, source);
            } else if (key == "application_date") {
                if (!value.IsNull()) manifest.applicationDate = ParseDate(value, key, source);
            } else if (key == "categories") {
                if (value.IsNull()) continue;
                if (!value.IsSequence()) fail("'categories' must be a list");
                for (const auto& c : value) {
                    const auto cat = Scalar(c, "categories", source);
                    if (!categories.count(cat))
                        fail("unknown category '" + cat + "' (known: " +
                             Join(std::vector<std::string>(categories.begin(), categories.end())) +
                             ")");
                    if (std::find(manifest.categories.begin(), manifest.categories.end(), cat) ==
                        manifest.categories.end())
                        manifest.categories.push_back(cat);
                }
            } else if (key == "co_applicants") {
                if (value.IsNull()) continue;
                if (!value.IsSequence()) fail("'co_applicants' must be a list");
                int index = 0;
                for (const auto& co : value) {
                    ++index;
                    const std::string where = "co_applicants[" + std::to_string(index) + "]";
                    if (!co.IsMap())
                        fail("'" + where + "' must be a mapping {relation, birth_date}");
                    CoApplicant applicant;
                    applicant.relation = "child";
                    for (const auto& field : co) {
                        const auto name = field.first.as<std::string>();
                        if (name == "relation") {
                            applicant.relation = Scalar(field.second, where + ".relation", source);
                            if (!Relations().count(applicant.relation))
                                fail("unknown relation '" + applicant.relation + "' in " + where +
                                     " (known: child, spouse, parent, other)");
                        } else if (name == "birth_date") {
                            applicant.birthDate =
                                ParseDate(field.second, where + ".birth_date", source);
                        } else {
                            fail("unknown key '" + name + "' in " + where +
                                 " (known: relation, birth_date)");
                        }
                    }
                    manifest.coApplicants.push_back(std::move(applicant));
                }
            } else {
                fail("unknown key '" + key +
                     "' (known: service, purpose, application_date, categories, co_applicants)");
            }
        }
    } catch (const YAML::Exception& e) {
        fail(std::string("bad value: ") + e.what());
    }

    if (!manifest.purpose.empty()) {
        if (manifest.service.empty())
            fail("'purpose' given without 'service' (purposes belong to temporary-residence)");
        const auto& allowed = purposes[manifest.service];
        if (std::find(allowed.begin(), allowed.end(), manifest.purpose) == allowed.end())
            fail(allowed.empty() ? "service '" + manifest.service + "' takes no purpose"
                                 : "unknown purpose '" + manifest.purpose + "' for " +
                                       manifest.service + " (known: " + Join(allowed) + ")");
    }
    if (manifest.applicationDate)
        for (const auto& co : manifest.coApplicants)
            if (co.birthDate && *co.birthDate > *manifest.applicationDate)
                fail("a co-applicant is born after the application date");
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
