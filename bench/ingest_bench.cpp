// Ingest benchmark: milliseconds per page for each input kind, on generated A4 300-dpi pages; then
// dossier's decoders against OpenCV's imgcodecs (which the program no longer links): time and the
// largest pixel difference, which should be 0.
// Run: ./build/tests/ingest/ingest_bench [repeats]
#include <podofo/podofo.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Files.h"
#include "image/Decode.h"
#include "image/Pixels.h"
#include "ingest/Ingest.h"
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

double BestMs(int repeats, const std::function<void()>& work) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
    }
    return best;
}

std::string Encoded(const std::string& ext, const cv::Mat& image) {
    std::vector<uchar> buffer;
    cv::imencode(ext, image, buffer, {cv::IMWRITE_JPEG_QUALITY, 85, cv::IMWRITE_WEBP_QUALITY, 90});
    return {buffer.begin(), buffer.end()};
}

// Each format decoded by dossier and by OpenCV's imdecode, which dossier used before.
int CompareWithOpenCv(const cv::Mat& grayPage, int repeats) {
    cv::Mat colourPage;
    cv::cvtColor(grayPage, colourPage, cv::COLOR_GRAY2BGR);
    cv::rectangle(colourPage, {1500, 300, 600, 600}, {200, 60, 20}, cv::FILLED);  // a blue stamp
    cv::rectangle(colourPage, {300, 2800, 900, 200}, {30, 30, 210}, cv::FILLED);  // a red one
    const std::vector<std::pair<const char*, std::string>> files = {
        {"JPEG colour q85", Encoded(".jpg", colourPage)},
        {"JPEG gray q85", Encoded(".jpg", grayPage)},
        {"PNG colour", Encoded(".png", colourPage)},
        {"PNG gray", Encoded(".png", grayPage)},
        {"WebP colour q90", Encoded(".webp", colourPage)},
        {"BMP colour", Encoded(".bmp", colourPage)},
    };
    std::printf("\n%-38s %12s %12s %12s\n", "decoder, A4 300 dpi", "dossier ms", "OpenCV ms",
                "max diff");
    for (const auto& [label, bytes] : files) {
        const dossier::ImageFormat format = dossier::SniffFormat(bytes);
        dossier::DecodedFile ours;
        const double oursMs = BestMs(repeats, [&] {
            ours = dossier::DecodeImageFile(bytes, format, dossier::DecodeLimits{});
        });
        const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U,
                             const_cast<char*>(bytes.data()));
        cv::Mat theirs;
        const double theirsMs =
            BestMs(repeats, [&] { theirs = cv::imdecode(buffer, cv::IMREAD_UNCHANGED); });
        if (ours.pages.size() != 1 || theirs.empty()) {
            std::fprintf(stderr, "%s: not decoded\n", label);
            return 1;
        }
        const cv::Mat reference = dossier::ToGrayOrBgr(theirs);
        const double difference = reference.size() == ours.pages[0].pixels.size() &&
                                          reference.type() == ours.pages[0].pixels.type()
                                      ? cv::norm(reference, ours.pages[0].pixels, cv::NORM_INF)
                                      : -1;  // -1: not even the same size or channel count
        std::printf("%-38s %12.1f %12.1f %12.0f\n", label, oursMs, theirsMs, difference);
    }
    return 0;
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
    return CompareWithOpenCv(page, repeats);
}
