// report.json (schema dossier.report/1): the machine-readable result of a case.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/Case.h"

namespace dossier {

struct ReportOutputs {
    std::string casePdf;     ///< file name in the case's output folder, empty when not written
    std::string receiptPdf;  ///< file name, empty when no receipt was issued
};

/// An identity document's `mrz` block: every parsed field, each check digit's result, the
/// corrections with the check digit that proved them; also what `dossier mrz --json` prints.
nlohmann::json MrzJson(const Mrz& mrz);

/// The report's `photo` block; also what `dossier photo --json` prints.
nlohmann::json PhotoJson(const PhotoCheck& photo);

/// The report of a processed case. Personal data is in it by design: the file is not
/// world-readable.
nlohmann::json BuildReport(const Case& c, const ReportOutputs& outputs);

}  // namespace dossier
