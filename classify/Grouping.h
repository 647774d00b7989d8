// Pages to documents: where a multi-page file splits and where consecutive files join.
#pragma once

#include <string>
#include <vector>

#include "classify/Classifier.h"

namespace dossier {

/// What grouping needs to know about each page, in package order.
struct GroupingPage {
    std::string file;
    int pageInFile = 1;
    PageClassification classification;
};

/// A run of pages (indexes into the input) that forms one document.
struct PageGroup {
    std::vector<int> pages;
    bool splitUncertain = false;
    std::string note;  ///< why the boundary is uncertain
};

/// Splits a multi-page file where a confident page of another type or a repeated title starts a
/// new document, joins weak pages (no title, continuation marks, blank backs) to the document
/// before them in the same file, and joins the next file to the previous document when both are
/// sides of a card type (joinAcrossFiles in the vocabulary). Never drops a page.
std::vector<PageGroup> GroupPages(const std::vector<GroupingPage>& pages,
                                  const ClassifierModel& model,
                                  const ClassifyOptions& options = {});

}  // namespace dossier
