// Ingest: every file of a case folder becomes pages of decoded pixels, or an unreadable_input issue.
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
    /// Pages whose header declares more pixels than this are refused before decoding (default: 150 MP)
    std::uint64_t maxPixels = 150'000'000;
    /// Pages per file at most; the rest are reported, never silently dropped (default: 500)
    int maxPagesPerFile = 500;
    /// Resolution for rendering born-digital PDF pages (default: 300)
    double pdfRenderDpi = 300;
};

struct IngestResult {
    std::vector<InputFile> inputs;  ///< every file considered, in package order
    std::vector<Page> pages;        ///< every page read, in package order
    std::vector<Issue> issues;      ///< one unreadable_input (or similar) per file that failed
};

/// The case's files in package order: names sorted naturally, hidden files, case.yaml, READY and
/// anything that is not a regular file (symlinks, FIFOs, devices, folders) left out.
std::vector<std::filesystem::path> ListPackageFiles(const std::filesystem::path& caseDir);

/// Reads one file into pages. `name` is the file's name relative to the case folder.
/// Problems with the file become issues in `result`; never throws for bad content.
void IngestFile(const std::filesystem::path& path, const std::string& name,
                const IngestOptions& options, IngestResult& result);

/// Reads every package file of `caseDir` (ListPackageFiles order).
IngestResult IngestCase(const std::filesystem::path& caseDir, const IngestOptions& options = {});

}  // namespace dossier
