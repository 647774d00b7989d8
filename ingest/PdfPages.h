// PDF input pages: a scanned page's embedded image taken at its native resolution, anything else
// rendered with poppler.
#pragma once

#include <string_view>

#include "image/Decode.h"
#include "ingest/Ingest.h"

namespace dossier {

/// Reads every page of a PDF held in memory, up to options.maxPagesPerFile.
///
/// poppler opens the file first (it is the more forgiving and better-fuzzed parser: files it
/// rejects never reach PoDoFo) and reports encryption. PoDoFo then walks each page's content
/// stream: a page that paints exactly one upright image covering the page and nothing else
/// visible (invisible OCR text is allowed) is a scan. A scan whose image is a plain 8-bit gray or
/// YCbCr JPEG (DCTDecode alone) keeps those bytes untouched as passThroughJpeg and its pixels come
/// from decoding them; DPI = image pixels / displayed size in inches. Other scans are rendered at
/// their image's native DPI, and born-digital pages at options.pdfRenderDpi. Each page is checked
/// against options.maxPixels before it is decoded or rendered; pages go to `sink` when one is
/// given. Never throws for bad content.
DecodedFile DecodePdf(std::string_view bytes, const IngestOptions& options,
                      const PageSink& sink = {});

}  // namespace dossier
