// libFuzzer target: arbitrary bytes as a PDF through DecodePdf, with small caps. Pages come back
// within the caps or as failures; nothing may crash, hang past the time budget or throw.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/PdfPages.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    dossier::IngestOptions options;
    options.maxPixels = 2'000'000;
    options.maxPixelsPerFile = 4'000'000;
    options.maxPagesPerFile = 3;
    options.pdfRenderDpi = 36;
    options.maxSecondsPerFile = 2;
    options.maxPdfOperators = 100'000;
    const dossier::DecodedFile file =
        dossier::DecodePdf(std::string_view(reinterpret_cast<const char*>(data), size), options);
    for (const dossier::DecodedPage& page : file.pages) {
        const int type = page.pixels.type();
        if (page.pixels.empty() || (type != CV_8UC1 && type != CV_8UC3)) std::abort();
        if (std::uint64_t(page.pixels.total()) > options.maxPixels) std::abort();
    }
    return 0;
}
