// Prints page-level type accuracy (scan and phone quality), verdict correctness and classification
// time per page over a generated corpus of packages. OCR is simulated by damaging the true text at
// the character error rates Tesseract shows on scans and phone photos; --ocr N also renders N pages
// per quality (every template in turn, a new seed each round) and reads them with the real
// Tesseract (slow: about 1.5 s a page; --ocr-cache DIR keeps the texts for the next run). Then the
// per-type accuracy on wordings the vocabularies were not tuned on (--wording-seeds N documents
// per wording and error rate).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "classify/Classifier.h"
#include "classify/Rules.h"
#include "ocr/OcrEngine.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PageRenderer.h"

using namespace dossier;
using fixtures::PackageSpec;

namespace {

std::vector<PackageSpec> Corpus(int count) {
    std::vector<PackageSpec> specs;
    std::mt19937 rng(2026);
    const Date app{2026, 11, 20};
    const std::vector<std::string> purposes = {"family",   "work",      "missionary",
                                               "business", "treatment", "study"};
    const std::vector<std::string> prCategories = {
        "", "eaeu-citizen", "ethnic-kazakh-prc", "former-citizen-registered", "minor-with-parent"};
    const std::vector<std::string> freshItems = {"criminal_record", "medical_certificate",
                                                 "solvency"};
    for (int i = 0; i < count; ++i) {
        PackageSpec s;
        s.seed = 1000 + i;
        const int service = i % 3;
        if (service == 0) {
            const auto& cat = prCategories[rng() % prCategories.size()];
            if (!cat.empty()) s.categories = {cat};
            if (rng() % 3 == 0) {
                Date birth = app;
                birth.year -= 5 + static_cast<int>(rng() % 13);
                s.coApplicants = {
                    CoApplicant{"child", AddDays(birth, -static_cast<long>(rng() % 300))}};
            }
            if (s.categories.empty() && rng() % 4 == 0)
                s.ageDays[freshItems[rng() % 3]] = 170 + static_cast<int>(rng() % 20);
            if (rng() % 5 == 0) s.passportValidityDays = 170 + static_cast<int>(rng() % 20);
            if (s.categories.empty() && rng() % 5 == 0) s.translatedItem = "criminal_record";
            if (s.categories.empty() && rng() % 7 == 0) s.untranslatedItem = "medical_certificate";
            // Without a draw from rng, so that the rest of the corpus stays as it was.
            if (s.categories.empty() && i % 12 == 6) s.unnotarizedItem = "criminal_record";
            if (s.categories.empty() && i % 12 == 9) s.unlegalizedItem = "criminal_record";
        } else if (service == 1) {
            s.service = "temporary-residence";
            s.purpose = purposes[rng() % purposes.size()];
            if (rng() % 3 == 0) s.categories = {"eaeu-citizen"};
        } else {
            s.service = "labor-immigrant";
        }
        if (rng() % 4 == 0) s.omit = {service == 2 ? "migration_card" : "application_form"};
        s.bundle = rng() % 3 == 0;
        specs.push_back(s);
    }
    return specs;
}

// Leave-one-wording-out: every wording of every type, tuning wordings and held-out ones apart
// (the held-out ones were written after the vocabularies and never used to change them), at the
// simulated error rates of scans and phone photos. A page is right when its type is; a wrong one
// is "in review" when the classifier was not confident (the reviewer sees the candidates) and
// "wrong" when it was.
void HeldOutWordings(const ClassifierModel& model, int seeds) {
    std::printf(
        "\nheld-out wordings (%d documents per wording and quality; simulated OCR at 0, 1 "
        "and 4 %% CER)\n",
        seeds);
    std::printf("%-28s %8s %8s | %8s %8s %8s %8s\n", "type", "tuned", "right", "held-out", "right",
                "review", "wrong");
    int tunedTotal = 0, tunedRight = 0, heldTotal = 0, heldRight = 0, heldReview = 0, heldWrong = 0;
    std::map<std::string, int> confusions;
    for (const DocumentType typeId : AllDocumentTypes()) {
        if (typeId == DocumentType::Unknown || typeId == DocumentType::Photo) continue;
        const std::string type = ToString(typeId);
        int tTotal = 0, tRight = 0, hTotal = 0, hRight = 0, hReview = 0, hWrong = 0;
        for (const auto& wording : fixtures::Wordings(type)) {
            if (wording.language == "zh") continue;  // read through its translation
            for (double rate : {0.0, 0.01, 0.04})
                for (int seed = 1; seed <= seeds; ++seed) {
                    fixtures::DocumentParams p;
                    p.type = type;
                    p.language = wording.language;
                    p.wording = wording.index;
                    p.seed = static_cast<unsigned>(seed * 101 + wording.index);
                    const auto doc = fixtures::MakeDocument(p);
                    std::string text;
                    for (const auto& page : doc.pageTexts) text += page + "\n";
                    text = fixtures::DamageText(text, rate, p.seed * 7 + 3);
                    PageAnalysis analysis;
                    analysis.mrz = doc.mrz;
                    const auto cls = ClassifyText(text, analysis, model);
                    const bool right = cls.type == typeId;
                    if (!wording.heldOut) {
                        ++tTotal;
                        tRight += right;
                        continue;
                    }
                    ++hTotal;
                    hRight += right;
                    if (!right) {
                        (cls.IsConfident({}) ? hWrong : hReview) += 1;
                        ++confusions[type + "/" + wording.language + " -> " + ToString(cls.type) +
                                     (cls.IsConfident({}) ? "" : " (review)")];
                    }
                }
        }
        tunedTotal += tTotal;
        tunedRight += tRight;
        heldTotal += hTotal;
        heldRight += hRight;
        heldReview += hReview;
        heldWrong += hWrong;
        if (hTotal == 0) {
            std::printf("%-28s %8d %7.1f%% | %8s\n", type.c_str(), tTotal, 100.0 * tRight / tTotal,
                        "-");
            continue;
        }
        std::printf("%-28s %8d %7.1f%% | %8d %7.1f%% %8d %8d\n", type.c_str(), tTotal,
                    100.0 * tRight / tTotal, hTotal, 100.0 * hRight / hTotal, hReview, hWrong);
    }
    std::printf("%-28s %8d %7.1f%% | %8d %7.1f%% %8d %8d\n", "all", tunedTotal,
                100.0 * tunedRight / tunedTotal, heldTotal, 100.0 * heldRight / heldTotal,
                heldReview, heldWrong);
    for (const auto& [what, n] : confusions) std::printf("    %3d x %s\n", n, what.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    LimitOpenMpToOneThread();
    int packages = 60, ocrPages = 0, wordingSeeds = 8;
    std::filesystem::path ocrCache;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--packages") packages = std::atoi(argv[++i]);
        if (std::string(argv[i]) == "--ocr") ocrPages = std::atoi(argv[++i]);
        if (std::string(argv[i]) == "--ocr-cache") ocrCache = argv[++i];
        if (std::string(argv[i]) == "--wording-seeds") wordingSeeds = std::atoi(argv[++i]);
    }
    bool explain = false;  // --explain: the checklist items of every wrong verdict
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--explain") explain = true;
    }
    const Models models = LoadModels(InstalledModelsDir());
    const auto corpus = Corpus(packages);
    std::printf("corpus: %d packages (all services, purposes, categories; defects injected)\n",
                packages);

