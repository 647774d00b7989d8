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
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
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

std::string LocalDate() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
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

WatchStats RunWatch(const fs::path& inbox, const fs::path& outRoot, const Config& config,
                    const OcrEngineFactory& engines, const WatchOptions& givenOptions) {
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
    const fs::path inboxReal = fs::canonical(inbox);
    for (const fs::path& folder : {outRoot, options.archiveDir, options.quarantineDir}) {
        const fs::path real = fs::weakly_canonical(folder);
        if (real == inboxReal || real.parent_path() == inboxReal)
            throw Error(ErrorCode::InvalidUsage,
                        folder.string() + " must not be the inbox or a folder in it");
    }
    std::error_code ec;
    fs::create_directories(outRoot, ec);
    if (ec || !fs::is_directory(outRoot))
        throw Error(ErrorCode::Io, "cannot create output folder " + outRoot.string());
    OutputLock lock(outRoot);
    RemoveStaleTempFiles(outRoot);
    Journal journal(options.journalFile);
    journal.Compact();
    const std::string fingerprint = ConfigFingerprint(config);
    SignalGuard signals;

    InotifyFd inotify;
    int& inotifyFd = inotify.fd;
    std::map<std::string, int> watches;  // folder -> watch descriptor
    constexpr std::uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                    IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF;
    if (!options.poll) {
        inotifyFd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (inotifyFd < 0 || ::inotify_add_watch(inotifyFd, inbox.c_str(), kMask) < 0) {
            spdlog::warn("inotify unavailable ({}), polling every {} s", std::strerror(errno),
                         options.intervalSeconds);
            inotify.Close();
            fs::remove(outRoot / kStagingDir, ec);
        }
    }

    Status status;
    status.mode = inotifyFd >= 0 ? "inotify" : "poll";
    std::mutex statusWake;
    std::condition_variable statusCv;
    bool statusStop = false;
    auto writeStatus = [&] {
        try {
            WriteFileAtomic(options.statusFile, StatusJson(status, inbox).dump(2) + "\n");
        } catch (const std::exception& error) {
            spdlog::warn("cannot write status file: {}", error.what());
        }
    };
    std::thread statusThread([&] {
        std::unique_lock guard(statusWake);
        while (!statusStop) {
            guard.unlock();
            writeStatus();
            guard.lock();
            statusCv.wait_for(guard, std::chrono::duration<double>(options.intervalSeconds));
        }
    });
    // Stops and joins the status thread however this function is left (an exception included):
    // a joinable std::thread destroyed would call std::terminate.
    const auto stopStatusThread = [&] {
        {
            std::lock_guard guard(statusWake);
            statusStop = true;
        }
        statusCv.notify_all();
        if (statusThread.joinable()) statusThread.join();
    };
    struct JoinOnExit {
        const std::function<void()>& stop;
        ~JoinOnExit() { stop(); }
    };
    const std::function<void()> stopStatus = stopStatusThread;
    const JoinOnExit joinStatus{stopStatus};
    spdlog::info("watching {} ({}), settle {} s, output {}", inbox.string(), status.mode,
                 options.settleSeconds, outRoot.string());

    const auto stopRequested = [&] {
        return signalled != 0 || (options.stop && options.stop->load());
    };
    const auto settle = std::chrono::duration<double>(options.settleSeconds);
    const auto incompleteTimeout = std::chrono::duration<double>(options.incompleteTimeoutSeconds);
    std::map<std::string, Tracked> tracked;
    const CaseProcessor processor = options.processor;

    auto finishPackage = [&](const std::string& id, const std::string& result,
                             const std::string& verdict) {
        std::lock_guard guard(status.mutex);
        status.inProgress.clear();
        status.lastPackage = {{"id", id},
                              {"result", result},
                              {"time", NowIsoUtc()},
                              {"verdict", verdict.empty() ? json(nullptr) : json(verdict)}};
    };

    // Returns false when the package was not taken (changed meanwhile).
    auto handle = [&](const fs::path& folder, Tracked& state) {
        const std::string id = folder.filename().string();
        std::string hash;
        try {
            hash = HashPackage(folder);
        } catch (const Error& error) {
            spdlog::warn("case {}: cannot read its files yet: {}", id, error.what());
            state.notBefore = Clock::now() + Seconds(options.intervalSeconds);
            return;
        }
        {
            std::lock_guard guard(status.mutex);
            status.inProgress = id;
        }
        JournalRecord record = journal.Find(id, hash);
        if (record.quarantined) {
            journal.Append({id, hash, "reset", 0, "", ""});
            record = JournalRecord{};
        }
        const auto published = TryReadCaseState(outRoot / id);
        const bool outputsCurrent = published && published->inputHash == hash;
        if ((record.finished || record.done) && outputsCurrent) {
            // Processed before: a re-submission of the same content, or a crash before archiving.
            const bool duplicate = record.finished;
            const fs::path archived = MoveFolder(folder, options.archiveDir / LocalDate());
            journal.Append(
                {id, hash, duplicate ? "duplicate" : "archived", record.attempts, "", ""});
            spdlog::info("case {}: {}; input archived as {}", id,
                         duplicate ? "same content already processed" : "already processed",
                         archived.filename().string());
            std::lock_guard guard(status.mutex);
            if (duplicate) ++status.stats.duplicates;
            status.inProgress.clear();
            status.lastPackage = {{"id", id},
                                  {"result", duplicate ? "duplicate" : "archived"},
                                  {"time", NowIsoUtc()}};
            return;
        }
        const int attempt = record.attempts + 1;
        std::string error;
        std::string verdict;
        if (attempt > options.maxAttempts) {
            error = "the process stopped during each of " + std::to_string(record.attempts) +
                    " attempts" +
                    (record.lastError.empty() ? "" : "; last error: " + record.lastError);
        } else {
            journal.Append({id, hash, "started", attempt, "", ""});
            spdlog::info("case {}: processing (attempt {} of {})", id, attempt,
                         options.maxAttempts);
            RunCaseOptions caseOptions;
            caseOptions.configFingerprint = fingerprint;
            caseOptions.processor = processor;
            const CaseOutcome outcome = RunCase(folder, outRoot, config, engines, caseOptions);
            if (TakeSnapshot(folder) != state.snapshot) {
                spdlog::warn(
                    "case {}: files changed while it was processed; waiting for it to settle", id);
                state.snapshot = TakeSnapshot(folder);
                state.lastChange = Clock::now();
                finishPackage(id, "changed", "");
                return;
            }
            if (outcome.status != "failed") {
                journal.Append({id, hash, "done", attempt, "", ""});
                const fs::path archived = MoveFolder(folder, options.archiveDir / LocalDate());
                journal.Append({id, hash, "archived", attempt, "", ""});
                spdlog::info(
                    "case {}: {} verdict {}, {} pages, {:.1f} s, version {}; input archived", id,
                    outcome.status, outcome.verdict, outcome.pages, outcome.seconds,
                    outcome.version);
                {
                    std::lock_guard guard(status.mutex);
                    ++status.stats.processed;
                }
                finishPackage(id, outcome.status, outcome.verdict);
                return;
            }
            error = outcome.errorCode + ": " + outcome.error;
            journal.Append({id, hash, "failed", attempt, error, ""});
            {
                std::lock_guard guard(status.mutex);
                ++status.stats.failures;
            }
            if (attempt < options.maxAttempts) {
                const double delay = options.retryDelaySeconds * std::pow(2.0, attempt - 1);
                spdlog::warn("case {}: attempt {} failed ({}); retrying in {:.0f} s", id, attempt,
                             error, delay);
                state.notBefore = Clock::now() + Seconds(delay);
                finishPackage(id, "failed", "");
                return;
            }
        }
        const fs::path target = MoveFolder(folder, options.quarantineDir);
        WriteFileAtomic(target / "reason.txt",
                        "case: " + id + "\ncontent: " + hash + "\nattempts: " +
                            std::to_string(std::min(attempt, options.maxAttempts)) +
                            "\nlast error: " + error + "\ntime: " + NowIsoUtc() + "\n");
        journal.Append({id, hash, "quarantined", attempt, error, ""});
        spdlog::error("case {}: quarantined after {} attempts: {}", id,
                      std::min(attempt, options.maxAttempts), error);
        {
            std::lock_guard guard(status.mutex);
            ++status.stats.quarantined;
        }
        finishPackage(id, "quarantined", "");
    };

    while (!stopRequested()) {
        const auto now = Clock::now();
        std::vector<fs::path> folders;
        try {
            folders = FindCaseFolders(inbox);
        } catch (const std::exception& error) {  // Error, or a filesystem_error mid-walk
            spdlog::error("{}", error.what());
        }
        std::set<std::string> present;
        fs::path candidate;
        Clock::time_point nextDeadline = now + Seconds(options.intervalSeconds);
        int waiting = 0;
        for (const auto& folder : folders) {
            const std::string id = folder.filename().string();
            present.insert(id);
            if (inotifyFd >= 0 && !watches.count(id)) {
                const int wd = ::inotify_add_watch(inotifyFd, folder.c_str(),
                                                   kMask | IN_ONLYDIR | IN_DONT_FOLLOW);
                if (wd >= 0) watches[id] = wd;
            }
            auto [it, added] = tracked.try_emplace(id);
            Tracked& state = it->second;
            FolderSnapshot snapshot = TakeSnapshot(folder);
            if (added || snapshot != state.snapshot) {
                state.snapshot = std::move(snapshot);
                state.lastChange = now;
                state.incompleteLogged = false;
            }
            ++waiting;
            if (now < state.notBefore) {
                nextDeadline = std::min(nextDeadline, state.notBefore);
                continue;
            }
            bool ready = state.snapshot.readyMarker;
            if (!ready && !state.snapshot.files.empty()) {
                const auto settledAt =
                    state.lastChange + std::chrono::duration_cast<Clock::duration>(settle);
                if (now >= settledAt) {
                    ready = std::all_of(
                        state.snapshot.files.begin(), state.snapshot.files.end(),
                        [&](const auto& file) { return IsFileComplete(folder / file.first); });
                    if (!ready && now >= settledAt + std::chrono::duration_cast<Clock::duration>(
                                                         incompleteTimeout)) {
                        spdlog::warn(
                            "case {}: a file still looks truncated after {} s; "
                            "processing it anyway",
                            id, options.incompleteTimeoutSeconds);
                        ready = true;
                    } else if (!ready && !state.incompleteLogged) {
                        spdlog::info("case {}: settled, but a file looks incomplete; waiting", id);
                        state.incompleteLogged = true;
                    }
                } else {
                    nextDeadline = std::min(nextDeadline, settledAt);
                }
            }
            if (ready && candidate.empty()) candidate = folder;
        }
        for (auto it = tracked.begin(); it != tracked.end();)
            it = present.count(it->first) ? std::next(it) : tracked.erase(it);
        for (auto it = watches.begin(); it != watches.end();) {
            if (present.count(it->first)) {
                ++it;
            } else {
                ::inotify_rm_watch(inotifyFd, it->second);
                it = watches.erase(it);
            }
        }
        {
            std::lock_guard guard(status.mutex);
            status.queue = waiting;
        }
        if (!candidate.empty()) {
            Tracked& state = tracked[candidate.filename().string()];
            try {
                handle(candidate, state);
            } catch (const std::exception& error) {
                // Journal, archive or output not writable: keep the input, try again later.
                spdlog::error("case {}: {}", candidate.filename().string(), error.what());
                state.notBefore = Clock::now() + Seconds(options.retryDelaySeconds);
                finishPackage(candidate.filename().string(), "error", "");
            }
            continue;
        }
        if (options.exitWhenIdle && folders.empty()) break;

        // Sleep until something changes, a signal arrives or a deadline passes.
        const auto wait =
            std::max<Clock::duration>(nextDeadline - Clock::now(), std::chrono::milliseconds(20));
        int timeoutMs = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() + 1);
        if (options.stop) timeoutMs = std::min(timeoutMs, 100);  // the flag cannot wake poll()
        pollfd fds[2] = {{wakePipe[0], POLLIN, 0}, {inotifyFd, POLLIN, 0}};
        const int count = ::poll(fds, inotifyFd >= 0 ? 2 : 1, timeoutMs);
        if (count > 0 && inotifyFd >= 0 && (fds[1].revents & POLLIN)) {
            // Let a burst of writes coalesce, then drain: the rescan above is the source of truth.
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            alignas(inotify_event) char buffer[16384];
            while (::read(inotifyFd, buffer, sizeof buffer) > 0) {
            }
        }
    }

    stopStatusThread();
    writeStatus();
    spdlog::info("watch stopped: {} processed, {} duplicates, {} failures, {} quarantined",
                 status.stats.processed, status.stats.duplicates, status.stats.failures,
                 status.stats.quarantined);
    return status.stats;
}

}  // namespace dossier
