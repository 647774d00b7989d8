// Tests for ingest: every accepted format made here in code, and the files a case must survive.
#include "ingest/Ingest.h"

#include <gtest/gtest.h>

#include <leptonica/allheaders.h>
#include <podofo/podofo.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "core/Files.h"
#include "image/Pixels.h"
#include "tests/fixtures/PageRenderer.h"

#ifdef DOSSIER_HAVE_LIBHEIF
#include <libheif/heif.h>
#endif

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;

namespace {

/// A fresh folder per test under the build's test work dir.
fs::path WorkDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "ingest" /
                         (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// Upright test picture: black block top-left, white elsewhere, a gray band at the bottom. Any
/// rotation or flip moves the block, so orientation handling is visible in the pixels.
cv::Mat Picture(int width = 240, int height = 160, bool colour = false) {
    cv::Mat m(height, width, colour ? CV_8UC3 : CV_8UC1, cv::Scalar::all(255));
    cv::rectangle(m, cv::Rect(0, 0, width / 4, height / 4), cv::Scalar::all(0), cv::FILLED);
    cv::rectangle(m, cv::Rect(0, height * 7 / 8, width, height / 8), cv::Scalar::all(128),
                  cv::FILLED);
    if (colour)
        cv::rectangle(m, cv::Rect(width / 2, height / 3, width / 4, height / 4),
                      cv::Scalar(255, 0, 0), cv::FILLED);
    return m;
}

/// Mean gray level of a fraction of the image (fx, fy, fw, fh in 0..1).
double MeanAt(const cv::Mat& image, double fx, double fy, double fw, double fh) {
    cv::Mat gray = image;
    if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    const cv::Rect r(int(fx * gray.cols), int(fy * gray.rows), std::max(1, int(fw * gray.cols)),
                     std::max(1, int(fh * gray.rows)));
    return cv::mean(gray(r))[0];
}

/// The block is top-left and the band at the bottom: the picture is upright.
void ExpectUpright(const cv::Mat& image) {
    EXPECT_LT(MeanAt(image, 0.02, 0.02, 0.2, 0.2), 40);
    EXPECT_GT(MeanAt(image, 0.75, 0.02, 0.2, 0.2), 215);
    EXPECT_NEAR(MeanAt(image, 0.3, 0.9, 0.4, 0.08), 128, 20);
}

std::string Encode(const std::string& ext, const cv::Mat& image, std::vector<int> params = {}) {
    std::vector<uchar> buffer;
    if (!cv::imencode(ext, image, buffer, params)) throw std::runtime_error("encode " + ext);
    return {buffer.begin(), buffer.end()};
}

std::string ReadAll(const fs::path& path) {
    return ReadFileBytes(path);
}

/// An EXIF APP1 segment (little-endian TIFF) with Orientation and, if dpi > 0, XResolution.
std::string ExifSegment(int orientation, int dpi) {
    std::string tiff("II*\0\x08\0\0\0", 8);
    auto u16 = [&tiff](unsigned v) { tiff += char(v & 0xff), tiff += char(v >> 8); };
    auto u32 = [&](unsigned v) { u16(v & 0xffff), u16(v >> 16); };
    const unsigned entries = dpi > 0 ? 3 : 1;
    u16(entries);
    u16(0x0112), u16(3), u32(1), u16(unsigned(orientation)), u16(0);  // Orientation
    const unsigned rationalAt = 8 + 2 + entries * 12 + 4;
    if (dpi > 0) {
        u16(0x011A), u16(5), u32(1), u32(rationalAt);  // XResolution
        u16(0x0128), u16(3), u32(1), u16(2), u16(0);   // ResolutionUnit = inch
    }
    u32(0);  // no next IFD
    if (dpi > 0) u32(unsigned(dpi)), u32(1);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const size_t length = payload.size() + 2;
    return std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xff) + payload;
}

/// Inserts a segment right after SOI.
std::string WithSegment(const std::string& jpeg, const std::string& segment) {
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

/// A PDF page showing `jpeg` over the whole page at `dpi`.
void AddScannedPage(PoDoFo::PdfMemDocument& doc, const std::string& jpeg, int width, int height,
                    double dpi) {
    const double w = width * 72.0 / dpi, h = height * 72.0 / dpi;
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfRect(0, 0, w, h));
    PoDoFo::PdfImage image(&doc);
    image.LoadFromJpegData(reinterpret_cast<const unsigned char*>(jpeg.data()),
                           PoDoFo::pdf_long(jpeg.size()));
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.DrawImage(0, 0, &image, w / image.GetWidth(), h / image.GetHeight());
    painter.FinishPage();
}

/// A PDF page showing a deflate-compressed gray image over the whole page at `dpi`.
void AddFlatePage(PoDoFo::PdfMemDocument& doc, const cv::Mat& gray, double dpi) {
    const double w = gray.cols * 72.0 / dpi, h = gray.rows * 72.0 / dpi;
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfRect(0, 0, w, h));
    PoDoFo::PdfImage image(&doc);
    image.SetImageColorSpace(PoDoFo::ePdfColorSpace_DeviceGray);
    const cv::Mat continuous = gray.clone();
    PoDoFo::PdfMemoryInputStream stream(reinterpret_cast<const char*>(continuous.data),
                                        PoDoFo::pdf_long(continuous.total()));
    image.SetImageData(unsigned(gray.cols), unsigned(gray.rows), 8, &stream);
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.DrawImage(0, 0, &image, w / image.GetWidth(), h / image.GetHeight());
    painter.FinishPage();
}

/// A born-digital page (A6) with a line of text.
void AddTextPage(PoDoFo::PdfMemDocument& doc) {
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfRect(0, 0, 298, 420));
    PoDoFo::PdfFont* font =
        doc.CreateFont("DejaVu Sans", false, false, false,
                       PoDoFo::PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                       PoDoFo::PdfFontCache::eFontCreationFlags_None, true, DOSSIER_FONT_FILE);
    font->SetFontSize(28);
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    painter.DrawText(20, 360, PoDoFo::PdfString("Dossier 2026"));
    painter.FinishPage();
}

const Issue* IssueFor(const IngestResult& result, const std::string& file) {
    for (const Issue& issue : result.issues)
        if (issue.file == file) return &issue;
    return nullptr;
}

