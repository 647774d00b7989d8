// Splits and joins pages into documents from each page's classification and file boundaries.
#include "classify/Grouping.h"
#include "core/Utf8.h"

#include <algorithm>
#include <set>

#include "classify/Language.h"

namespace dossier {

namespace {

bool IsLetter(char32_t c) {
    return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= 0x400 && c <= 0x4FF);
}

// Latin and Russian capitals; the Kazakh capitals of the Cyrillic supplement sit at even code
// points before their small letters.
bool IsCapital(char32_t c) {
    return (c >= U'A' && c <= U'Z') || (c >= 0x400 && c <= 0x42F) ||
           (c >= 0x490 && c <= 0x4FF && c % 2 == 0);
}

// A patronymic, Russian (any case ending) or Kazakh, in Cyrillic or its Latin spelling; `folded`
// is FoldForMatching's form (Kazakh letters as their Russian look-alikes, lower case).
bool IsPatronymic(const std::string& folded) {
    static const std::vector<std::string> kInside = {"ович",  "евич",  "овн",  "евн",
                                                     "ovich", "evich", "ovna", "evna"};
    // Kazakh patronymics end in -ұлы / -қызы, then a case ending ("Серікұлының"): after a name of
    // three letters at least (six bytes in Cyrillic), so that "Құлыбек" is no patronymic.
    static const std::vector<std::pair<std::string, size_t>> kKazakh = {
        {"улы", 6}, {"кызы", 6}, {"uly", 3}, {"kyzy", 3}};
    for (const auto& stem : kInside)
        if (folded.size() > stem.size() + 2 && folded.find(stem, 2) != std::string::npos)
            return true;
    return std::any_of(kKazakh.begin(), kKazakh.end(), [&](const auto& kazakh) {
        return folded.find(kazakh.first, kazakh.second) != std::string::npos;
    });
}

// The full names a text gives (three capitalized words in a row, one a patronymic), each as the
// sorted first five letters of its words: the order (surname first or last) and the grammatical
// case ("подпись Тулегенова Бауыржана Ерлановича") do not change it.
std::set<std::string> FullNames(const std::string& text) {
    const std::u32string points = DecodeUtf8(text);
    std::set<std::string> names;
    std::vector<std::string> run;  // folded capitalized words separated by spaces only
    size_t i = 0;
    while (i < points.size()) {
        if (!IsLetter(points[i])) {
            const bool spaceOnly = points[i] == U' ' || points[i] == U'\n' || points[i] == U'\t';
            if (!spaceOnly) run.clear();
            ++i;
            continue;
        }
        size_t j = i;
        while (j < points.size() &&
               (IsLetter(points[j]) ||
                (points[j] == U'-' && j + 1 < points.size() && IsLetter(points[j + 1]))))
            ++j;
        if (!IsCapital(points[i]) || j - i < 2) {
            run.clear();
        } else {
            std::string folded = FoldForMatching(EncodeUtf8(points.substr(i, j - i)));
            folded = folded.substr(1, folded.size() - 2);
            run.push_back(folded);
            if (run.size() > 3) run.erase(run.begin());
            if (run.size() == 3 && std::any_of(run.begin(), run.end(), IsPatronymic)) {
                std::vector<std::string> stems;
                for (const auto& w : run) stems.push_back(EncodeUtf8(DecodeUtf8(w).substr(0, 5)));
                std::sort(stems.begin(), stems.end());
                names.insert(stems[0] + "|" + stems[1] + "|" + stems[2]);
            }
        }
        i = j;
    }
    return names;
}

}  // namespace

bool IsBlankPage(const GroupingPage& page, const ClassifyOptions& options) {
    const auto& cls = page.classification;
    if (page.inkFound || cls.type != DocumentType::Unknown) return false;
    return page.markedBlank || cls.letters < options.blankPageLetters;
}

