// libFuzzer target: case.yaml text must parse or throw dossier::Error, never crash or throw
// anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/Error.h"
#include "ingest/CaseManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return 0;
    try {
        dossier::ParseCaseManifest(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const dossier::Error&) {
    }
    return 0;
}