/// Ingests one file and expects it to be refused with an unreadable_input issue mentioning `why`.
void ExpectUnreadable(const fs::path& path, const std::string& why,
                      const IngestOptions& options = {},
                      const std::string& code = "unreadable_input") {
    IngestResult result;
    IngestFile(path, path.filename().string(), options, result);
    ASSERT_EQ(result.inputs.size(), 1u);
    EXPECT_FALSE(result.inputs[0].readable) << path;
    EXPECT_EQ(result.inputs[0].pageCount, 0);
    EXPECT_TRUE(result.pages.empty());
    ASSERT_EQ(result.issues.size(), 1u) << path;
    const Issue& issue = result.issues[0];
    EXPECT_EQ(issue.code, code);
    EXPECT_EQ(issue.severity, Severity::Error);
    EXPECT_EQ(issue.file, path.filename().string());
    EXPECT_NE(issue.message.find(why), std::string::npos) << issue.message;
}

IngestResult IngestOne(const fs::path& path, const IngestOptions& options = {}) {
    IngestResult result;
    IngestFile(path, path.filename().string(), options, result);
    return result;
}

}  // namespace

// ---- formats ----------------------------------------------------------------------------------

TEST(IngestFormats, JpegWithJfifDpiPassesThroughUntouched) {
    const fs::path dir = WorkDir();
    const std::string jpeg = fx::EncodeJpeg(Picture(), 90, 300);
    fx::WriteFile(dir / "scan.jpg", jpeg);
    const IngestResult result = IngestOne(dir / "scan.jpg");
    ASSERT_EQ(result.pages.size(), 1u);
    const Page& page = result.pages[0];
    EXPECT_EQ(page.sourceFormat, "jpeg");
    EXPECT_EQ(page.original.type(), CV_8UC1);
    EXPECT_EQ(page.original.size(), cv::Size(240, 160));
    EXPECT_DOUBLE_EQ(page.dpi, 300);
    EXPECT_EQ(page.passThroughJpeg, jpeg);
    EXPECT_EQ(page.sha256, Sha256Hex(jpeg));
    EXPECT_EQ(result.inputs[0].sha256, Sha256Hex(jpeg));
    EXPECT_EQ(result.inputs[0].bytes, static_cast<long long>(jpeg.size()));
    EXPECT_TRUE(result.issues.empty());
    ExpectUpright(page.original);
}

TEST(IngestFormats, JpegExifOrientation6IsRotatedAndNotPassedThrough) {
    const fs::path dir = WorkDir();
    cv::Mat stored;  // what a phone held sideways stores: the upright picture turned left
    cv::rotate(Picture(240, 160, true), stored, cv::ROTATE_90_COUNTERCLOCKWISE);
    const std::string jpeg = WithSegment(Encode(".jpg", stored), ExifSegment(6, 200));
    fx::WriteFile(dir / "IMG_0001.JPG", jpeg);
    const IngestResult result = IngestOne(dir / "IMG_0001.JPG");
    ASSERT_EQ(result.pages.size(), 1u);
    const Page& page = result.pages[0];
    EXPECT_EQ(page.original.size(), cv::Size(240, 160));
    EXPECT_EQ(page.original.type(), CV_8UC3);
    ExpectUpright(page.original);
    EXPECT_TRUE(page.passThroughJpeg.empty());
    EXPECT_DOUBLE_EQ(page.dpi, 200);  // EXIF XResolution; OpenCV's JFIF says only "aspect 1:1"
    EXPECT_EQ(page.sha256, Sha256Hex(jpeg));
}

TEST(IngestFormats, GrayOnlyGivesGrayPagesOfEveryFormatAndKeepsNoJpeg) {
    const fs::path dir = WorkDir();
    const cv::Mat colour = Picture(240, 160, true);
    fx::WriteFile(dir / "photo.jpg", fx::EncodeJpeg(colour, 95, 300));
    fx::WriteFile(dir / "photo.png", Encode(".png", colour));
    IngestOptions grayOnly;
    grayOnly.grayOnly = true;
    for (const char* name : {"photo.jpg", "photo.png"}) {
        SCOPED_TRACE(name);
        const IngestResult inColour = IngestOne(dir / name);
        const IngestResult inGray = IngestOne(dir / name, grayOnly);
        ASSERT_EQ(inGray.pages.size(), 1u);
        const Page& page = inGray.pages[0];
        EXPECT_EQ(page.original.type(), CV_8UC1);
        EXPECT_TRUE(page.passThroughJpeg.empty());
        EXPECT_EQ(page.sha256, inColour.pages[0].sha256);
        EXPECT_EQ(page.dpi, inColour.pages[0].dpi);
        // The JPEG's own luma, or the colour pixels' gray: the same picture but for rounding and
        // where decoding to colour clipped a saturated colour.
        cv::Mat expected;
        cv::cvtColor(inColour.pages[0].original, expected, cv::COLOR_BGR2GRAY);
        EXPECT_LE(cv::norm(page.original, expected, cv::NORM_L1) / double(expected.total()), 1.0);
        EXPECT_LE(cv::norm(page.original, expected, cv::NORM_INF), 16.0);
    }
}

TEST(IngestFormats, ExifOrientation1PassesThroughAndPlaceholderDpiCountsAsAbsent) {
    const fs::path dir = WorkDir();
    const std::string jpeg = WithSegment(Encode(".jpg", Picture()), ExifSegment(1, 72));
    fx::WriteFile(dir / "photo.jpg", jpeg);
    const IngestResult result = IngestOne(dir / "photo.jpg");
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_EQ(result.pages[0].passThroughJpeg, jpeg);
    EXPECT_EQ(result.pages[0].dpi, 0);
}

TEST(IngestFormats, CmykJpegIsDecodedButNeverPassedThrough) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "cmyk.jpg", fx::EncodeCmykJpeg(64, 48, {0, 0, 0, 0}));
    const IngestResult result = IngestOne(dir / "cmyk.jpg");
    ASSERT_EQ(result.pages.size(), 1u) << (result.issues.empty() ? "" : result.issues[0].message);
    EXPECT_EQ(result.pages[0].original.type(), CV_8UC3);
    EXPECT_EQ(result.pages[0].original.size(), cv::Size(64, 48));
    EXPECT_TRUE(result.pages[0].passThroughJpeg.empty());
}

TEST(IngestFormats, PngWithPhysDpi) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "page.png", fx::EncodePng(Picture(), 200));
    const IngestResult result = IngestOne(dir / "page.png");
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_EQ(result.pages[0].sourceFormat, "png");
    EXPECT_NEAR(result.pages[0].dpi, 200, 0.1);
    EXPECT_EQ(result.pages[0].original.type(), CV_8UC1);
    EXPECT_TRUE(result.pages[0].passThroughJpeg.empty());
    ExpectUpright(result.pages[0].original);
}

