// Batch runs: crash-safe processing of one case, the worker pool over an inbox, and the summary.
#include "runs/Batch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"
#include "core/Logging.h"
#include "ingest/Package.h"
#include "pipeline/Parallel.h"
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"
#include "runs/Progress.h"

namespace dossier {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Size and modification time of every content file: a package that changes while it is being
// processed must not be recorded as processed.
std::vector<std::pair<std::string, std::string>> Snapshot(const fs::path& caseDir) {
    std::vector<std::pair<std::string, std::string>> snapshot;
    for (const auto& file : ListContentFiles(caseDir)) {
        struct stat info {};
        if (::lstat(file.c_str(), &info) != 0) continue;
        snapshot.emplace_back(file.filename().string(), std::to_string(info.st_size) + ":" +
                                                            std::to_string(info.st_mtim.tv_sec) +
                                                            "." +
                                                            std::to_string(info.st_mtim.tv_nsec));
    }
    return snapshot;
}

fs::path UniqueStagingRoot(const fs::path& outRoot, const std::string& caseId) {
    static std::atomic<unsigned> counter{0};
    return outRoot / kStagingDir /
           (caseId + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

void FillFromChecklist(const Case& data, CaseOutcome& outcome) {
    for (const auto& entry : data.checklist) {
        if (entry.status == ItemStatus::Missing) outcome.missing.push_back(entry.item);
        if (entry.status == ItemStatus::Expired) outcome.expired.push_back(entry.item);
        if (entry.status == ItemStatus::Invalid) outcome.invalid.push_back(entry.item);
    }
}

std::string CsvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string Join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ";") + item;
    return text;
}

}  // namespace

std::vector<fs::path> FindCaseFolders(const fs::path& inbox) {
    std::error_code ec;
    const auto status = fs::status(inbox, ec);
    if (ec || !fs::is_directory(status))
        throw Error(ErrorCode::InvalidUsage, "inbox " + inbox.string() + " is not a folder");
    std::vector<fs::path> folders;
    fs::directory_iterator it(inbox, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot read inbox " + inbox.string() + ": " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (it->is_symlink() || !it->is_directory()) continue;
        folders.push_back(it->path());
    }
    if (ec) throw Error(ErrorCode::Io, "cannot read inbox " + inbox.string() + ": " + ec.message());
    std::sort(folders.begin(), folders.end());
    return folders;
}

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// An up-to-date case: what its last run left.
CaseOutcome SkippedOutcome(const std::string& caseId, const CaseState& previous) {
    CaseOutcome outcome;
    static_cast<CaseSummary&>(outcome) = previous;
    outcome.caseId = caseId;
    outcome.status = "skipped";
    outcome.version = previous.version;
    return outcome;
}

using FileSnapshot = std::vector<std::pair<std::string, std::string>>;

/// Processes the package into `stagingRoot`; throws when the package changed since `before`, so
/// that a half-copied package is never recorded as processed.
ProcessResult ProcessIntoStaging(const fs::path& caseDir, const fs::path& stagingRoot,
                                 RunContext& run, const RunCaseOptions& options,
                                 const FileSnapshot& before) {
    fs::create_directories(stagingRoot);
    CaseOptions caseOptions;
    caseOptions.pageWorkers = options.pageWorkers;
    caseOptions.onPageDone = options.onPages;
    const CaseProcessor processor =
        options.processor ? options.processor : CaseProcessor(ProcessCase);
    ProcessResult result = processor(caseDir, stagingRoot, run, caseOptions);
    if (Snapshot(caseDir) != before)
        throw Error(ErrorCode::Io, "the package changed while it was being processed");
    return result;
}

struct Versions {
    int version = 1;  ///< of the outputs about to be published
    int kept = 0;     ///< of the earlier outputs kept under versions/, 0 for none
};

/// A new version only when the package's content changed; the same content redone (a changed
/// configuration, --force) replaces its version.
Versions NextVersions(const std::optional<CaseState>& previous, bool outputsExist,
                      const std::string& hash) {
    Versions versions;
    if (previous) {
        versions.version = previous->version;
        if (previous->inputHash != hash) versions.kept = versions.version++;
    } else if (outputsExist) {
        versions.kept = 1;  // outputs of an earlier `process` run, kept as version 1
        versions.version = 2;
    }
    return versions;
}

