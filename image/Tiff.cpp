// Walks a TIFF's directories with libtiff's client I/O, reading from memory or from a file, then
// decodes its pages with Leptonica.
#include "image/Tiff.h"

#include <leptonica/allheaders.h>
#include <tiffio.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "image/Leptonica.h"
#include "image/Pixels.h"

namespace dossier {

namespace {

/// Largest single allocation libtiff may make while reading directories: a hostile directory may
/// declare millions of strips (default libtiff has no such cap).
constexpr tmsize_t kMaxDirectoryAllocation = 256 << 20;

struct Source {
    const ReadBytesAt* read;
    std::uint64_t size;
    std::uint64_t position = 0;
};

tmsize_t ReadProc(thandle_t handle, void* into, tmsize_t size) {
    auto* source = static_cast<Source*>(handle);
    if (size <= 0 || source->position >= source->size) return 0;
    const std::size_t wanted =
        std::min<std::uint64_t>(static_cast<std::uint64_t>(size), source->size - source->position);
    const std::size_t got = (*source->read)(source->position, static_cast<char*>(into), wanted);
    source->position += got;
    return static_cast<tmsize_t>(got);
}

tmsize_t WriteProc(thandle_t, void*, tmsize_t) {
    return 0;
}

toff_t SeekProc(thandle_t handle, toff_t offset, int whence) {
    auto* source = static_cast<Source*>(handle);
    std::uint64_t base = 0;
    if (whence == SEEK_CUR) base = source->position;
    if (whence == SEEK_END) base = source->size;
    source->position = base + offset;
    return source->position;
}

int CloseProc(thandle_t) {
    return 0;
}

toff_t SizeProc(thandle_t handle) {
    return static_cast<Source*>(handle)->size;
}

int MapProc(thandle_t, void**, toff_t*) {
    return 0;
}

void UnmapProc(thandle_t, void*, toff_t) {}

/// libtiff's complaints are about the file, already summed up in our own words: kept off stderr.
int Silence(TIFF*, void*, const char*, const char*, va_list) {
    return 1;
}

struct TiffCloser {
    void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};

struct OptionsFree {
    void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};

TiffPage DescribeDirectory(TIFF* tiff, std::uint64_t fileSize) {
    TiffPage page;
    page.directoryOffset = TIFFCurrentDirOffset(tiff);
    TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &page.width);
    TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &page.height);
    float resolution = 0;
    std::uint16_t unit = RESUNIT_INCH;
    if (TIFFGetField(tiff, TIFFTAG_XRESOLUTION, &resolution) && resolution > 0) {
        TIFFGetFieldDefaulted(tiff, TIFFTAG_RESOLUTIONUNIT, &unit);
        if (unit == RESUNIT_INCH) page.dpi = resolution;
        if (unit == RESUNIT_CENTIMETER) page.dpi = resolution * 2.54;
    }
    if (page.width == 0 || page.height == 0) {
        page.problem = "the page does not declare its width and height";
        return page;
    }
    const bool tiled = TIFFIsTiled(tiff);
    const std::uint32_t count = tiled ? TIFFNumberOfTiles(tiff) : TIFFNumberOfStrips(tiff);
    std::uint64_t* offsets = nullptr;
    std::uint64_t* lengths = nullptr;
    if (count == 0 ||
        !TIFFGetField(tiff, tiled ? TIFFTAG_TILEOFFSETS : TIFFTAG_STRIPOFFSETS, &offsets) ||
        !TIFFGetField(tiff, tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS, &lengths) ||
        !offsets || !lengths) {
        page.problem = "the page's strip or tile table is missing or corrupt";
        return page;
    }
    for (std::uint32_t i = 0; i < count; ++i)
        if (offsets[i] > fileSize || lengths[i] > fileSize - offsets[i]) {
            page.problem = "the page's image data runs past the end of the file (truncated)";
            break;
        }
    return page;
}