TEST(IngestFormats, SixteenBitPngWithAlphaBecomesEightBitBgrOnWhite) {
    const fs::path dir = WorkDir();
    cv::Mat rgba(Picture(240, 160, true).size(), CV_16UC4, cv::Scalar(0, 0, 0, 65535));
    cv::Mat bgr16;
    Picture(240, 160, true).convertTo(bgr16, CV_16U, 257);
    cv::Mat alpha(bgr16.size(), CV_16UC1, cv::Scalar(65535));
    alpha(cv::Rect(200, 0, 40, 40)).setTo(0);  // a transparent corner
    std::vector<cv::Mat> channels;
    cv::split(bgr16, channels);
    channels.push_back(alpha);
    cv::merge(channels, rgba);
    fx::WriteFile(dir / "deep.png", Encode(".png", rgba));
    const IngestResult result = IngestOne(dir / "deep.png");
    ASSERT_EQ(result.pages.size(), 1u);
    const cv::Mat& image = result.pages[0].original;
    EXPECT_EQ(image.type(), CV_8UC3);
    ExpectUpright(image);
    EXPECT_EQ(image.at<cv::Vec3b>(10, 230), cv::Vec3b(255, 255, 255));
}

TEST(IngestFormats, BilevelPngBecomesGray) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "bw.png", Encode(".png", Picture(), {cv::IMWRITE_PNG_BILEVEL, 1}));
    const IngestResult result = IngestOne(dir / "bw.png");
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_EQ(result.pages[0].original.type(), CV_8UC1);
    EXPECT_LT(MeanAt(result.pages[0].original, 0.02, 0.02, 0.2, 0.2), 1);
}

TEST(IngestFormats, ThreePageTiffGivesThreePagesWithPixelHashes) {
    const fs::path dir = WorkDir();
    std::vector<cv::Mat> pages;
    for (int i = 0; i < 3; ++i) {
        cv::Mat page = Picture();
        cv::putText(page, std::to_string(i + 1), {100, 100}, cv::FONT_HERSHEY_SIMPLEX, 2, 0, 3);
        pages.push_back(page);
    }
    const std::string tiff = fx::EncodeTiff(pages, 300);
    fx::WriteFile(dir / "passport.tif", tiff);
    const IngestResult result = IngestOne(dir / "passport.tif");
    ASSERT_EQ(result.pages.size(), 3u);
    EXPECT_EQ(result.inputs[0].pageCount, 3);
    EXPECT_EQ(result.inputs[0].sha256, Sha256Hex(tiff));
    for (int i = 0; i < 3; ++i) {
        const Page& page = result.pages[i];
        EXPECT_EQ(page.pageInFile, i + 1);
        EXPECT_EQ(page.sourceFormat, "tiff");
        EXPECT_DOUBLE_EQ(page.dpi, 300);
        EXPECT_EQ(cv::norm(page.original, pages[i], cv::NORM_INF), 0);  // lossless
        EXPECT_EQ(page.sha256, PixelSha256(pages[i]));
    }
    EXPECT_NE(result.pages[0].sha256, result.pages[1].sha256);
}

TEST(IngestFormats, ColourAndGrayTiffsInStripsDecodeExactly) {
    // What scanners write: 8-bit gray or RGB in strips (OpenCV's writer makes strips of a few
    // rows, LZW-compressed), read straight by libtiff; every pixel as written, colours in order.
    const fs::path dir = WorkDir();
    cv::Mat colour = Picture(1240, 877, true), gray;
    cv::putText(colour, "RGB", {100, 300}, cv::FONT_HERSHEY_SIMPLEX, 6, cv::Scalar(20, 60, 200),
                12);
    cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
    for (const auto& [name, picture] : {std::pair{"colour.tif", colour}, {"gray.tif", gray}}) {
        SCOPED_TRACE(name);
        fx::WriteFile(dir / name, Encode(".tif", picture));
        const IngestResult result = IngestOne(dir / name);
        ASSERT_EQ(result.pages.size(), 1u);
        ASSERT_EQ(result.pages[0].original.type(), picture.type());
        EXPECT_EQ(cv::norm(result.pages[0].original, picture, cv::NORM_INF), 0);
    }
}

TEST(IngestFormats, G4TiffAndPageCap) {
    const fs::path dir = WorkDir();
    const fs::path path = dir / "fax.tif";
    for (int i = 0; i < 3; ++i) {
        PIX* gray = pixCreate(320, 200, 8);
        pixSetAllArbitrary(gray, 255);
        pixRasterop(gray, 0, 0, 80, 50, PIX_CLR, nullptr, 0, 0);
        PIX* bin = pixThresholdToBinary(gray, 128);
        pixSetResolution(bin, 204, 196);
        ASSERT_EQ(pixWriteTiff(path.c_str(), bin, IFF_TIFF_G4, i == 0 ? "w" : "a"), 0);
        pixDestroy(&bin);
        pixDestroy(&gray);
    }
    IngestOptions options;
    options.maxPagesPerFile = 2;
    const IngestResult result = IngestOne(path, options);
    ASSERT_EQ(result.pages.size(), 2u);
    EXPECT_EQ(result.pages[0].original.type(), CV_8UC1);
    EXPECT_DOUBLE_EQ(result.pages[0].dpi, 204);
    EXPECT_LT(MeanAt(result.pages[0].original, 0.02, 0.02, 0.2, 0.2), 1);
    EXPECT_GT(MeanAt(result.pages[0].original, 0.6, 0.6, 0.3, 0.3), 254);
    ASSERT_EQ(result.issues.size(), 1u);  // the third page is reported, not silently dropped
    EXPECT_EQ(result.issues[0].page, 3);
    EXPECT_TRUE(result.inputs[0].readable);
}