CaseOutcome ProcessedOutcome(const ProcessResult& result, const fs::path& staged, int version,
                             double seconds) {
    CaseOutcome outcome;
    outcome.seconds = seconds;
    FillFromChecklist(result.caseData, outcome);
    outcome.caseId = staged.filename().string();
    outcome.status = "processed";
    outcome.verdict = ToString(result.caseData.verdict);
    outcome.pages = static_cast<int>(result.caseData.pages.size());
    outcome.version = version;
    return outcome;
}

/// What the next run reads to tell whether the case is up to date, and which files it left.
CaseState StateOf(const CaseOutcome& outcome, const std::string& hash,
                  const std::string& fingerprint, const fs::path& staged) {
    CaseState state;
    static_cast<CaseSummary&>(state) = outcome;
    state.version = outcome.version;
    state.caseId = outcome.caseId;
    state.inputHash = hash;
    state.configFingerprint = fingerprint;
    state.finishedAt = NowIsoUtc();
    for (const auto& entry : fs::directory_iterator(staged)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name[0] != '.') state.outputs.push_back(name);
    }
    std::sort(state.outputs.begin(), state.outputs.end());
    return state;
}

}  // namespace

CaseOutcome RunCase(const fs::path& caseDir, const fs::path& outRoot, RunContext& run,
                    const RunCaseOptions& options) {
    CaseOutcome outcome;
    outcome.caseId = caseDir.filename().string();
    const auto start = std::chrono::steady_clock::now();
    const fs::path stagingRoot = UniqueStagingRoot(outRoot, outcome.caseId);
    std::error_code ec;
    try {
        const std::string fingerprint = options.configFingerprint.empty()
                                            ? ConfigFingerprint(run.config)
                                            : options.configFingerprint;
        // Taken before the hash, so that a change while hashing is caught too.
        const FileSnapshot before = Snapshot(caseDir);
        const std::string hash = HashPackage(caseDir);
        const fs::path finalDir = outRoot / outcome.caseId;
        const auto previous = TryReadCaseState(finalDir);
        if (!options.force && IsCaseUpToDate(finalDir, hash, fingerprint))
            return SkippedOutcome(outcome.caseId, *previous);

        const ProcessResult result = ProcessIntoStaging(caseDir, stagingRoot, run, options, before);
        const fs::path staged = result.outDir;
        const fs::path published = outRoot / staged.filename();
        const auto previousState =
            staged.filename() == finalDir.filename() ? previous : TryReadCaseState(published);
        const Versions versions =
            NextVersions(previousState, fs::exists(fs::symlink_status(published, ec)), hash);
        outcome = ProcessedOutcome(result, staged, versions.version, SecondsSince(start));
        WriteCaseState(staged, StateOf(outcome, hash, fingerprint, staged));
        PublishCaseFolder(staged, published, versions.kept);
    } catch (const Error& error) {
        outcome.status = "failed";
        outcome.errorCode = ToString(error.code());
        outcome.error = error.what();
    } catch (const std::exception& error) {
        outcome.status = "failed";
        outcome.errorCode = "internal";
        outcome.error = error.what();
    }
    if (outcome.status == "failed") outcome.seconds = SecondsSince(start);
    fs::remove_all(stagingRoot, ec);
    return outcome;
}

