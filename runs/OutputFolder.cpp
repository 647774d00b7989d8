#include "runs/OutputFolder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Files.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

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

}  // namespace

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

}  // namespace dossier
