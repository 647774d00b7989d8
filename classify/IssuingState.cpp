// Issuing state from a document's MRZ and issuer lines; treaty exemptions from models/states.yaml.
#include "classify/IssuingState.h"
#include "core/Utf8.h"
#include "core/Yaml.h"

#include <algorithm>
#include <set>

#include "classify/Classifier.h"
#include "classify/Language.h"
#include "core/Error.h"

namespace dossier {

namespace {

bool IsAlpha3(std::string_view code) {
    return code.size() == 3 &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool HasHan(std::string_view name) {
    for (char32_t c : DecodeUtf8(name))
        if (c >= 0x3400 && c <= 0x9FFF) return true;
    return false;
}

// Whether a folded line (" word word ") names the state by `name`.
bool Names(const std::string& folded, std::string_view raw, const std::string& name) {
    if (HasHan(name)) return raw.find(name) != std::string_view::npos;
    if (!name.empty() && name.back() == '*')
        return folded.find(" " + name.substr(0, name.size() - 1)) != std::string::npos;
    return folded.find(" " + name + " ") != std::string::npos;
}

// Words of a line about a person's citizenship ("гражданин Республики Узбекистан", "citizen of"),
// folded: the state such a line names is the holder's, not the issuer's.
constexpr const char* kCitizenshipWords[] = {" граждан", " citizen", " nationality", " азаматтыгы",
                                             " азаматы "};

// The states a line names, in model order.
std::vector<std::string> StatesNamed(std::string_view line, const StatesModel& model) {
    std::vector<std::string> found;
    const std::string folded = FoldForMatching(line);
    if (folded.size() <= 2) return found;
    for (const char* word : kCitizenshipWords)
        if (folded.find(word) != std::string::npos) return found;
    for (const auto& state : model.states)
        for (const auto& name : state.names)
            if (Names(folded, line, name)) {
                found.push_back(state.code);
                break;
            }
    return found;
}

std::vector<std::string_view> NonEmptyLines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// MRZ issuing-state codes that are not ISO 3166-1 alpha-3 (ICAO 9303 part 3).
std::string FromMrzCode(std::string_view code) {
    std::string out(code);
    std::erase(out, '<');
    if (out == "D") return "DEU";
    return out;
}

}  // namespace

const StateEntry* StatesModel::Find(std::string_view code) const {
    for (const auto& s : states)
        if (s.code == code) return &s;
    return nullptr;
}

StatesModel LoadStatesModel(const std::filesystem::path& modelsDir) {
    const auto file = modelsDir / "states.yaml";
    if (!std::filesystem::exists(file))
        throw Error(ErrorCode::InvalidConfig, "model file not found: " + file.string());
    const YamlValue root = LoadYamlFile(file, "states.yaml");
    YamlEntries(root, {"home_state", "treaties", "states"});
    StatesModel model;
    const YamlValue home = RequireYamlKey(root, "home_state");
    model.homeState = YamlString(home);
    if (!IsAlpha3(model.homeState)) FailYaml(home, "not an ISO 3166-1 alpha-3 code");
    for (const YamlEntry& entry : YamlEntries(RequireYamlKey(root, "treaties"))) {
        Treaty t;
        t.id = entry.name;
        YamlEntries(entry.value, {"title", "waives_legalization"});
        if (const auto title = FindYamlKey(entry.value, "title")) t.title = YamlString(*title);
        if (const auto waives = FindYamlKey(entry.value, "waives_legalization"))
            t.waivesLegalization = YamlBool(*waives);
        model.treaties[t.id] = t;
    }
    for (const YamlEntry& entry : YamlEntries(RequireYamlKey(root, "states"))) {
        StateEntry s;
        s.code = entry.name;
        if (!IsAlpha3(s.code)) FailYaml(entry.value, "not an ISO 3166-1 alpha-3 code");
        YamlEntries(entry.value, {"names", "treaties", "uncertain"});
        const YamlValue names = RequireYamlKey(entry.value, "names");
        for (const auto& name : YamlStringList(names)) {
            // Folded as the text will be, so that "Республика Армения" finds "РЕСПУБЛИКА АРМЕНИЯ".
            const bool stem = !name.empty() && name.back() == '*';
            std::string folded =
                HasHan(name) ? name
                             : FoldForMatching(stem ? name.substr(0, name.size() - 1) : name);
            if (!HasHan(name)) folded = folded.substr(1, folded.size() - 2);
            if (folded.empty()) FailYaml(names, "an empty name");
            s.names.push_back(stem ? folded + "*" : folded);
        }
        if (s.names.empty()) FailYaml(names, "needs names");
        if (const auto treaties = FindYamlKey(entry.value, "treaties"))
            s.treaties = YamlStringList(*treaties);
        if (const auto uncertain = FindYamlKey(entry.value, "uncertain"))
            s.uncertainTreaties = YamlStringList(*uncertain);
        for (const auto& list : {s.treaties, s.uncertainTreaties})
            for (const auto& t : list)
                if (!model.treaties.count(t)) FailYaml(entry.value, "unknown treaty '" + t + "'");
        model.states.push_back(std::move(s));
    }
    if (!model.Find(model.homeState))
        FailYaml(home, "home_state " + model.homeState + " is not listed");
    return model;
}

IssuingStateFinding FindIssuingState(std::string_view text, std::string_view mrzState,
                                     bool isTranslation, const StatesModel& model,
                                     const IssuingStateOptions& options) {
    const std::string fromMrz = FromMrzCode(mrzState);
    if (IsAlpha3(fromMrz)) return {fromMrz, kStateByMrz};
    const auto lines = NonEmptyLines(text);
    std::set<std::string> inBody;
    for (size_t i = 0; i < lines.size(); ++i) {
        auto named = StatesNamed(lines[i], model);
        // A translation made here names the home state for its translator and notary.
        if (isTranslation) std::erase(named, model.homeState);
        if (static_cast<int>(i) < options.issuerLines) {
            // The first line that names a state is the issuer's; two states on it, no answer.
            if (named.size() == 1) return {named.front(), kStateByIssuerLine};
            if (named.size() > 1) return {};
        } else {
            inBody.insert(named.begin(), named.end());
        }
    }
    // The body names the home state as the addressee ("for submission in Kazakhstan").
    inBody.erase(model.homeState);
    if (inBody.size() == 1) return {*inBody.begin(), kStateByText};
    return {};
}

bool IsConfidentState(const IssuingStateFinding& finding) {
    return finding.foundBy == kStateByMrz || finding.foundBy == kStateByIssuerLine ||
           finding.foundBy == kStateByTranslation;
}

void FindIssuingStates(std::vector<Document>& documents, const std::vector<Page>& pages,
                       const StatesModel& model, const IssuingStateOptions& options) {
    std::map<std::string, IssuingStateFinding> byId;
    for (auto& doc : documents) {
        std::string text;
        for (int p : doc.pageIndexes)
            if (p >= 0 && p < static_cast<int>(pages.size())) text += PageText(pages[p]) + "\n";
        const auto finding = FindIssuingState(text, doc.mrz ? doc.mrz->issuingState : "",
                                              doc.isTranslation, model, options);
        doc.issuingState = finding.state;
        doc.issuingStateFoundBy = finding.foundBy;
        byId[doc.id] = finding;
    }
    // A foreign original whose own issuer line OCR could not place takes its translation's.
    for (const auto& tr : documents) {
        if (!tr.isTranslation || tr.translationOf.empty()) continue;
        const auto& found = byId[tr.id];
        if (found.foundBy != kStateByIssuerLine) continue;
        for (auto& original : documents)
            if (original.id == tr.translationOf &&
                !IsConfidentState({original.issuingState, original.issuingStateFoundBy})) {
                original.issuingState = found.state;
                original.issuingStateFoundBy = kStateByTranslation;
            }
    }
}

LegalizationNeed LegalizationFor(std::string_view state, const StatesModel& model) {
    const StateEntry* issuer = model.Find(state);
    const StateEntry* home = model.Find(model.homeState);
    if (!issuer || !home) return LegalizationNeed::Required;
    if (issuer->code == home->code) return LegalizationNeed::Waived;
    auto waives = [&](const std::string& id) {
        const auto it = model.treaties.find(id);
        return it != model.treaties.end() && it->second.waivesLegalization;
    };
    auto homeIn = [&](const std::string& id) {
        return std::find(home->treaties.begin(), home->treaties.end(), id) != home->treaties.end();
    };
    for (const auto& t : issuer->treaties)
        if (waives(t) && homeIn(t)) return LegalizationNeed::Waived;
    for (const auto& t : issuer->uncertainTreaties)
        if (waives(t) && homeIn(t)) return LegalizationNeed::Uncertain;
    return LegalizationNeed::Required;
}

}  // namespace dossier
