// libFuzzer target: any text through the MRZ parser and the IIN finder must not crash or hit UB.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ocr/Iin.h"
#include "ocr/MrzParser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const dossier::Date reference{2026, 11, 20};
    if (auto mrz = dossier::TryParseMrzText(text, reference)) dossier::CrossCheckIin(*mrz);
    // The same text as evidence-carrying reader output: first half lines, second half alternatives.
    std::vector<std::string> lines, alternatives;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == '\n') {
            (lines.size() <= alternatives.size() ? lines : alternatives)
                .emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    dossier::TryParseMrz(lines, alternatives, reference, {.correctWithoutEvidence = true});
    dossier::FindIins(text);
    return 0;
}
