// Loads, validates and describes the run configuration (YAML), recording where each value came
// from.
#include "pipeline/Config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "core/Error.h"
#include "core/Files.h"
#include "core/Yaml.h"

namespace dossier {

namespace {

[[noreturn]] void Fail(const std::string& key, const std::string& why) {
    throw Error(ErrorCode::InvalidConfig, "configuration key '" + key + "': " + why);
}

// One table of every key keeps loading, validation and description in one place.
struct Setting {
    std::string key;
    std::function<void(Config&, const YamlValue&)> load;
    std::function<std::string(const Config&)> show;
};

std::string Quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

std::string Show(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

template <typename Member>
Setting NumberSetting(std::string key, Member member, double min, double max) {
    return {key,
            [member, min, max](Config& c, const YamlValue& v) {
                c.*member = static_cast<std::remove_reference_t<decltype(c.*member)>>(
                    YamlDouble(v, min, max));
            },
            [member](const Config& c) { return Show(static_cast<double>(c.*member)); }};
}

template <typename Group, typename Member>
Setting Nested(std::string key, Group group, Member member, double min, double max) {
    return {
        key,
        [group, member, min, max](Config& c, const YamlValue& v) {
            (c.*group).*member = static_cast<std::remove_reference_t<decltype((c.*group).*member)>>(
                YamlDouble(v, min, max));
        },
        [group, member](const Config& c) { return Show(static_cast<double>((c.*group).*member)); }};
}

template <typename Group>
Setting NestedText(std::string key, Group group,
                   std::string std::remove_reference_t<decltype(std::declval<Config>().*
                                                                std::declval<Group>())>::*member) {
    return {key,
            [group, member](Config& c, const YamlValue& v) { (c.*group).*member = YamlString(v); },
            [group, member](const Config& c) { return Quote((c.*group).*member); }};
}

template <typename Group>
Setting NestedFlag(std::string key, Group group,
                   bool std::remove_reference_t<decltype(std::declval<Config>().*
                                                         std::declval<Group>())>::*member) {
    return {key,
            [group, member](Config& c, const YamlValue& v) { (c.*group).*member = YamlBool(v); },
            [group, member](const Config& c) {
                return std::string((c.*group).*member ? "true" : "false");
            }};
}

std::vector<Setting> RunSettings() {
    return {
        {"service",
         [](Config& c, const YamlValue& v) {
             const auto service = YamlString(v);
             static const std::set<std::string> kServices = {
                 "permanent-residence", "temporary-residence", "labor-immigrant"};
             if (!kServices.count(service))
                 FailYaml(v, "unknown service '" + service +
                                 "' (permanent-residence, temporary-residence, labor-immigrant)");
             c.defaultService = service;
         },
         [](const Config& c) { return c.defaultService; }},
        {"application_date",
         [](Config& c, const YamlValue& v) {
             const auto date = Date::TryParseIso(YamlString(v));
             if (!date) FailYaml(v, "expected a date YYYY-MM-DD");
             c.applicationDate = date;
         },
         [](const Config& c) {
             return c.applicationDate ? c.applicationDate->ToIso() : std::string("null  # today");
         }},
        NumberSetting("jobs", &Config::jobs, 0, 256),
        {"models_dir", [](Config& c, const YamlValue& v) { c.modelsDir = YamlString(v); },
         [](const Config& c) { return Quote(c.modelsDir); }},
        {"log_pii", [](Config& c, const YamlValue& v) { c.logPii = YamlBool(v); },
         [](const Config& c) { return std::string(c.logPii ? "true" : "false"); }},
    };
}

std::vector<Setting> IngestSettings() {
    return {
        Nested("ingest.max_file_bytes", &Config::ingest, &IngestOptions::maxFileBytes, 1, 1e12),
        Nested("ingest.max_pixels", &Config::ingest, &IngestOptions::maxPixels, 1, 1e10),
        Nested("ingest.max_kept_pixels", &Config::ingest, &IngestOptions::maxKeptPixels, 1e6, 1e10),
        Nested("ingest.max_pages_per_file", &Config::ingest, &IngestOptions::maxPagesPerFile, 1,
               100000),
        Nested("ingest.pdf_render_dpi", &Config::ingest, &IngestOptions::pdfRenderDpi, 50, 1200),
        Nested("ingest.max_pages_per_case", &Config::ingest, &IngestOptions::maxPagesPerCase, 1,
               100000),
        Nested("ingest.max_pixels_per_file", &Config::ingest, &IngestOptions::maxPixelsPerFile, 1,
               1e11),
        Nested("ingest.max_pixels_per_case", &Config::ingest, &IngestOptions::maxPixelsPerCase, 1,
               1e11),
        Nested("ingest.max_seconds_per_file", &Config::ingest, &IngestOptions::maxSecondsPerFile,
               0.1, 86400),
        Nested("ingest.max_seconds_per_case", &Config::ingest, &IngestOptions::maxSecondsPerCase,
               0.1, 86400),
        Nested("ingest.max_jpeg_scans", &Config::ingest, &IngestOptions::maxJpegScans, 1, 100000),
        Nested("ingest.max_pdf_nesting", &Config::ingest, &IngestOptions::maxPdfNesting, 1, 100000),
        Nested("ingest.max_pdf_operators", &Config::ingest, &IngestOptions::maxPdfOperators, 1,
               1e9),
        Nested("ingest.max_manifest_bytes", &Config::ingest, &IngestOptions::maxManifestBytes, 1,
               1e9),
    };
}

std::vector<Setting> PrepareSettings() {
    return {
        NestedFlag("prepare.detect_orientation", &Config::prepare,
                   &PrepareOptions::detectOrientation),
        NestedFlag("prepare.dewarp", &Config::prepare, &PrepareOptions::dewarp),
        Nested("prepare.min_skew_degrees", &Config::prepare, &PrepareOptions::minSkewDegrees, 0,
               45),
        Nested("prepare.max_skew_degrees", &Config::prepare, &PrepareOptions::maxSkewDegrees, 0,
               45),
        NestedFlag("prepare.dpi_from_text", &Config::prepare, &PrepareOptions::dpiFromText),
        {"prepare.body_text_points",
         [](Config& c, const YamlValue& v) {
             c.prepare.textResolution.bodyTextPoints = YamlDouble(v, 4, 30);
         },
         [](const Config& c) { return Show(c.prepare.textResolution.bodyTextPoints); }},
        Nested("prepare.fallback_dpi", &Config::prepare, &PrepareOptions::fallbackDpi, 50, 1200),
        Nested("quality.min_sharpness", &Config::prepare, &PrepareOptions::minSharpness, 0, 1e6),
        Nested("quality.min_brightness", &Config::prepare, &PrepareOptions::minBrightness, 0, 255),
        Nested("quality.min_contrast", &Config::prepare, &PrepareOptions::minContrast, 0, 255),
        Nested("quality.min_dpi", &Config::prepare, &PrepareOptions::minDpi, 0, 2400),
        Nested("quality.max_glare_ratio", &Config::prepare, &PrepareOptions::maxGlareRatio, 0, 1),
        Nested("quality.max_edge_ink_ratio", &Config::prepare, &PrepareOptions::maxEdgeInkRatio, 0,
               1),
    };
}

std::vector<Setting> OcrSettings() {
    return {
        NestedText("ocr.languages", &Config::ocr, &OcrOptions::languages),
        NestedText("ocr.tessdata_dir", &Config::ocr, &OcrOptions::tessdataDir),
        NestedFlag("ocr.read_doubtful_again", &Config::ocr, &OcrOptions::readDoubtfulAgain),
        NestedFlag("ocr.set_aside_drawings", &Config::ocr, &OcrOptions::setAsideDrawings),
        NestedFlag("ocr.read_frames_apart", &Config::ocr, &OcrOptions::readFramesApart),
        NestedFlag("ocr.read_table_cells", &Config::ocr, &OcrOptions::readTableCells),
    };
}

std::vector<Setting> SigningSettings() {
    return {
        NestedText("signing.p12_file", &Config::signing, &SigningOptions::p12File),
        NestedText("signing.password_file", &Config::signing, &SigningOptions::passwordFile),
        NestedText("signing.cert_file", &Config::signing, &SigningOptions::certFile),
        NestedText("signing.key_file", &Config::signing, &SigningOptions::keyFile),
        NestedText("signing.reason", &Config::signing, &SigningOptions::reason),
        NestedText("signing.location", &Config::signing, &SigningOptions::location),
        NestedText("signing.sub_filter", &Config::signing, &SigningOptions::subFilter),
    };
}

std::vector<Setting> DecisionSettings() {
    return {
        Nested("classify.min_confidence", &Config::classify, &ClassifyOptions::minConfidence, 0, 1),
        Nested("classify.min_margin", &Config::classify, &ClassifyOptions::minMargin, 0, 1),
        NestedFlag("rules.reject_poor_copies", &Config::rules, &RulesOptions::rejectPoorCopies),
        Nested("rules.min_language_margin", &Config::rules, &RulesOptions::minLanguageMargin, 0, 1),
        Nested("rules.min_read_confidence", &Config::rules, &RulesOptions::minReadConfidence, 0,
               100),
        NestedFlag("mrz.use_tesseract", &Config::mrz, &MrzOptions::useTesseract),
        {"find_faces", [](Config& c, const YamlValue& v) { c.findFaces = YamlBool(v); },
         [](const Config& c) { return std::string(c.findFaces ? "true" : "false"); }},
    };
}

std::vector<Setting> FolderSettings() {
    return {
        NestedText("folders.inbox", &Config::folders, &FolderConfig::inbox),
        NestedText("folders.out", &Config::folders, &FolderConfig::out),
        NestedText("folders.archive", &Config::folders, &FolderConfig::archive),
        NestedText("folders.quarantine", &Config::folders, &FolderConfig::quarantine),
        NestedText("folders.status_file", &Config::folders, &FolderConfig::statusFile),
        Nested("watch.settle_seconds", &Config::watch, &WatchConfig::settleSeconds, 0, 86400),
        Nested("watch.max_attempts", &Config::watch, &WatchConfig::maxAttempts, 1, 100),
        Nested("watch.retry_delay_seconds", &Config::watch, &WatchConfig::retryDelaySeconds, 0,
               86400),
        NestedFlag("watch.poll", &Config::watch, &WatchConfig::poll),
        Nested("watch.interval_seconds", &Config::watch, &WatchConfig::intervalSeconds, 0.05, 3600),
    };
}

// In the order `config --print` shows them and unknown-key errors list them.
const std::vector<Setting>& Settings() {
    static const std::vector<Setting> kSettings = [] {
        std::vector<Setting> all;
        for (auto section : {RunSettings(), IngestSettings(), PrepareSettings(), OcrSettings(),
                             SigningSettings(), DecisionSettings(), FolderSettings()})
            all.insert(all.end(), section.begin(), section.end());
        return all;
    }();
    return kSettings;
}

const Setting* FindSetting(const std::string& key) {
    const auto& settings = Settings();
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const Setting& s) { return s.key == key; });
    return it == settings.end() ? nullptr : &*it;
}

/// The keys a mapping at `group` ("" for the file, "signing" for its section) may hold: the next
/// part of every setting's dotted key below it.
std::vector<std::string> KeysUnder(const std::string& group) {
    const std::string prefix = group.empty() ? "" : group + ".";
    std::vector<std::string> keys;
    for (const auto& setting : Settings()) {
        if (setting.key.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string rest = setting.key.substr(prefix.size());
        const std::string next = rest.substr(0, rest.find('.'));
        if (std::find(keys.begin(), keys.end(), next) == keys.end()) keys.push_back(next);
    }
    return keys;
}

/// Every setting the mapping `map` gives, its sections walked into, in the file's order.
void CollectSettings(const YamlValue& map, std::vector<YamlValue>& out) {
    for (const auto& [name, value] : YamlEntries(map, KeysUnder(map.key))) {
        if (FindSetting(value.key))
            out.push_back(value);
        else
            CollectSettings(value, out);
    }
}

}  // namespace

int Config::EffectiveJobs() const {
    if (jobs > 0) return jobs;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? static_cast<int>(cores) : 1;
}

Config DefaultConfig() {
    Config config;
    config.modelsDir = DOSSIER_MODELS_DIR;
    return config;
}

void LoadModelOptions(Config& config) {
    const std::filesystem::path photo = std::filesystem::path(config.modelsDir) / "photo.yaml";
    if (std::filesystem::exists(photo)) config.photo = LoadPhotoOptions(photo);
}

void ApplyConfigFile(Config& config, const std::filesystem::path& file) {
    YamlValue root;
    try {
        root = ParseYaml(ReadFileBytes(file, 1 << 20), file.string());
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidConfig, e.what());
    }
    if (root.node.IsNull()) return;
    std::vector<YamlValue> given;
    CollectSettings(root, given);
    for (const YamlValue& value : given) {
        FindSetting(value.key)->load(config, value);
        config.sources[value.key] = file.string();
    }
    if (config.prepare.minSkewDegrees > config.prepare.maxSkewDegrees)
        Fail("prepare.min_skew_degrees", "must not exceed prepare.max_skew_degrees");
    if (config.signing.subFilter != "ETSI.CAdES.detached" &&
        config.signing.subFilter != "adbe.pkcs7.detached")
        Fail("signing.sub_filter", "must be ETSI.CAdES.detached or adbe.pkcs7.detached");
}

