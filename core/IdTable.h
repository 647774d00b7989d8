// The one table of ids an enum is written as (in report.json, the PDFs, the model files), read
// both ways: enumerator to id and id to enumerator.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace dossier {

/// Rows in the order of the enumerators, so that an enumerator's value is its row.
template <typename Enum, std::size_t N>
using IdTable = std::array<std::pair<Enum, const char*>, N>;

/// True when the table has a row for every enumerator up to `last`, each in its own place; for a
/// static_assert beside the table.
template <typename Enum, std::size_t N>
constexpr bool CoversEveryEnumerator(const IdTable<Enum, N>& table, Enum last) {
    if (N != static_cast<std::size_t>(last) + 1) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<std::size_t>(table[i].first) != i) return false;
    return true;
}

/// The table's enumerators in its order.
template <typename Enum, std::size_t N>
constexpr std::array<Enum, N> Enumerators(const IdTable<Enum, N>& table) {
    std::array<Enum, N> all{};
    for (std::size_t i = 0; i < N; ++i) all[i] = table[i].first;
    return all;
}

template <typename Enum, std::size_t N>
const char* IdOf(const IdTable<Enum, N>& table, Enum value) {
    return table[static_cast<std::size_t>(value)].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> TryFindId(const IdTable<Enum, N>& table, std::string_view id) {
    for (const auto& [value, name] : table)
        if (id == name) return value;
    return std::nullopt;
}

}  // namespace dossier
