// Ingest: lists a case folder's package files and turns each into pages or unreadable_input issues.
#include "pipeline/Ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/Error.h"
#include "core/Files.h"
#include "pipeline/ImageDecode.h"
#include "pipeline/PdfPages.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}
char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Natural order: digit runs compare by value ("2" < "10"), other text case-insensitively;
/// ties fall back to plain byte order so that the order is total and stable.
bool NaturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (IsDigit(a[i]) && IsDigit(b[j])) {
            size_t iEnd = i, jEnd = j;
            while (iEnd < a.size() && IsDigit(a[iEnd])) ++iEnd;
            while (jEnd < b.size() && IsDigit(b[jEnd])) ++jEnd;
            size_t iz = i, jz = j;  // skip leading zeros; then the longer number is larger
            while (iz + 1 < iEnd && a[iz] == '0') ++iz;
            while (jz + 1 < jEnd && b[jz] == '0') ++jz;
            const std::string_view x(a.data() + iz, iEnd - iz), y(b.data() + jz, jEnd - jz);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            i = iEnd;
            j = jEnd;
            continue;
        }
        const char x = Lower(a[i]), y = Lower(b[j]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
    return a < b;
}

bool IsPackageFileName(const std::string& name) {
    return !name.empty() && name[0] != '.' && name != "case.yaml" && name != "READY";
}

/// Reads a regular file without following symlinks and without blocking on FIFOs or devices.
bool TryReadRegularFile(const fs::path& path, std::uintmax_t maxBytes, std::string& bytes,
                        long long& size, std::string& why) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        why = errno == ELOOP ? "the file is a symbolic link, which is not followed"
                             : std::string("the file cannot be opened: ") + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        why = "not a regular file";
        return false;
    }
    size = static_cast<long long>(st.st_size);
    if (std::uintmax_t(st.st_size) > maxBytes) {
        ::close(fd);
        why = "the file is " + std::to_string(st.st_size) + " bytes, more than the limit of " +
              std::to_string(maxBytes) + " (not read)";
        return false;
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
        why = "the file could not be read completely (it changed or the disk failed)";
        return false;
    }
    return true;
}

DecodedFile Decode(std::string_view bytes, ImageFormat format, const IngestOptions& options) {
    switch (format) {
        case ImageFormat::Pdf:
            return DecodePdf(bytes, options);
        case ImageFormat::Jpeg:
        case ImageFormat::Png:
        case ImageFormat::Tiff:
        case ImageFormat::Bmp:
        case ImageFormat::Webp:
        case ImageFormat::Heif:
            return DecodeImageFile(bytes, format, options);
        case ImageFormat::Gif:
            return {{}, {{0, "GIF images are not accepted (use JPEG, PNG, TIFF or PDF)"}}};
        case ImageFormat::Jpeg2000:
            return {{}, {{0, "JPEG 2000 images are not accepted (use JPEG, PNG, TIFF or PDF)"}}};
        case ImageFormat::Unknown:
            break;
    }
    return {{},
            {{0,
              "the file is not an image or PDF of an accepted kind (JPEG, PNG, TIFF, BMP, "
              "WebP, PDF, HEIC)"}}};
}

Issue Unreadable(const std::string& name, int page, const std::string& reason) {
    Issue issue;
    issue.severity = Severity::Error;
    issue.code = "unreadable_input";
    issue.file = name;
    issue.page = page;
    issue.message = (page > 0 ? "Page " + std::to_string(page) + " of " : std::string()) + "\"" +
                    name + "\" cannot be read: " + reason + ".";
    return issue;
}

}  // namespace

std::vector<fs::path> ListPackageFiles(const fs::path& caseDir) {
    std::error_code ec;
    fs::directory_iterator it(caseDir, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    "cannot list case folder " + caseDir.string() + ": " + ec.message());
    std::vector<fs::path> files;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) throw Error(ErrorCode::Io, "cannot list case folder " + caseDir.string());
        const std::string name = it->path().filename().string();
        // symlink_status: a symlink to a regular file is still a symlink, and is left out.
        if (!IsPackageFileName(name) || !fs::is_regular_file(it->symlink_status(ec))) continue;
        files.push_back(it->path());
    }
    if (ec) throw Error(ErrorCode::Io, "cannot list case folder " + caseDir.string());
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return NaturalLess(a.filename().string(), b.filename().string());
    });
    return files;
}

void IngestFile(const fs::path& path, const std::string& name, const IngestOptions& options,
                IngestResult& result) {
    InputFile input;
    input.name = name;
    std::string bytes, why;
    DecodedFile decoded;
    ImageFormat format = ImageFormat::Unknown;
    if (!TryReadRegularFile(path, options.maxFileBytes, bytes, input.bytes, why)) {
        decoded.failures.push_back({0, why});
    } else {
        input.sha256 = Sha256Hex(bytes);
        format = SniffFormat(bytes);
        if (bytes.empty()) {
            decoded.failures.push_back({0, "the file is empty (0 bytes)"});
        } else {
            // Decoders report bad content as failures; anything thrown is a library surprise
            // (e.g. out of memory on a hostile file), which must not stop the case either.
            try {
                decoded = Decode(bytes, format, options);
            } catch (const std::exception& e) {
                decoded.pages.clear();
                decoded.failures = {{0, std::string("the decoder failed (") + e.what() + ")"}};
            } catch (...) {
                decoded.pages.clear();
                decoded.failures = {{0, "the decoder failed"}};
            }
            if (decoded.pages.empty() && decoded.failures.empty())
                decoded.failures.push_back({0, "no page could be read from it"});
        }
    }
    const bool singlePage = decoded.pages.size() == 1 && decoded.failures.empty();
    for (DecodedPage& d : decoded.pages) {
        Page page;
        page.file = name;
        page.pageInFile = d.pageInFile;
        page.sourceFormat = ToString(format);
        page.sha256 = d.sha256.empty() ? input.sha256 : d.sha256;
        if (d.sha256.empty() && !singlePage) page.sha256 = PixelSha256(d.pixels);
        page.original = std::move(d.pixels);
        page.passThroughJpeg = std::move(d.passThroughJpeg);
        page.dpi = d.dpi;
        result.pages.push_back(std::move(page));
    }
    for (const PageFailure& failure : decoded.failures)
        result.issues.push_back(Unreadable(name, failure.page, failure.reason));
    input.pageCount = static_cast<int>(decoded.pages.size());
    input.readable = input.pageCount > 0;
    result.inputs.push_back(std::move(input));
}

IngestResult IngestCase(const fs::path& caseDir, const IngestOptions& options) {
    IngestResult result;
    for (const fs::path& path : ListPackageFiles(caseDir))
        IngestFile(path, path.filename().string(), options, result);
    return result;
}

}  // namespace dossier
