// libFuzzer target: arbitrary bytes after a TIFF header through DecodeImageFile, with small caps.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "image/Decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    // Every input is a TIFF: the first bytes choose the byte order and classic or BigTIFF.
    std::string bytes(size > 0 && (data[0] & 1) ? "MM\0*" : "II*\0", 4);
    if (size > 0 && (data[0] & 2)) bytes[bytes[0] == 'M' ? 3 : 2] = '+';
    bytes.append(reinterpret_cast<const char*>(data), size);
    dossier::DecodeLimits limits;
    limits.maxPixels = 2'000'000;
    limits.maxPixelsPerFile = 4'000'000;
    limits.maxPagesPerFile = 8;
    limits.maxSecondsPerFile = 2;
    const dossier::DecodedFile file =
        dossier::DecodeImageFile(bytes, dossier::ImageFormat::Tiff, limits);
    std::uint64_t pixels = 0;
    for (const dossier::DecodedPage& page : file.pages) {
        const int type = page.pixels.type();
        if (page.pixels.empty() || (type != CV_8UC1 && type != CV_8UC3)) std::abort();
        pixels += page.pixels.total();
    }
    if (pixels > limits.maxPixelsPerFile || file.pages.size() > 8) std::abort();
    return 0;
}
