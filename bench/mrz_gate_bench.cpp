// The MRZ gate (MayHoldMrz): on pages prepared and read as the pipeline does, how many identity
// pages it keeps for the MRZ search (must be all) and how many pages of print it spares the
// search, and what the gate and the search it spares cost. Figures, not a test.
//   mrz_gate_bench [--identity N] [--print N]      (run with OMP_THREAD_LIMIT=1)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/Document.h"
#include "ocr/MrzEvidence.h"
#include "ocr/MrzReader.h"
#include "ocr/OcrEngine.h"
#include "prepare/Prepare.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/fixtures/PassportRenderer.h"

namespace fx = dossier::fixtures;
using namespace dossier;
using Clock = std::chrono::steady_clock;

namespace {

double Since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Outcome {
    bool kept = false;
    double gateMs = 0, searchMs = 0;
};

Outcome Judge(const cv::Mat& pixels, OcrEngine& engine, MrzReader& reader) {
    Page page;
    page.original = pixels;
    page.dpi = 300;
    ApplyPreparation(page, PreparePage(page, &engine));
    const OcrText text = ReadUpright(page, engine);
    Outcome out;
    auto start = Clock::now();
    out.kept = MayHoldMrz(text, page.prepared);
    out.gateMs = Since(start);
    start = Clock::now();
    (void)reader.Read(page.prepared, page.dpi, Date{2026, 11, 20});
    out.searchMs = Since(start);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int identity = 12, print = 12;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--identity")) identity = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--print")) print = std::atoi(argv[i + 1]);
    }
    setenv("OMP_THREAD_LIMIT", "1", 0);
    auto engine = CreateTesseractEngine();
    MrzReader reader;
    std::mt19937 rng(7);
    const Date reference{2026, 11, 20};

    int kept = 0;
    double gateMs = 0;
    for (int i = 0; i < identity; ++i) {
        const MrzFormat format = i % 3 == 0   ? MrzFormat::TD1
                                 : i % 3 == 1 ? MrzFormat::TD3
                                              : MrzFormat::MRVA;
        const fx::IdentityData d = fx::RandomIdentity(rng, format, reference);
        const unsigned seed = static_cast<unsigned>(i + 1);
        cv::Mat page =
            i % 4 == 3
                ? fx::RenderSidewaysCopyPage(d, fx::CaptureQuality::Scan, seed,
                                             i % 8 == 3 ? 90 : 270)
                : fx::RenderIdentityPage(
                      d, i % 4 == 1 ? fx::CaptureQuality::Phone : fx::CaptureQuality::Scan, seed);
        const Outcome o = Judge(page, *engine, reader);
        kept += o.kept;
        gateMs += o.gateMs;
        if (!o.kept) std::printf("    identity page %d (%s) was not kept\n", i, ToString(format));
    }
    int spared = 0, printed = 0;
    double sparedSearchMs = 0;
    for (const DocumentType typeId : AllDocumentTypes()) {
        if (printed >= print) break;
        if (typeId == DocumentType::Unknown || typeId == DocumentType::Photo ||
            typeId == DocumentType::Passport || typeId == DocumentType::IdentityCard)
            continue;
        const std::string type = ToString(typeId);
        for (const auto& lang : fx::TemplateLanguages(type)) {
            if (printed >= print || lang == "zh") continue;
            const unsigned seed = static_cast<unsigned>(100 + printed);
            const auto doc = fx::MakeDocument(fx::DocumentParams{type, lang, seed});
            if (doc.mrz) continue;  // visas and permits carry one
            cv::Mat page =
                fx::GaussianNoise(fx::Skew(fx::RenderDocumentPage(doc, 0, seed), 0.4), 5, seed);
            const Outcome o = Judge(page, *engine, reader);
            ++printed;
            gateMs += o.gateMs;
            if (!o.kept) {
                ++spared;
                sparedSearchMs += o.searchMs;
            } else {
                std::printf("    print page %s/%s kept\n", type.c_str(), lang.c_str());
            }
        }
    }
    std::printf(
        "MRZ gate: identity pages kept %d/%d; pages of print spared the search %d/%d "
        "(%.0f ms/page of search saved on them); gate %.1f ms/page\n",
        kept, identity, spared, printed, spared ? sparedSearchMs / spared : 0.0,
        gateMs / (identity + printed));
    return 0;
}
