// Package hashing, per-case state files, the watch journal and atomic publication of case folders.
#include "runs/Journal.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/Error.h"
#include "core/Files.h"
#include "ingest/Package.h"

namespace dossier {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct DigestDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

std::string ToHex(const unsigned char* bytes, unsigned length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex.push_back(kHex[bytes[i] >> 4]);
        hex.push_back(kHex[bytes[i] & 15]);
    }
    return hex;
}

// Streams the file so that a 200 MB scan does not have to sit in memory twice.
std::string HashFile(const fs::path& path) {
    std::unique_ptr<EVP_MD_CTX, DigestDeleter> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, "SHA-256 failed");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        throw Error(ErrorCode::Io,
                    "cannot read " + path.filename().string() + ": " + std::strerror(errno));
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw Error(ErrorCode::Io,
                        "cannot read " + path.filename().string() + ": " + std::strerror(error));
        }
        if (n == 0) break;
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(n));
    }
    ::close(fd);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    return ToHex(digest, length);
}

json ToJson(const CaseState& state) {
    return {{"schema", "dossier.case-state/1"}, {"case_id", state.caseId},
            {"input_hash", state.inputHash},    {"config_fingerprint", state.configFingerprint},
            {"version", state.version},         {"verdict", state.verdict},
            {"missing", state.missing},         {"expired", state.expired},
            {"invalid", state.invalid},         {"pages", state.pages},
            {"seconds", state.seconds},         {"outputs", state.outputs},
            {"finished_at", state.finishedAt}};
}

void SyncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool IsTempName(const std::string& name) {
    return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos;
}

// Hard-links every regular file of `from` into `to` (recursively), so that keeping an old version
// costs no copy: outputs are only ever replaced by rename, never rewritten in place.
void LinkTree(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) {
        const fs::path target = to / entry.path().filename();
        if (entry.is_symlink()) continue;
        if (entry.is_directory()) {
            LinkTree(entry.path(), target);
        } else if (entry.is_regular_file()) {
            std::error_code ec;
            fs::create_hard_link(entry.path(), target, ec);
            if (ec) fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
        }
    }
}

std::string KeyOf(const std::string& caseId, const std::string& inputHash) {
    return caseId + "\n" + inputHash;
}

}  // namespace

std::string NowIsoUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string HashPackage(const fs::path& caseDir) {
    std::string listing;
    for (const auto& file : ListContentFiles(caseDir))
        listing += file.filename().string() + '\0' + HashFile(file) + '\n';
    return Sha256Hex(listing);
}

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

void PublishCaseFolder(const fs::path& staged, const fs::path& finalDir, int previousVersion) {
    const fs::path parent = finalDir.parent_path();
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(finalDir, ec));
    if (exists && previousVersion > 0) {
        const fs::path versions = staged / "versions";
        if (fs::is_directory(finalDir / "versions")) LinkTree(finalDir / "versions", versions);
        const fs::path keep = versions / std::to_string(previousVersion);
        fs::create_directories(keep);
        for (const auto& entry : fs::directory_iterator(finalDir)) {
            const std::string name = entry.path().filename().string();
            if (name == "versions" || IsTempName(name)) continue;
            if (entry.is_directory() && !entry.is_symlink())
                LinkTree(entry.path(), keep / name);
            else if (entry.is_regular_file() && !entry.is_symlink())
                fs::create_hard_link(entry.path(), keep / name);
        }
        SyncFolder(keep);
        SyncFolder(versions);
    } else if (exists && fs::is_directory(finalDir / "versions") &&
               !fs::exists(staged / "versions")) {
        // Redoing the same content (--force, new configuration) keeps the history it had.
        LinkTree(finalDir / "versions", staged / "versions");
    }
    SyncFolder(staged);
    if (!exists) {
        if (std::rename(staged.c_str(), finalDir.c_str()) != 0)
            throw Error(ErrorCode::Io,
                        "cannot publish " + finalDir.string() + ": " + std::strerror(errno));
    } else if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, finalDir.c_str(), RENAME_EXCHANGE) !=
               0) {
        // File systems without RENAME_EXCHANGE: the case is briefly absent, never half-written.
        const fs::path old = staged.string() + ".old";
        if (std::rename(finalDir.c_str(), old.c_str()) != 0 ||
            std::rename(staged.c_str(), finalDir.c_str()) != 0)
            throw Error(ErrorCode::Io,
                        "cannot publish " + finalDir.string() + ": " + std::strerror(errno));
        fs::remove_all(old, ec);
    } else {
        fs::remove_all(staged, ec);  // now holds the old folder
    }
    SyncFolder(parent);
}

