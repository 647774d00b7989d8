// Loads and validates the YAML model data: vocabularies, service rules, names.
#include "classify/Models.h"
#include "core/Utf8.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "classify/Language.h"
#include "core/Document.h"
#include "core/Error.h"

namespace dossier {

namespace {

[[noreturn]] void Fail(const std::filesystem::path& file, const std::string& what) {
    throw Error(ErrorCode::InvalidConfig, file.filename().string() + ": " + what);
}

YAML::Node LoadYaml(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file))
        throw Error(ErrorCode::InvalidConfig, "model file not found: " + file.string());
    try {
        return YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
        Fail(file, std::string("not valid YAML: ") + e.what());
    }
}

void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed,
               const std::filesystem::path& file, const std::string& where) {
    if (!node.IsMap()) Fail(file, where + " must be a mapping");
    for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>();
        if (!allowed.count(key)) Fail(file, "unknown key '" + key + "' in " + where);
    }
}

std::vector<std::string> StringList(const YAML::Node& node, const std::filesystem::path& file,
                                    const std::string& where) {
    std::vector<std::string> out;
    if (!node) return out;
    if (!node.IsSequence()) Fail(file, where + " must be a list");
    for (const auto& v : node) {
        if (!v.IsScalar()) Fail(file, where + " must list plain strings");
        out.push_back(v.as<std::string>());
    }
    return out;
}

bool IsKnownType(const std::string& type) {
    const auto& ids = DocumentTypeIds();
    return std::find(ids.begin(), ids.end(), type) != ids.end() && type != "unknown";
}

// language -> {phrase: weight}
std::vector<Keyword> Phrases(const YAML::Node& node, bool title, const std::filesystem::path& file,
                             const std::string& where) {
    std::vector<Keyword> out;
    if (!node) return out;
    if (!node.IsMap()) Fail(file, where + " must map languages to {phrase: weight}");
    for (const auto& lang : node) {
        const auto code = lang.first.as<std::string>();
        if (!lang.second.IsMap()) Fail(file, where + "." + code + " must map phrases to weights");
        for (const auto& kv : lang.second) {
            Keyword k;
            k.text = kv.first.as<std::string>();
            try {
                k.weight = kv.second.as<double>();
            } catch (const YAML::Exception&) {
                Fail(file, "weight of '" + k.text + "' in " + where + " is not a number");
            }
            k.folded = FoldForMatching(k.text);
            k.folded.pop_back();  // keep the leading space only: phrases match word starts
            if (k.folded.size() <= 1) Fail(file, "empty phrase in " + where);
            k.language = code;
            k.title = title;
            k.trigrams = Trigrams(k.folded);
            if (k.text.find("...") != std::string::npos) {
                // "справка ... судимости": parts found in order, anything short between them.
                k.trigrams.clear();
                size_t from = 0;
                while (from <= k.text.size()) {
                    const size_t gap = std::min(k.text.find("...", from), k.text.size());
                    std::string part = FoldForMatching(k.text.substr(from, gap - from));
                    part.pop_back();
                    if (part.size() <= 1) Fail(file, "empty part in '" + k.text + "' in " + where);
                    const auto partTrigrams = Trigrams(part);
                    k.trigrams.insert(k.trigrams.end(), partTrigrams.begin(), partTrigrams.end());
                    k.parts.push_back(std::move(part));
                    from = gap + 3;
                }
                std::sort(k.trigrams.begin(), k.trigrams.end());
                k.trigrams.erase(std::unique(k.trigrams.begin(), k.trigrams.end()),
                                 k.trigrams.end());
            }
            out.push_back(std::move(k));
        }
    }
    return out;
}

RuleCondition Condition(const YAML::Node& node, const std::filesystem::path& file,
                        const std::string& where) {
    RuleCondition c;
    if (!node) return c;
    CheckKeys(node, {"categories_any", "purposes", "co_applicant"}, file, where);
    c.categoriesAny = StringList(node["categories_any"], file, where + ".categories_any");
    c.purposes = StringList(node["purposes"], file, where + ".purposes");
    if (const auto co = node["co_applicant"]) {
        CheckKeys(co, {"relation", "min_age", "max_age"}, file, where + ".co_applicant");
        c.coApplicantRelation = co["relation"] ? co["relation"].as<std::string>() : "child";
        if (co["min_age"]) c.coApplicantMinAge = co["min_age"].as<int>();
        if (co["max_age"]) c.coApplicantMaxAge = co["max_age"].as<int>();
    }
    return c;
}