TEST(IngestFormats, BmpAndWebp) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "a.bmp", Encode(".bmp", Picture(240, 160, true)));
    fx::WriteFile(dir / "b.webp",
                  Encode(".webp", Picture(240, 160, true), {cv::IMWRITE_WEBP_QUALITY, 90}));
    fx::WriteFile(dir / "c.webp", Encode(".webp", Picture(), {cv::IMWRITE_WEBP_QUALITY, 101}));
    IngestResult result = IngestCase(dir);
    ASSERT_EQ(result.pages.size(), 3u) << (result.issues.empty() ? "" : result.issues[0].message);
    for (Page& page : result.pages) {
        EXPECT_TRUE(page.IsParked());  // a case holds its pages compressed between stages
        EXPECT_EQ(page.OriginalSize(), cv::Size(240, 160));
        page.Unpark();
    }
    EXPECT_EQ(result.pages[0].sourceFormat, "bmp");
    EXPECT_EQ(result.pages[1].sourceFormat, "webp");
    EXPECT_EQ(result.pages[2].sourceFormat, "webp");
    for (const Page& page : result.pages) {
        EXPECT_EQ(page.original.size(), cv::Size(240, 160));
        ExpectUpright(page.original);
        EXPECT_TRUE(page.passThroughJpeg.empty());
    }
    EXPECT_EQ(cv::norm(result.pages[0].original, Picture(240, 160, true), cv::NORM_INF), 0);
}

TEST(IngestFormats, BmpLayoutsReadAlike) {
    const fs::path dir = WorkDir();
    const cv::Mat colour = Picture(240, 160, true);
    const std::string bottomUp = Encode(".bmp", colour);
    // The same pixels stored top-down: a negative height and the rows in reading order.
    std::string topDown = bottomUp;
    const auto height = static_cast<std::int32_t>(160);
    const std::int32_t negative = -height;
    std::memcpy(topDown.data() + 22, &negative, 4);
    std::uint32_t offset = 0;
    std::memcpy(&offset, bottomUp.data() + 10, 4);
    const size_t rowBytes = 240 * 3;  // a multiple of 4: no padding
    for (int y = 0; y < 160; ++y)
        std::memcpy(topDown.data() + offset + rowBytes * size_t(y),
                    bottomUp.data() + offset + rowBytes * size_t(159 - y), rowBytes);
    cv::Mat bgra;
    cv::cvtColor(colour, bgra, cv::COLOR_BGR2BGRA);
    fx::WriteFile(dir / "a_bottom_up.bmp", bottomUp);
    fx::WriteFile(dir / "b_top_down.bmp", topDown);
    fx::WriteFile(dir / "c_32bit.bmp", Encode(".bmp", bgra));
    fx::WriteFile(dir / "d_palette.bmp", Encode(".bmp", Picture()));  // 8-bit with a palette
    IngestResult result = IngestCase(dir);
    ASSERT_EQ(result.pages.size(), 4u) << (result.issues.empty() ? "" : result.issues[0].message);
    for (Page& page : result.pages) page.Unpark();  // bit for bit, as read
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(cv::norm(result.pages[i].original, colour, cv::NORM_INF), 0) << i;
    cv::Mat palette = result.pages[3].original;
    if (palette.channels() == 3) cv::cvtColor(palette, palette, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(cv::norm(palette, Picture(), cv::NORM_INF), 0);
}

TEST(IngestFormats, HeicWhenLibheifIsAvailable) {
    const fs::path dir = WorkDir();
#ifdef DOSSIER_HAVE_LIBHEIF
    heif_context* context = heif_context_alloc();
    heif_encoder* encoder = nullptr;
    ASSERT_EQ(heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder).code,
              heif_error_Ok);
    heif_encoder_set_lossy_quality(encoder, 90);
    const cv::Mat picture = Picture(240, 160, true);
    heif_image* image = nullptr;
    heif_image_create(picture.cols, picture.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                      &image);
    heif_image_add_plane(image, heif_channel_interleaved, picture.cols, picture.rows, 8);
    int stride = 0;
    std::uint8_t* plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < picture.rows; ++y)
        for (int x = 0; x < picture.cols; ++x)
            for (int c = 0; c < 3; ++c)
                plane[y * stride + 3 * x + c] = picture.at<cv::Vec3b>(y, x)[2 - c];
    ASSERT_EQ(heif_context_encode_image(context, image, encoder, nullptr, nullptr).code,
              heif_error_Ok);
    ASSERT_EQ(heif_context_write_to_file(context, (dir / "IMG_2231.HEIC").c_str()).code,
              heif_error_Ok);
    heif_image_release(image);
    heif_encoder_release(encoder);
    heif_context_free(context);
    const IngestResult result = IngestOne(dir / "IMG_2231.HEIC");
    ASSERT_EQ(result.pages.size(), 1u) << (result.issues.empty() ? "" : result.issues[0].message);
    EXPECT_EQ(result.pages[0].sourceFormat, "heic");
    EXPECT_EQ(result.pages[0].original.size(), cv::Size(240, 160));
    ExpectUpright(result.pages[0].original);
#else
    // Without libheif a HEIC file is still recognised, and reported rather than misread.
    fx::WriteFile(dir / "x.heic", std::string("\0\0\0\x18"
                                              "ftypheic\0\0\0\0mif1heic",
                                              24));
    ExpectUnreadable(dir / "x.heic", "HEIC");
#endif
}

TEST(IngestFormats, FormatComesFromMagicBytesNotTheName) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "scan.pdf", fx::EncodePng(Picture(), 300));
    const IngestResult result = IngestOne(dir / "scan.pdf");
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_EQ(result.pages[0].sourceFormat, "png");
}

// ---- PDF --------------------------------------------------------------------------------------

TEST(IngestPdf, ScannedPagesKeepTheirJpegAndNativeResolution) {
    const fs::path dir = WorkDir();
    const cv::Mat picture = Picture(400, 560);
    const std::string jpeg = fx::EncodeJpeg(picture, 85, 200);
    {
        PoDoFo::PdfMemDocument doc;
        AddScannedPage(doc, jpeg, 400, 560, 200);
        AddFlatePage(doc, Picture(300, 420), 150);
        doc.Write((dir / "bundle.pdf").c_str());
    }
    const IngestResult result = IngestOne(dir / "bundle.pdf");
    ASSERT_EQ(result.pages.size(), 2u) << (result.issues.empty() ? "" : result.issues[0].message);
    const Page& scan = result.pages[0];
    EXPECT_EQ(scan.sourceFormat, "pdf");
    EXPECT_EQ(scan.passThroughJpeg, jpeg);  // byte for byte
    EXPECT_EQ(scan.sha256, Sha256Hex(jpeg));
    EXPECT_EQ(scan.original.size(), cv::Size(400, 560));
    EXPECT_NEAR(scan.dpi, 200, 0.5);
    ExpectUpright(scan.original);
    // A deflate image cannot pass through: it is rendered at its own resolution.
    const Page& flate = result.pages[1];
    EXPECT_TRUE(flate.passThroughJpeg.empty());
    EXPECT_NEAR(flate.dpi, 150, 0.5);
    EXPECT_NEAR(flate.original.cols, 300, 1);
    EXPECT_NEAR(flate.original.rows, 420, 1);
    EXPECT_EQ(flate.original.type(), CV_8UC1);
    EXPECT_EQ(flate.sha256, PixelSha256(flate.original));
    ExpectUpright(flate.original);
    EXPECT_EQ(flate.pageInFile, 2);
}

