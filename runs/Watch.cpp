// Watch mode: readiness detection, the processing loop, archive/quarantine moves and the status
// file.
#include "runs/Watch.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"
#include "ingest/Package.h"
#include "runs/CaseState.h"
#include "runs/Journal.h"
#include "runs/OutputFolder.h"

namespace dossier {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

Clock::duration Seconds(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// ---- folder snapshots and moves ----------------------------------------------------------------

struct FolderSnapshot {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> files;  // name -> size, mtime ns
    bool readyMarker = false;
    bool operator==(const FolderSnapshot&) const = default;
};

// Never throws: a folder that vanishes or cannot be read mid-walk gives what was seen (the next
// pass sees it again), as the watch loop must outlive any one package.
FolderSnapshot TakeSnapshot(const fs::path& caseDir) {
    FolderSnapshot snapshot;
    std::error_code ec;
    for (fs::directory_iterator it(caseDir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        struct stat info {};
        if (::lstat(entry.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
        const PackageRole role = RoleInPackage(name);
        if (role == PackageRole::ReadyMarker) snapshot.readyMarker = true;
        if (role != PackageRole::Document && role != PackageRole::Manifest) continue;
        snapshot.files[name] = {
            info.st_size, std::int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
    }
    return snapshot;
}

void SyncTree(const fs::path& folder) {
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_symlink()) continue;
        const int fd = ::open(entry.path().c_str(),
                              O_RDONLY | O_CLOEXEC | (entry.is_directory() ? O_DIRECTORY : 0));
        if (fd < 0) continue;
        ::fsync(fd);
        ::close(fd);
    }
    SyncFolder(folder);
}

fs::path FreeName(const fs::path& folder, const std::string& name) {
    fs::path target = folder / name;
    for (int n = 2; fs::exists(fs::symlink_status(target)); ++n)
        target = folder / (name + "-" + std::to_string(n));
    return target;
}

// Moves a case folder durably: rename within a file system; else copy, fsync, then delete.
fs::path MoveFolder(const fs::path& from, const fs::path& toParent) {
    fs::create_directories(toParent);
    const fs::path target = FreeName(toParent, from.filename().string());
    if (std::rename(from.c_str(), target.c_str()) != 0) {
        if (errno != EXDEV)
            throw Error(ErrorCode::Io, "cannot move " + from.string() + " to " + target.string() +
                                           ": " + std::strerror(errno));
        const fs::path temp = toParent / ("." + target.filename().string() + ".tmp-move");
        fs::remove_all(temp);
        fs::copy(from, temp, fs::copy_options::recursive | fs::copy_options::skip_symlinks);
        SyncTree(temp);
        fs::rename(temp, target);
        SyncFolder(toParent);
        fs::remove_all(from);
    }
    SyncFolder(toParent);
    SyncFolder(from.parent_path());
    return target;
}

// ---- signals -----------------------------------------------------------------------------------

volatile sig_atomic_t signalled = 0;
int wakePipe[2] = {-1, -1};

void OnSignal(int) {
    signalled = 1;
    if (wakePipe[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const auto n = ::write(wakePipe[1], &byte, 1);
    }
}

class SignalGuard {
  public:
    SignalGuard() {
        signalled = 0;
        if (::pipe2(wakePipe, O_NONBLOCK | O_CLOEXEC) != 0)
            throw Error(ErrorCode::Io, "cannot create a pipe");
        struct sigaction action {};
        action.sa_handler = OnSignal;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, &oldTerm_);
        ::sigaction(SIGINT, &action, &oldInt_);
    }
    ~SignalGuard() {
        ::sigaction(SIGTERM, &oldTerm_, nullptr);
        ::sigaction(SIGINT, &oldInt_, nullptr);
        ::close(wakePipe[0]);
        ::close(wakePipe[1]);
        wakePipe[0] = wakePipe[1] = -1;
    }

  private:
    struct sigaction oldTerm_ {
    }, oldInt_{};
};

// ---- status ------------------------------------------------------------------------------------

struct Status {
    std::mutex mutex;
    std::string startedAt = NowIsoUtc();
    Clock::time_point start = Clock::now();
    std::string mode;
    int queue = 0, waiting = 0;
    std::string inProgress;
    json lastPackage;
    WatchStats stats;
};

json StatusJson(Status& status, const fs::path& inbox) {
    std::lock_guard lock(status.mutex);
    return {{"schema", "dossier.watch-status/1"},
            {"pid", ::getpid()},
            {"inbox", inbox.string()},
            {"mode", status.mode},
            {"started_at", status.startedAt},
            {"updated_at", NowIsoUtc()},
            {"uptime_seconds",
             std::round(std::chrono::duration<double>(Clock::now() - status.start).count())},
            {"queue_length", status.queue},
            {"waiting", status.waiting},
            {"in_progress", status.inProgress.empty() ? json(nullptr) : json(status.inProgress)},
            {"last_package", status.lastPackage},
            {"processed", status.stats.processed},
            {"duplicates", status.stats.duplicates},
            {"failures", status.stats.failures},
            {"quarantined", status.stats.quarantined}};
}

/// The inotify descriptor, closed however RunWatch is left.
struct InotifyFd {
    int fd = -1;
    InotifyFd() = default;
    InotifyFd(const InotifyFd&) = delete;
    InotifyFd& operator=(const InotifyFd&) = delete;
    ~InotifyFd() { Close(); }
    void Close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

struct Tracked {
    FolderSnapshot snapshot;
    Clock::time_point lastChange;
    Clock::time_point notBefore;  // retry back-off
    bool incompleteLogged = false;
};

// ---- setup -------------------------------------------------------------------------------------

// Everything a caller can get wrong is rejected here, before the output folder is locked.
WatchOptions ResolveWatchOptions(const fs::path& inbox, const fs::path& outRoot,
                                 const WatchOptions& givenOptions) {
    WatchOptions options = givenOptions;
    if (options.settleSeconds < 0 || options.maxAttempts < 1 || options.retryDelaySeconds < 0 ||
        options.intervalSeconds <= 0)
        throw Error(ErrorCode::InvalidConfig,
                    "watch: settle time, retry delay and interval must be positive and attempts "
                    "at least 1");
    FindCaseFolders(inbox);  // a clear error now for a missing or unreadable inbox
    const fs::path inboxParent = fs::canonical(inbox).parent_path();
    if (options.archiveDir.empty()) options.archiveDir = inboxParent / "archive";
    if (options.quarantineDir.empty()) options.quarantineDir = inboxParent / "quarantine";
    if (options.statusFile.empty()) options.statusFile = outRoot / "watch-status.json";
    if (options.journalFile.empty()) options.journalFile = outRoot / "watch-journal.jsonl";
    // A folder inside the inbox would itself be taken for a case.
    const fs::path inboxReal = fs::canonical(inbox);
    for (const fs::path& folder : {outRoot, options.archiveDir, options.quarantineDir}) {
        const fs::path real = fs::weakly_canonical(folder);
        if (real == inboxReal || real.parent_path() == inboxReal)
            throw Error(ErrorCode::InvalidUsage,
                        folder.string() + " must not be the inbox or a folder in it");
    }
    return options;
}

void CreateOutputFolder(const fs::path& outRoot) {
    std::error_code ec;
    fs::create_directories(outRoot, ec);
    if (ec || !fs::is_directory(outRoot))
        throw Error(ErrorCode::Io, "cannot create output folder " + outRoot.string());
}

bool IsStopRequested(const WatchOptions& options) {
    return signalled != 0 || (options.stop && options.stop->load());
}

// ---- inotify -----------------------------------------------------------------------------------

// The inbox and each case folder in it, watched so that a change ends the wait at once. Without
// inotify (or with options.poll) fd stays -1 and the loop polls on its interval.
struct InboxWatches {
    static constexpr std::uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                           IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF;
    InotifyFd inotify;
    std::map<std::string, int> watches;  // folder -> watch descriptor

    int Fd() const { return inotify.fd; }

    void Start(const fs::path& inbox, const fs::path& outRoot, const WatchOptions& options) {
        if (options.poll) return;
        inotify.fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (inotify.fd < 0 || ::inotify_add_watch(inotify.fd, inbox.c_str(), kMask) < 0) {
            spdlog::warn("inotify unavailable ({}), polling every {} s", std::strerror(errno),
                         options.intervalSeconds);
            inotify.Close();
            std::error_code ec;
            fs::remove(outRoot / kStagingDir, ec);
        }
    }

    void WatchCase(const std::string& id, const fs::path& folder) {
        if (inotify.fd < 0 || watches.count(id)) return;
        const int wd =
            ::inotify_add_watch(inotify.fd, folder.c_str(), kMask | IN_ONLYDIR | IN_DONT_FOLLOW);
        if (wd >= 0) watches[id] = wd;
    }

    void ForgetAllBut(const std::set<std::string>& present) {
        for (auto it = watches.begin(); it != watches.end();) {
            if (present.count(it->first)) {
                ++it;
            } else {
                ::inotify_rm_watch(inotify.fd, it->second);
                it = watches.erase(it);
            }
        }
    }
};

// Sleeps until something changes, a signal arrives or the deadline passes.
void WaitForChange(int inotifyFd, Clock::time_point deadline, const WatchOptions& options) {
    const auto wait =
        std::max<Clock::duration>(deadline - Clock::now(), std::chrono::milliseconds(20));
    int timeoutMs =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() + 1);
    if (options.stop) timeoutMs = std::min(timeoutMs, 100);  // the flag cannot wake poll()
    pollfd fds[2] = {{wakePipe[0], POLLIN, 0}, {inotifyFd, POLLIN, 0}};
    const int count = ::poll(fds, inotifyFd >= 0 ? 2 : 1, timeoutMs);
    if (count > 0 && inotifyFd >= 0 && (fds[1].revents & POLLIN)) {
        // Let a burst of writes coalesce, then drain: the rescan is the source of truth.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        alignas(inotify_event) char buffer[16384];
        while (::read(inotifyFd, buffer, sizeof buffer) > 0) {
        }
    }
}

// ---- status file writer ------------------------------------------------------------------------

// Rewrites the status file every interval from its own thread, so it stays fresh while a long
// package runs. The destructor stops and joins the thread however RunWatch is left (an exception
// included): a joinable std::thread destroyed would call std::terminate.
class StatusWriter {
  public:
    StatusWriter(Status& status, const fs::path& inbox, const WatchOptions& options)
        : status_(status), inbox_(inbox), options_(options), thread_([this] { Loop(); }) {}
    StatusWriter(const StatusWriter&) = delete;
    StatusWriter& operator=(const StatusWriter&) = delete;
    ~StatusWriter() { Stop(); }

    void Write() {
        try {
            WriteFileAtomic(options_.statusFile, StatusJson(status_, inbox_).dump(2) + "\n");
        } catch (const std::exception& error) {
            spdlog::warn("cannot write status file: {}", error.what());
        }
    }

    void Stop() {
        {
            std::lock_guard guard(wakeMutex_);
            stop_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

  private:
    void Loop() {
        std::unique_lock guard(wakeMutex_);
        while (!stop_) {
            guard.unlock();
            Write();
            guard.lock();
            wake_.wait_for(guard, std::chrono::duration<double>(options_.intervalSeconds));
        }
    }

    Status& status_;
    const fs::path& inbox_;
    const WatchOptions& options_;
    std::mutex wakeMutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;  // last: started once the members it uses exist
};

// ---- readiness ---------------------------------------------------------------------------------

// A case is ready when it has a ready marker, or when its files have not changed for the settle
// time and none looks truncated (or the incomplete timeout has passed). Moves `nextDeadline`
// earlier when the case will settle before it.
bool IsReadyToProcess(const fs::path& folder, Tracked& state, Clock::time_point now,
                      const WatchOptions& options, Clock::time_point& nextDeadline) {
    if (state.snapshot.readyMarker) return true;
    if (state.snapshot.files.empty()) return false;
    const std::string id = folder.filename().string();
    const auto settle = std::chrono::duration<double>(options.settleSeconds);
    const auto incompleteTimeout = std::chrono::duration<double>(options.incompleteTimeoutSeconds);
    const auto settledAt = state.lastChange + std::chrono::duration_cast<Clock::duration>(settle);
    if (now < settledAt) {
        nextDeadline = std::min(nextDeadline, settledAt);
        return false;
    }
    const bool complete =
        std::all_of(state.snapshot.files.begin(), state.snapshot.files.end(),
                    [&](const auto& file) { return IsFileComplete(folder / file.first); });
    if (complete) return true;
    if (now >= settledAt + std::chrono::duration_cast<Clock::duration>(incompleteTimeout)) {
        spdlog::warn(
            "case {}: a file still looks truncated after {} s; "
            "processing it anyway",
            id, options.incompleteTimeoutSeconds);
        return true;
    }
    if (!state.incompleteLogged) {
        spdlog::info("case {}: settled, but a file looks incomplete; waiting", id);
        state.incompleteLogged = true;
    }
    return false;
}

// What one pass over the inbox found.
struct InboxScan {
    std::vector<fs::path> folders;
    std::set<std::string> present;
    fs::path candidate;  // the first ready case, if any
    Clock::time_point nextDeadline;
    int waiting = 0;
};

InboxScan ScanInbox(const fs::path& inbox, const WatchOptions& options, Clock::time_point now,
                    std::map<std::string, Tracked>& tracked, InboxWatches& inboxWatches) {
    InboxScan scan;
    try {
        scan.folders = FindCaseFolders(inbox);
    } catch (const std::exception& error) {  // Error, or a filesystem_error mid-walk
        spdlog::error("{}", error.what());
    }
    scan.nextDeadline = now + Seconds(options.intervalSeconds);
    for (const auto& folder : scan.folders) {
        const std::string id = folder.filename().string();
        scan.present.insert(id);
        inboxWatches.WatchCase(id, folder);
        auto [it, added] = tracked.try_emplace(id);
        Tracked& state = it->second;
        FolderSnapshot snapshot = TakeSnapshot(folder);
        if (added || snapshot != state.snapshot) {
            state.snapshot = std::move(snapshot);
            state.lastChange = now;
            state.incompleteLogged = false;
        }
        ++scan.waiting;
        if (now < state.notBefore) {
            scan.nextDeadline = std::min(scan.nextDeadline, state.notBefore);
            continue;
        }
        const bool ready = IsReadyToProcess(folder, state, now, options, scan.nextDeadline);
        if (ready && scan.candidate.empty()) scan.candidate = folder;
    }
    return scan;
}

// ---- processing one package --------------------------------------------------------------------

// Takes one ready package through the journal: archive it if it was processed before, else run
// it, retry it with back-off, or quarantine it once its attempts are used up.
class PackageHandler {
  public:
    PackageHandler(const fs::path& outRoot, RunContext& run, const WatchOptions& options,
                   Journal& journal, const std::string& fingerprint, Status& status)
        : outRoot_(outRoot),
          run_(run),
          options_(options),
          journal_(journal),
          fingerprint_(fingerprint),
          processor_(options.processor),
          status_(status) {}

    void Handle(const fs::path& folder, Tracked& state) {
        const std::string id = folder.filename().string();
        std::string hash;
        try {
            hash = HashPackage(folder);
        } catch (const Error& error) {
            spdlog::warn("case {}: cannot read its files yet: {}", id, error.what());
            state.notBefore = Clock::now() + Seconds(options_.intervalSeconds);
            return;
        }
        {
            std::lock_guard guard(status_.mutex);
            status_.inProgress = id;
        }
        JournalRecord record = journal_.Find(id, hash);
        if (record.quarantined) {
            journal_.Append({id, hash, "reset", 0, "", ""});
            record = JournalRecord{};
        }
        const auto published = TryReadCaseState(outRoot_ / id);
        const bool outputsCurrent = published && published->inputHash == hash;
        if ((record.finished || record.done) && outputsCurrent) {
            ArchiveProcessedBefore(folder, id, hash, record);
            return;
        }
        const int attempt = record.attempts + 1;
        std::string error;
        if (attempt > options_.maxAttempts) {
            error = "the process stopped during each of " + std::to_string(record.attempts) +
                    " attempts" +
                    (record.lastError.empty() ? "" : "; last error: " + record.lastError);
        } else {
            std::optional<std::string> lastError = TryAttempt(folder, state, id, hash, attempt);
            if (!lastError) return;
            error = *lastError;
        }
        Quarantine(folder, id, hash, attempt, error);
    }

    void Finish(const std::string& id, const std::string& result, const std::string& verdict) {
        std::lock_guard guard(status_.mutex);
        status_.inProgress.clear();
        status_.lastPackage = {{"id", id},
                               {"result", result},
                               {"time", NowIsoUtc()},
                               {"verdict", verdict.empty() ? json(nullptr) : json(verdict)}};
    }

  private:
    // A re-submission of the same content, or a crash after processing but before archiving.
    void ArchiveProcessedBefore(const fs::path& folder, const std::string& id,
                                const std::string& hash, const JournalRecord& record) {
        const bool duplicate = record.finished;
        const fs::path archived = MoveFolder(folder, options_.archiveDir / Date::Today().ToIso());
        journal_.Append({id, hash, duplicate ? "duplicate" : "archived", record.attempts, "", ""});
        spdlog::info("case {}: {}; input archived as {}", id,
                     duplicate ? "same content already processed" : "already processed",
                     archived.filename().string());
        std::lock_guard guard(status_.mutex);
        if (duplicate) ++status_.stats.duplicates;
        status_.inProgress.clear();
        status_.lastPackage = {
            {"id", id}, {"result", duplicate ? "duplicate" : "archived"}, {"time", NowIsoUtc()}};
    }

    // Runs the case once. Returns the error when this failed attempt was the last one allowed;
    // nothing when the package was archived, changed meanwhile, or will be retried.
    std::optional<std::string> TryAttempt(const fs::path& folder, Tracked& state,
                                          const std::string& id, const std::string& hash,
                                          int attempt) {
        journal_.Append({id, hash, "started", attempt, "", ""});
        spdlog::info("case {}: processing (attempt {} of {})", id, attempt, options_.maxAttempts);
        RunCaseOptions caseOptions;
        caseOptions.configFingerprint = fingerprint_;
        caseOptions.processor = processor_;
        const CaseOutcome outcome = RunCase(folder, outRoot_, run_, caseOptions);
        if (TakeSnapshot(folder) != state.snapshot) {
            spdlog::warn("case {}: files changed while it was processed; waiting for it to settle",
                         id);
            state.snapshot = TakeSnapshot(folder);
            state.lastChange = Clock::now();
            Finish(id, "changed", "");
            return std::nullopt;
        }
        if (outcome.status != "failed") {
            ArchiveProcessed(folder, id, hash, attempt, outcome);
            return std::nullopt;
        }
        const std::string error = outcome.errorCode + ": " + outcome.error;
        journal_.Append({id, hash, "failed", attempt, error, ""});
        {
            std::lock_guard guard(status_.mutex);
            ++status_.stats.failures;
        }
        if (attempt < options_.maxAttempts) {
            const double delay = options_.retryDelaySeconds * std::pow(2.0, attempt - 1);
            spdlog::warn("case {}: attempt {} failed ({}); retrying in {:.0f} s", id, attempt,
                         error, delay);
            state.notBefore = Clock::now() + Seconds(delay);
            Finish(id, "failed", "");
            return std::nullopt;
        }
        return error;
    }

    // "done" is journalled before the move so that a crash in between archives, not reruns.
    void ArchiveProcessed(const fs::path& folder, const std::string& id, const std::string& hash,
                          int attempt, const CaseOutcome& outcome) {
        journal_.Append({id, hash, "done", attempt, "", ""});
        MoveFolder(folder, options_.archiveDir / Date::Today().ToIso());
        journal_.Append({id, hash, "archived", attempt, "", ""});
        spdlog::info("case {}: {} verdict {}, {} pages, {:.1f} s, version {}; input archived", id,
                     outcome.status, outcome.verdict, outcome.pages, outcome.seconds,
                     outcome.version);
        {
            std::lock_guard guard(status_.mutex);
            ++status_.stats.processed;
        }
        Finish(id, outcome.status, outcome.verdict);
    }

    void Quarantine(const fs::path& folder, const std::string& id, const std::string& hash,
                    int attempt, const std::string& error) {
        const int attempts = std::min(attempt, options_.maxAttempts);
        const fs::path target = MoveFolder(folder, options_.quarantineDir);
        WriteFileAtomic(target / "reason.txt", "case: " + id + "\ncontent: " + hash +
                                                   "\nattempts: " + std::to_string(attempts) +
                                                   "\nlast error: " + error +
                                                   "\ntime: " + NowIsoUtc() + "\n");
        journal_.Append({id, hash, "quarantined", attempt, error, ""});
        spdlog::error("case {}: quarantined after {} attempts: {}", id, attempts, error);
        {
            std::lock_guard guard(status_.mutex);
            ++status_.stats.quarantined;
        }
        Finish(id, "quarantined", "");
    }

    const fs::path& outRoot_;
    RunContext& run_;
    const WatchOptions& options_;
    Journal& journal_;
    const std::string& fingerprint_;
    const CaseProcessor processor_;
    Status& status_;
};

}  // namespace

WatchOptions WatchOptionsFromConfig(const Config& config) {
    WatchOptions options;
    options.settleSeconds = config.watch.settleSeconds;
    options.maxAttempts = config.watch.maxAttempts;
    options.retryDelaySeconds = config.watch.retryDelaySeconds;
    options.poll = config.watch.poll;
    options.intervalSeconds = config.watch.intervalSeconds;
    return options;
}

WatchStats RunWatch(const fs::path& inbox, const fs::path& outRoot, RunContext& run,
                    const WatchOptions& givenOptions) {
    const WatchOptions options = ResolveWatchOptions(inbox, outRoot, givenOptions);
    CreateOutputFolder(outRoot);
    OutputLock lock(outRoot);
    RemoveStaleTempFiles(outRoot);
    Journal journal(options.journalFile);
    journal.Compact();
    const std::string fingerprint = ConfigFingerprint(run.config);
    SignalGuard signals;
    InboxWatches inboxWatches;
    inboxWatches.Start(inbox, outRoot, options);

    Status status;
    status.mode = inboxWatches.Fd() >= 0 ? "inotify" : "poll";
    StatusWriter statusWriter(status, inbox, options);
    spdlog::info("watching {} ({}), settle {} s, output {}", inbox.string(), status.mode,
                 options.settleSeconds, outRoot.string());

    std::map<std::string, Tracked> tracked;
    PackageHandler handler(outRoot, run, options, journal, fingerprint, status);
    while (!IsStopRequested(options)) {
        InboxScan scan = ScanInbox(inbox, options, Clock::now(), tracked, inboxWatches);
        for (auto it = tracked.begin(); it != tracked.end();)
            it = scan.present.count(it->first) ? std::next(it) : tracked.erase(it);
        inboxWatches.ForgetAllBut(scan.present);
        {
            std::lock_guard guard(status.mutex);
            status.queue = scan.waiting;
        }
        if (!scan.candidate.empty()) {
            const std::string id = scan.candidate.filename().string();
            Tracked& state = tracked[id];
            try {
                handler.Handle(scan.candidate, state);
            } catch (const std::exception& error) {
                // Journal, archive or output not writable: keep the input, try again later.
                spdlog::error("case {}: {}", id, error.what());
                state.notBefore = Clock::now() + Seconds(options.retryDelaySeconds);
                handler.Finish(id, "error", "");
            }
            continue;
        }
        if (options.exitWhenIdle && scan.folders.empty()) break;
        WaitForChange(inboxWatches.Fd(), scan.nextDeadline, options);
    }

    statusWriter.Stop();
    statusWriter.Write();
    spdlog::info("watch stopped: {} processed, {} duplicates, {} failures, {} quarantined",
                 status.stats.processed, status.stats.duplicates, status.stats.failures,
                 status.stats.quarantined);
    return status.stats;
}

}  // namespace dossier
