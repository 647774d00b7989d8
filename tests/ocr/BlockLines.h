// Test helper for the reading-order tests: an OCR result's blocks and lines as one string.
#pragma once

#include <string>

#include "core/Ocr.h"

namespace dossier::testing {

/// Each line's words joined by spaces and ended by "|", each block ended by "#".
inline std::string BlockLines(const OcrText& ocr) {
    std::string out;
    for (const auto& block : ocr.blocks) {
        for (const auto& line : block.lines) {
            for (size_t w = 0; w < line.words.size(); ++w)
                out += (w ? " " : "") + line.words[w].text;
            out += "|";
        }
        out += "#";
    }
    return out;
}

}  // namespace dossier::testing
