// Ingest: lists a case folder's package files and turns each into pages or unreadable_input issues.
#include "ingest/Ingest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "core/Error.h"
#include "core/Files.h"
#include "image/Decode.h"
#include "ingest/Package.h"
#include "ingest/PdfPages.h"

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

DecodedFile Decode(std::string_view bytes, ImageFormat format, const IngestOptions& options,
                   const PageSink& sink) {
    switch (format) {
        case ImageFormat::Pdf:
            return DecodePdf(bytes, options, sink);
        case ImageFormat::Jpeg:
        case ImageFormat::Png:
        case ImageFormat::Tiff:
        case ImageFormat::Bmp:
        case ImageFormat::Webp:
        case ImageFormat::Heif:
            return DecodeImageFile(bytes, format, options, sink);
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

Issue Unreadable(const std::string& name, int page, const std::string& reason,
                 const std::string& code = "unreadable_input") {
    Issue issue;
    issue.severity = Severity::Error;
    issue.code = code;
    issue.file = name;
    issue.page = page;
    issue.message = (page > 0 ? "Page " + std::to_string(page) + " of " : std::string()) + "\"" +
                    name + "\" cannot be read: " + reason + ".";
    return issue;
}

const char* CodeFor(ReadRefusal refusal) {
    switch (refusal) {
        case ReadRefusal::Symlink:
            return "symlink_not_followed";
        case ReadRefusal::NotRegularFile:
            return "not_a_regular_file";
        case ReadRefusal::TooLarge:
            return "too_large";
        default:
            return "unreadable_input";
    }
}

/// The entry's kind when it is not a file ingest opens: a folder is not walked (pages belong
/// in the case folder itself), a symlink is not followed (it could point anywhere on the machine).
bool TryRefuseByKind(const fs::path& path, std::string& code, std::string& why) {
    switch (KindOf(path)) {
        case EntryKind::Symlink:
            code = "symlink_not_followed";
            why = "it is a symbolic link, which is never followed";
            return true;
        case EntryKind::Folder:
            code = "subfolder_not_read";
            why = "it is a folder; files in folders inside a case folder are not read";
            return true;
        case EntryKind::Other:
            code = "not_a_regular_file";
            why = "it is not a regular file (a FIFO, socket or device)";
            return true;
        default:
            return false;
    }
}

/// A page decoded larger than a page keeps is reduced (area-averaged) before anything else holds
/// it; its resolution goes down with it, and its JPEG bytes no longer show these pixels.
void ReduceToKeptSize(DecodedPage& page, std::uint64_t maxPixels) {
    const double pixels = double(page.pixels.cols) * double(page.pixels.rows);
    if (pixels <= double(maxPixels) || maxPixels == 0) return;
    const double scale = std::sqrt(double(maxPixels) / pixels);
    const cv::Size size(std::max(1, int(page.pixels.cols * scale)),
                        std::max(1, int(page.pixels.rows * scale)));
    if (page.fullSize.empty()) page.fullSize = page.pixels.size();
    cv::Mat reduced;
    cv::resize(page.pixels, reduced, size, 0, 0, cv::INTER_AREA);
    page.dpi *= double(size.width) / page.pixels.cols;
    page.pixels = reduced;  // the full-size pixels go now, not with the page
    page.passThroughJpeg.clear();
}

std::string FormatSeconds(double seconds) {
    std::ostringstream out;
    out << seconds;
    return out.str();
}

std::uint64_t PixelsOf(const Page& page) {
    const cv::Size size = page.OriginalSize();
    return std::uint64_t(size.width) * std::uint64_t(size.height);
}

}  // namespace

std::vector<fs::path> ListPackageEntries(const fs::path& caseDir) {
    std::error_code ec;
    fs::directory_iterator it(caseDir, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    "cannot list case folder " + caseDir.string() + ": " + ec.message());
    std::vector<fs::path> files;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) throw Error(ErrorCode::Io, "cannot list case folder " + caseDir.string());
        if (RoleInPackage(it->path().filename().string()) != PackageRole::Document) continue;
        files.push_back(it->path());
    }
    if (ec) throw Error(ErrorCode::Io, "cannot list case folder " + caseDir.string());
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return NaturalLess(a.filename().string(), b.filename().string());
    });
    return files;
}

