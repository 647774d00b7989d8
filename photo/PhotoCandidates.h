// Which pages of a case may show the applicant's 35 x 45 photo, in the order to search them.
#pragma once

#include <vector>

#include "core/Document.h"
#include "core/Page.h"
#include "photo/PhotoCheck.h"

namespace dossier {

/// The pages to search for the 35 x 45 photo (indexes into `pages`), best first: a photo
/// document's pages, then an application form's (a photo glued into its box), then the pages of
/// any other document but an identity document that show a face or next to no text
/// (options.textlessPageLetters). A form's pages go in whether or not a face was seen on them: the
/// page-wide face search looks for faces of a fifth of the page, and the photo box's face is much
/// smaller (FindPhoto looks down to 8 mm).
std::vector<int> PhotoCandidatePages(const std::vector<Document>& documents,
                                     const std::vector<Page>& pages,
                                     const PhotoOptions& options = {});

}  // namespace dossier
