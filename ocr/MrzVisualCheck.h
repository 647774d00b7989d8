// The MRZ against the printed (visual) zone of the same page: what OCR read there either confirms
// the machine-readable lines or tells the reviewer where they differ.
#pragma once

#include "core/Mrz.h"
#include "core/Ocr.h"

namespace dossier {

/// Compares the MRZ with what OCR printed on the same page (the visual zone): a document number,
/// birth date or expiry date that appears there in another form than the MRZ's adds an Issue
/// "mrz_visual_mismatch" to `mrz.issues`. Fields the page does not show are not judged.
void CrossCheckVisualZone(Mrz& mrz, const OcrText& pageText);

}  // namespace dossier
