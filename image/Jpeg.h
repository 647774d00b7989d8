// JPEG input files. A JPEG from a scanner or a phone is checked before libjpeg decodes it (cut
// short, thousands of scans, colour components, EXIF orientation and resolution), decoded reduced
// when it is huge, and kept as its own bytes when a PDF can show them as they are. The libjpeg
// codec itself is core/JpegCodec.h: parked pages and the case file use it too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "image/Decode.h"
#include "image/Sniff.h"

namespace dossier {

/// Reads and checks a JPEG's header (TryReadImageHeader for ImageFormat::Jpeg).
std::optional<ImageHeader> ReadJpegHeader(std::string_view bytes, std::string& why);

/// The DCT scaling (1, 2, 4 or 8) that brings a `width` x `height` JPEG within `maxPixels`, or
/// as near as libjpeg can (8).
int JpegReduction(std::uint64_t width, std::uint64_t height, std::uint64_t maxPixels);

/// Decodes one JPEG, reduced by DCT scaling to limits.maxKeptPixels when it is larger (then
/// without passThroughJpeg, and with fullSize set). `applyExifOrientation` is false for JPEGs
/// embedded in PDFs, whose viewers ignore EXIF. Returns false with `why` set instead of throwing.
bool TryDecodeJpeg(std::string_view bytes, const DecodeLimits& limits, bool applyExifOrientation,
                   DecodedPage& page, std::string& why);

}  // namespace dossier
