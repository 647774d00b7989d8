#include "runs/CaseState.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/Files.h"

namespace dossier {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json ToJson(const CaseState& state) {
    return {{"schema", "dossier.case-state/1"}, {"case_id", state.caseId},
            {"input_hash", state.inputHash},    {"config_fingerprint", state.configFingerprint},
            {"version", state.version},         {"verdict", state.verdict},
            {"missing", state.missing},         {"expired", state.expired},
            {"invalid", state.invalid},         {"pages", state.pages},
            {"seconds", state.seconds},         {"outputs", state.outputs},
            {"finished_at", state.finishedAt}};
}

}  // namespace

std::optional<CaseState> TryReadCaseState(const fs::path& caseOutDir) {
    std::ifstream in(caseOutDir / kCaseStateFile);
    if (!in) return std::nullopt;
    try {
        const json j = json::parse(in);
        CaseState state;
        state.caseId = j.at("case_id").get<std::string>();
        state.inputHash = j.at("input_hash").get<std::string>();
        state.configFingerprint = j.at("config_fingerprint").get<std::string>();
        state.version = j.value("version", 1);
        state.verdict = j.value("verdict", "");
        state.missing = j.value("missing", std::vector<std::string>{});
        state.expired = j.value("expired", std::vector<std::string>{});
        state.invalid = j.value("invalid", std::vector<std::string>{});
        state.pages = j.value("pages", 0);
        state.seconds = j.value("seconds", 0.0);
        state.outputs = j.value("outputs", std::vector<std::string>{});
        state.finishedAt = j.value("finished_at", "");
        return state;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

void WriteCaseState(const fs::path& caseOutDir, const CaseState& state) {
    WriteFileAtomic(caseOutDir / kCaseStateFile, ToJson(state).dump(2) + "\n");
}

bool IsCaseUpToDate(const fs::path& caseOutDir, const std::string& inputHash,
                    const std::string& configFingerprint) {
    const auto state = TryReadCaseState(caseOutDir);
    if (!state || state->inputHash != inputHash || state->configFingerprint != configFingerprint)
        return false;
    return std::all_of(state->outputs.begin(), state->outputs.end(), [&](const std::string& name) {
        std::error_code ec;
        return fs::is_regular_file(caseOutDir / name, ec);
    });
}

}  // namespace dossier
