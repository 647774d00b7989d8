// Ingest: every file of a case folder becomes pages of decoded pixels, or an unreadable_input
// issue.
//
// Formats are told by their magic bytes, never by the file name: JPEG, PNG, TIFF (every page),
// BMP, WebP, PDF and HEIC/HEIF (when built with libheif). Headers are checked against the caps
// before any pixel is decoded, so truncated files and decompression bombs cost nothing.
//
// Page::sha256 is the SHA-256 of the whole file for single-page images; for a page of a
// multi-page TIFF it is the hash of the page's pixels as a binary PGM/PPM (see PixelSha256 in
// image/Pixels.h); for a PDF page it is the hash of the embedded JPEG when that passes through,
// else of the rendered pixels as PGM/PPM. InputFile::sha256 is always the hash of the whole file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/Case.h"
#include "core/Issue.h"
#include "core/Page.h"
#include "image/Decode.h"

namespace dossier {

/// Ingest's limits: those of the image decoders (DecodeLimits, per page and per file) and those of
/// ingest itself (per case, file size, PDF, case.yaml). Per file, a decoder is given what is left
/// of the case's budgets.
struct IngestOptions : DecodeLimits {
    /// Files larger than this are refused without being read (default: 200 MiB)
    std::uintmax_t maxFileBytes = 200ull << 20;
    /// Pages per case at most, over all its files; the rest are reported (default: 1000)
    int maxPagesPerCase = 1000;
    /// Decoded pixels per case at most, over all its files (default: 800 MP)
    std::uint64_t maxPixelsPerCase = 800'000'000;
    /// Seconds all files of a case may spend decoding; each file has what is left of it, and a
    /// file reached when it is spent is reported, not read (default: 40)
    double maxSecondsPerCase = 40;
    /// Dictionary nesting depth of a PDF at most, checked before PoDoFo parses it (its parser
    /// recurses once per level) (default: 256)
    int maxPdfNesting = 256;
    /// Content-stream operators a PDF page may have to be rendered; more is refused, as drawing
    /// them takes minutes (default: 2000000)
    long maxPdfOperators = 2'000'000;
    /// Bytes of case.yaml at most; a larger manifest is not read (default: 64 KiB)
    std::uintmax_t maxManifestBytes = 64 << 10;
    /// Resolution for rendering born-digital PDF pages (default: 300)
    double pdfRenderDpi = 300;
};

struct IngestResult {
    std::vector<InputFile> inputs;  ///< every file considered, in package order
    std::vector<Page> pages;        ///< every page read, in package order
    /// Input issues (IsInputIssue), one per failed entry or page; a page reduced on reading
    /// carries its page_reduced note in its own Page::issues
    std::vector<Issue> issues;
};

/// The case folder's entries in package order: names sorted naturally ("scan_2" before
/// "scan_10"); hidden names, case.yaml and READY left out. Every other entry is listed, whatever
/// it is (symlink, folder, FIFO, device), so that ingest can account for it. Throws Error(Io) when
/// the folder cannot be listed.
std::vector<std::filesystem::path> ListPackageEntries(const std::filesystem::path& caseDir);

/// Reads one entry into pages. `name` is the entry's name relative to the case folder, as bytes;
/// reports show it as valid UTF-8. Problems become issues in `result` and the InputFile is marked
/// unreadable when no page could be read; never throws for bad content. Only regular files are
/// opened (a FIFO would block, a symlink could point outside the case). With `parkPages` each
/// page is parked (Page::Park) as soon as it is read, before the next one is decoded.
void IngestFile(const std::filesystem::path& path, const std::string& name,
                const IngestOptions& options, IngestResult& result, bool parkPages = false);

/// Reads every entry of `caseDir` (ListPackageEntries order), within the options' page and
/// pixel budgets per case. Each page is parked (Page::Park) as soon as it is read, so that a
/// case holds one decoded page here, however many it has.
IngestResult IngestCase(const std::filesystem::path& caseDir, const IngestOptions& options = {});

}  // namespace dossier
