// UTF-8 as text from outside comes (OCR output, file names, YAML): decoded leniently, encoded, and
// case-mapped by ICU, so that every script's letters map as Unicode says.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

/// Code points of `text`; each byte that does not start a valid sequence (RFC 3629: no overlongs,
/// no surrogates, at most U+10FFFF) becomes U+FFFD, so that OCR garbage never throws.
std::u32string DecodeUtf8(std::string_view text);

/// UTF-8 of `codePoints` (the inverse of DecodeUtf8 for valid text).
std::string EncodeUtf8(std::u32string_view codePoints);

/// Appends the UTF-8 of `c` to `out`; U+FFFD for what is no code point (a surrogate, beyond
/// U+10FFFF).
void AppendUtf8(std::string& out, char32_t c);

/// Length of the valid UTF-8 sequence at byte `at` of `text`, or 0 when none starts there.
std::size_t ValidUtf8SequenceAt(std::string_view text, std::size_t at);

/// Unicode's simple lower-case mapping of `c` (Ł -> ł, Ž -> ž, Ә -> ә); unchanged when it has none.
char32_t LowerCase(char32_t c);

/// Unicode's simple upper-case mapping of `c` (ł -> Ł, ә -> Ә); unchanged when it has none.
char32_t UpperCase(char32_t c);

}  // namespace dossier