/// Reads `bytes`, a whole file held in memory, as libtiff's procedures ask.
ReadBytesAt ReaderOf(std::string_view bytes) {
    return [bytes](std::uint64_t offset, char* into, std::size_t size) {
        if (offset >= bytes.size()) return std::size_t{0};
        const std::size_t n = std::min<std::size_t>(size, bytes.size() - offset);
        std::memcpy(into, bytes.data() + offset, n);
        return n;
    };
}

/// libtiff reading through `source`, quietly and with its allocations capped; null when the
/// header or first directory does not read.
std::unique_ptr<TIFF, TiffCloser> OpenTiff(Source& source) {
    std::unique_ptr<TIFFOpenOptions, OptionsFree> options(TIFFOpenOptionsAlloc());
    TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), kMaxDirectoryAllocation);
    TIFFOpenOptionsSetErrorHandlerExtR(options.get(), Silence, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(options.get(), Silence, nullptr);
    // "r": read; "m": no memory mapping (the procedures read on demand).
    return std::unique_ptr<TIFF, TiffCloser>(
        TIFFClientOpenExt("tiff", "rm", &source, ReadProc, WriteProc, SeekProc, CloseProc, SizeProc,
                          MapProc, UnmapProc, options.get()));
}

/// The page whose directory is at `dir.directoryOffset`, read by libtiff straight into the image
/// when it is what scanners write: 8-bit gray (black is 0) or RGB, samples interleaved, in strips,
/// upright. Leptonica's general reader takes every page through 32-bit RGBA, which cost a 300 dpi
/// colour scan more than its LZW decoding. Nullopt for any other page, or when its data does not
/// decode: Leptonica then reads it, or says why not.
std::optional<cv::Mat> ReadPlainPage(std::string_view bytes, const TiffPage& dir) {
    const ReadBytesAt read = ReaderOf(bytes);
    Source source{&read, bytes.size()};
    const std::unique_ptr<TIFF, TiffCloser> tiff = OpenTiff(source);
    if (!tiff || !TIFFSetSubDirectory(tiff.get(), dir.directoryOffset) || TIFFIsTiled(tiff.get()))
        return std::nullopt;
    std::uint16_t bits = 0, samples = 0, planar = 0, orientation = 0, photometric = 0;
    TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_ORIENTATION, &orientation);
    const bool plain = TIFFGetField(tiff.get(), TIFFTAG_PHOTOMETRIC, &photometric) && bits == 8 &&
                       planar == PLANARCONFIG_CONTIG && orientation == ORIENTATION_TOPLEFT &&
                       ((samples == 1 && photometric == PHOTOMETRIC_MINISBLACK) ||
                        (samples == 3 && photometric == PHOTOMETRIC_RGB));
    std::uint32_t rowsPerStrip = 0;
    TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_ROWSPERSTRIP, &rowsPerStrip);
    if (!plain || rowsPerStrip == 0) return std::nullopt;
    cv::Mat image(int(dir.height), int(dir.width), CV_8UC(samples));
    const std::size_t rowBytes = std::size_t(dir.width) * samples;
    const std::uint32_t strips = TIFFNumberOfStrips(tiff.get());
    for (std::uint32_t row = 0, strip = 0; row < dir.height; row += rowsPerStrip, ++strip) {
        const std::uint32_t rows = std::min(rowsPerStrip, dir.height - row);
        const auto wanted = static_cast<tmsize_t>(rows * rowBytes);
        if (strip >= strips ||
            TIFFReadEncodedStrip(tiff.get(), strip, image.ptr(int(row)), wanted) != wanted)
            return std::nullopt;
    }
    if (samples == 3) cv::cvtColor(image, image, cv::COLOR_RGB2BGR);
    return image;
}

}  // namespace