    for (const auto& [quality, rate] :
         std::vector<std::pair<std::string, double>>{{"scan", 0.01}, {"phone", 0.04}}) {
        int pages = 0, right = 0, review = 0, verdictsRight = 0;
        double ms = 0;
        std::map<std::string, int> confusions;
        for (const auto& spec : corpus) {
            const auto pkg = fixtures::MakePackage(spec);
            Case c;
            c.service = spec.service;
            c.purpose = spec.purpose;
            c.applicationDate = spec.applicationDate;
            c.manifest.categories = spec.categories;
            c.manifest.coApplicants = spec.coApplicants;
            c.pages = fixtures::PackagePages(pkg, rate);
            for (const Page& page : c.pages) {
                if (!page.analysis.face) continue;
                PhotoCheck photo;
                photo.file = page.file;
                photo.found = photo.compliant = true;
                c.photo = photo;
            }
            const auto start = std::chrono::steady_clock::now();
            c.documents = ClassifyDocuments(c.pages, models.classifier);
            CheckPackage(c, models);
            ms +=
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            // Expected type per page, in the same order PackagePages produced them.
            std::vector<std::string> expected;
            for (const auto& f : pkg.files)
                for (const auto& [d, p] : f.pages) expected.push_back(pkg.documents[d].type);
            for (const auto& doc : c.documents)
                for (int p : doc.pageIndexes) {
                    ++pages;
                    const bool wrong = ToString(doc.type) != expected[p];
                    right += !wrong;
                    review += doc.needsReview;
                    if (wrong) ++confusions[expected[p] + " -> " + ToString(doc.type)];
                    if (explain && wrong) {
                        std::printf("    page %d of package %u, %s read as %s:", p, spec.seed,
                                    expected[p].c_str(), ToString(doc.type));
                        for (const auto& cand : doc.candidates)
                            std::printf(" %s %.2f", ToString(cand.type), cand.score);
                        std::printf("\n%s\n", c.pages[p].ocr->text.c_str());
                    }
                }
            verdictsRight += c.verdict == pkg.expectedVerdict;
            if (explain && c.verdict != pkg.expectedVerdict) {
                std::printf("    package %u (%s): verdict %s, expected %s\n", spec.seed,
                            spec.service.c_str(), ToString(c.verdict),
                            ToString(pkg.expectedVerdict));
                for (const auto& e : c.checklist) {
                    const auto want = pkg.expectedStatus.find(e.item);
                    const ItemStatus expectedStatus =
                        want == pkg.expectedStatus.end() ? ItemStatus::Present : want->second;
                    if (e.status == expectedStatus) continue;
                    std::printf("      %s: %s (%s), expected %s\n", e.item.c_str(),
                                ToString(e.status), e.note.c_str(), ToString(expectedStatus));
                    for (const auto& d : c.documents)
                        if (std::find(e.documents.begin(), e.documents.end(), d.id) !=
                            e.documents.end())
                            for (int p : d.pageIndexes)
                                std::printf("%s\n", c.pages[p].ocr->text.c_str());
                }
            }
        }
        std::printf(
            "%-5s (simulated OCR, CER %.0f%%): page type accuracy %.2f%% (%d/%d), needs_review "
            "pages %d, "
            "verdict right %d/%zu, classification+rules %.2f ms/page\n",
            quality.c_str(), rate * 100, 100.0 * right / pages, right, pages, review, verdictsRight,
            corpus.size(), ms / pages);
        for (const auto& [what, n] : confusions) std::printf("    %3d x %s\n", n, what.c_str());
    }

