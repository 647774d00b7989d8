#include "core/Utf8.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace dossier {

std::u32string DecodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            // One U+FFFD per byte that starts no sequence: the next byte is looked at afresh.
            out.push_back(U'\uFFFD');
            i = start + 1;
            continue;
        }
        out.push_back(static_cast<char32_t>(c));
    }
    return out;
}

std::string EncodeUtf8(std::u32string_view codePoints) {
    std::string out;
    out.reserve(codePoints.size());
    for (const char32_t c : codePoints) AppendUtf8(out, c);
    return out;
}

void AppendUtf8(std::string& out, char32_t c) {
    std::uint8_t buffer[U8_MAX_LENGTH];
    std::int32_t length = 0;
    UBool error = false;
    U8_APPEND(buffer, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
    if (error) {
        out += "\xEF\xBF\xBD";
        return;
    }
    out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

std::size_t ValidUtf8SequenceAt(std::string_view text, std::size_t at) {
    if (at >= text.size()) return 0;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data()) + at;
    // A sequence is at most four bytes: look no further, whatever the text's length.
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size() - at, 4));
    std::int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    return c < 0 ? 0 : static_cast<std::size_t>(i);
}

char32_t LowerCase(char32_t c) {
    return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

char32_t UpperCase(char32_t c) {
    return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
}

}  // namespace dossier