TEST(IngestPdf, BornDigitalPageIsRenderedAtTheConfiguredDpi) {
    const fs::path dir = WorkDir();
    {
        PoDoFo::PdfMemDocument doc;
        for (int i = 0; i < 3; ++i) AddTextPage(doc);
        doc.Write((dir / "letter.pdf").c_str());
    }
    IngestOptions options;
    options.pdfRenderDpi = 100;
    options.maxPagesPerFile = 2;
    const IngestResult result = IngestOne(dir / "letter.pdf", options);
    ASSERT_EQ(result.pages.size(), 2u);
    ASSERT_EQ(result.issues.size(), 1u);  // the third page is reported, not silently dropped
    EXPECT_EQ(result.issues[0].page, 3);
    EXPECT_NE(result.issues[0].message.find("limit"), std::string::npos);
    const Page& page = result.pages[0];
    EXPECT_TRUE(page.passThroughJpeg.empty());
    EXPECT_DOUBLE_EQ(page.dpi, 100);
    EXPECT_NEAR(page.original.cols, 298 * 100 / 72.0, 1);
    EXPECT_NEAR(page.original.rows, 420 * 100 / 72.0, 1);
    EXPECT_EQ(page.original.type(), CV_8UC1);  // black text on white needs no colour
    double darkest = 255;
    cv::minMaxLoc(page.original(cv::Rect(0, 0, page.original.cols, page.original.rows / 4)),
                  &darkest);
    EXPECT_LT(darkest, 80);  // the text was drawn near the top
}

TEST(IngestPdf, EncryptedPdfIsReported) {
    const fs::path dir = WorkDir();
    {
        PoDoFo::PdfMemDocument doc;
        AddTextPage(doc);
        // AES-256: PoDoFo's RC4-based schemes need OpenSSL 3's legacy provider.
        doc.SetEncrypted("secret", "owner", PoDoFo::PdfEncrypt::ePdfPermissions_Print,
                         PoDoFo::PdfEncrypt::ePdfEncryptAlgorithm_AESV3,
                         PoDoFo::PdfEncrypt::ePdfKeyLength_256);
        doc.Write((dir / "locked.pdf").c_str());
    }
    ExpectUnreadable(dir / "locked.pdf", "encrypted");
}

TEST(IngestPdf, PageBoxTooLargeForThePixelCapIsRefused) {
    const fs::path dir = WorkDir();
    {
        PoDoFo::PdfMemDocument doc;
        AddTextPage(doc);
        doc.Write((dir / "letter.pdf").c_str());
    }
    IngestOptions options;
    options.maxPixels = 100'000;  // A6 at 300 dpi is 1.4 MP
    ExpectUnreadable(dir / "letter.pdf", "limit", options);
}

// ---- bad files --------------------------------------------------------------------------------

