// The status of a checklist item and the verdict of a case, with the one table of the ids that
// report.json, the case file and the receipt print (INTERFACE.md binds them).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>
#include <optional>
#include <span>
#include <string_view>

namespace dossier {

/// What the rules found for one checklist item.
enum class ItemStatus { Present, Missing, Expired, Invalid, NotRequired, NeedsReview };

/// What the rules decided for the whole package.
enum class Verdict { Complete, Incomplete, NeedsReview };

/// Every status, every verdict, in the order of their enumerators.
std::span<const ItemStatus> AllItemStatuses();
std::span<const Verdict> AllVerdicts();

/// The status's id: "present", "missing", "expired", "invalid", "not_required", "needs_review".
const char* ToString(ItemStatus status);

/// The verdict's id: "complete", "incomplete", "needs_review".
const char* ToString(Verdict verdict);

/// The status whose id is `id`, nullopt for any other text.
std::optional<ItemStatus> TryParseItemStatus(std::string_view id);

/// The verdict whose id is `id`, nullopt for any other text.
std::optional<Verdict> TryParseVerdict(std::string_view id);

/// The status whose id is `id`; throws Error(InvalidConfig) naming any other text.
ItemStatus ParseItemStatus(std::string_view id);

/// The verdict whose id is `id`; throws Error(InvalidConfig) naming any other text.
Verdict ParseVerdict(std::string_view id);

/// Writes the id, so that test failures and logs show "needs_review" rather than a number.
std::ostream& operator<<(std::ostream& out, ItemStatus status);
std::ostream& operator<<(std::ostream& out, Verdict verdict);

/// Never as JSON directly: nlohmann/json would write the enumerator's number where report.json
/// wants the id; write ToString(...) instead.
void to_json(nlohmann::json& json, ItemStatus value) = delete;
void to_json(nlohmann::json& json, Verdict value) = delete;

}  // namespace dossier
