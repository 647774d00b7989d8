// The document types of the contract (INTERFACE.md, documents[].type), with the one table of their
// ids that report.json prints and the model files under models/ name them by.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>
#include <optional>
#include <span>
#include <string_view>

namespace dossier {

enum class DocumentType {
    ApplicationForm,
    Passport,
    IdentityCard,
    BirthCertificate,
    MarriageCertificate,
    SolvencyProof,
    SolvencyExemption,
    CriminalRecordCertificate,
    ChildConsent,
    ParentConsent,
    HousingAgreement,
    MedicalCertificate,
    Photo,
    StateFeeReceipt,
    MedicalInsurance,
    WorkPermit,
    LaborContract,
    MissionaryCertificate,
    BusinessPermit,
    TreatmentDocument,
    StudyPetition,
    MigrationCard,
    TaxPaymentReceipt,
    Unknown,  ///< pages that fit no type
};

/// Every type in the contract's order, Unknown last.
std::span<const DocumentType> AllDocumentTypes();

/// The type's id: "passport", "application_form"... "unknown".
const char* ToString(DocumentType type);

/// The type whose id is `id`, nullopt for any other text.
std::optional<DocumentType> TryParseDocumentType(std::string_view id);

/// The type whose id is `id`; throws Error(InvalidConfig) naming any other text.
DocumentType ParseDocumentType(std::string_view id);

/// Writes the id, so that test failures and logs show "passport" rather than a number.
std::ostream& operator<<(std::ostream& out, DocumentType type);

/// Never as JSON directly: nlohmann/json would write the enumerator's number where report.json
/// wants the id; write ToString(...) instead.
void to_json(nlohmann::json& json, DocumentType value) = delete;

}  // namespace dossier