std::optional<TiffStructure> ReadTiffPages(const ReadBytesAt& read, std::uint64_t fileSize,
                                           std::size_t maxPages, std::string& why) {
    Source source{&read, fileSize};
    const std::unique_ptr<TIFF, TiffCloser> tiff = OpenTiff(source);
    if (!tiff) {
        why = "the TIFF header or its first directory is truncated or corrupt";
        return std::nullopt;
    }
    TiffStructure structure;
    while (true) {
        structure.pages.push_back(DescribeDirectory(tiff.get(), fileSize));
        if (structure.pages.size() >= maxPages || TIFFLastDirectory(tiff.get())) break;
        // A directory that does not read (a broken link, a loop, which libtiff detects) ends the
        // chain: the pages before it are kept.
        if (!TIFFReadDirectory(tiff.get())) {
            structure.chainBroken = true;
            break;
        }
    }
    return structure;
}

std::optional<TiffStructure> ReadTiffPages(std::string_view bytes, std::size_t maxPages,
                                           std::string& why) {
    const ReadBytesAt read = ReaderOf(bytes);
    return ReadTiffPages(read, bytes.size(), maxPages, why);
}

DecodedFile DecodeTiff(std::string_view bytes, const DecodeLimits& limits, const PageSink& sink) {
    QuietLeptonica();
    DecodedFile file;
    const size_t maxPages = static_cast<size_t>(std::max(limits.maxPagesPerFile, 1));
    std::string why;
    // One directory past the cap tells whether pages were left out.
    std::optional<TiffStructure> found = ReadTiffPages(bytes, maxPages + 1, why);
    if (!found) {
        file.failures.push_back({0, why});
        return file;
    }
    std::vector<TiffPage>& dirs = found->pages;
    const bool capped = dirs.size() > maxPages;
    if (capped) dirs.resize(maxPages);
    const bool multiPage = dirs.size() > 1 || capped;  // a page, not the whole file
    FileBudget budget(limits);
    for (size_t i = 0; i < dirs.size(); ++i) {
        const int pageNo = static_cast<int>(i) + 1;
        const TiffPage& dir = dirs[i];
        if (!dir.problem.empty()) {
            file.failures.push_back({pageNo, dir.problem});
            continue;
        }
        if (!budget.HasTimeLeft(why)) {
            file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
            return file;
        }
        if (!CheckDimensions(dir.width, dir.height, limits, why)) {
            file.failures.push_back({pageNo, why});
            continue;
        }
        if (!budget.TryTake(std::uint64_t{dir.width} * dir.height, why)) {
            file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
            return file;
        }
        std::optional<cv::Mat> mat = ReadPlainPage(bytes, dir);
        // Leptonica reads the directory at this byte offset (0 = the first one).
        size_t offset = i == 0 ? 0 : static_cast<size_t>(dir.directoryOffset);
        PIX* pix = mat ? nullptr
                       : pixReadMemFromMultipageTiff(reinterpret_cast<const l_uint8*>(bytes.data()),
                                                     bytes.size(), &offset);
        if (pix) {
            if (std::uint64_t(pixGetWidth(pix)) == dir.width &&
                std::uint64_t(pixGetHeight(pix)) == dir.height)
                mat = PixToMat(pix);
            pixDestroy(&pix);
        }
        if (!mat || mat->empty()) {
            file.failures.push_back(
                {pageNo, "its image data is corrupt or uses an unsupported compression"});
            continue;
        }
        DecodedPage page;
        page.pageInFile = pageNo;
        page.pixels = std::move(*mat);
        page.dpi = TrustedDpi(dir.dpi, limits);
        if (multiPage) page.sha256 = PixelSha256(page.pixels);
        file.Add(std::move(page), sink);
    }
    if (capped)
        file.failures.push_back({static_cast<int>(maxPages) + 1,
                                 "the TIFF has more than " + std::to_string(maxPages) +
                                     " pages, the limit for this file (per file, and what is left "
                                     "of the pages per case); this page and the rest were not read",
                                 true});
    return file;
}

}  // namespace dossier