    HeldOutWordings(models.classifier, wordingSeeds);

    if (ocrPages > 0) {
        if (!ocrCache.empty()) std::filesystem::create_directories(ocrCache);
        // Every (type, language) template in turn, with a new seed (wording, names, font, layout)
        // on each round, until N pages.
        std::vector<std::pair<std::string, std::string>> templates;
        for (const DocumentType typeId : AllDocumentTypes()) {
            if (typeId == DocumentType::Unknown || typeId == DocumentType::Photo) continue;
            const std::string type = ToString(typeId);
            for (const auto& lang : fixtures::TemplateLanguages(type))
                if (lang != "zh")  // Cyrillic+eng cannot read it; pairing with its translation does
                    templates.emplace_back(type, lang);
        }
        auto engine = CreateTesseractEngine();
        // "phone-poor": a dimmer, more blurred and tilted shot than most phone photos, to see where
        // the vocabularies stop holding.
        for (const std::string quality : {"scan", "phone", "phone-poor"}) {
            int right = 0, total = 0;
            double ms = 0;
            std::map<std::string, int> confusions;
            for (int k = 0; k < ocrPages; ++k) {
                const auto& [type, lang] = templates[k % templates.size()];
                const unsigned seed = 1 + static_cast<unsigned>(k);
                const auto doc = fixtures::MakeDocument(fixtures::DocumentParams{type, lang, seed});
                cv::Mat page = fixtures::RenderDocumentPage(doc, 0, seed);
                if (quality == "phone-poor") {
                    page = fixtures::GaussianNoise(
                        fixtures::Blur(fixtures::Exposure(fixtures::Skew(page, 2.0), 0.7, 35), 1.6),
                        12, seed);
                } else if (quality == "phone") {
                    page = fixtures::GaussianNoise(
                        fixtures::Blur(fixtures::Exposure(fixtures::Skew(page, 1.2), 0.8, 30), 1.3),
                        9, seed);
                } else {
                    page = fixtures::GaussianNoise(fixtures::Skew(page, 0.4), 4, seed);
                }
                // Tesseract takes about 1.5 s a page: --ocr-cache DIR keeps its texts, so that a
                // change of the vocabularies can be measured again in seconds.
                const std::filesystem::path cached =
                    ocrCache.empty() ? std::filesystem::path()
                                     : ocrCache / (quality + "_" + std::to_string(k) + "_" + type +
                                                   "_" + lang + ".txt");
                std::string text;
                if (!cached.empty() && std::filesystem::exists(cached)) {
                    std::ifstream in(cached);
                    text.assign(std::istreambuf_iterator<char>(in), {});
                } else {
                    text = engine->Recognize(page, 300).text;
                    if (!cached.empty()) std::ofstream(cached) << text;
                }
                PageAnalysis analysis;
                analysis.mrz = doc.mrz;
                const auto t0 = std::chrono::steady_clock::now();
                const auto cls = ClassifyText(text, analysis, models.classifier);
                ms +=
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
                ++total;
                right += ToString(cls.type) == type;
                if (ToString(cls.type) != type)
                    ++confusions[type + "/" + lang + " -> " + ToString(cls.type)];
            }
            std::printf(
                "%-5s (real Tesseract, rendered): page type accuracy %.2f%% (%d/%d), %.2f ms/page "
                "beyond OCR\n",
                quality.c_str(), 100.0 * right / total, right, total, ms / total);
            for (const auto& [what, n] : confusions) std::printf("    %3d x %s\n", n, what.c_str());
        }
    }
    return 0;
}
