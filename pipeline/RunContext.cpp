// A run's shared state, loaded and checked before its first case.
#include "pipeline/RunContext.h"

#include "core/Error.h"

namespace dossier {

namespace {

std::shared_ptr<const SigningKey> LoadConfiguredKey(const SigningOptions& signing) {
    if (signing.p12File.empty() && signing.certFile.empty()) return nullptr;
    try {
        return std::make_shared<const SigningKey>(LoadSigningKey(signing));
    } catch (const Error& e) {
        // A key that does not load is the run's configuration, not any package's problem.
        throw Error(ErrorCode::InvalidConfig, std::string("signing key: ") + e.what());
    }
}

}  // namespace

RunContext::RunContext(Config givenConfig, OcrEngineFactory createEngine)
    : config(std::move(givenConfig)),
      models(LoadModels(config.modelsDir)),
      signingKey(LoadConfiguredKey(config.signing)),
      ocrEngines(std::move(createEngine)),
      mrzReaders([options = config.mrz] { return std::make_unique<MrzReader>(options); }) {
    // A language that does not load stops the run here, not in every case; the engine stays in
    // the pool for the first page.
    ocrEngines.Lend();
}

}  // namespace dossier
