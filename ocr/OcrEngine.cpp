#include "ocr/OcrEngine.h"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/Error.h"

namespace dossier {

namespace {

using NewEngine = OcrEngine* (*)(const OcrOptions&);

/// The module next to the running program (an installed layout keeps them together), else where
/// this build made it (tests and benches run from their own folders).
std::filesystem::path ModulePath() {
    std::array<char, 4096> self{};
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    if (n > 0) {
        const auto beside = std::filesystem::path(std::string(self.data(), size_t(n)))
                                .replace_filename(DOSSIER_TESSERACT_MODULE_NAME);
        if (std::filesystem::exists(beside)) return beside;
    }
    return DOSSIER_TESSERACT_MODULE;
}

NewEngine LoadTesseractModule() {
    LimitOpenMpToOneThread();
    const std::filesystem::path path = ModulePath();
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module)
        throw Error(ErrorCode::MissingResource,
                    std::string("cannot load the Tesseract module: ") + ::dlerror());
    void* entry = ::dlsym(module, "dossier_new_tesseract_engine");
    if (!entry)
        throw Error(ErrorCode::MissingResource,
                    "the Tesseract module " + path.string() + " has no engine to offer");
    return reinterpret_cast<NewEngine>(entry);
}

}  // namespace

std::unique_ptr<OcrEngine> CreateTesseractEngine(const OcrOptions& options) {
    static const NewEngine newEngine = LoadTesseractModule();  // once, whatever the threads
    return std::unique_ptr<OcrEngine>(newEngine(options));
}

void LimitOpenMpToOneThread() {
    const char* limit = std::getenv("OMP_THREAD_LIMIT");
    if (!limit || std::string(limit) != "1") ::setenv("OMP_THREAD_LIMIT", "1", 1);
}

}  // namespace dossier
