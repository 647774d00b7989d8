// The reviewer's case file: cover, every page with its text layer, bookmarks, appendix (PDF/A-2b
// aim).
#pragma once

#include <ctime>
#include <string>

#include "core/Case.h"
#include "core/Names.h"

namespace dossier {

struct CaseFileOptions {
    /// Names of document types in kk/ru/en, by type id; a missing name shows the id (default:
    /// empty)
    NameTable typeNames;
    /// Names of checklist items in kk/ru/en, by item id, and the words of statuses and verdicts
    /// by "status:<id>" and "verdict:<id>" (LoadNameTable's table of models/names.yaml holds
    /// both); a missing name shows the id (default: empty)
    NameTable itemNames;
    /// Configuration summary printed in the appendix, one setting per line (default: empty)
    std::string configSummary;
    /// Signer shown in the cover's signature block; empty says the file is not signed (default:
    /// empty)
    std::string signerName;
    /// The signing key is a self-signed or test-CA key: the cover says so in red (default: false)
    bool testKey = false;
    /// Pages whose JPEG cannot pass through untouched: "auto" keeps lossless sources (PNG, TIFF,
    /// BMP) lossless (Flate) and re-encodes lossy ones (phone JPEG with EXIF rotation, WebP, HEIC,
    /// PDF) as JPEG; "lossless" or "jpeg" force one (default: auto)
    std::string imageEncoding = "auto";
    /// JPEG quality when a page is re-encoded (default: 90)
    int jpegQuality = 90;
    /// Resolution assumed when a page has none (no metadata, no estimate) (default: 300)
    double fallbackDpi = 300;
    /// Aim at PDF/A-2b: sRGB OutputIntent and pdfaid in XMP (default: true)
    bool pdfa = true;
    /// TrueType font for all text, Unicode (default: the installed DejaVuSans, DOSSIER_FONT_FILE)
    std::string fontFile;
    /// sRGB ICC profile of the OutputIntent (default: the installed sRGB.icc, DOSSIER_ICC_FILE)
    std::string iccFile;
    /// Creation time written to Info and XMP, for reproducible files; 0 = now (default: 0)
    std::time_t creationTime = 0;
};

/// Builds the unsigned case file and returns its bytes (the caller writes them atomically).
/// Throws Error(Pdf) when PoDoFo fails and Error(MissingResource) when the font or ICC file is
/// absent.
std::string BuildCaseFile(const Case& c, const CaseFileOptions& options = {});

}  // namespace dossier