namespace {

/// A decoded page as the case keeps it: reduced to what a page keeps, with a note when it was.
Page KeptPage(DecodedPage& d, const std::string& name, ImageFormat format,
              const std::string& fileSha256, const IngestOptions& options) {
    Page page;
    page.file = name;
    page.pageInFile = d.pageInFile;
    page.sourceFormat = ToString(format);
    page.sha256 = d.sha256.empty() ? fileSha256 : d.sha256;
    ReduceToKeptSize(d, options.maxKeptPixels);
    if (options.grayOnly && d.pixels.channels() == 3)
        cv::cvtColor(d.pixels, d.pixels, cv::COLOR_BGR2GRAY);
    page.original = std::move(d.pixels);
    if (!options.grayOnly) page.passThroughJpeg = std::move(d.passThroughJpeg);
    page.dpi = d.dpi;
    if (!d.fullSize.empty())
        page.issues.push_back(
            Issue{Severity::Info, "page_reduced",
                  "the page's " + std::to_string(d.fullSize.width) + " x " +
                      std::to_string(d.fullSize.height) + " pixels were reduced to " +
                      std::to_string(page.original.cols) + " x " +
                      std::to_string(page.original.rows) + " on reading (more than the " +
                      std::to_string(options.maxKeptPixels) + " a page keeps)",
                  "", name, d.pageInFile});
    return page;
}

/// Decoders report bad content as failures; anything thrown is a library surprise (e.g. out of
/// memory on a hostile file), which must not stop the case either: `threw` says the pages given
/// to `keep` so far are not to be trusted.
DecodedFile DecodeGuarded(const std::string& bytes, ImageFormat format,
                          const IngestOptions& options, const PageSink& keep, bool& threw) {
    DecodedFile decoded;
    threw = false;
    try {
        decoded = Decode(bytes, format, options, keep);
    } catch (const std::exception& e) {
        threw = true;
        decoded.failures = {{0, std::string("the decoder failed (") + e.what() + ")"}};
    } catch (...) {
        threw = true;
        decoded.failures = {{0, "the decoder failed"}};
    }
    return decoded;
}

/// Decoded, but the decoder had to guess (data cut short, corrupt entropy codes): the page may
/// show grey where content was; a person must look.
void ReportDamagedPages(IngestResult& result, const std::string& name,
                        const std::vector<std::pair<int, std::string>>& warnings, bool multiPage) {
    for (const auto& [pageInFile, warning] : warnings)
        result.issues.push_back(
            Issue{Severity::Warning, "damaged_input",
                  "\"" + name + "\"" +
                      (multiPage ? " page " + std::to_string(pageInFile) : std::string()) +
                      " is damaged and may be incomplete: " + warning + ".",
                  "", name, multiPage ? pageInFile : 0});
}

}  // namespace

