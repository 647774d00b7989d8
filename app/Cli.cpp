// Options every subcommand shares, and turning them into an effective configuration.
#include "app/Cli.h"

#include "core/Error.h"
#include "ocr/OcrEngine.h"

namespace dossier {

namespace {

// Recognises nothing: the case file holds the images without a text layer, and classification
// has only layout and MRZ-free evidence. For quick triage of a backlog and for tests of the
// orchestration that must not depend on Tesseract.
class NullOcrEngine final : public OcrEngine {
  public:
    OcrText Recognize(const cv::Mat&, double) override { return {}; }
    std::optional<OrientationGuess> DetectOrientation(const cv::Mat&, double) override {
        return std::nullopt;
    }
};

}  // namespace

void AddCommonOptions(CLI::App& command, CommonOptions& common) {
    command.add_option("--config", common.configFile, "YAML configuration file")
        ->check(CLI::ExistingFile);
    command.add_option(
        "--service", common.service,
        "service when case.yaml names none: permanent-residence, temporary-residence, "
        "labor-immigrant");
    command.add_option(
        "--application-date", common.applicationDate,
        "application date YYYY-MM-DD for every case (default: manifest, else today)");
    command.add_flag("--json", common.json, "machine-readable output on stdout");
    command.add_flag("--quiet,-q", common.quiet, "only errors");
    command.add_flag("--verbose,-v", common.verbose, "more detail in logs");
    command.add_flag("--log-pii", common.logPii,
                     "allow names, document numbers and IINs in logs (off by default)");
    command.add_option("--jobs,-j", common.jobs, "worker threads (default: one per core)")
        ->check(CLI::Range(0, 256));
    command.add_option("--sign-p12", common.signP12, "PKCS#12 signing key and certificate")
        ->check(CLI::ExistingFile)
        ->group("Signing");
    command
        .add_option("--sign-pass-file", common.signPassFile,
                    "file holding the key's password (else DOSSIER_SIGN_PASS)")
        ->check(CLI::ExistingFile)
        ->group("Signing");
    command.add_option("--sign-cert", common.signCert, "PEM signer certificate and chain")
        ->check(CLI::ExistingFile)
        ->group("Signing");
    command.add_option("--sign-key", common.signKey, "PEM private key for --sign-cert")
        ->check(CLI::ExistingFile)
        ->group("Signing");
    command.add_option("--ocr-engine", common.ocrEngine, "tesseract or none")
        ->check(CLI::IsMember({"tesseract", "none"}))
        ->group("");  // hidden: for triage and tests
}

Config ResolveConfig(const CommonOptions& common) {
    Config config = DefaultConfig();
    if (!common.configFile.empty()) ApplyConfigFile(config, common.configFile);
    if (!common.service.empty()) {
        if (common.service != "permanent-residence" && common.service != "temporary-residence" &&
            common.service != "labor-immigrant")
            throw Error(ErrorCode::InvalidUsage,
                        "--service: unknown service '" + common.service + "'");
        config.defaultService = common.service;
        config.sources["service"] = "command line";
    }
    if (!common.applicationDate.empty()) {
        const auto date = Date::TryParseIso(common.applicationDate);
        if (!date) throw Error(ErrorCode::InvalidUsage, "--application-date: expected YYYY-MM-DD");
        config.applicationDate = date;
        config.sources["application_date"] = "command line";
    }
    if (common.jobs > 0) {
        config.jobs = common.jobs;
        config.sources["jobs"] = "command line";
    }
    const std::pair<const std::string*, std::pair<std::string*, const char*>> signing[] = {
        {&common.signP12, {&config.signing.p12File, "signing.p12_file"}},
        {&common.signPassFile, {&config.signing.passwordFile, "signing.password_file"}},
        {&common.signCert, {&config.signing.certFile, "signing.cert_file"}},
        {&common.signKey, {&config.signing.keyFile, "signing.key_file"}},
    };
    for (const auto& [given, target] : signing) {
        if (given->empty()) continue;
        *target.first = *given;
        config.sources[target.second] = "command line";
    }
    // A key named on the command line replaces the configured one of the other kind.
    if (!common.signP12.empty() && common.signCert.empty()) {
        config.signing.certFile.clear();
        config.signing.keyFile.clear();
    }
    if (!common.signCert.empty() && common.signP12.empty()) config.signing.p12File.clear();
    LoadModelOptions(config);
    if (common.logPii) {
        config.logPii = true;
        config.sources["log_pii"] = "command line";
    }
    return config;
}

std::string FolderOption(const std::string& given, const std::string& configured,
                         const std::string& what) {
    if (!given.empty()) return given;
    if (!configured.empty()) return configured;
    throw Error(ErrorCode::InvalidUsage,
                what + " is required (or set it in the configuration file under folders:)");
}

OcrEngineFactory MakeEngineFactory(const Config& config, const CommonOptions& common) {
    if (common.ocrEngine == "none")
        return [] { return std::unique_ptr<OcrEngine>(std::make_unique<NullOcrEngine>()); };
    if (common.ocrEngine != "tesseract")
        throw Error(ErrorCode::InvalidUsage,
                    "--ocr-engine: unknown engine '" + common.ocrEngine + "'");
    const OcrOptions options = config.ocr;
    return [options] { return CreateTesseractEngine(options); };
}

std::unique_ptr<RunContext> StartRun(const CommonOptions& common) {
    Config config = ResolveConfig(common);
    OcrEngineFactory engines = MakeEngineFactory(config, common);
    return std::make_unique<RunContext>(std::move(config), std::move(engines));
}

}  // namespace dossier
