#include "runs/Journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Files.h"

namespace dossier {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string KeyOf(const std::string& caseId, const std::string& inputHash) {
    return caseId + "\n" + inputHash;
}

// One journal line: the entry as JSON (invalid UTF-8 in an error replaced) and a newline.
std::string JsonLine(const JournalEntry& entry) {
    json line = {{"time", entry.time},
                 {"case", entry.caseId},
                 {"hash", entry.inputHash},
                 {"event", entry.event},
                 {"attempt", entry.attempt}};
    if (!entry.error.empty()) line["error"] = entry.error;
    return line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

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
    const std::string text = JsonLine(entry);
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
            text += JsonLine(entries[i]);
        }
    }
    WriteFileAtomic(file_, text);
}

}  // namespace dossier