const std::set<std::string>& KnownCategories() {
    static const std::set<std::string> k = {"eaeu-citizen", "ethnic-kazakh-prc",
                                            "former-citizen-registered", "minor-with-parent"};
    return k;
}

void CheckCondition(const RuleCondition& c, const ServiceRules& s,
                    const std::filesystem::path& file, const std::string& where) {
    for (const auto& cat : c.categoriesAny)
        if (std::find(s.categories.begin(), s.categories.end(), cat) == s.categories.end())
            Fail(file, where + ": category '" + cat + "' is not among the service's categories");
    for (const auto& p : c.purposes)
        if (std::find(s.purposes.begin(), s.purposes.end(), p) == s.purposes.end())
            Fail(file, where + ": unknown purpose '" + p + "'");
}

std::vector<std::filesystem::path> YamlFiles(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(dir))
        throw Error(ErrorCode::InvalidConfig, "model folder not found: " + dir.string());
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".yaml" && e.path().filename().string()[0] != '.')
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

std::vector<unsigned long long> Trigrams(const std::string& folded) {
    const std::u32string cps = DecodeUtf8(folded);
    std::vector<unsigned long long> out;
    for (size_t i = 0; i + 2 < cps.size(); ++i)
        out.push_back((static_cast<unsigned long long>(cps[i]) << 42) |
                      (static_cast<unsigned long long>(cps[i + 1]) << 21) | cps[i + 2]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

const TypeModel* ClassifierModel::FindType(const std::string& type) const {
    for (const auto& t : types)
        if (t.type == type) return &t;
    return nullptr;
}

const ServiceRules* RulesModel::FindService(const std::string& service) const {
    const auto it = services.find(service);
    return it == services.end() ? nullptr : &it->second;
}

const std::vector<std::string>& ChecklistItemIds() {
    static const std::vector<std::string> kIds = {"application_form",
                                                  "identity_document",
                                                  "child_identity_document",
                                                  "solvency",
                                                  "criminal_record",
                                                  "child_consent",
                                                  "housing",
                                                  "medical_certificate",
                                                  "photo",
                                                  "state_fee",
                                                  "parent_consent",
                                                  "medical_insurance",
                                                  "family_relationship",
                                                  "work_authorization",
                                                  "missionary_certificate",
                                                  "business_permit",
                                                  "treatment_document",
                                                  "study_petition",
                                                  "migration_card",
                                                  "tax_payment"};
    return kIds;
}

std::filesystem::path InstalledModelsDir() {
    return DOSSIER_MODELS_DIR;
}

ClassifierModel LoadClassifierModel(const std::filesystem::path& modelsDir) {
    ClassifierModel model;
    const auto settingsFile = modelsDir / "classifier.yaml";
    const auto settings = LoadYaml(settingsFile);
    CheckKeys(settings,
              {"title_boost",
               "temperature",
               "unknown_score",
               "mrz_weight",
               "face_weight",
               "empty_small_page_weight",
               "translation_threshold",
               "notary_threshold",
               "legalization_threshold",
               "approx_letters_per_error",
               "approx_title_letters_per_error",
               "fuzzy_min_share",
               "fuzzy_weight",
               "translation_marks",
               "continuation_marks",
               "notary_marks",
               "legalization_marks",
               "max_gap_letters",
               "consent_by_parent_marks",
               "consent_by_child_marks",
               "consent_age_weight",
               "consent_role_margin",
               "consent_without_role_penalty"},
              settingsFile, "classifier.yaml");
    auto number = [&](const char* key, double& out) {
        if (!settings[key]) return;
        try {
            out = settings[key].as<double>();
        } catch (const YAML::Exception&) {
            Fail(settingsFile, std::string(key) + " is not a number");
        }
    };
    number("title_boost", model.titleBoost);
    number("temperature", model.temperature);
    number("unknown_score", model.unknownScore);
    number("mrz_weight", model.mrzWeight);
    number("face_weight", model.faceWeight);
    number("empty_small_page_weight", model.emptySmallPageWeight);
    number("translation_threshold", model.translationThreshold);
    number("notary_threshold", model.notaryThreshold);
    number("legalization_threshold", model.legalizationThreshold);
    number("fuzzy_min_share", model.fuzzyMinShare);
    number("fuzzy_weight", model.fuzzyWeight);
    number("consent_age_weight", model.consentAgeWeight);
    number("consent_role_margin", model.consentRoleMargin);
    number("consent_without_role_penalty", model.consentWithoutRolePenalty);
    for (auto [key, out] :
         {std::pair{"approx_letters_per_error", &model.approxLettersPerError},
          std::pair{"approx_title_letters_per_error", &model.approxTitleLettersPerError},
          std::pair{"max_gap_letters", &model.maxGapLetters}}) {
        if (!settings[key]) continue;
        try {
            *out = settings[key].as<int>();
        } catch (const YAML::Exception&) {
            Fail(settingsFile, std::string(key) + " is not a whole number");
        }
        if (*out < 2) Fail(settingsFile, std::string(key) + " must be at least 2");
    }
    if (model.temperature <= 0) Fail(settingsFile, "temperature must be positive");
    model.translationMarks =
        Phrases(settings["translation_marks"], false, settingsFile, "translation_marks");
    model.continuationMarks =
        Phrases(settings["continuation_marks"], false, settingsFile, "continuation_marks");
    model.notaryMarks = Phrases(settings["notary_marks"], false, settingsFile, "notary_marks");
    model.legalizationMarks =
        Phrases(settings["legalization_marks"], false, settingsFile, "legalization_marks");
    model.states = LoadStatesModel(modelsDir);
    model.consentByParentMarks = Phrases(settings["consent_by_parent_marks"], false, settingsFile,
                                         "consent_by_parent_marks");
    model.consentByChildMarks =
        Phrases(settings["consent_by_child_marks"], false, settingsFile, "consent_by_child_marks");

    std::set<std::string> seen;
    for (const auto& file : YamlFiles(modelsDir / "vocabulary")) {
        const auto node = LoadYaml(file);
        CheckKeys(node,
                  {"type", "max_pages", "join_across_files", "needs_translation",
                   "needs_legalization", "title", "keywords", "negative"},
                  file, "vocabulary");
        if (!node["type"]) Fail(file, "missing key 'type'");
        TypeModel t;
        t.type = node["type"].as<std::string>();
        if (!IsKnownType(t.type)) Fail(file, "unknown document type '" + t.type + "'");
        if (!seen.insert(t.type).second) Fail(file, "second vocabulary for '" + t.type + "'");
        try {
            if (node["max_pages"]) t.maxPages = node["max_pages"].as<int>();
            if (node["join_across_files"]) t.joinAcrossFiles = node["join_across_files"].as<bool>();
            if (node["needs_translation"])
                t.needsTranslation = node["needs_translation"].as<bool>();
            if (node["needs_legalization"])
                t.needsLegalization = node["needs_legalization"].as<bool>();
        } catch (const YAML::Exception& e) {
            Fail(file, std::string("bad value: ") + e.what());
        }
        for (auto& k : Phrases(node["title"], true, file, "title"))
            t.keywords.push_back(std::move(k));
        for (auto& k : Phrases(node["keywords"], false, file, "keywords"))
            t.keywords.push_back(std::move(k));
        for (auto& k : Phrases(node["negative"], false, file, "negative")) {
            if (k.weight > 0) k.weight = -k.weight;
            t.keywords.push_back(std::move(k));
        }
        model.types.push_back(std::move(t));
    }
    for (const auto& type : DocumentTypeIds())
        if (type != "unknown" && !seen.count(type))
            throw Error(ErrorCode::InvalidConfig, "no vocabulary for document type '" + type +
                                                      "' in " +
                                                      (modelsDir / "vocabulary").string());
    // Keep the contract's order so that ties break the same way on every machine.
    std::vector<TypeModel> ordered;
    for (const auto& type : DocumentTypeIds())
        for (auto& t : model.types)
            if (t.type == type) ordered.push_back(std::move(t));
    model.types = std::move(ordered);
    return model;
}

RulesModel LoadRulesModel(const std::filesystem::path& modelsDir) {
    RulesModel rules;
    const auto& itemIds = ChecklistItemIds();
    for (const auto& file : YamlFiles(modelsDir / "services")) {
        const auto node = LoadYaml(file);
        CheckKeys(node, {"service", "purposes", "categories", "variants", "items"}, file,
                  "service");
        if (!node["service"]) Fail(file, "missing key 'service'");
        ServiceRules s;
        s.service = node["service"].as<std::string>();
        if (rules.services.count(s.service))
            Fail(file, "service '" + s.service + "' defined twice");
        s.purposes = StringList(node["purposes"], file, "purposes");
        s.categories = StringList(node["categories"], file, "categories");
        for (const auto& c : s.categories)
            if (!KnownCategories().count(c)) Fail(file, "unknown category '" + c + "'");
        if (!node["items"] || !node["items"].IsSequence() || node["items"].size() == 0)
            Fail(file, "'items' must be a non-empty list");
        std::set<std::string> seenItems;
        for (const auto& itemNode : node["items"]) {
            CheckKeys(itemNode,
                      {"id", "legal_ref", "accept", "purposes", "required_when", "exempt_when",
                       "exempt_reason", "per_co_applicant", "max_age_days", "min_validity_days",
                       "check_mrz", "check_photo", "check_translation", "check_legalization",
                       "check_quality"},
                      file, "item");
            RuleItem item;
            if (!itemNode["id"]) Fail(file, "an item has no 'id'");
            item.id = itemNode["id"].as<std::string>();
            const std::string where = "item '" + item.id + "'";
            if (std::find(itemIds.begin(), itemIds.end(), item.id) == itemIds.end())
                Fail(file, "unknown checklist item '" + item.id + "'");
            if (!seenItems.insert(item.id).second) Fail(file, where + " listed twice");
            if (itemNode["legal_ref"]) item.legalRef = itemNode["legal_ref"].as<std::string>();
            if (!itemNode["accept"] || !itemNode["accept"].IsSequence() ||
                itemNode["accept"].size() == 0)
                Fail(file, where + ": 'accept' must list at least one document type");
            for (const auto& a : itemNode["accept"]) {
                AcceptedType accepted;
                if (a.IsScalar()) {
                    accepted.type = a.as<std::string>();
                } else {
                    CheckKeys(a, {"type", "when"}, file, where + ".accept");
                    if (!a["type"]) Fail(file, where + ": accept entry without 'type'");
                    accepted.type = a["type"].as<std::string>();
                    accepted.when = Condition(a["when"], file, where + ".accept.when");
                }
                if (!IsKnownType(accepted.type))
                    Fail(file, where + ": unknown document type '" + accepted.type + "'");
                item.accept.push_back(std::move(accepted));
            }
            item.purposes = StringList(itemNode["purposes"], file, where + ".purposes");
            item.requiredWhen =
                Condition(itemNode["required_when"], file, where + ".required_when");
            item.exemptWhen = Condition(itemNode["exempt_when"], file, where + ".exempt_when");
            try {
                if (itemNode["exempt_reason"])
                    item.exemptReason = itemNode["exempt_reason"].as<std::string>();
                if (itemNode["per_co_applicant"])
                    item.perCoApplicant = itemNode["per_co_applicant"].as<bool>();
                if (itemNode["max_age_days"]) item.maxAgeDays = itemNode["max_age_days"].as<int>();
                if (itemNode["min_validity_days"])
                    item.minValidityDays = itemNode["min_validity_days"].as<int>();
                if (itemNode["check_mrz"]) item.checkMrz = itemNode["check_mrz"].as<bool>();
                if (itemNode["check_photo"]) item.checkPhoto = itemNode["check_photo"].as<bool>();
                if (itemNode["check_translation"])
                    item.checkTranslation = itemNode["check_translation"].as<bool>();
                if (itemNode["check_legalization"])
                    item.checkLegalization = itemNode["check_legalization"].as<bool>();
                if (itemNode["check_quality"])
                    item.checkQuality = itemNode["check_quality"].as<bool>();
            } catch (const YAML::Exception& e) {
                Fail(file, where + ": bad value: " + e.what());
            }
            if (item.perCoApplicant && item.requiredWhen.coApplicantRelation.empty())
                Fail(file, where + ": per_co_applicant needs required_when.co_applicant");
            s.items.push_back(std::move(item));
        }
        for (const auto& item : s.items) {
            const std::string where = "item '" + item.id + "'";
            for (const auto& p : item.purposes)
                if (std::find(s.purposes.begin(), s.purposes.end(), p) == s.purposes.end())
                    Fail(file, where + ": unknown purpose '" + p + "'");
            CheckCondition(item.requiredWhen, s, file, where + ".required_when");
            CheckCondition(item.exemptWhen, s, file, where + ".exempt_when");
            for (const auto& a : item.accept)
                CheckCondition(a.when, s, file, where + ".accept.when");
        }
        if (node["variants"]) {
            if (!node["variants"].IsSequence()) Fail(file, "'variants' must be a list");
            for (const auto& v : node["variants"]) {
                CheckKeys(v, {"category", "required"}, file, "variant");
                RuleVariant variant;
                if (!v["category"]) Fail(file, "a variant has no 'category'");
                variant.category = v["category"].as<std::string>();
                if (std::find(s.categories.begin(), s.categories.end(), variant.category) ==
                    s.categories.end())
                    Fail(file, "variant category '" + variant.category +
                                   "' is not among the service's categories");
                variant.required = StringList(v["required"], file, "variant.required");
                for (const auto& id : variant.required)
                    if (!seenItems.count(id))
                        Fail(file, "variant '" + variant.category + "' requires unknown item '" +
                                       id + "'");
                s.variants.push_back(std::move(variant));
            }
        }
        rules.services.emplace(s.service, std::move(s));
    }
    if (rules.services.empty())
        throw Error(ErrorCode::InvalidConfig,
                    "no service rules in " + (modelsDir / "services").string());
    return rules;
}

NameTable LoadNameTable(const std::filesystem::path& modelsDir) {
    const auto file = modelsDir / "names.yaml";
    const auto node = LoadYaml(file);
    CheckKeys(node, {"types", "items", "services", "statuses", "verdicts", "reasons"}, file,
              "names.yaml");
    NameTable table;
    auto section = [&](const char* key, const std::string& prefix, bool alsoBare) {
        const auto s = node[key];
        if (!s) Fail(file, std::string("missing section '") + key + "'");
        if (!s.IsMap()) Fail(file, std::string(key) + " must be a mapping");
        for (const auto& kv : s) {
            const auto id = kv.first.as<std::string>();
            CheckKeys(kv.second, {"kk", "ru", "en"}, file, std::string(key) + "." + id);
            LocalizedName name;
            if (kv.second["kk"]) name.kk = kv.second["kk"].as<std::string>();
            if (kv.second["ru"]) name.ru = kv.second["ru"].as<std::string>();
            if (kv.second["en"]) name.en = kv.second["en"].as<std::string>();
            if (name.kk.empty() || name.ru.empty() || name.en.empty())
                Fail(file, std::string(key) + "." + id + " needs kk, ru and en");
            table[prefix + id] = name;
            if (alsoBare) table[id] = name;
        }
    };
    section("types", "type:", true);
    section("items", "item:", true);  // items after types: a bare id names the checklist item
    section("services", "service:", false);
    section("statuses", "status:", false);
    section("verdicts", "verdict:", false);
    section("reasons", "reason:", false);
    for (const auto& type : DocumentTypeIds())
        if (!table.count("type:" + type)) Fail(file, "no name for document type '" + type + "'");
    for (const auto& item : ChecklistItemIds())
        if (!table.count("item:" + item)) Fail(file, "no name for checklist item '" + item + "'");
    return table;
}

Models LoadModels(const std::filesystem::path& modelsDir) {
    Models models;
    models.classifier = LoadClassifierModel(modelsDir);
    models.rules = LoadRulesModel(modelsDir);
    models.names = LoadNameTable(modelsDir);
    for (const auto& [id, service] : models.rules.services)
        if (!models.names.count("service:" + id))
            throw Error(ErrorCode::InvalidConfig, "names.yaml: no name for service '" + id + "'");
    return models;
}

}  // namespace dossier