namespace {

// What the document being grouped says about itself so far.
struct OpenDocument {
    DocumentType type = DocumentType::Unknown;  ///< Unknown while its pages are weak
    bool titled = false;                        ///< it started with a title page
    bool blank = false;                         ///< it is a blank page
};

DocumentType ConfidentType(const PageClassification& cls, const ClassifyOptions& options) {
    return cls.IsConfident(options) ? cls.type : DocumentType::Unknown;
}

// Page `index` is in the open document's file: whether it continues the document (it is then
// added), or starts another one.
bool ContinuesInItsFile(int index, const GroupingPage& page, bool full, PageGroup& open,
                        OpenDocument& current, const ClassifyOptions& options) {
    const auto& cls = page.classification;
    const bool confident = cls.IsConfident(options);
    const DocumentType pageType = ConfidentType(cls, options);
    // A continuation mark outweighs a title read only approximately ("жеке басын куәландыратын
    // құжат" on a form's second page is close to an ID card's title).
    if (cls.continuation && !(cls.hasTitle && cls.titleExact)) {
        open.pages.push_back(index);
        return true;
    }
    if (confident && current.type == DocumentType::Unknown && !cls.hasTitle) {
        // The open document's first pages were unreadable: this page says what it is.
        open.pages.push_back(index);
        current.type = pageType;
        open.splitUncertain = true;
        open.note = "the first pages of this document in " + page.file + " could not be classified";
        return true;
    }
    if (confident && pageType != current.type) return false;
    // The title changes: another document starts, even one whose type is in doubt (it goes to
    // review on its own rather than being read into this one).
    if (!confident && cls.hasTitle && cls.titleExact && cls.type != current.type &&
        cls.confidence >= options.otherTitleConfidence)
        return false;
    if (confident) {
        // A repeated title page: the next document of the same type.
        if ((cls.hasTitle && current.titled) || full) return false;
        open.pages.push_back(index);
        current.titled = current.titled || cls.hasTitle;
        return true;
    }
    // Weak page: continuation of the open document (blank backs, second pages).
    open.pages.push_back(index);
    if (!cls.empty && cls.type != DocumentType::Unknown && cls.type != current.type &&
        current.type != DocumentType::Unknown && cls.confidence >= options.otherTitleConfidence) {
        open.splitUncertain = true;
        open.note = "page " + std::to_string(page.pageInFile) + " of " + page.file +
                    " was joined but looks like another document";
    }
    return true;
}

// Page `index` starts a new file: whether it continues the open document (it is then added) as
// the other side of a card-like document (`joinable`), or as an explicit continuation without a
// title of its own.
bool ContinuesFromTheFileBefore(int index, const GroupingPage& page, bool joinable, PageGroup& open,
                                OpenDocument& current, const ClassifyOptions& options) {
    const auto& cls = page.classification;
    const bool confident = cls.IsConfident(options);
    if (confident && ConfidentType(cls, options) == current.type && joinable &&
        !(cls.hasTitle && current.titled)) {
        open.pages.push_back(index);
        current.titled = current.titled || cls.hasTitle;
        return true;
    }
    if (!confident && joinable && !cls.hasTitle && page.pageInFile == 1 &&
        (cls.type == current.type || cls.continuation)) {
        open.pages.push_back(index);
        open.splitUncertain = true;
        open.note = page.file + " was joined to the document before it as its continuation";
        return true;
    }
    if (!confident && cls.continuation && current.type != DocumentType::Unknown) {
        open.pages.push_back(index);
        open.splitUncertain = true;
        open.note = page.file + " says it continues a document and was joined to the one before it";
        return true;
    }
    return false;
}

}  // namespace

std::vector<PageGroup> GroupPages(const std::vector<GroupingPage>& pages,
                                  const ClassifierModel& model, const ClassifyOptions& options) {
    std::vector<PageGroup> groups;
    OpenDocument current;
    for (int i = 0; i < static_cast<int>(pages.size()); ++i) {
        const auto& page = pages[i];
        const bool blank = IsBlankPage(page, options);
        // A blank page is a document of its own (type unknown, reported as a blank page), so that
        // what is measured on it (a faint, empty image) is never a defect of the document beside
        // it; the page after it starts afresh.
        if (!groups.empty() && !blank && !current.blank) {
            auto& open = groups.back();
            const TypeModel* typeModel = model.FindType(current.type);
            const int maxPages = typeModel ? typeModel->maxPages : 0;
            const bool full = maxPages > 0 && static_cast<int>(open.pages.size()) >= maxPages;
            // The other side of a card-like document may come as a file of its own.
            const bool joinable = typeModel && typeModel->joinAcrossFiles && !full;
            const bool sameFile = pages[open.pages.back()].file == page.file;
            if (sameFile ? ContinuesInItsFile(i, page, full, open, current, options)
                         : ContinuesFromTheFileBefore(i, page, joinable, open, current, options))
                continue;
        }
        groups.push_back(PageGroup{{i}, false, {}});
        current.type = ConfidentType(page.classification, options);
        current.titled = page.classification.IsConfident(options) && page.classification.hasTitle;
        current.blank = blank;
    }
    return groups;
}

std::vector<int> DocumentsSignedBy(const std::vector<std::string>& documentTexts,
                                   const std::vector<bool>& isCertification,
                                   const std::vector<bool>& canTakeIt) {
    const size_t n = documentTexts.size();
    std::vector<int> signedBy(n, -1);
    std::vector<std::set<std::string>> names(n);
    bool anyCertification = false;
    for (size_t i = 0; i < n; ++i) anyCertification = anyCertification || isCertification[i];
    if (!anyCertification) return signedBy;
    for (size_t i = 0; i < n; ++i)
        if (isCertification[i] || canTakeIt[i]) names[i] = FullNames(documentTexts[i]);
    for (size_t i = 0; i < n; ++i) {
        if (!isCertification[i] || names[i].empty()) continue;
        int found = -1, count = 0;
        for (size_t j = 0; j < n; ++j) {
            if (j == i || !canTakeIt[j]) continue;
            const bool shared =
                std::any_of(names[i].begin(), names[i].end(),
                            [&](const auto& name) { return names[j].count(name) > 0; });
            if (shared) {
                found = static_cast<int>(j);
                ++count;
            }
        }
        if (count == 1) signedBy[i] = found;
    }
    return signedBy;
}

}  // namespace dossier
