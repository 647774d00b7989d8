// The receipt of refusal (rule 16-1): what is missing, expired or invalid, in Kazakh and Russian.
#pragma once

#include <string>

#include "core/Case.h"
#include "pdf/CaseFile.h"

namespace dossier {

/// Builds receipt.pdf for an incomplete package: applicant, service, date, every missing, expired
/// or invalid checklist item with its note in checklist order, and poor-quality copies (rule 9-1).
std::string BuildReceipt(const Case& c, const CaseFileOptions& options = {});

}  // namespace dossier
