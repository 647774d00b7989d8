// Orientation: how often generated document pages, turned by 0/90/180/270 degrees, come out of
// preparation and reading (PreparePage + ReadUpright) upright, and what each costs per page on one
// core. Figures, not a test.
//   orientation_bench [--pages N] [--full-osd]
// --full-osd measures the old way (Tesseract OSD on every page) for comparison.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "core/Document.h"
#include "ocr/OcrEngine.h"
#include "prepare/Prepare.h"
#include "tests/fixtures/DocumentTemplates.h"
#include "tests/fixtures/PageRenderer.h"

namespace fx = dossier::fixtures;
using namespace dossier;

int main(int argc, char** argv) {
    int pages = 24;
    bool fullOsd = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--pages") && i + 1 < argc) pages = std::atoi(argv[++i]);
        if (!std::strcmp(argv[i], "--full-osd")) fullOsd = true;
    }
    setenv("OMP_THREAD_LIMIT", "1", 0);
    auto engine = CreateTesseractEngine();
    PrepareOptions options;
    if (fullOsd) options.osdOnlyWhenLinesUnclear = false;

    // Every type but the photo (no text to turn by), in turn, each in its template languages.
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const DocumentType type : AllDocumentTypes())
        if (type != DocumentType::Unknown && type != DocumentType::Photo)
            for (const auto& lang : fx::TemplateLanguages(ToString(type)))
                if (lang != "zh") kinds.emplace_back(ToString(type), lang);

    int upright = 0, total = 0, osdRuns = 0, turnedByReading = 0;
    double prepareMs = 0, readMs = 0;
    std::map<std::string, int> failures;
    using Clock = std::chrono::steady_clock;
    auto since = [](Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    };
    for (int i = 0; i < pages; ++i) {
        const auto& [type, lang] = kinds[static_cast<size_t>(i) % kinds.size()];
        const unsigned seed = static_cast<unsigned>(i + 1);
        const auto doc = fx::MakeDocument(fx::DocumentParams{type, lang, seed});
        cv::Mat scan = fx::RenderDocumentPage(doc, 0, seed);
        scan = fx::GaussianNoise(fx::Skew(scan, (i % 5 - 2) * 0.4), 5, seed);
        for (int rotation : {0, 90, 180, 270}) {
            Page page;
            page.original = fx::RotateQuarter(scan, rotation);
            page.dpi = 300;
            auto start = Clock::now();
            ApplyPreparation(page, PreparePage(page, engine.get(), options));
            prepareMs += since(start);
            if (page.preparation.orientationBy == "osd") ++osdRuns;
            start = Clock::now();
            ReadUpright(page, *engine, options);
            readMs += since(start);
            if (page.preparation.orientationBy == "reading") ++turnedByReading;
            ++total;
            if ((rotation + page.preparation.rotationDegrees) % 360 == 0)
                ++upright;
            else
                ++failures[type + "/" + lang + " turned " + std::to_string(rotation) + " by " +
                           page.preparation.orientationBy];
        }
    }
    std::printf(
        "orientation (%s): %d/%d pages upright after reading (%.1f %%); OSD run on %d, "
        "read again upside down and turned %d; preparation %.0f ms/page, reading %.0f "
        "ms/page\n",
        fullOsd ? "OSD on every page" : "OSD only where the lines are unclear", upright, total,
        100.0 * upright / total, osdRuns, turnedByReading, prepareMs / total, readMs / total);
    for (const auto& [what, n] : failures) std::printf("    %d x %s\n", n, what.c_str());
    return 0;
}