std::string DescribeConfig(const Config& config) {
    std::ostringstream out;
    for (const auto& setting : Settings()) {
        const auto source = config.sources.find(setting.key);
        out << setting.key << ": " << setting.show(config) << "  # "
            << (source == config.sources.end() ? "default" : source->second) << "\n";
    }
    return out.str();
}

std::string ConfigFingerprint(const Config& config) {
    std::ostringstream out;
    for (const auto& setting : Settings()) {
        // Where files go and how they are signed or watched do not change a case's content.
        if (setting.key.rfind("watch.", 0) == 0 || setting.key.rfind("folders.", 0) == 0 ||
            setting.key == "jobs" || setting.key == "log_pii")
            continue;
        out << setting.key << '=' << setting.show(config) << '\n';
    }
    out << "version=" << DOSSIER_VERSION << '\n';
    // Rules, vocabularies and thresholds are data: an operator's edit must redo the cases.
    std::error_code ec;
    std::vector<std::filesystem::path> modelFiles;
    for (auto it = std::filesystem::recursive_directory_iterator(config.modelsDir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) modelFiles.push_back(it->path());
    std::sort(modelFiles.begin(), modelFiles.end());
    for (const auto& file : modelFiles) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        out << "model " << std::filesystem::relative(file, config.modelsDir, ec).string() << '='
            << Sha256Hex(bytes) << '\n';
    }
    // Without a configured date the application date is the day of processing, and with it the
    // freshness and validity verdicts.
    if (!config.applicationDate) out << "today=" << Date::Today().ToIso() << '\n';
    return Sha256Hex(out.str());
}

}  // namespace dossier