int RemoveStaleTempFiles(const fs::path& outRoot) {
    int removed = 0;
    std::error_code ec;
    if (fs::exists(outRoot / kStagingDir, ec)) {
        fs::remove_all(outRoot / kStagingDir, ec);
        ++removed;
    }
    auto sweep = [&](const fs::path& folder) {
        std::vector<fs::path> stale;
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (IsTempName(entry.path().filename().string()) && !entry.is_directory())
                stale.push_back(entry.path());
        for (const auto& path : stale)
            if (fs::remove(path, ec)) ++removed;
    };
    sweep(outRoot);
    for (const auto& entry : fs::directory_iterator(outRoot, ec))
        if (entry.is_directory() && !entry.is_symlink()) sweep(entry.path());
    return removed;
}

OutputLock::OutputLock(const fs::path& outRoot) {
    const fs::path file = outRoot / ".dossier.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0)
        throw Error(ErrorCode::Io, "cannot create " + file.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw Error(ErrorCode::InvalidUsage,
                    "another dossier batch or watch is writing to " + outRoot.string());
    }
}

OutputLock::~OutputLock() {
    if (fd_ >= 0) ::close(fd_);
}

Journal::Journal(fs::path file) : file_(std::move(file)) {
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        try {
            const json j = json::parse(line);
            JournalEntry entry;
            entry.caseId = j.at("case").get<std::string>();
            entry.inputHash = j.at("hash").get<std::string>();
            entry.event = j.at("event").get<std::string>();
            entry.attempt = j.value("attempt", 0);
            entry.error = j.value("error", "");
            entry.time = j.value("time", "");
            Apply(entry);
        } catch (const json::exception&) {
            // A line torn by a crash in the middle of an append.
        }
    }
}

void Journal::Apply(const JournalEntry& entry) {
    JournalRecord& record = records_[KeyOf(entry.caseId, entry.inputHash)];
    history_[KeyOf(entry.caseId, entry.inputHash)].push_back(entry);
    record.lastTime = entry.time;
    if (entry.event == "started") {
        record.attempts = std::max(record.attempts + 1, entry.attempt);
    } else if (entry.event == "done") {
        record.done = true;
    } else if (entry.event == "failed") {
        record.lastError = entry.error;
    } else if (entry.event == "archived" || entry.event == "duplicate") {
        record.done = true;
        record.finished = true;
    } else if (entry.event == "reset") {
        record = JournalRecord{};
        record.lastTime = entry.time;
    } else if (entry.event == "quarantined") {
        record.finished = true;
        record.quarantined = true;
        record.lastError = entry.error;
    }
}

void Journal::Append(JournalEntry entry) {
    if (entry.time.empty()) entry.time = NowIsoUtc();
    json line = {{"time", entry.time},
                 {"case", entry.caseId},
                 {"hash", entry.inputHash},
                 {"event", entry.event},
                 {"attempt", entry.attempt}};
    if (!entry.error.empty()) line["error"] = entry.error;
    const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    const int fd = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        throw Error(ErrorCode::Io,
                    "cannot write journal " + file_.string() + ": " + std::strerror(errno));
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int syncResult = ::fsync(fd);
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size()) || syncResult != 0)
        throw Error(ErrorCode::Io, "cannot write journal " + file_.string());
    Apply(entry);
}

JournalRecord Journal::Find(const std::string& caseId, const std::string& inputHash) const {
    std::lock_guard lock(mutex_);
    const auto found = records_.find(KeyOf(caseId, inputHash));
    return found == records_.end() ? JournalRecord{} : found->second;
}

void Journal::Compact() {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& [key, entries] : history_) {
        // A finished package needs only its last event; an open one keeps its attempts.
        const bool finished = records_.at(key).finished;
        const size_t first = finished ? entries.size() - 1 : 0;
        for (size_t i = first; i < entries.size(); ++i) {
            const JournalEntry& entry = entries[i];
            json line = {{"time", entry.time},
                         {"case", entry.caseId},
                         {"hash", entry.inputHash},
                         {"event", entry.event},
                         {"attempt", entry.attempt}};
            if (!entry.error.empty()) line["error"] = entry.error;
            text += line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        }
    }
    WriteFileAtomic(file_, text);
}

}  // namespace dossier
