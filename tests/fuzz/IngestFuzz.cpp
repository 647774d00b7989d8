// libFuzzer target: arbitrary bytes as a case file through IngestFile, with small caps.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>

#include "ingest/Ingest.h"

namespace {

const std::filesystem::path& InputPath() {
    static const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                              ("dossier-ingest-fuzz-" + std::to_string(::getpid()));
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    {
        std::ofstream out(InputPath(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    dossier::IngestOptions options;
    options.maxFileBytes = 1 << 20;
    options.maxPixels = 4'000'000;
    options.maxKeptPixels = 1'000'000;
    options.maxPagesPerFile = 4;
    options.pdfRenderDpi = 36;
    dossier::IngestResult result;
    dossier::IngestFile(InputPath(), "fuzz.bin", options, result);

    // Invariants the pipeline relies on; a violation is a bug, not bad input.
    if (result.inputs.size() != 1) std::abort();
    const dossier::InputFile& input = result.inputs[0];
    if (input.readable != !result.pages.empty()) std::abort();
    if (!input.readable && result.issues.empty()) std::abort();
    if (input.pageCount != static_cast<int>(result.pages.size())) std::abort();
    for (const dossier::Page& page : result.pages) {
        const int type = page.original.type();
        if (page.original.empty() || (type != CV_8UC1 && type != CV_8UC3)) std::abort();
        if (std::uint64_t(page.original.total()) > options.maxKeptPixels) std::abort();
        if (page.sha256.size() != 64) std::abort();
        // A parked page (its JPEG, or its pixels deflated) must come back bit for bit.
        dossier::Page parked = page;
        parked.original = page.original.clone();
        parked.Park();
        parked.Unpark();
        if (parked.original.size() != page.original.size() ||
            parked.original.type() != page.original.type() ||
            cv::norm(parked.original, page.original, cv::NORM_INF) != 0)
            std::abort();
    }
    for (const dossier::Issue& issue : result.issues)
        if (!dossier::IsInputIssue(issue.code) || issue.message.empty()) std::abort();
    return 0;
}
