// Loads and validates the YAML model data: vocabularies, service rules, names.
#include "classify/Models.h"
#include "core/Utf8.h"

#include <algorithm>
#include <set>

#include "classify/Language.h"
#include "core/Document.h"
#include "core/Error.h"
#include "core/Status.h"
#include "core/Yaml.h"

namespace dossier {

namespace {

[[noreturn]] void Fail(const std::filesystem::path& file, const std::string& what) {
    throw Error(ErrorCode::InvalidConfig, file.filename().string() + ": " + what);
}

YamlValue LoadYaml(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file))
        throw Error(ErrorCode::InvalidConfig, "model file not found: " + file.string());
    return LoadYamlFile(file, file.filename().string());
}

/// The list of strings under `key` of `map`; empty when there is none.
std::vector<std::string> StringList(const YamlValue& map, const std::string& key) {
    const auto value = FindYamlKey(map, key);
    return value ? YamlStringList(*value) : std::vector<std::string>{};
}

// A type a model file describes or accepts; "unknown" is none (it is what fits no model).
DocumentType ReadDocumentType(const YamlValue& value) {
    const std::string id = YamlString(value);
    const auto type = TryParseDocumentType(id);
    if (!type || *type == DocumentType::Unknown)
        FailYaml(value, "unknown document type '" + id + "'");
    return *type;
}

