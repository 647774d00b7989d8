// Numbers read out of file headers: each format stores them in its own byte order, and a format
// reader would otherwise spell the shifts out again. The caller checks the length first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dossier::bytes {

inline std::uint8_t U8(std::string_view b, std::size_t i) {
    return static_cast<std::uint8_t>(b[i]);
}
inline std::uint32_t Be16(std::string_view b, std::size_t i) {
    return (U8(b, i) << 8) | U8(b, i + 1);
}
inline std::uint32_t Le16(std::string_view b, std::size_t i) {
    return U8(b, i) | (U8(b, i + 1) << 8);
}
inline std::uint32_t Be32(std::string_view b, std::size_t i) {
    return (Be16(b, i) << 16) | Be16(b, i + 2);
}
inline std::uint32_t Le32(std::string_view b, std::size_t i) {
    return Le16(b, i) | (Le16(b, i + 2) << 16);
}
inline bool StartsWith(std::string_view b, std::string_view prefix) {
    return b.substr(0, prefix.size()) == prefix;
}

}  // namespace dossier::bytes
