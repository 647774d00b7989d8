// Prints confusion matrices of language identification on Tesseract output (Cyrillic+eng, as the
// pipeline reads) of rendered pages at scan, phone and poor phone quality: the sample texts of
// tests/fixtures/LanguageSamples (every language of the list) and kk/ru/en document templates.
// Three identifiers on the same texts: the letter counts alone, CLD2 alone, and both combined
// (what the pipeline uses). --ocr-cache DIR keeps the texts (about 2 s a page to read).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "classify/Language.h"
#include "classify/Rules.h"
#include "ocr/OcrEngine.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/LanguageSamples.h"
#include "tests/fixtures/PageRenderer.h"

using namespace dossier;

namespace {

struct BenchPage {
    std::string name;      ///< cache file stem
    std::string language;  ///< truth
    std::string script;    ///< "Cyrl", "Latn"... as written
    cv::Mat image;
};

cv::Mat Degrade(const cv::Mat& page, const std::string& quality, unsigned seed) {
    // A dimmer, more blurred and tilted shot than most phone photos (as classify_bench's).
    if (quality == "phone-poor")
        return fixtures::GaussianNoise(
            fixtures::Blur(fixtures::Exposure(fixtures::Skew(page, 2.0), 0.7, 35), 1.6), 12, seed);
    if (quality == "phone")
        return fixtures::GaussianNoise(
            fixtures::Blur(fixtures::Exposure(fixtures::Skew(page, 1.2), 0.8, 30), 1.3), 9, seed);
    return fixtures::GaussianNoise(fixtures::Skew(page, 0.4), 4, seed);
}

std::vector<BenchPage> Pages(const std::string& quality, int templatesPerLanguage) {
    std::vector<BenchPage> pages;
    const auto& samples = fixtures::LanguageSamples();
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        fixtures::PageSpec spec;
        for (const auto& line : s.lines) spec.lines.push_back({line, 12});
        spec.lines.front().bold = true;
        spec.fontFile = fixtures::FontForScript(s.script);
        if (spec.fontFile.empty()) continue;  // no Chinese font installed
        // Serif on every other phone page, so that both faces are read at both qualities.
        if (s.script != "Hani" && quality != "scan" && i % 2 == 1)
            spec.fontFile = fixtures::DejaVuSerifFile();
        const unsigned seed = 100 + static_cast<unsigned>(i);
        pages.push_back({quality + "_sample_" + std::to_string(i) + "_" + s.language, s.language,
                         s.script, Degrade(fixtures::RenderPage(spec), quality, seed)});
    }
    const std::vector<std::string> types = {"criminal_record_certificate", "housing_agreement",
                                            "medical_certificate",         "marriage_certificate",
                                            "birth_certificate",           "labor_contract"};
    int k = 0;
    for (const std::string lang : {"kk", "ru", "en"}) {
        int made = 0;
        for (const auto& type : types) {
            if (made >= templatesPerLanguage) break;
            bool has = false;
            for (const auto& l : fixtures::TemplateLanguages(type)) has = has || l == lang;
            if (!has) continue;
            const unsigned seed = 7 + static_cast<unsigned>(k++);
            const auto doc = fixtures::MakeDocument(fixtures::DocumentParams{type, lang, seed});
            pages.push_back({quality + "_template_" + type + "_" + lang, lang,
                             lang == "en" ? "Latn" : "Cyrl",
                             Degrade(fixtures::RenderDocumentPage(doc, 0, seed), quality, seed)});
            ++made;
        }
    }
    return pages;
}

std::string Label(const std::string& code) {
    return code.empty() ? "und" : code;
}