BatchResult RunBatch(const fs::path& inbox, const fs::path& outRoot, RunContext& run,
                     const BatchOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const auto folders = FindCaseFolders(inbox);
    const fs::path inboxReal = fs::canonical(inbox), outReal = fs::weakly_canonical(outRoot);
    if (outReal == inboxReal || outReal.parent_path() == inboxReal)
        throw Error(ErrorCode::InvalidUsage,
                    "the output folder must not be the inbox or a case folder in it");
    std::error_code ec;
    fs::create_directories(outRoot, ec);
    if (ec || !fs::is_directory(outRoot))
        throw Error(ErrorCode::Io, "cannot create output folder " + outRoot.string());
    OutputLock lock(outRoot);
    if (const int removed = RemoveStaleTempFiles(outRoot); removed > 0)
        spdlog::info("removed {} leftover temporary entries of an interrupted run", removed);

    const std::string fingerprint = ConfigFingerprint(run.config);
    const int cores = run.config.EffectiveJobs();
    const int jobs = std::max(1, std::min<int>(options.jobs > 0 ? options.jobs : cores,
                                               static_cast<int>(folders.size())));
    std::vector<int> estimates;
    int totalPages = 0;
    for (const auto& folder : folders) {
        estimates.push_back(EstimatePageCount(folder));
        totalPages += estimates.back();
    }
    spdlog::info("batch: {} packages, about {} pages, {} workers", folders.size(), totalPages,
                 jobs);
    const bool bar = options.progressBar && IsStderrTerminal();
    Progress progress(estimates, bar);

    BatchResult result;
    result.cases.resize(folders.size());
    ForEachParallel(jobs, folders.size(), [&](int, std::size_t index) {
        if (options.stop && options.stop->load()) return;  // left pending
        RunCaseOptions caseOptions;
        caseOptions.force = options.force;
        caseOptions.configFingerprint = fingerprint;
        caseOptions.processor = options.processor;
        // Cases in parallel first; once fewer cases remain than workers, pages in parallel.
        const int remaining = static_cast<int>(folders.size() - index);
        caseOptions.pageWorkers = std::max(1, jobs / std::min(jobs, remaining));
        caseOptions.onPages = [&progress, index](int pages) { progress.OnPages(index, pages); };
        CaseOutcome outcome = RunCase(folders[index], outRoot, run, caseOptions);
        const bool failed = outcome.status == "failed";
        progress.OnCaseDone(index, outcome.pages, outcome.status == "skipped", failed);
        if (failed)
            spdlog::error("case {} failed after {:.1f} s: {}: {}", outcome.caseId, outcome.seconds,
                          outcome.errorCode, outcome.error);
        else if (outcome.status == "skipped")
            spdlog::log(bar ? spdlog::level::debug : spdlog::level::info,
                        "case {} skipped: outputs up to date (verdict {})", outcome.caseId,
                        outcome.verdict);
        else
            spdlog::log(bar ? spdlog::level::debug : spdlog::level::info,
                        "case {} processed: verdict {}, {} pages, {:.1f} s, version {}",
                        outcome.caseId, outcome.verdict, outcome.pages, outcome.seconds,
                        outcome.version);
        result.cases[index] = std::move(outcome);
    });
    progress.Finish();
    fs::remove(outRoot / kStagingDir, ec);  // only when empty: nothing of the run is left in it

    for (std::size_t i = 0; i < folders.size(); ++i) {
        CaseOutcome& outcome = result.cases[i];
        if (outcome.status.empty()) {
            outcome.caseId = folders[i].filename().string();
            outcome.status = "pending";  // stopped before its turn
        }
        if (outcome.status == "processed") ++result.processed;
        if (outcome.status == "skipped") ++result.skipped;
        if (outcome.status == "failed") ++result.failed;
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WriteSummary(outRoot, result);
    spdlog::info("batch done in {:.1f} s: {} processed, {} skipped, {} failed", result.seconds,
                 result.processed, result.skipped, result.failed);
    return result;
}

void WriteSummary(const fs::path& outRoot, const BatchResult& result) {
    json cases = json::array();
    std::string csv = "id,status,verdict,missing,expired,invalid,pages,seconds,version,error\n";
    int pages = 0;
    for (const auto& outcome : result.cases) {
        pages += outcome.pages;
        json row = {
            {"id", outcome.caseId},
            {"status", outcome.status},
            {"verdict", outcome.verdict.empty() ? json(nullptr) : json(outcome.verdict)},
            {"missing", outcome.missing},
            {"expired", outcome.expired},
            {"invalid", outcome.invalid},
            {"pages", outcome.pages},
            {"seconds", std::round(outcome.seconds * 1000) / 1000},
            {"version", outcome.version},
            {"error", outcome.error.empty() ? json(nullptr)
                                            : json(outcome.errorCode + ": " + outcome.error)}};
        cases.push_back(std::move(row));
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.3f", outcome.seconds);
        csv += CsvField(outcome.caseId) + "," + outcome.status + "," + outcome.verdict + "," +
               CsvField(Join(outcome.missing)) + "," + CsvField(Join(outcome.expired)) + "," +
               CsvField(Join(outcome.invalid)) + "," + std::to_string(outcome.pages) + "," +
               seconds + "," + std::to_string(outcome.version) + "," +
               CsvField(outcome.error.empty() ? "" : outcome.errorCode + ": " + outcome.error) +
               "\n";
    }
    const json summary = {{"schema", "dossier.summary/1"},
                          {"generated_at", NowIsoUtc()},
                          {"totals",
                           {{"cases", result.cases.size()},
                            {"processed", result.processed},
                            {"skipped", result.skipped},
                            {"failed", result.failed},
                            {"pages", pages},
                            {"seconds", std::round(result.seconds * 1000) / 1000}}},
                          {"cases", std::move(cases)}};
    WriteFileAtomic(outRoot / "summary.json",
                    summary.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    WriteFileAtomic(outRoot / "summary.csv", csv);
}

}  // namespace dossier
