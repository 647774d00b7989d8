// File helpers every stage needs: whole-file reads with a size cap, hashing, atomic writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dossier {

/// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

/// Lower-case hex SHA-256 of a file's bytes, streamed (a 200 MB scan is not held in memory).
/// Symlinks are not followed. Throws Error(Io) when it cannot be read.
std::string Sha256OfFile(const std::filesystem::path& path);

/// Makes a folder's entries durable (fsync on the folder); quietly does nothing when it cannot
/// be opened.
void SyncFolder(const std::filesystem::path& folder);

/// What kind of folder entry a path is, told by lstat: a symlink is never followed.
enum class EntryKind { Missing, RegularFile, Symlink, Folder, Other };

/// The kind of `path` itself (lstat); Missing when it does not exist or cannot be examined.
EntryKind KindOf(const std::filesystem::path& path);

/// Why TryReadRegularFile did not read a file.
enum class ReadRefusal { None, Symlink, NotRegularFile, TooLarge, Unreadable };

/// Reads a regular file without following a symlink (O_NOFOLLOW) and without blocking on a FIFO or
/// device (O_NONBLOCK, then fstat checks the type before a byte is read). Files larger than
/// `maxBytes` are not read. `size` is the file's size whenever it could be examined. Returns
/// ReadRefusal::None on success, else the refusal with `why` set to one sentence for a person.
ReadRefusal TryReadRegularFile(const std::filesystem::path& path, std::uintmax_t maxBytes,
                               std::string& bytes, long long& size, std::string& why);

/// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD: file names and
/// manifests are bytes, and PDF and JSON writers need valid UTF-8.
std::string ValidUtf8(std::string_view text);

/// `text` with every byte that is not part of valid UTF-8 written as \xHH (and a backslash as
/// \\), so that the exact bytes of a name can be recovered from a report.
std::string EscapeInvalidUtf8(std::string_view text);

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
