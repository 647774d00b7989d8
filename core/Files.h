// File helpers every stage needs: whole-file reads with a size cap, hashing, atomic writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dossier {

/// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

/// Reads a whole file; throws Error(Io) when it cannot, or when it is larger than `maxBytes`.
std::string ReadFileBytes(const std::filesystem::path& path,
                          std::uintmax_t maxBytes = std::uintmax_t(1) << 31);

/// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs
/// the folder, so readers see the old file or the whole new one, never a part. Mode 0640: case
/// files hold personal data and must not be world-readable. Throws Error(Io).
void WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes);

/// A temporary path beside `path` that WriteFileAtomic-style writers may fill and then
/// CommitTempFile; unique per process and thread.
std::filesystem::path TempPathFor(const std::filesystem::path& path);

/// fsyncs `temp`, sets mode 0640, renames it to `path` and fsyncs the folder. Throws Error(Io).
void CommitTempFile(const std::filesystem::path& temp, const std::filesystem::path& path);

}  // namespace dossier
