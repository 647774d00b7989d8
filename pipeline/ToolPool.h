// OCR engines lent from a ToolPool and given back when dropped.
#pragma once

#include <functional>
#include <memory>

#include "core/ToolPool.h"
#include "ocr/OcrEngine.h"

namespace dossier {

/// A factory whose engines go back to a shared pool when the caller drops them, instead of being
/// destroyed: every case of a batch reuses the engines the earlier cases loaded.
std::function<std::unique_ptr<OcrEngine>()> PooledEngineFactory(
    std::function<std::unique_ptr<OcrEngine>()> create);

}  // namespace dossier