void IngestFile(const fs::path& path, const std::string& rawName, const IngestOptions& options,
                IngestResult& result, bool parkPages) {
    InputFile input;
    const std::string name = ValidUtf8(rawName);
    input.name = name;
    if (name != rawName) input.nameEscaped = EscapeInvalidUtf8(rawName);
    std::string bytes, why, refusalCode;
    DecodedFile decoded;
    ImageFormat format = ImageFormat::Unknown;
    std::vector<Page> pages;
    std::vector<std::pair<int, std::string>> warnings;  // page in file, the decoder's complaint
    // Each page becomes a Page as soon as it is decoded, reduced to what a page keeps and (in a
    // case) parked before the next one is decoded: a file of many pages holds one at a time.
    const PageSink keep = [&](DecodedPage& d) {
        Page page = KeptPage(d, name, format, input.sha256, options);
        if (!d.warning.empty()) warnings.emplace_back(d.pageInFile, d.warning);
        if (parkPages) page.Park();
        pages.push_back(std::move(page));
    };
    if (TryRefuseByKind(path, refusalCode, why)) {
        decoded.failures.push_back({0, why});
    } else if (const ReadRefusal refusal =
                   TryReadRegularFile(path, options.maxFileBytes, bytes, input.bytes, why);
               refusal != ReadRefusal::None) {
        refusalCode = CodeFor(refusal);
        decoded.failures.push_back({0, why});
    } else {
        input.sha256 = Sha256Hex(bytes);
        format = SniffFormat(bytes);
        if (bytes.empty()) {
            decoded.failures.push_back({0, "the file is empty (0 bytes)"});
        } else {
            bool threw = false;
            decoded = DecodeGuarded(bytes, format, options, keep, threw);
            if (threw) {
                pages.clear();
                warnings.clear();
            }
            if (pages.empty() && decoded.failures.empty())
                decoded.failures.push_back({0, "no page could be read from it"});
        }
    }
    ReportDamagedPages(result, name, warnings, pages.size() > 1);
    for (Page& page : pages) result.pages.push_back(std::move(page));
    for (const PageFailure& failure : decoded.failures)
        result.issues.push_back(Unreadable(name, failure.page, failure.reason,
                                           !refusalCode.empty() ? refusalCode
                                           : failure.overBudget ? "over_budget"
                                                                : "unreadable_input"));
    input.pageCount = static_cast<int>(pages.size());
    input.readable = input.pageCount > 0;
    result.inputs.push_back(std::move(input));
}

IngestResult IngestCase(const fs::path& caseDir, const IngestOptions& options) {
    IngestResult result;
    std::uint64_t pixels = 0;
    const auto started = std::chrono::steady_clock::now();
    for (const fs::path& path : ListPackageEntries(caseDir)) {
        // The case's budgets narrow each file's: what earlier files used is no longer there.
        IngestOptions fileOptions = options;
        const int pagesLeft = options.maxPagesPerCase - static_cast<int>(result.pages.size());
        const std::uint64_t pixelsLeft =
            pixels < options.maxPixelsPerCase ? options.maxPixelsPerCase - pixels : 0;
        const double secondsLeft =
            options.maxSecondsPerCase -
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fileOptions.maxPagesPerFile = std::min(options.maxPagesPerFile, pagesLeft);
        fileOptions.maxPixelsPerFile = std::min(options.maxPixelsPerFile, pixelsLeft);
        fileOptions.maxSecondsPerFile = std::min(options.maxSecondsPerFile, secondsLeft);
        // An entry that is not a file to read (a symlink, a FIFO, a folder) is refused for what
        // it is, budget or not: that is the reason a reviewer needs.
        const bool budgetSpent = pagesLeft <= 0 || pixelsLeft == 0 || secondsLeft <= 0;
        if (budgetSpent && KindOf(path) == EntryKind::RegularFile) {
            InputFile input;
            input.name = ValidUtf8(path.filename().string());
            if (input.name != path.filename().string())
                input.nameEscaped = EscapeInvalidUtf8(path.filename().string());
            input.readable = false;
            result.issues.push_back(Unreadable(
                input.name, 0,
                pagesLeft <= 0 ? "the case already has " + std::to_string(result.pages.size()) +
                                     " pages, the limit per case (not read)"
                : pixelsLeft == 0
                    ? "the case's budget of " + std::to_string(options.maxPixelsPerCase) +
                          " decoded pixels is spent (not read)"
                    : "the case's " + FormatSeconds(options.maxSecondsPerCase) +
                          " s for decoding its files are spent (not read)",
                "over_budget"));
            result.inputs.push_back(std::move(input));
            continue;
        }
        const size_t first = result.pages.size();
        IngestFile(path, path.filename().string(), fileOptions, result, true);
        for (size_t i = first; i < result.pages.size(); ++i) pixels += PixelsOf(result.pages[i]);
    }
    return result;
}

}  // namespace dossier
