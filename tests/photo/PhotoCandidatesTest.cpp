// Which pages the photo search looks at, and in which order.
#include "photo/PhotoCandidates.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

Page TextPage(const std::string& text, bool face = false) {
    Page page;
    page.ocr = OcrText{};
    page.ocr->text = text;
    page.analysis.face = face;
    return page;
}

Document Of(DocumentType type, std::vector<int> pages) {
    Document document;
    document.type = type;
    document.pageIndexes = std::move(pages);
    return document;
}

const std::string kProse =
    "This certificate is issued to confirm that the person named below has no criminal record.";

TEST(PhotoCandidatePages, PhotosFirstThenFormsThenOtherPagesWithAFaceOrNextToNoText) {
    const std::vector<Page> pages = {
        TextPage(kProse),         // 0: a certificate's text page
        TextPage("", true),       // 1: the certificate's page with a face
        TextPage(kProse),         // 2: the application form, no face seen on it
        TextPage(""),             // 3: a photo
        TextPage("", true),       // 4: a passport's data page
        TextPage("Foto Studio"),  // 5: an unknown page with a studio's stamp
    };
    const std::vector<Document> documents = {
        Of(DocumentType::CriminalRecordCertificate, {0, 1}),
        Of(DocumentType::ApplicationForm, {2}),
        Of(DocumentType::Photo, {3}),
        Of(DocumentType::Passport, {4}),
        Of(DocumentType::Unknown, {5}),
    };
    EXPECT_EQ(PhotoCandidatePages(documents, pages), (std::vector<int>{3, 2, 1, 5}));
}

TEST(PhotoCandidatePages, IdentityDocumentsAreNeverSearched) {
    const std::vector<Page> pages = {TextPage("", true), TextPage("", true)};
    const std::vector<Document> documents = {Of(DocumentType::Passport, {0}),
                                             Of(DocumentType::IdentityCard, {1})};
    EXPECT_TRUE(PhotoCandidatePages(documents, pages).empty());
}

TEST(PhotoCandidatePages, TextlessIsCountedInBytesUpToTheOption) {
    const std::string latin(39, 'a'), cyrillic = "ФОТОСАЛОНФОТОСАЛОНФО";  // 20 letters, 40 bytes
    const std::vector<Page> pages = {TextPage(latin), TextPage(latin + "a"), TextPage(cyrillic),
                                     Page{}};  // the last was not read at all
    const std::vector<Document> documents = {Of(DocumentType::Unknown, {0, 1, 2, 3})};
    EXPECT_EQ(PhotoCandidatePages(documents, pages), (std::vector<int>{0, 3}));
    PhotoOptions options;
    options.textlessPageLetters = 41;
    EXPECT_EQ(PhotoCandidatePages(documents, pages, options), (std::vector<int>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace dossier