TEST(IngestBadFiles, EachBadFileIsOneIssueAndTheCaseContinues) {
    const fs::path dir = WorkDir();
    const std::string jpeg = fx::EncodeJpeg(Picture(), 85, 300);
    const std::string png = fx::EncodePng(Picture(), 300);
    const std::string tiff = fx::EncodeTiff({Picture(), Picture()}, 300);
    std::string pdf;
    {
        PoDoFo::PdfMemDocument doc;
        AddScannedPage(doc, jpeg, 240, 160, 300);
        doc.Write((dir / "tmp.pdf").c_str());
        pdf = ReadAll(dir / "tmp.pdf");
        fs::remove(dir / "tmp.pdf");
    }
    fx::WriteFile(dir / "01_good.jpg", jpeg);
    fx::WriteFile(dir / "02_empty.jpg", "");
    fx::WriteFile(dir / "03_truncated.jpg", jpeg.substr(0, jpeg.size() / 2));
    fx::WriteFile(dir / "04_truncated.png", png.substr(0, png.size() / 2));
    fx::WriteFile(dir / "05_truncated.tif", tiff.substr(0, tiff.size() / 3));
    fx::WriteFile(dir / "06_truncated.pdf", pdf.substr(0, pdf.size() / 3));
    fx::WriteFile(dir / "07_text.jpg", "Hello, this is not an image at all.\n");
    fx::WriteFile(dir / "08_anim.gif", "GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    fx::WriteFile(dir / "09_header_only.jpg", jpeg.substr(0, 20));
    fx::WriteFile(dir / "10_good.png", png);
    const IngestResult result = IngestCase(dir);
    ASSERT_EQ(result.inputs.size(), 10u);
    EXPECT_EQ(result.pages.size(), 2u);
    EXPECT_TRUE(result.inputs.front().readable);
    EXPECT_TRUE(result.inputs.back().readable);
    for (size_t i = 1; i + 1 < result.inputs.size(); ++i) {
        const InputFile& input = result.inputs[i];
        EXPECT_FALSE(input.readable) << input.name;
        const Issue* issue = IssueFor(result, input.name);
        ASSERT_NE(issue, nullptr) << input.name;
        EXPECT_EQ(issue->code, "unreadable_input");
        EXPECT_EQ(issue->severity, Severity::Error);
        EXPECT_FALSE(issue->message.empty());
    }
    EXPECT_EQ(result.issues.size(), 8u);
    EXPECT_NE(IssueFor(result, "02_empty.jpg")->message.find("empty"), std::string::npos);
    EXPECT_NE(IssueFor(result, "03_truncated.jpg")->message.find("truncated"), std::string::npos);
    EXPECT_NE(IssueFor(result, "04_truncated.png")->message.find("truncated"), std::string::npos);
    EXPECT_NE(IssueFor(result, "07_text.jpg")->message.find("not an image"), std::string::npos);
    EXPECT_NE(IssueFor(result, "08_anim.gif")->message.find("GIF"), std::string::npos);
}

TEST(IngestBadFiles, HugeHeadersAreRefusedBeforeDecoding) {
    const fs::path dir = WorkDir();
    // PNG: IHDR claims 100000 x 100000, followed by a tiny IDAT and IEND.
    std::string png = fx::EncodePng(Picture(), 300);
    auto put32 = [](std::string& s, size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) s[at + i] = char(v >> (24 - 8 * i));
    };
    put32(png, 16, 100000);
    put32(png, 20, 100000);
    fx::WriteFile(dir / "bomb.png", png);
    ExpectUnreadable(dir / "bomb.png", "100000 x 100000");

    // JPEG: SOF claims 65000 x 65000.
    std::string jpeg = fx::EncodeJpeg(Picture(), 85, 300);
    const size_t sof = jpeg.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    jpeg[sof + 5] = jpeg[sof + 7] = char(0xFD);
    jpeg[sof + 6] = jpeg[sof + 8] = char(0xE8);
    fx::WriteFile(dir / "bomb.jpg", jpeg);
    ExpectUnreadable(dir / "bomb.jpg", "65000 x 65000");

    // BMP: 50000 x 50000 declared, no pixel data.
    std::string bmp = Encode(".bmp", Picture());
    for (int at : {18, 22}) {
        const std::uint32_t v = 50000;
        for (int i = 0; i < 4; ++i) bmp[at + i] = char(v >> (8 * i));
    }
    fx::WriteFile(dir / "bomb.bmp", bmp);
    ExpectUnreadable(dir / "bomb.bmp", "truncated");  // its pixel array cannot be there

    // TIFF: a G4 page whose tags say 60000 x 60000 (rewritten in place, little-endian).
    PIX* pix = pixCreate(64, 64, 1);
    l_uint8* data = nullptr;
    size_t size = 0;
    ASSERT_EQ(pixWriteMemTiff(&data, &size, pix, IFF_TIFF_G4), 0);
    std::string tiff(reinterpret_cast<char*>(data), size);
    lept_free(data);
    pixDestroy(&pix);
    ASSERT_EQ(tiff.substr(0, 2), "II");
    const std::uint32_t ifd = std::uint8_t(tiff[4]) | std::uint8_t(tiff[5]) << 8;
    const int entries = std::uint8_t(tiff[ifd]) | std::uint8_t(tiff[ifd + 1]) << 8;
    for (int i = 0; i < entries; ++i) {
        const size_t entry = ifd + 2 + 12 * i;
        const int tag = std::uint8_t(tiff[entry]) | std::uint8_t(tiff[entry + 1]) << 8;
        if (tag == 256 || tag == 257) {
            tiff[entry + 8] = char(60000 & 0xff);
            tiff[entry + 9] = char(60000 >> 8);
        }
    }
    fx::WriteFile(dir / "bomb.tif", tiff);
    ExpectUnreadable(dir / "bomb.tif", "60000 x 60000");

    // WebP: a lossless frame header declaring 16384 x 16384 = 268 MP, then a few bytes of data.
    std::string vp8l("\x2f\xff\xff\xff\x0f", 5);
    vp8l += std::string(64, '\0');
    std::string webp = "RIFF" + std::string(4, '\0') + "WEBPVP8L" + std::string(4, '\0') + vp8l;
    for (int i = 0; i < 4; ++i) {
        webp[4 + i] = char(std::uint32_t(webp.size() - 8) >> (8 * i));
        webp[16 + i] = char(std::uint32_t(vp8l.size()) >> (8 * i));
    }
    fx::WriteFile(dir / "bomb.webp", webp);
    ExpectUnreadable(dir / "bomb.webp", "16384 x 16384");
}

TEST(IngestBadFiles, AJpegCutShortIsTruncatedEvenWithAnExifThumbnailsEndMarker) {
    // EXIF thumbnails are whole JPEGs inside the APP1 segment, end marker included: only the main
    // image's data, after its first scan's header, may end the file.
    const fs::path dir = WorkDir();
    std::string payload =
        std::string("Exif\0\0", 6) + std::string("\xFF\xD8\xFF\xDA\x00\x02\x11\x22\xFF\xD9", 10);
    std::string segment = "\xFF\xE1";
    segment.push_back(char((payload.size() + 2) >> 8));
    segment.push_back(char((payload.size() + 2) & 0xFF));
    const std::string jpeg = fx::EncodeJpeg(Picture(), 85, 300);
    const std::string withThumbnail = jpeg.substr(0, 2) + segment + payload + jpeg.substr(2);
    fx::WriteFile(dir / "whole.jpg", withThumbnail);
    EXPECT_EQ(IngestOne(dir / "whole.jpg").pages.size(), 1u);
    fx::WriteFile(dir / "cut.jpg", withThumbnail.substr(0, withThumbnail.size() * 2 / 3));
    ExpectUnreadable(dir / "cut.jpg", "truncated");
}

TEST(IngestBadFiles, CapsAreOptions) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "page.png", fx::EncodePng(Picture(), 300));
    IngestOptions small;
    small.maxPixels = 1000;
    ExpectUnreadable(dir / "page.png", "limit", small);
    IngestOptions tiny;
    tiny.maxFileBytes = 100;
    ExpectUnreadable(dir / "page.png", "not read", tiny, "too_large");
}

// ---- the case folder --------------------------------------------------------------------------

TEST(IngestCaseFolder, NaturalOrderSkipsHiddenControlAndNonRegularFiles) {
    const fs::path dir = WorkDir();
    const std::string png = fx::EncodePng(Picture(), 300);
    for (const char* name : {"scan_10.png", "scan_2.png", "Scan_1.png", "scan_02b.png", "b.png"})
        fx::WriteFile(dir / name, png);
    fx::WriteFile(dir / ".hidden.png", png);
    fx::WriteFile(dir / ".DS_Store", "junk");
    fx::WriteFile(dir / "case.yaml", "service: permanent-residence\n");
    fx::WriteFile(dir / "READY", "");
    fs::create_directory(dir / "sub");
    fx::WriteFile(dir / "sub" / "inner.png", png);
    fs::create_symlink(dir / "b.png", dir / "link.png");
    ASSERT_EQ(::mkfifo((dir / "pipe.png").c_str(), 0600), 0);

    std::vector<std::string> names;
    for (const auto& path : ListPackageEntries(dir)) names.push_back(path.filename().string());
    EXPECT_EQ(names,
              (std::vector<std::string>{"b.png", "link.png", "pipe.png", "Scan_1.png", "scan_2.png",
                                        "scan_02b.png", "scan_10.png", "sub"}));

    const IngestResult result = IngestCase(dir);  // must not block on the FIFO
    EXPECT_EQ(result.inputs.size(), 8u);          // every entry accounted for
    EXPECT_EQ(result.pages.size(), 5u);
    EXPECT_EQ(result.pages[1].file, "Scan_1.png");
    // The entries that are not files to read, each with its reason.
    const std::map<std::string, std::string> refused = {{"link.png", "symlink_not_followed"},
                                                        {"pipe.png", "not_a_regular_file"},
                                                        {"sub", "subfolder_not_read"}};
    ASSERT_EQ(result.issues.size(), refused.size());
    for (const Issue& issue : result.issues) {
        ASSERT_TRUE(refused.count(issue.file)) << issue.file;
        EXPECT_EQ(issue.code, refused.at(issue.file));
        EXPECT_TRUE(IsInputIssue(issue.code));
    }
    for (const InputFile& input : result.inputs)
        EXPECT_EQ(input.readable, !refused.count(input.name)) << input.name;
}

