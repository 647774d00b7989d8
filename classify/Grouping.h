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
    /// Image preparation found no content on the page (an issue "blank_page" on it, or no tile
    /// holding ink)
    bool markedBlank = false;
    /// Image preparation found ink on the page: however little text was read, it is no blank
    /// page (an unreadable copy must not pass for a back side)
    bool inkFound = false;
};

/// A run of pages (indexes into the input) that forms one document.
struct PageGroup {
    std::vector<int> pages;
    bool splitUncertain = false;
    std::string note;  ///< why the boundary is uncertain
};

/// A back side or separator sheet, of no type (a photo has its face): marked blank by image
/// preparation, or, on a page it did not measure, hardly a letter read.
bool IsBlankPage(const GroupingPage& page, const ClassifyOptions& options = {});

/// Splits a multi-page file where a confident page of another type, a title of another type or a
/// repeated title starts a new document, joins weak pages (no title, continuation marks) to the
/// document before them in the same file, and joins the next file to the previous document when
/// both are sides of a card type (joinAcrossFiles in the vocabulary). A blank page (no text, no
/// type) is a document of its own, never part of the document beside it. Never drops a page.
std::vector<PageGroup> GroupPages(const std::vector<GroupingPage>& pages,
                                  const ClassifierModel& model,
                                  const ClassifyOptions& options = {});

/// For each document: when it is a notary's certification of a signature standing alone (a
/// separate file, a photo of the agreement's last page; `isCertification`), the index of the one
/// other document that may be joined to it (`canTakeIt`) and names the same person in full
/// (surname, given name and a patronymic, in any order and grammatical case); -1 otherwise. A
/// person named in two such documents decides nothing.
std::vector<int> DocumentsSignedBy(const std::vector<std::string>& documentTexts,
                                   const std::vector<bool>& isCertification,
                                   const std::vector<bool>& canTakeIt);

}  // namespace dossier
