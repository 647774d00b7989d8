// Ingest: every file of a case folder becomes pages of decoded pixels, or an unreadable_input
// issue.
//
// Formats are told by their magic bytes, never by the file name: JPEG, PNG, TIFF (every page),
// BMP, WebP, PDF and HEIC/HEIF (when built with libheif). Headers are checked against the caps
// before any pixel is decoded, so truncated files and decompression bombs cost nothing.
//
// Page::sha256 is the SHA-256 of the whole file for single-page images; for a page of a
// multi-page TIFF it is the hash of the page's pixels as a binary PGM/PPM (see PixelSha256); for a
// PDF page it is the hash of the embedded JPEG when that passes through, else of the rendered
// pixels as PGM/PPM. InputFile::sha256 is always the hash of the whole file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/Case.h"
#include "core/Issue.h"
#include "core/Page.h"

namespace dossier {

struct IngestOptions {
    /// Files larger than this are refused without being read (default: 200 MiB)
    std::uintmax_t maxFileBytes = 200ull << 20;
    /// Pages whose header declares more pixels than this are refused before decoding (default:
    /// 150 MP)
    std::uint64_t maxPixels = 150'000'000;
    /// Pages per file at most; the rest are reported, never silently dropped (default: 500)
    int maxPagesPerFile = 500;
    /// Resolution for rendering born-digital PDF pages (default: 300)
    double pdfRenderDpi = 300;
    /// Resolutions below this in metadata count as absent: cameras and editors write 72 or 96
    /// when they know nothing (default: 100)
    double minTrustedDpi = 100;
};

struct IngestResult {
    std::vector<InputFile> inputs;  ///< every file considered, in package order
    std::vector<Page> pages;        ///< every page read, in package order
    std::vector<Issue> issues;      ///< unreadable_input errors, one per failed file or page
};

/// The case's files in package order: names sorted naturally ("scan_2" before "scan_10"), hidden
/// files, case.yaml, READY and anything that is not a regular file (symlinks, FIFOs, devices,
/// folders) left out. Throws Error(Io) when the folder cannot be listed.
std::vector<std::filesystem::path> ListPackageFiles(const std::filesystem::path& caseDir);

/// Reads one file into pages. `name` is the file's name relative to the case folder.
/// Problems with the file become issues in `result` and the InputFile is marked unreadable when
/// no page could be read; never throws for bad content. Only regular files are opened (a FIFO
/// would block, a symlink could point outside the case).
void IngestFile(const std::filesystem::path& path, const std::string& name,
                const IngestOptions& options, IngestResult& result);

/// Reads every package file of `caseDir` (ListPackageFiles order).
IngestResult IngestCase(const std::filesystem::path& caseDir, const IngestOptions& options = {});

}  // namespace dossier
