#include "core/Files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "core/Error.h"

namespace dossier {

namespace fs = std::filesystem;

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, "SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 15]);
    }
    return hex;
}

std::string ReadFileBytes(const fs::path& path, std::uintmax_t maxBytes) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot read " + path.string() + ": " + ec.message());
    if (size > maxBytes)
        throw Error(ErrorCode::Io, path.filename().string() + " is larger than the limit of " +
                                       std::to_string(maxBytes) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, "cannot open " + path.string());
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        throw Error(ErrorCode::Io, "short read on " + path.string());
    return bytes;
}

fs::path TempPathFor(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    const auto tid = std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000;
    return path.parent_path() /
           ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
            std::to_string(tid) + "-" + std::to_string(counter++));
}

namespace {

void SyncPath(const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorCode::Io,
                    "cannot open " + path.string() + " to sync: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw Error(ErrorCode::Io, "fsync failed on " + path.string());
}

}  // namespace

void CommitTempFile(const fs::path& temp, const fs::path& path) {
    SyncPath(temp, O_RDONLY);
    ::chmod(temp.c_str(), 0640);
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(ErrorCode::Io, "cannot rename into " + path.string());
    }
    SyncPath(path.parent_path().empty() ? fs::path(".") : path.parent_path(),
             O_RDONLY | O_DIRECTORY);
}

void WriteFileAtomic(const fs::path& path, std::string_view bytes) {
    const fs::path temp = TempPathFor(path);
    {
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        if (fd < 0)
            throw Error(ErrorCode::Io,
                        "cannot create " + temp.string() + ": " + std::strerror(errno));
        size_t written = 0;
        while (written < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ::close(fd);
                std::error_code ec;
                fs::remove(temp, ec);
                throw Error(ErrorCode::Io, "cannot write " + path.string());
            }
            written += static_cast<size_t>(n);
        }
        ::close(fd);
    }
    CommitTempFile(temp, path);
}

}  // namespace dossier
