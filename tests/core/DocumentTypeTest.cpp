#include "core/DocumentType.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/Error.h"

namespace dossier {

namespace {

// documents[].type of INTERFACE.md, in its order.
const std::vector<std::string> kContractIds = {
    "application_form",
    "passport",
    "identity_card",
    "birth_certificate",
    "marriage_certificate",
    "solvency_proof",
    "solvency_exemption",
    "criminal_record_certificate",
    "child_consent",
    "parent_consent",
    "housing_agreement",
    "medical_certificate",
    "photo",
    "state_fee_receipt",
    "medical_insurance",
    "work_permit",
    "labor_contract",
    "missionary_certificate",
    "business_permit",
    "treatment_document",
    "study_petition",
    "migration_card",
    "tax_payment_receipt",
    "unknown",
};

}  // namespace

TEST(DocumentType, EveryTypeHasItsContractIdInTheContractsOrder) {
    const auto all = AllDocumentTypes();
    ASSERT_EQ(all.size(), kContractIds.size());
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(ToString(all[i]), kContractIds[i]);
        EXPECT_EQ(TryParseDocumentType(kContractIds[i]), all[i]) << kContractIds[i];
        EXPECT_EQ(ParseDocumentType(kContractIds[i]), all[i]) << kContractIds[i];
    }
    EXPECT_EQ(all.back(), DocumentType::Unknown);
    EXPECT_EQ(std::set(all.begin(), all.end()).size(), all.size());
}

TEST(DocumentType, AnotherSpellingIsNoType) {
    for (const char* typo : {"", "Passport", "pasport", "identity-card", "state fee receipt"})
        EXPECT_FALSE(TryParseDocumentType(typo)) << typo;
    try {
        ParseDocumentType("pasport");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        EXPECT_STREQ(e.what(), "unknown document type 'pasport'");
    }
}

TEST(DocumentType, StreamsWriteTheId) {
    std::ostringstream out;
    out << DocumentType::StateFeeReceipt;
    EXPECT_EQ(out.str(), "state_fee_receipt");
}

}  // namespace dossier
