#include "core/Document.h"

#include "core/Mrz.h"

namespace dossier {

const std::vector<std::string>& DocumentTypeIds() {
    static const std::vector<std::string> kIds = {
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
    return kIds;
}

const char* ToString(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1:
            return "TD1";
        case MrzFormat::TD2:
            return "TD2";
        case MrzFormat::TD3:
            return "TD3";
        case MrzFormat::MRVA:
            return "MRV-A";
        case MrzFormat::MRVB:
            return "MRV-B";
    }
    return "TD3";
}

}  // namespace dossier
