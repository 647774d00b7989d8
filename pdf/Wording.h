// Internal: the Kazakh and Russian words of the cover and the receipt.
#pragma once

#include <string>

#include "core/Case.h"
#include "core/Names.h"

namespace dossier::pdf {

struct Bilingual {
    std::string kk, ru;
    /// "kk / ru", or one of them when both are the same.
    std::string Both() const { return kk == ru || ru.empty() ? kk : kk + " / " + ru; }
};

/// The service's kk and ru names, from the names table ("service:<id>"; models/names.yaml).
Bilingual ServiceName(const NameTable& names, const std::string& service);
Bilingual PurposeName(const std::string& purpose);
/// The words of a status and of a verdict come from `names`, the table of models/names.yaml
/// ("status:<id>", "verdict:<id>"): one table for the words the cover, the receipt and the page
/// notes print. The id itself when the table has no entry.
Bilingual StatusName(const NameTable& names, ItemStatus status);
Bilingual VerdictName(const NameTable& names, Verdict verdict);
/// Page-quality and issue codes ("blurry", "mrz_check_digit"...); unknown codes come back as is.
Bilingual CodeName(const std::string& code);
Bilingual SeverityName(Severity severity);
/// From a NameTable; the id itself when the table has no entry.
Bilingual LookUp(const NameTable& table, const std::string& id);
/// "ABDULLAEV RUSTAM" from the applicant, "" when absent.
std::string ApplicantName(const Case& c);
/// The documents of `c` in case-file order: in the order of the legal list (the position in
/// c.checklist of the first item that lists the document), then the documents no item lists, each
/// set in package order; pages keep their document order. Pages not in any document follow in
/// trailing groups, one per run of an input file.
struct PageGroup {
    const Document* document = nullptr;  ///< nullptr: pages of one input file, no classification
    std::string label;                   ///< page-label prefix, e.g. "d3-"
    std::vector<int> pageIndexes;
};
std::vector<PageGroup> GroupPages(const Case& c);
/// Problems to show on a page (index into c.pages): its quality failures, its issues, the issues of
/// its document on the page they name (or on the document's first page when they name none), and,
/// on the first page, the checklist notes (kk/ru when present) of expired/invalid/needs_review
/// items that list the document.
std::vector<std::string> PageNotes(const Case& c, const NameTable& itemNames, int pageIndex,
                                   const PageGroup& group);

}  // namespace dossier::pdf