void PrintMatrix(const char* title,
                 const std::vector<std::pair<std::string, std::string>>& results) {
    std::map<std::string, std::map<std::string, int>> m;
    std::set<std::string> predicted;
    int right = 0;
    for (const auto& [truth, guess] : results) {
        ++m[truth][Label(guess)];
        predicted.insert(Label(guess));
        right += truth == guess;
    }
    std::printf("  %s: %d/%zu right\n    %-6s", title, right, results.size(), "truth");
    for (const auto& p : predicted) std::printf(" %4s", p.c_str());
    std::printf("\n");
    for (const auto& [truth, row] : m) {
        std::printf("    %-6s", truth.c_str());
        for (const auto& p : predicted) {
            const auto it = row.find(p);
            if (it == row.end())
                std::printf(" %4s", ".");
            else
                std::printf(" %4d", it->second);
        }
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    LimitOpenMpToOneThread();
    std::filesystem::path cache;
    int templatesPerLanguage = 4;
    bool showMisses = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--ocr-cache" && i + 1 < argc) cache = argv[++i];
        if (arg == "--templates" && i + 1 < argc) templatesPerLanguage = std::atoi(argv[++i]);
        if (arg == "--misses") showMisses = true;
    }
    if (!cache.empty()) std::filesystem::create_directories(cache);
    std::unique_ptr<OcrEngine> engine;
    const std::vector<std::pair<const char*, LanguageMethod>> methods = {
        {"letters alone (hand-made)", LanguageMethod::Letters},
        {"CLD2 alone", LanguageMethod::Cld2},
        {"combined (the pipeline's)", LanguageMethod::Combined}};
    for (const std::string quality : {"scan", "phone", "phone-poor"}) {
        std::map<std::string, std::vector<std::pair<std::string, std::string>>> results;
        std::vector<std::pair<std::string, LanguageGuess>> combined;
        std::vector<double> readConfidences;
        int pages = 0;
        for (const auto& page : Pages(quality, templatesPerLanguage)) {
            const auto cached =
                cache.empty() ? std::filesystem::path() : cache / (page.name + ".txt");
            std::string text;
            double confidence = -1;  // unknown for texts cached without it
            auto confidenceFile = cached;
            confidenceFile.replace_extension(".conf");
            if (!cached.empty() && std::filesystem::exists(cached)) {
                std::ifstream in(cached);
                text.assign(std::istreambuf_iterator<char>(in), {});
                std::ifstream(confidenceFile) >> confidence;
            } else {
                if (!engine) engine = CreateTesseractEngine();
                const auto read = engine->Recognize(page.image, 300);
                text = read.text;
                confidence = read.meanConfidence;
                if (!cached.empty()) {
                    std::ofstream(cached) << text;
                    std::ofstream(confidenceFile) << confidence;
                }
            }
            // What a page of a language Tesseract has a model for is read with: the floor for
            // rules.min_read_confidence.
            if (confidence >= 0 && (page.script == "Cyrl" || page.script == "Latn"))
                readConfidences.push_back(confidence);
            ++pages;
            for (const auto& [name, method] : methods) {
                LanguageOptions options;
                options.method = method;
                const auto guess = DetectLanguage(text, options);
                results[name].emplace_back(page.language, guess.code);
                if (method == LanguageMethod::Combined) combined.emplace_back(page.name, guess);
                if (showMisses && guess.code != page.language)
                    std::printf(
                        "  miss %-40s %-26s -> %s (score %.2f, margin %.2f, runner-up "
                        "%s)\n",
                        page.name.c_str(), name, Label(guess.code).c_str(), guess.score,
                        guess.margin, Label(guess.runnerUp).c_str());
            }
        }
        std::printf("== %s quality, %d pages read by Tesseract (Cyrillic+eng)\n", quality.c_str(),
                    pages);
        for (const auto& [name, method] : methods) PrintMatrix(name, results[name]);
        // How often the combined answer would be trusted for a foreign-language finding.
        int confident = 0, confidentWrong = 0;
        const RulesOptions defaults;
        for (size_t i = 0; i < combined.size(); ++i) {
            const auto& guess = combined[i].second;
            if (guess.margin < defaults.minLanguageMargin) continue;
            ++confident;
            confidentWrong += guess.code != results["combined (the pipeline's)"][i].first;
        }
        std::printf("  combined with margin >= %.2f: %d/%zu pages, %d of them wrong\n",
                    defaults.minLanguageMargin, confident, combined.size(), confidentWrong);
        if (!readConfidences.empty()) {
            std::sort(readConfidences.begin(), readConfidences.end());
            double sum = 0;
            for (double v : readConfidences) sum += v;
            std::printf(
                "  OCR mean word confidence, Cyrillic and Latin pages: lowest %.1f, median "
                "%.1f, mean %.1f\n",
                readConfidences.front(), readConfidences[readConfidences.size() / 2],
                sum / readConfidences.size());
        }
    }
    return 0;
}
