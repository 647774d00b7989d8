// The pages the photo search looks at: by the documents' types first, then by what is on them.
#include "photo/PhotoCandidates.h"

#include <cctype>

namespace dossier {

namespace {

// A sheet of photos carries no text; a page with a few words may still be one (a studio's stamp).
bool NearlyTextless(const Page& page, const PhotoOptions& options) {
    if (!page.ocr) return true;
    int letters = 0;
    for (unsigned char ch : page.ocr->text) letters += std::isalnum(ch) || ch >= 0x80;
    return letters < options.textlessPageLetters;
}

bool IsIdentityDocument(DocumentType type) {
    return type == DocumentType::Passport || type == DocumentType::IdentityCard;
}

}  // namespace

std::vector<int> PhotoCandidatePages(const std::vector<Document>& documents,
                                     const std::vector<Page>& pages, const PhotoOptions& options) {
    std::vector<int> candidates;
    for (const DocumentType type : {DocumentType::Photo, DocumentType::ApplicationForm})
        for (const auto& document : documents)
            if (document.type == type)
                candidates.insert(candidates.end(), document.pageIndexes.begin(),
                                  document.pageIndexes.end());
    for (const auto& document : documents) {
        if (IsIdentityDocument(document.type) || document.type == DocumentType::Photo ||
            document.type == DocumentType::ApplicationForm)
            continue;
        for (int index : document.pageIndexes) {
            const Page& page = pages[static_cast<size_t>(index)];
            if (page.analysis.face || NearlyTextless(page, options)) candidates.push_back(index);
        }
    }
    return candidates;
}

}  // namespace dossier
