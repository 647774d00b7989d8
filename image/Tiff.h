// TIFF and BigTIFF input files, the multi-page format of office scanners. Their structure is read
// through libtiff without decoding pixels: every page's size and resolution are known before any
// page is decoded, and a file whose directories or image data point past its end (truncated, or
// still being written) is told apart. Leptonica then decodes the pages one by one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/Decode.h"

namespace dossier {

/// One page (image file directory) of a TIFF.
struct TiffPage {
    std::uint64_t directoryOffset = 0;  ///< where its directory starts in the file
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    double dpi = 0;       ///< XResolution in pixels per inch; 0 when absent
    std::string problem;  ///< non-empty: the page cannot be read, and why
};

/// What libtiff read of a TIFF's chain of directories.
struct TiffStructure {
    std::vector<TiffPage> pages;
    /// The chain stopped at a directory that does not read (a link past the end of the file, a
    /// loop): the file is truncated or still being written
    bool chainBroken = false;
};

/// Copies up to `size` bytes from `offset` of the file into `into`; returns how many it copied.
using ReadBytesAt = std::function<std::size_t(std::uint64_t offset, char* into, std::size_t size)>;

/// The pages of a TIFF of `fileSize` bytes, read with `read`, at most `maxPages` of them. nullopt
/// with `why` set when the header or the first directory cannot be read. A directory chain that
/// breaks (or loops) after good pages ends the list there (chainBroken); a page whose strips or
/// tiles run past the end of the file is listed with its problem.
std::optional<TiffStructure> ReadTiffPages(const ReadBytesAt& read, std::uint64_t fileSize,
                                           std::size_t maxPages, std::string& why);

/// The same for a TIFF held in memory.
std::optional<TiffStructure> ReadTiffPages(std::string_view bytes, std::size_t maxPages,
                                           std::string& why);

/// Decodes every page of a TIFF held in memory, at most limits.maxPagesPerFile of them (the
/// pages past the cap, the pixel budget or the time are reported as failures); pages go to `sink`
/// when one is given. A page of a file of several pages carries the hash of its pixels. Never
/// throws for bad content.
DecodedFile DecodeTiff(std::string_view bytes, const DecodeLimits& limits, const PageSink& sink);

}  // namespace dossier
