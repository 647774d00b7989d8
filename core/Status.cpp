#include "core/Status.h"

#include <ostream>
#include <string>

#include "core/Error.h"
#include "core/IdTable.h"

namespace dossier {

namespace {

constexpr IdTable<ItemStatus, 6> kItemStatusIds = {{
    {ItemStatus::Present, "present"},
    {ItemStatus::Missing, "missing"},
    {ItemStatus::Expired, "expired"},
    {ItemStatus::Invalid, "invalid"},
    {ItemStatus::NotRequired, "not_required"},
    {ItemStatus::NeedsReview, "needs_review"},
}};
static_assert(CoversEveryEnumerator(kItemStatusIds, ItemStatus::NeedsReview));

constexpr IdTable<Verdict, 3> kVerdictIds = {{
    {Verdict::Complete, "complete"},
    {Verdict::Incomplete, "incomplete"},
    {Verdict::NeedsReview, "needs_review"},
}};
static_assert(CoversEveryEnumerator(kVerdictIds, Verdict::NeedsReview));

constexpr auto kAllItemStatuses = Enumerators(kItemStatusIds);
constexpr auto kAllVerdicts = Enumerators(kVerdictIds);

}  // namespace

std::span<const ItemStatus> AllItemStatuses() {
    return kAllItemStatuses;
}

std::span<const Verdict> AllVerdicts() {
    return kAllVerdicts;
}

const char* ToString(ItemStatus status) {
    return IdOf(kItemStatusIds, status);
}

const char* ToString(Verdict verdict) {
    return IdOf(kVerdictIds, verdict);
}

std::optional<ItemStatus> TryParseItemStatus(std::string_view id) {
    return TryFindId(kItemStatusIds, id);
}

std::optional<Verdict> TryParseVerdict(std::string_view id) {
    return TryFindId(kVerdictIds, id);
}

ItemStatus ParseItemStatus(std::string_view id) {
    if (const auto status = TryParseItemStatus(id)) return *status;
    throw Error(ErrorCode::InvalidConfig, "unknown checklist status '" + std::string(id) + "'");
}

Verdict ParseVerdict(std::string_view id) {
    if (const auto verdict = TryParseVerdict(id)) return *verdict;
    throw Error(ErrorCode::InvalidConfig, "unknown verdict '" + std::string(id) + "'");
}

std::ostream& operator<<(std::ostream& out, ItemStatus status) {
    return out << ToString(status);
}

std::ostream& operator<<(std::ostream& out, Verdict verdict) {
    return out << ToString(verdict);
}

}  // namespace dossier