TEST(IngestCaseFolder, NamesThatAreNotUtf8AreShownWithReplacementCharacters) {
    const fs::path dir = WorkDir();
    const std::string raw = "r\xE9sum\xE9 scan.png";  // Latin-1, as an old USB stick writes it
    fx::WriteFile(dir / raw, fx::EncodePng(Picture(), 300));
    const IngestResult result = IngestCase(dir);
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_EQ(result.pages[0].file, "r\xEF\xBF\xBDsum\xEF\xBF\xBD scan.png");
    EXPECT_EQ(result.inputs[0].name, result.pages[0].file);
    EXPECT_EQ(result.inputs[0].nameEscaped, "r\\xE9sum\\xE9 scan.png");
}

TEST(IngestBudgets, PagesAndPixelsPerCaseAreSharedByTheFiles) {
    const fs::path dir = WorkDir();
    const std::string png = fx::EncodePng(Picture(), 300);
    for (const char* name : {"a.png", "b.png", "c.png"}) fx::WriteFile(dir / name, png);
    IngestOptions options;
    options.maxPagesPerCase = 2;
    IngestResult result = IngestCase(dir, options);
    EXPECT_EQ(result.pages.size(), 2u);
    ASSERT_EQ(result.inputs.size(), 3u);
    EXPECT_FALSE(result.inputs[2].readable);
    ASSERT_EQ(result.issues.size(), 1u);
    EXPECT_EQ(result.issues[0].code, "over_budget");
    EXPECT_EQ(result.issues[0].file, "c.png");

    const std::uint64_t pagePixels = std::uint64_t(Picture().total());
    options = IngestOptions{};
    options.maxPixelsPerCase = 2 * pagePixels + 1;
    result = IngestCase(dir, options);
    EXPECT_EQ(result.pages.size(), 2u);
    ASSERT_EQ(result.issues.size(), 1u);
    EXPECT_EQ(result.issues[0].file, "c.png");
}

TEST(IngestBudgets, FilesReachedAfterTheCasesDecodingTimeAreReportedUnread) {
    const fs::path dir = WorkDir();
    const std::string png = fx::EncodePng(Picture(), 300);
    for (const char* name : {"a.png", "b.png"}) fx::WriteFile(dir / name, png);
    fs::create_directory(dir / "c-folder");  // refused for what it is, budget or not
    IngestOptions options;
    options.maxSecondsPerCase = 0;
    const IngestResult result = IngestCase(dir, options);
    EXPECT_TRUE(result.pages.empty());
    ASSERT_EQ(result.inputs.size(), 3u);
    ASSERT_EQ(result.issues.size(), 3u);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(result.issues[i].code, "over_budget");
        EXPECT_NE(result.issues[i].message.find("for decoding"), std::string::npos)
            << result.issues[i].message;
    }
    EXPECT_EQ(result.issues[2].code, "subfolder_not_read");
}

TEST(IngestBudgets, TiffPagesStopAtThePixelBudgetPerFile) {
    const fs::path dir = WorkDir();
    const cv::Mat page(200, 300, CV_8UC1, cv::Scalar(255));
    fx::WriteFile(dir / "pages.tif", fx::EncodeTiff({page, page, page, page}, 300));
    IngestOptions options;
    options.maxPixelsPerFile = 2 * 200 * 300;
    const IngestResult result = IngestOne(dir / "pages.tif", options);
    EXPECT_EQ(result.pages.size(), 2u);
    ASSERT_EQ(result.issues.size(), 1u);
    EXPECT_EQ(result.issues[0].code, "over_budget");
    EXPECT_EQ(result.issues[0].page, 3);
    EXPECT_NE(result.issues[0].message.find("the rest were not read"), std::string::npos);
}

TEST(IngestBudgets, LargeJpegIsDecodedReducedAndNoLongerPassesThrough) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "big.jpg", fx::EncodeJpeg(Picture(960, 640), 90, 600));
    IngestOptions options;
    options.maxKeptPixels = 200'000;  // 960 x 640 is 614,400: a quarter fits, by DCT scaling
    const IngestResult result = IngestOne(dir / "big.jpg", options);
    ASSERT_EQ(result.pages.size(), 1u);
    const Page& page = result.pages[0];
    EXPECT_EQ(page.original.size(), cv::Size(480, 320));
    EXPECT_DOUBLE_EQ(page.dpi, 300);
    EXPECT_TRUE(page.passThroughJpeg.empty());  // the bytes show the full size, not these pixels
    ExpectUpright(page.original);
    ASSERT_EQ(page.issues.size(), 1u);
    EXPECT_EQ(page.issues[0].code, "page_reduced");
    EXPECT_NE(page.issues[0].message.find("960 x 640"), std::string::npos);
    EXPECT_TRUE(result.issues.empty());  // read, not refused
}

