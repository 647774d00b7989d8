// A whole application package: manifest, pages, documents, checklist and verdict.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/Document.h"
#include "core/Issue.h"
#include "core/Names.h"
#include "core/Page.h"
#include "core/Photo.h"
#include "core/Status.h"

namespace dossier {

struct CoApplicant {
    std::string relation;  ///< "child", "spouse"...
    std::optional<Date> birthDate;
};

/// What case.yaml says (all optional; defaults from the configuration).
struct CaseManifest {
    std::string service;  ///< permanent-residence | temporary-residence | labor-immigrant
    std::string purpose;  ///< temporary-residence only
    std::optional<Date> applicationDate;
    std::vector<std::string> categories;
    std::vector<CoApplicant> coApplicants;
};

/// An input file of the package and what became of it.
struct InputFile {
    std::string name;  ///< relative to the case folder, as valid UTF-8 (U+FFFD for bad bytes)
    /// The name's bytes with those that are not UTF-8 written as \xHH; empty when `name` is exact
    std::string nameEscaped;
    std::string sha256;  ///< of the whole file
    long long bytes = 0;
    int pageCount = 0;  ///< pages ingested from it (0 when unreadable)
    bool readable = true;
};

struct ChecklistEntry {
    std::string item;
    ItemStatus status = ItemStatus::NeedsReview;
    std::vector<std::string> documents;
    std::string note;    ///< English, for reviewers and report.json
    std::string reason;  ///< machine code of the note (a "reason:" key of names.yaml), "" when none
    LocalizedName localizedNote;  ///< the note in kk/ru/en, for the receipt of refusal
    std::string legalRef;         ///< where the law asks for the item
};

struct Applicant {
    std::string surname, givenNames, documentNumber, nationality, sex;
    std::optional<Date> birthDate, expiryDate;
    std::optional<std::string> iin;
};

struct Case {
    std::string id;
    CaseManifest manifest;
    std::string service;  ///< effective service
    std::string purpose;
    Date applicationDate;
    std::vector<InputFile> inputs;
    std::vector<Page> pages;          ///< every page of every input, in package order
    std::vector<Document> documents;  ///< every page in exactly one document
    std::optional<Applicant> applicant;
    std::optional<PhotoCheck> photo;
    std::vector<ChecklistEntry> checklist;
    std::vector<Issue> issues;  ///< case-level issues (per-file, per-item)
    Verdict verdict = Verdict::NeedsReview;
    std::map<std::string, double> timingsMs;
};

}  // namespace dossier
