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

/// Settles, with the visual zone, the ambiguous MRZ characters that nothing else settled, in the
/// names and the state codes (the fields no check digit covers) and the document and personal
/// numbers (whose O/0 swaps can cancel out in their check digits): the kept reading is proven when
/// the word it makes (the whole name part, the three-letter code, the number, with or without the
/// spaces and hyphens it is printed with) is printed on the page and no other candidate's word is;
/// a filler ('<') kept against a letter is proven when every word of the MRZ's name is printed and
/// the letter's word is not. Cyrillic on the page is compared in its ICAO 9303-3 Latin form. A
/// proven place gets `settledBy` "visual_zone"; the page never changes a reading (a reviewer
/// decides when it disagrees). When the last unsettled place is settled, an MRZ whose check digits
/// hold (`needsReview`) becomes valid.
void SettleWithVisualZone(Mrz& mrz, const OcrText& pageText);

}  // namespace dossier
