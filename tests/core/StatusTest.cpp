#include "core/Status.h"

#include <gtest/gtest.h>

#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include "core/DocumentType.h"
#include "core/Error.h"

namespace dossier {

// The ids INTERFACE.md binds for checklist[].status and verdict: report.json, the case file and
// the receipt print exactly these.
TEST(Status, EveryItemStatusHasItsContractIdBothWays) {
    const std::vector<std::pair<ItemStatus, std::string>> contract = {
        {ItemStatus::Present, "present"},          {ItemStatus::Missing, "missing"},
        {ItemStatus::Expired, "expired"},          {ItemStatus::Invalid, "invalid"},
        {ItemStatus::NotRequired, "not_required"}, {ItemStatus::NeedsReview, "needs_review"}};
    ASSERT_EQ(AllItemStatuses().size(), contract.size());
    for (const auto& [status, id] : contract) {
        EXPECT_EQ(ToString(status), id);
        EXPECT_EQ(TryParseItemStatus(id), status) << id;
        EXPECT_EQ(ParseItemStatus(id), status) << id;
    }
}

TEST(Status, EveryVerdictHasItsContractIdBothWays) {
    const std::vector<std::pair<Verdict, std::string>> contract = {
        {Verdict::Complete, "complete"},
        {Verdict::Incomplete, "incomplete"},
        {Verdict::NeedsReview, "needs_review"}};
    ASSERT_EQ(AllVerdicts().size(), contract.size());
    for (const auto& [verdict, id] : contract) {
        EXPECT_EQ(ToString(verdict), id);
        EXPECT_EQ(TryParseVerdict(id), verdict) << id;
        EXPECT_EQ(ParseVerdict(id), verdict) << id;
    }
}

TEST(Status, AnotherSpellingIsNoStatus) {
    for (const char* typo : {"", "Present", "presnt", "needs-review", "not required", "complete"})
        EXPECT_FALSE(TryParseItemStatus(typo)) << typo;
    for (const char* typo : {"", "Complete", "incompete", "needs-review", "present"})
        EXPECT_FALSE(TryParseVerdict(typo)) << typo;
    try {
        ParseItemStatus("presnt");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        EXPECT_STREQ(e.what(), "unknown checklist status 'presnt'");
    }
    EXPECT_THROW(ParseVerdict("incompete"), Error);
}

TEST(Status, StreamsWriteTheId) {
    std::ostringstream out;
    out << ItemStatus::NotRequired << " " << Verdict::NeedsReview;
    EXPECT_EQ(out.str(), "not_required needs_review");
}

// nlohmann/json writes an enum class as its number unless told otherwise; report.json must carry
// the ids, so putting a status, verdict or type into JSON without ToString does not compile.
static_assert(!std::is_constructible_v<nlohmann::json, ItemStatus>);
static_assert(!std::is_constructible_v<nlohmann::json, Verdict>);
static_assert(!std::is_constructible_v<nlohmann::json, DocumentType>);
static_assert(std::is_constructible_v<nlohmann::json, const char*>);

}  // namespace dossier
