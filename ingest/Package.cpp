// What belongs to a package, and whether its files are fully written, told before ingest reads
// them.
#include "ingest/Package.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <poppler/cpp/poppler-document.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "core/Files.h"
#include "image/Sniff.h"
#include "image/Tiff.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

/// A file opened without following a symlink or blocking on a FIFO, read at offsets.
class OpenedFile {
  public:
    explicit OpenedFile(const fs::path& path)
        : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) {
        struct stat info {};
        if (fd_ >= 0 && ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)) size_ = info.st_size;
    }
    ~OpenedFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    OpenedFile(const OpenedFile&) = delete;
    OpenedFile& operator=(const OpenedFile&) = delete;

    bool IsOpen() const { return fd_ >= 0; }
    std::uint64_t Size() const { return size_; }
    std::size_t ReadAt(std::uint64_t offset, char* into, std::size_t length) const {
        if (offset >= size_) return 0;
        length = static_cast<std::size_t>(std::min<std::uint64_t>(length, size_ - offset));
        const ssize_t n = ::pread(fd_, into, length, static_cast<off_t>(offset));
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    std::string Read(std::uint64_t offset, std::size_t length) const {
        std::string bytes(length, '\0');
        bytes.resize(ReadAt(offset, bytes.data(), length));
        return bytes;
    }

  private:
    int fd_;
    std::uint64_t size_ = 0;
};

/// Bytes of a file's start that tell its format (a PDF's header may sit in the first kilobyte).
constexpr std::size_t kSniffBytes = 1024;
/// TIFF directories counted at most: beyond, ingest refuses the file's pages anyway.
constexpr std::size_t kMaxCountedTiffPages = 100000;

std::optional<TiffStructure> TiffPagesOf(const OpenedFile& file) {
    const ReadBytesAt read = [&file](std::uint64_t offset, char* into, std::size_t size) {
        return file.ReadAt(offset, into, size);
    };
    std::string why;
    return ReadTiffPages(read, file.Size(), kMaxCountedTiffPages, why);
}

std::uint32_t LittleEndian32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

}  // namespace

PackageRole RoleInPackage(std::string_view name) {
    if (name.empty() || name.front() == '.') return PackageRole::Ignored;
    if (name == kManifestName) return PackageRole::Manifest;
    if (name == kReadyMarkerName) return PackageRole::ReadyMarker;
    return PackageRole::Document;
}

std::vector<fs::path> ListContentFiles(const fs::path& caseDir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(caseDir)) {
        const PackageRole role = RoleInPackage(entry.path().filename().string());
        if (role != PackageRole::Document && role != PackageRole::Manifest) continue;
        if (entry.is_symlink() || !entry.is_regular_file()) continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string HashPackage(const fs::path& caseDir) {
    std::string listing;
    for (const auto& file : ListContentFiles(caseDir))
        listing += file.filename().string() + '\0' + Sha256OfFile(file) + '\n';
    return Sha256Hex(listing);
}

bool IsFileComplete(const fs::path& file) {
    OpenedFile reader(file);
    if (!reader.IsOpen() || reader.Size() == 0) return false;
    const std::uint64_t size = reader.Size();
    if (RoleInPackage(file.filename().string()) == PackageRole::Manifest) {
        // Read through the open descriptor (no symlink, no FIFO) and only when small: a larger
        // manifest is refused by the case anyway, so there is nothing to wait for.
        if (size > (1u << 20)) return true;
        try {
            YAML::Load(reader.Read(0, static_cast<std::size_t>(size)));
            return true;
        } catch (const YAML::Exception&) {
            return false;
        }
    }
    const std::string head = reader.Read(0, kSniffBytes);
    const std::string tail = reader.Read(size > 1024 ? size - 1024 : 0, 1024);
    switch (SniffFormat(head)) {
        case ImageFormat::Jpeg: {
            const std::size_t end = tail.find_last_not_of(std::string("\0", 1));
            return end != std::string::npos && end >= 1 && tail[end] == '\xD9' &&
                   tail[end - 1] == '\xFF';
        }
        case ImageFormat::Png:
            return tail.size() >= 12 && tail.compare(tail.size() - 8, 4, "IEND") == 0;
        case ImageFormat::Pdf:
            return tail.find("%%EOF") != std::string::npos;
        case ImageFormat::Tiff: {
            const auto tiff = TiffPagesOf(reader);
            return tiff && !tiff->chainBroken &&
                   std::none_of(tiff->pages.begin(), tiff->pages.end(),
                                [](const TiffPage& page) { return !page.problem.empty(); });
        }
        case ImageFormat::Bmp:
            return LittleEndian32(head, 2) <= size;
        case ImageFormat::Webp:
            return std::uint64_t{LittleEndian32(head, 4)} + 8 <= size;
        case ImageFormat::Gif:
            return tail.back() == ';';
        default:
            return true;
    }
}

int EstimateFilePages(const fs::path& file) {
    if (RoleInPackage(file.filename().string()) == PackageRole::Manifest) return 0;
    OpenedFile reader(file);
    if (!reader.IsOpen()) return 1;
    switch (SniffFormat(reader.Read(0, kSniffBytes))) {
        case ImageFormat::Tiff: {
            const auto tiff = TiffPagesOf(reader);
            return tiff ? std::max<int>(1, static_cast<int>(tiff->pages.size())) : 1;
        }
        case ImageFormat::Pdf: {
            std::unique_ptr<poppler::document> document(
                poppler::document::load_from_file(file.string()));
            return document ? std::max(1, document->pages()) : 1;
        }
        default:
            return 1;
    }
}

}  // namespace dossier