// language -> {phrase: weight}
std::vector<Keyword> Phrases(const YamlValue& map, const std::string& key, bool title) {
    std::vector<Keyword> out;
    const auto languages = FindYamlKey(map, key);
    if (!languages) return out;
    for (const auto& [code, phrases] : YamlEntries(*languages)) {
        for (const auto& [text, weight] : YamlEntries(phrases)) {
            Keyword k;
            k.text = text;
            k.weight = YamlDouble(weight);
            k.folded = FoldForMatching(k.text);
            k.folded.pop_back();  // keep the leading space only: phrases match word starts
            if (k.folded.size() <= 1) FailYaml(weight, "empty phrase");
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
                    if (part.size() <= 1) FailYaml(weight, "empty part in '" + k.text + "'");
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

RuleCondition Condition(const YamlValue& map, const std::string& key) {
    RuleCondition c;
    const auto node = FindYamlKey(map, key);
    if (!node) return c;
    YamlEntries(*node, {"categories_any", "purposes", "co_applicant"});
    c.categoriesAny = StringList(*node, "categories_any");
    c.purposes = StringList(*node, "purposes");
    if (const auto co = FindYamlKey(*node, "co_applicant")) {
        YamlEntries(*co, {"relation", "min_age", "max_age"});
        const auto relation = FindYamlKey(*co, "relation");
        c.coApplicantRelation = relation ? YamlString(*relation) : "child";
        if (const auto age = FindYamlKey(*co, "min_age")) c.coApplicantMinAge = YamlInt(*age);
        if (const auto age = FindYamlKey(*co, "max_age")) c.coApplicantMaxAge = YamlInt(*age);
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

const TypeModel* ClassifierModel::FindType(DocumentType type) const {
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

namespace {

/// classifier.yaml's weights, thresholds and marks, and the issuing states.
void LoadClassifierSettings(const std::filesystem::path& modelsDir, ClassifierModel& model) {
    const YamlValue settings = LoadYaml(modelsDir / "classifier.yaml");
    YamlEntries(settings, {"title_boost",
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
                           "consent_without_role_penalty"});
    for (auto [key, out] : {std::pair{"title_boost", &model.titleBoost},
                            {"unknown_score", &model.unknownScore},
                            {"mrz_weight", &model.mrzWeight},
                            {"face_weight", &model.faceWeight},
                            {"empty_small_page_weight", &model.emptySmallPageWeight},
                            {"translation_threshold", &model.translationThreshold},
                            {"notary_threshold", &model.notaryThreshold},
                            {"legalization_threshold", &model.legalizationThreshold},
                            {"fuzzy_min_share", &model.fuzzyMinShare},
                            {"fuzzy_weight", &model.fuzzyWeight},
                            {"consent_age_weight", &model.consentAgeWeight},
                            {"consent_role_margin", &model.consentRoleMargin},
                            {"consent_without_role_penalty", &model.consentWithoutRolePenalty}})
        if (const auto value = FindYamlKey(settings, key)) *out = YamlDouble(*value);
    if (const auto value = FindYamlKey(settings, "temperature")) {
        model.temperature = YamlDouble(*value);
        if (model.temperature <= 0) FailYaml(*value, "must be positive");
    }
    for (auto [key, out] :
         {std::pair{"approx_letters_per_error", &model.approxLettersPerError},
          std::pair{"approx_title_letters_per_error", &model.approxTitleLettersPerError},
          std::pair{"max_gap_letters", &model.maxGapLetters}})
        if (const auto value = FindYamlKey(settings, key)) *out = YamlInt(*value, 2);
    model.translationMarks = Phrases(settings, "translation_marks", false);
    model.continuationMarks = Phrases(settings, "continuation_marks", false);
    model.notaryMarks = Phrases(settings, "notary_marks", false);
    model.legalizationMarks = Phrases(settings, "legalization_marks", false);
    model.states = LoadStatesModel(modelsDir);
    model.consentByParentMarks = Phrases(settings, "consent_by_parent_marks", false);
    model.consentByChildMarks = Phrases(settings, "consent_by_child_marks", false);
}

/// One file of models/vocabulary: a type's title, keywords and negative words.
TypeModel ReadVocabulary(const YamlValue& node, std::set<DocumentType>& seen) {
    YamlEntries(node, {"type", "max_pages", "join_across_files", "needs_translation",
                       "needs_legalization", "title", "keywords", "negative"});
    TypeModel t;
    const YamlValue type = RequireYamlKey(node, "type");
    t.type = ReadDocumentType(type);
    if (!seen.insert(t.type).second)
        FailYaml(type, std::string("second vocabulary for '") + ToString(t.type) + "'");
    if (const auto value = FindYamlKey(node, "max_pages")) t.maxPages = YamlInt(*value);
    for (auto [key, out] : {std::pair{"join_across_files", &t.joinAcrossFiles},
                            {"needs_translation", &t.needsTranslation},
                            {"needs_legalization", &t.needsLegalization}})
        if (const auto value = FindYamlKey(node, key)) *out = YamlBool(*value);
    for (auto& k : Phrases(node, "title", true)) t.keywords.push_back(std::move(k));
    for (auto& k : Phrases(node, "keywords", false)) t.keywords.push_back(std::move(k));
    for (auto& k : Phrases(node, "negative", false)) {
        if (k.weight > 0) k.weight = -k.weight;
        t.keywords.push_back(std::move(k));
    }
    return t;
}

/// Every type of the contract but "unknown" has a vocabulary; the result is in the contract's
/// order, so that ties break the same way on every machine.
std::vector<TypeModel> InContractOrder(std::vector<TypeModel> types,
                                       const std::set<DocumentType>& seen,
                                       const std::filesystem::path& folder) {
    for (const DocumentType type : AllDocumentTypes())
        if (type != DocumentType::Unknown && !seen.count(type))
            throw Error(ErrorCode::InvalidConfig, std::string("no vocabulary for document type '") +
                                                      ToString(type) + "' in " + folder.string());
    std::vector<TypeModel> ordered;
    for (const DocumentType type : AllDocumentTypes())
        for (auto& t : types)
            if (t.type == type) ordered.push_back(std::move(t));
    return ordered;
}

}  // namespace

ClassifierModel LoadClassifierModel(const std::filesystem::path& modelsDir) {
    ClassifierModel model;
    LoadClassifierSettings(modelsDir, model);
    std::set<DocumentType> seen;
    for (const auto& file : YamlFiles(modelsDir / "vocabulary"))
        model.types.push_back(ReadVocabulary(LoadYaml(file), seen));
    model.types = InContractOrder(std::move(model.types), seen, modelsDir / "vocabulary");
    return model;
}

namespace {

/// The document types an item accepts, each maybe under a condition.
std::vector<AcceptedType> ReadAccepted(const YamlValue& itemValue) {
    const YamlValue accept = RequireYamlKey(itemValue, "accept");
    if (!accept.node.IsSequence() || accept.node.size() == 0)
        FailYaml(accept, "must list at least one document type");
    std::vector<AcceptedType> accepted;
    int acceptIndex = 0;
    for (const auto& a : accept.node) {
        const YamlValue entry{a, accept.source,
                              accept.key + "[" + std::to_string(++acceptIndex) + "]"};
        AcceptedType one;
        if (a.IsScalar()) {
            one.type = ReadDocumentType(entry);
        } else {
            YamlEntries(entry, {"type", "when"});
            one.type = ReadDocumentType(RequireYamlKey(entry, "type"));
            one.when = Condition(entry, "when");
        }
        accepted.push_back(std::move(one));
    }
    return accepted;
}

/// One entry of a service's items; `seenItems` catches an item listed twice.
RuleItem ReadRuleItem(const YamlValue& itemValue, std::set<std::string>& seenItems) {
    YamlEntries(itemValue, {"id", "legal_ref", "accept", "purposes", "required_when", "exempt_when",
                            "exempt_reason", "per_co_applicant", "max_age_days",
                            "min_validity_days", "check_mrz", "check_photo", "check_translation",
                            "check_legalization", "check_quality"});
    RuleItem item;
    const YamlValue id = RequireYamlKey(itemValue, "id");
    item.id = YamlString(id);
    const std::string where = "item '" + item.id + "'";
    const auto& itemIds = ChecklistItemIds();
    if (std::find(itemIds.begin(), itemIds.end(), item.id) == itemIds.end())
        FailYaml(id, "unknown checklist item '" + item.id + "'");
    if (!seenItems.insert(item.id).second) FailYaml(id, where + " listed twice");
    if (const auto value = FindYamlKey(itemValue, "legal_ref")) item.legalRef = YamlString(*value);
    item.accept = ReadAccepted(itemValue);
    item.purposes = StringList(itemValue, "purposes");
    item.requiredWhen = Condition(itemValue, "required_when");
    item.exemptWhen = Condition(itemValue, "exempt_when");
    if (const auto value = FindYamlKey(itemValue, "exempt_reason"))
        item.exemptReason = YamlString(*value);
    for (auto [key, out] : {std::pair{"max_age_days", &item.maxAgeDays},
                            {"min_validity_days", &item.minValidityDays}})
        if (const auto value = FindYamlKey(itemValue, key)) *out = YamlInt(*value);
    for (auto [key, out] : {std::pair{"per_co_applicant", &item.perCoApplicant},
                            {"check_mrz", &item.checkMrz},
                            {"check_photo", &item.checkPhoto},
                            {"check_translation", &item.checkTranslation},
                            {"check_legalization", &item.checkLegalization},
                            {"check_quality", &item.checkQuality}})
        if (const auto value = FindYamlKey(itemValue, key)) *out = YamlBool(*value);
    if (item.perCoApplicant && item.requiredWhen.coApplicantRelation.empty())
        FailYaml(itemValue, where + ": per_co_applicant needs required_when.co_applicant");
    return item;
}

/// The purposes and categories the items' conditions name are the service's own.
void CheckItemConditions(const ServiceRules& s, const std::filesystem::path& file) {
    for (const auto& item : s.items) {
        const std::string where = "item '" + item.id + "'";
        for (const auto& p : item.purposes)
            if (std::find(s.purposes.begin(), s.purposes.end(), p) == s.purposes.end())
                Fail(file, where + ": unknown purpose '" + p + "'");
        CheckCondition(item.requiredWhen, s, file, where + ".required_when");
        CheckCondition(item.exemptWhen, s, file, where + ".exempt_when");
        for (const auto& a : item.accept) CheckCondition(a.when, s, file, where + ".accept.when");
    }
}

/// The items a category requires besides the service's own.
std::vector<RuleVariant> ReadVariants(const YamlValue& node, const ServiceRules& s,
                                      const std::set<std::string>& seenItems) {
    std::vector<RuleVariant> result;
    const auto variants = FindYamlKey(node, "variants");
    if (!variants) return result;
    if (!variants->node.IsSequence()) FailYaml(*variants, "must be a list");
    int variantIndex = 0;
    for (const auto& v : variants->node) {
        const YamlValue value{v, variants->source,
                              "variants[" + std::to_string(++variantIndex) + "]"};
        YamlEntries(value, {"category", "required"});
        RuleVariant variant;
        const YamlValue category = RequireYamlKey(value, "category");
        variant.category = YamlString(category);
        if (std::find(s.categories.begin(), s.categories.end(), variant.category) ==
            s.categories.end())
            FailYaml(category, "variant category '" + variant.category +
                                   "' is not among the service's categories");
        variant.required = StringList(value, "required");
        for (const auto& required : variant.required)
            if (!seenItems.count(required))
                FailYaml(value, "variant '" + variant.category + "' requires unknown item '" +
                                    required + "'");
        result.push_back(std::move(variant));
    }
    return result;
}

/// One file of models/services; `rules` holds the services read before it.
ServiceRules ReadServiceRules(const std::filesystem::path& file, const RulesModel& rules) {
    const YamlValue node = LoadYaml(file);
    YamlEntries(node, {"service", "purposes", "categories", "variants", "items"});
    ServiceRules s;
    const YamlValue service = RequireYamlKey(node, "service");
    s.service = YamlString(service);
    if (rules.services.count(s.service))
        FailYaml(service, "service '" + s.service + "' defined twice");
    s.purposes = StringList(node, "purposes");
    s.categories = StringList(node, "categories");
    for (const auto& c : s.categories)
        if (!KnownCategories().count(c))
            FailYaml(*FindYamlKey(node, "categories"), "unknown category '" + c + "'");
    const YamlValue items = RequireYamlKey(node, "items");
    if (!items.node.IsSequence() || items.node.size() == 0)
        FailYaml(items, "must be a non-empty list");
    std::set<std::string> seenItems;
    int index = 0;
    for (const auto& itemNode : items.node)
        s.items.push_back(ReadRuleItem(
            {itemNode, items.source, "items[" + std::to_string(++index) + "]"}, seenItems));
    CheckItemConditions(s, file);
    s.variants = ReadVariants(node, s, seenItems);
    return s;
}

}  // namespace

RulesModel LoadRulesModel(const std::filesystem::path& modelsDir) {
    RulesModel rules;
    for (const auto& file : YamlFiles(modelsDir / "services")) {
        ServiceRules s = ReadServiceRules(file, rules);
        rules.services.emplace(s.service, std::move(s));
    }
    if (rules.services.empty())
        throw Error(ErrorCode::InvalidConfig,
                    "no service rules in " + (modelsDir / "services").string());
    return rules;
}

NameTable LoadNameTable(const std::filesystem::path& modelsDir) {
    const auto file = modelsDir / "names.yaml";
    const YamlValue node = LoadYaml(file);
    YamlEntries(node, {"types", "items", "services", "statuses", "verdicts", "reasons"});
    NameTable table;
    auto section = [&](const char* key, const std::string& prefix, bool alsoBare) {
        for (const auto& [id, names] : YamlEntries(RequireYamlKey(node, key))) {
            LocalizedName name;
            for (const auto& [language, text] : YamlEntries(names, {"kk", "ru", "en"}))
                (language == "kk"   ? name.kk
                 : language == "ru" ? name.ru
                                    : name.en) = YamlString(text);
            if (name.kk.empty() || name.ru.empty() || name.en.empty())
                FailYaml(names, "needs kk, ru and en");
            table[prefix + id] = name;
            if (alsoBare) table[id] = name;
        }
    };
    section("types", "type:", true);
    section("items", "item:", true);  // items after types: a bare id names the checklist item
    section("services", "service:", false);
    section("statuses", "status:", false);
    section("verdicts", "verdict:", false);
    // A misspelt id would leave the type, status or verdict it meant without a name.
    for (const auto& [id, names] : YamlEntries(RequireYamlKey(node, "types")))
        if (!TryParseDocumentType(id)) FailYaml(names, "unknown document type '" + id + "'");
    for (const auto& [id, names] : YamlEntries(RequireYamlKey(node, "statuses")))
        if (!TryParseItemStatus(id)) FailYaml(names, "unknown status '" + id + "'");
    for (const auto& [id, names] : YamlEntries(RequireYamlKey(node, "verdicts")))
        if (!TryParseVerdict(id)) FailYaml(names, "unknown verdict '" + id + "'");
    section("reasons", "reason:", false);
    for (const DocumentType type : AllDocumentTypes())
        if (!table.count(std::string("type:") + ToString(type)))
            Fail(file, std::string("no name for document type '") + ToString(type) + "'");
    for (const auto& item : ChecklistItemIds())
        if (!table.count("item:" + item)) Fail(file, "no name for checklist item '" + item + "'");
    for (const ItemStatus status : AllItemStatuses())
        if (!table.count(std::string("status:") + ToString(status)))
            Fail(file, std::string("no name for status '") + ToString(status) + "'");
    for (const Verdict verdict : AllVerdicts())
        if (!table.count(std::string("verdict:") + ToString(verdict)))
            Fail(file, std::string("no name for verdict '") + ToString(verdict) + "'");
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