TEST(IngestBudgets, LargePngAndTiffPagesAreReducedRightAfterDecoding) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "big.png", fx::EncodePng(Picture(1000, 800), 400));
    const cv::Mat small(100, 100, CV_8UC1, cv::Scalar(255));
    fx::WriteFile(dir / "pages.tif", fx::EncodeTiff({small, Picture(1000, 800)}, 400));
    IngestOptions options;
    options.maxKeptPixels = 200'000;
    IngestResult result = IngestOne(dir / "big.png", options);
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_LE(result.pages[0].original.total(), 200'000u);
    EXPECT_NEAR(result.pages[0].original.cols, 500, 1);
    EXPECT_NEAR(result.pages[0].dpi, 200, 1);
    ASSERT_EQ(result.pages[0].issues.size(), 1u);
    EXPECT_EQ(result.pages[0].issues[0].code, "page_reduced");

    result = IngestOne(dir / "pages.tif", options);
    ASSERT_EQ(result.pages.size(), 2u);
    EXPECT_TRUE(result.pages[0].issues.empty());
    EXPECT_LE(result.pages[1].original.total(), 200'000u);
    ASSERT_EQ(result.pages[1].issues.size(), 1u);
    EXPECT_EQ(result.pages[1].issues[0].page, 2);
    // The page's hash is of its pixels as the file holds them, so anyone can recompute it.
    EXPECT_EQ(result.pages[1].sha256, PixelSha256(Picture(1000, 800)));
}

TEST(IngestBudgets, BornDigitalPdfPageLargerThanAPageKeepsIsRenderedSmaller) {
    const fs::path dir = WorkDir();
    {
        PoDoFo::PdfMemDocument doc;
        AddTextPage(doc);
        doc.Write((dir / "letter.pdf").c_str());
    }
    IngestOptions options;
    options.maxKeptPixels = 300'000;  // the A6 page at 300 dpi is 1.4 MP
    const IngestResult result = IngestOne(dir / "letter.pdf", options);
    ASSERT_EQ(result.pages.size(), 1u);
    const Page& page = result.pages[0];
    EXPECT_LE(page.original.total(), 300'000u);
    EXPECT_GT(page.original.total(), 250'000u);
    EXPECT_NEAR(page.dpi, page.original.cols / (298 / 72.0), 2);
    ASSERT_EQ(page.issues.size(), 1u);
    EXPECT_EQ(page.issues[0].code, "page_reduced");
}

TEST(IngestBudgets, JpegPaddedWithJunkIsDecodedButItsBytesDoNotPassThrough) {
    const fs::path dir = WorkDir();
    std::string jpeg = fx::EncodeJpeg(Picture(), 90, 300);
    // Zeros inside the file (before its end marker) are what a header-and-zeros bomb is made of.
    jpeg.insert(jpeg.size() - 2, std::string(200'000, '\0'));
    fx::WriteFile(dir / "padded.jpg", jpeg);
    const IngestResult result = IngestOne(dir / "padded.jpg");
    ASSERT_EQ(result.pages.size(), 1u);
    EXPECT_TRUE(result.pages[0].passThroughJpeg.empty());
    EXPECT_EQ(result.pages[0].original.size(), Picture().size());
}

TEST(IngestBudgets, JpegsOfTooManyScansAreRefusedBeforeDecoding) {
    const fs::path dir = WorkDir();
    // SOI, a progressive frame header and 200 scan headers: never decoded, only counted.
    std::string jpeg("\xFF\xD8\xFF\xC2\x00\x0B\x08\x1F\x40\x1F\x40\x01\x01\x11\x00", 15);
    for (int i = 0; i < 200; ++i)
        jpeg += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x01\x01\x00\x00", 11);
    jpeg += "\xFF\xD9";
    fx::WriteFile(dir / "scans.jpg", jpeg);
    ExpectUnreadable(dir / "scans.jpg", "200 scans");
}

TEST(IngestBudgets, DeeplyNestedPdfIsRefusedBeforeParsing) {
    const fs::path dir = WorkDir();
    std::string pdf = "%PDF-1.4\n1 0 obj\n";
    for (int i = 0; i < 5000; ++i) pdf += "<< /A ";
    pdf += "1";
    for (int i = 0; i < 5000; ++i) pdf += " >>";
    pdf += "\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    fx::WriteFile(dir / "nested.pdf", pdf);
    ExpectUnreadable(dir / "nested.pdf", "nests dictionaries 5000 deep");
}

// Inputs the fuzzers found (tests/fuzz/run_fuzzers.sh): each took minutes or gigabytes before its
// fix. Both are generated attacks damaged so that PoDoFo cannot analyse the page, which poppler
// then drew unchecked; the file's own bytes now bound such a page.
TEST(IngestFuzzRegressions, PagesPoDoFoCannotAnalyseAreBoundedByTheFilesBytes) {
    const fs::path dir = fs::path(DOSSIER_SOURCE_DIR) / "tests/fuzz/regressions";
    const std::map<std::string, std::string> expected = {
        {"pdf-damaged-path-bomb.pdf", "operators"},    // 6 million path operators
        {"ingest-damaged-jpeg-bomb.pdf", "image of"},  // a JPEG declaring 65000 x 65000
    };
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // (ASan and TSan reserve terabytes of address space up front.)
    // Should the bound ever fail, libjpeg's allocation fails here instead of the machine's
    // memory running out (the JPEG alone would take 12 GB).
    rlimit previous{};
    ::getrlimit(RLIMIT_AS, &previous);
    rlimit capped = previous;
    capped.rlim_cur = std::min<rlim_t>(previous.rlim_cur, rlim_t(6) << 30);
    ::setrlimit(RLIMIT_AS, &capped);
#endif
    // The bound under test is the file's bytes, not the clock: a sanitizer's slow build on a busy
    // machine must not reach the time budget first.
    IngestOptions options;
    options.maxSecondsPerFile = 3600;
    for (const auto& [name, why] : expected) {
        SCOPED_TRACE(name);
        const IngestResult result = IngestOne(dir / name, options);
        ASSERT_EQ(result.inputs.size(), 1u);
        EXPECT_TRUE(result.pages.empty());
        ASSERT_FALSE(result.issues.empty());
        for (const Issue& issue : result.issues)
            EXPECT_NE(issue.message.find(why), std::string::npos) << issue.message;
    }
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    ::setrlimit(RLIMIT_AS, &previous);
#endif
}

TEST(IngestCaseFolder, FifoAndSymlinkGivenDirectlyAreRefusedWithoutBlocking) {
    const fs::path dir = WorkDir();
    fx::WriteFile(dir / "real.png", fx::EncodePng(Picture(), 300));
    fs::create_symlink(dir / "real.png", dir / "link.png");
    ASSERT_EQ(::mkfifo((dir / "pipe.jpg").c_str(), 0600), 0);
    ExpectUnreadable(dir / "pipe.jpg", "not a regular file", {}, "not_a_regular_file");
    ExpectUnreadable(dir / "link.png", "symbolic link", {}, "symlink_not_followed");
}

TEST(IngestCaseFolder, MissingFolderIsARunError) {
    EXPECT_THROW(ListPackageEntries(fs::path(DOSSIER_TEST_WORK_DIR) / "no-such-case-folder"),
                 Error);
}

}  // namespace dossier
