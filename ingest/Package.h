// The one rule for what the entries of a case folder are to its package, and what can be told of
// a package's file from its structure alone (whether it is fully written, how many pages it has),
// for `batch` and `watch`, which must decide before ingest reads it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// Name of the manifest file in a case folder.
inline constexpr std::string_view kManifestName = "case.yaml";
/// Name of the marker a scanning station writes when it has finished writing the package.
inline constexpr std::string_view kReadyMarkerName = "READY";

enum class PackageRole {
    Document,     ///< a file ingest reads as pages (or reports as unreadable)
    Manifest,     ///< case.yaml
    ReadyMarker,  ///< READY: says the package is complete, is not part of it
    Ignored,      ///< hidden names (".*"): temporary files of copying tools, never read
};

/// What an entry is to the package, by its name alone.
PackageRole RoleInPackage(std::string_view name);

/// The files that make up a package's content: regular (not symlinked) documents and the
/// manifest, sorted by name. Two packages with the same names and bytes here are the same package.
std::vector<std::filesystem::path> ListContentFiles(const std::filesystem::path& caseDir);

/// SHA-256 over the names and contents of ListContentFiles: equal hashes mean equal packages.
/// Throws Error(Io) when a file cannot be read.
std::string HashPackage(const std::filesystem::path& caseDir);

/// False while `file` still looks partly written: an image or PDF without its end marker, a TIFF
/// whose directories or image data point past the end, an empty file, a case.yaml that does not
/// parse. Formats are told by their bytes; a format it does not know is taken as complete.
bool IsFileComplete(const std::filesystem::path& file);

/// Pages `file` will probably yield, from its structure: a TIFF's directories, a PDF's page count,
/// one for any other file, none for the manifest. For progress totals only.
int EstimateFilePages(const std::filesystem::path& file);

}  // namespace dossier
