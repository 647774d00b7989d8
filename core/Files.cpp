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
#include <vector>

#include "core/Error.h"
#include "core/Utf8.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

struct DigestDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

std::string Hex(const unsigned char* bytes, unsigned length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) {
        hex.push_back(kHex[bytes[i] >> 4]);
        hex.push_back(kHex[bytes[i] & 15]);
    }
    return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, "SHA-256 failed");
    return Hex(digest, length);
}

std::string Sha256OfFile(const fs::path& path) {
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
    return Hex(digest, length);
}

void SyncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

EntryKind KindOf(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return EntryKind::Missing;
    if (S_ISLNK(st.st_mode)) return EntryKind::Symlink;
    if (S_ISREG(st.st_mode)) return EntryKind::RegularFile;
    if (S_ISDIR(st.st_mode)) return EntryKind::Folder;
    return EntryKind::Other;
}

ReadRefusal TryReadRegularFile(const fs::path& path, std::uintmax_t maxBytes, std::string& bytes,
                               long long& size, std::string& why) {
    bytes.clear();
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP) {
            why = "it is a symbolic link, which is never followed";
            return ReadRefusal::Symlink;
        }
        why = std::string("it cannot be opened: ") + std::strerror(errno);
        return ReadRefusal::Unreadable;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        why =
            S_ISDIR(st.st_mode) ? "it is a folder" : "it is not a regular file (a FIFO or device)";
        return ReadRefusal::NotRegularFile;
    }
    size = static_cast<long long>(st.st_size);
    if (std::uintmax_t(st.st_size) > maxBytes) {
        ::close(fd);
        why = "it is " + std::to_string(st.st_size) + " bytes, more than the limit of " +
              std::to_string(maxBytes) + " (not read)";
        return ReadRefusal::TooLarge;
    }
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (done != bytes.size()) {
        bytes.clear();
        why = "it could not be read completely (it changed or the disk failed)";
        return ReadRefusal::Unreadable;
    }
    return ReadRefusal::None;
}

std::string ValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t length = ValidUtf8SequenceAt(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string EscapeInvalidUtf8(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const size_t length = ValidUtf8SequenceAt(text, i);
        if (length == 0) {
            const auto byte = static_cast<unsigned char>(text[i++]);
            out += "\\x";
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 15]);
        } else if (text[i] == '\\') {
            out += "\\\\";
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
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
