// Ingest benchmark: milliseconds per page for each input kind, on generated A4 300-dpi pages.
// Run: ./build/tests/pipeline/ingest_bench [repeats]
#include <podofo/podofo.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/Files.h"
#include "pipeline/Ingest.h"
#include "tests/fixtures/PageRenderer.h"

namespace fs = std::filesystem;
namespace fx = dossier::fixtures;

namespace {

std::string ScannedPdf(const std::string& jpeg, int width, int height) {
    PoDoFo::PdfMemDocument doc;
    const double w = width * 72.0 / 300, h = height * 72.0 / 300;
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfRect(0, 0, w, h));
    PoDoFo::PdfImage image(&doc);
    image.LoadFromJpegData(reinterpret_cast<const unsigned char*>(jpeg.data()),
                           PoDoFo::pdf_long(jpeg.size()));
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.DrawImage(0, 0, &image, w / image.GetWidth(), h / image.GetHeight());
    painter.FinishPage();
    PoDoFo::PdfRefCountedBuffer buffer;
    PoDoFo::PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

std::string TextPdf() {
    PoDoFo::PdfMemDocument doc;
    PoDoFo::PdfPage* page =
        doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
    PoDoFo::PdfFont* font =
        doc.CreateFont("DejaVu Sans", false, false, false,
                       PoDoFo::PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                       PoDoFo::PdfFontCache::eFontCreationFlags_None, true, DOSSIER_FONT_FILE);
    font->SetFontSize(11);
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    for (int line = 0; line < 50; ++line)
        painter.DrawText(60, 780 - 14 * line,
                         PoDoFo::PdfString("The applicant submits the documents listed below."));
    painter.FinishPage();
    PoDoFo::PdfRefCountedBuffer buffer;
    PoDoFo::PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    fx::PageSpec spec;
    spec.lines = fx::RussianSampleText();
    for (const auto& line : fx::EnglishSampleText()) spec.lines.push_back(line);
    const cv::Mat page = fx::RenderPage(spec);  // 2480 x 3508 gray
    const std::string jpeg = fx::EncodeJpeg(page, 85, 300);

    const fs::path dir = fs::temp_directory_path() / "dossier-ingest-bench";
    fs::create_directories(dir);
    struct Input {
        const char* label;
        std::string name;
        std::string bytes;
        int pages;
    };
    std::vector<Input> inputs = {
        {"JPEG gray q85 (pass-through)", "a.jpg", jpeg, 1},
        {"PNG gray", "b.png", fx::EncodePng(page, 300), 1},
        {"TIFF deflate, 3 pages", "c.tif", fx::EncodeTiff({page, page, page}, 300), 3},
        {"PDF scan (JPEG pass-through)", "d.pdf", ScannedPdf(jpeg, page.cols, page.rows), 1},
        {"PDF born-digital, rendered 300 dpi", "e.pdf", TextPdf(), 1},
    };
    std::printf("%-38s %10s %12s\n", "input", "bytes", "ms/page");
    for (const Input& input : inputs) {
        fx::WriteFile((dir / input.name).string(), input.bytes);
        double best = 1e300;
        for (int r = 0; r < repeats; ++r) {
            dossier::IngestResult result;
            const auto start = std::chrono::steady_clock::now();
            dossier::IngestFile(dir / input.name, input.name, {}, result);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            if (int(result.pages.size()) != input.pages) {
                std::fprintf(stderr, "%s: %zu pages, expected %d\n", input.label,
                             result.pages.size(), input.pages);
                return 1;
            }
            best = std::min(best, ms / input.pages);
        }
        std::printf("%-38s %10zu %12.1f\n", input.label, input.bytes.size(), best);
    }
    fs::remove_all(dir);
    return 0;
}
