// Splits and joins pages into documents from each page's classification and file boundaries.
#include "classify/Grouping.h"

namespace dossier {

bool IsBlankPage(const GroupingPage& page, const ClassifyOptions& options) {
    const auto& cls = page.classification;
    if (page.inkFound || cls.type != "unknown") return false;
    return page.markedBlank || cls.letters < options.blankPageLetters;
}

std::vector<PageGroup> GroupPages(const std::vector<GroupingPage>& pages,
                                  const ClassifierModel& model, const ClassifyOptions& options) {
    std::vector<PageGroup> groups;
    std::string currentType;     // type of the open document ("unknown" when weak)
    bool currentTitled = false;  // the open document started with a title page
    bool currentBlank = false;   // the open document is a blank page
    for (int i = 0; i < static_cast<int>(pages.size()); ++i) {
        const auto& page = pages[i];
        const auto& cls = page.classification;
        const bool confident = cls.IsConfident(options);
        const std::string pageType = confident ? cls.type : "unknown";
        const bool blank = IsBlankPage(page, options);
        auto start = [&] {
            groups.push_back(PageGroup{{i}, false, {}});
            currentType = pageType;
            currentTitled = confident && cls.hasTitle;
            currentBlank = blank;
        };
        // A blank page is a document of its own (type unknown, reported as a blank page), so that
        // what is measured on it (a faint, empty image) is never a defect of the document beside
        // it; the page after it starts afresh.
        if (groups.empty() || blank || currentBlank) {
            start();
            continue;
        }
        auto& open = groups.back();
        const auto& previous = pages[open.pages.back()];
        const bool sameFile = previous.file == page.file;
        const TypeModel* typeModel = model.FindType(currentType);
        const int maxPages = typeModel ? typeModel->maxPages : 0;
        const bool full = maxPages > 0 && static_cast<int>(open.pages.size()) >= maxPages;

        if (sameFile) {
            // A continuation mark outweighs a title read only approximately ("жеке басын
            // куәландыратын құжат" on a form's second page is close to an ID card's title).
            if (cls.continuation && !(cls.hasTitle && cls.titleExact)) {
                open.pages.push_back(i);
            } else if (confident && currentType == "unknown" && !cls.hasTitle) {
                // The open document's first pages were unreadable: this page says what it is.
                open.pages.push_back(i);
                currentType = pageType;
                open.splitUncertain = true;
                open.note =
                    "the first pages of this document in " + page.file + " could not be classified";
            } else if (confident && pageType != currentType) {
                start();
            } else if (!confident && cls.hasTitle && cls.titleExact && cls.type != currentType &&
                       cls.confidence >= options.otherTitleConfidence) {
                // The title changes: another document starts, even one whose type is in doubt
                // (it goes to review on its own rather than being read into this one).
                start();
            } else if (confident && pageType == currentType) {
                if ((cls.hasTitle && currentTitled) || full) {
                    start();  // a repeated title page: the next document of the same type
                } else {
                    open.pages.push_back(i);
                    currentTitled = currentTitled || cls.hasTitle;
                }
            } else {
                // Weak page: continuation of the open document (blank backs, second pages).
                open.pages.push_back(i);
                if (!cls.empty && cls.type != "unknown" && cls.type != currentType &&
                    currentType != "unknown" && cls.confidence >= options.otherTitleConfidence) {
                    open.splitUncertain = true;
                    open.note = "page " + std::to_string(page.pageInFile) + " of " + page.file +
                                " was joined but looks like another document";
                }
            }
            continue;
        }
        // A new file: joins only as the other side of a card-like document, or as an explicit
        // continuation without a title of its own.
        const bool joinable = typeModel && typeModel->joinAcrossFiles && !full;
        if (confident && pageType == currentType && joinable && !(cls.hasTitle && currentTitled)) {
            open.pages.push_back(i);
            currentTitled = currentTitled || cls.hasTitle;
        } else if (!confident && joinable && !cls.hasTitle && page.pageInFile == 1 &&
                   (cls.type == currentType || cls.continuation)) {
            open.pages.push_back(i);
            open.splitUncertain = true;
            open.note = page.file + " was joined to the document before it as its continuation";
        } else if (!confident && cls.continuation && currentType != "unknown") {
            open.pages.push_back(i);
            open.splitUncertain = true;
            open.note =
                page.file + " says it continues a document and was joined to the one before it";
        } else {
            start();
        }
    }
    return groups;
}

}  // namespace dossier
