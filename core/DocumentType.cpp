#include "core/DocumentType.h"

#include <ostream>
#include <string>

#include "core/Error.h"
#include "core/IdTable.h"

namespace dossier {

namespace {

constexpr IdTable<DocumentType, 24> kDocumentTypeIds = {{
    {DocumentType::ApplicationForm, "application_form"},
    {DocumentType::Passport, "passport"},
    {DocumentType::IdentityCard, "identity_card"},
    {DocumentType::BirthCertificate, "birth_certificate"},
    {DocumentType::MarriageCertificate, "marriage_certificate"},
    {DocumentType::SolvencyProof, "solvency_proof"},
    {DocumentType::SolvencyExemption, "solvency_exemption"},
    {DocumentType::CriminalRecordCertificate, "criminal_record_certificate"},
    {DocumentType::ChildConsent, "child_consent"},
    {DocumentType::ParentConsent, "parent_consent"},
    {DocumentType::HousingAgreement, "housing_agreement"},
    {DocumentType::MedicalCertificate, "medical_certificate"},
    {DocumentType::Photo, "photo"},
    {DocumentType::StateFeeReceipt, "state_fee_receipt"},
    {DocumentType::MedicalInsurance, "medical_insurance"},
    {DocumentType::WorkPermit, "work_permit"},
    {DocumentType::LaborContract, "labor_contract"},
    {DocumentType::MissionaryCertificate, "missionary_certificate"},
    {DocumentType::BusinessPermit, "business_permit"},
    {DocumentType::TreatmentDocument, "treatment_document"},
    {DocumentType::StudyPetition, "study_petition"},
    {DocumentType::MigrationCard, "migration_card"},
    {DocumentType::TaxPaymentReceipt, "tax_payment_receipt"},
    {DocumentType::Unknown, "unknown"},
}};
static_assert(CoversEveryEnumerator(kDocumentTypeIds, DocumentType::Unknown));

constexpr auto kAllDocumentTypes = Enumerators(kDocumentTypeIds);

}  // namespace

std::span<const DocumentType> AllDocumentTypes() {
    return kAllDocumentTypes;
}

const char* ToString(DocumentType type) {
    return IdOf(kDocumentTypeIds, type);
}

std::optional<DocumentType> TryParseDocumentType(std::string_view id) {
    return TryFindId(kDocumentTypeIds, id);
}

DocumentType ParseDocumentType(std::string_view id) {
    if (const auto type = TryParseDocumentType(id)) return *type;
    throw Error(ErrorCode::InvalidConfig, "unknown document type '" + std::string(id) + "'");
}

std::ostream& operator<<(std::ostream& out, DocumentType type) {
    return out << ToString(type);
}

}  // namespace dossier
