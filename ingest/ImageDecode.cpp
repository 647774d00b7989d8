// Raster image decoding for ingest: header checks first, then libjpeg, libpng, libwebp, Leptonica
// (TIFF, BMP) or libheif.
#include "ingest/ImageDecode.h"

#include <leptonica/allheaders.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <webp/decode.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <set>
#include <sstream>

#include "core/Files.h"
#include "core/Jpeg.h"
#include "ingest/Tiff.h"

#ifdef DOSSIER_HAVE_LIBHEIF
#include <libheif/heif.h>
#endif

namespace dossier {

namespace {

using Bytes = std::string_view;

std::uint8_t U8(Bytes b, size_t i) {
    return static_cast<std::uint8_t>(b[i]);
}
std::uint32_t Be16(Bytes b, size_t i) {
    return (U8(b, i) << 8) | U8(b, i + 1);
}
std::uint32_t Le16(Bytes b, size_t i) {
    return U8(b, i) | (U8(b, i + 1) << 8);
}
std::uint32_t Be32(Bytes b, size_t i) {
    return (Be16(b, i) << 16) | Be16(b, i + 2);
}
std::uint32_t Le32(Bytes b, size_t i) {
    return Le16(b, i) | (Le16(b, i + 2) << 16);
}
bool StartsWith(Bytes b, std::string_view prefix) {
    return b.substr(0, prefix.size()) == prefix;
}

double TrustedDpi(double dpi, const IngestOptions& options) {
    if (!std::isfinite(dpi) || dpi < options.minTrustedDpi || dpi > 10000) return 0;
    return dpi;
}

std::string PixelCount(std::uint64_t w, std::uint64_t h) {
    return std::to_string(w) + " x " + std::to_string(h);
}

/// Checks declared dimensions against the pixel cap per page and the file's pixel budget; `why`
/// says what was refused, and `overBudget` (when given) whether only the budget refused it.
bool CheckDimensions(std::uint64_t width, std::uint64_t height, const IngestOptions& options,
                     std::string& why, bool* overBudget = nullptr) {
    if (width == 0 || height == 0) {
        why = "the image header declares an empty image (" + PixelCount(width, height) + ")";
        return false;
    }
    const bool huge = width > (1u << 30) || height > (1u << 30);
    if (huge || width * height > options.maxPixels) {
        why = "the image declares " + PixelCount(width, height) +
              " pixels, more than the limit of " + std::to_string(options.maxPixels) +
              " per page (refused before decoding)";
        return false;
    }
    if (width * height > options.maxPixelsPerFile) {
        why = "the image declares " + PixelCount(width, height) + " pixels, more than the " +
              std::to_string(options.maxPixelsPerFile) +
              " decoded pixels left for this file (per file, and what is left of the budget "
              "per case; refused before decoding)";
        if (overBudget) *overBudget = true;
        return false;
    }
    return true;
}

// ---- JPEG -------------------------------------------------------------------------------------

struct ExifFacts {
    int orientation = 1;
    double dpi = 0;
};

ExifFacts ReadExif(Bytes segment) {
    ExifFacts facts;
    ExifData* data = exif_data_new_from_data(reinterpret_cast<const unsigned char*>(segment.data()),
                                             static_cast<unsigned int>(segment.size()));
    if (!data) return facts;
    const ExifByteOrder order = exif_data_get_byte_order(data);
    ExifContent* ifd0 = data->ifd[EXIF_IFD_0];
    if (ExifEntry* e = ifd0 ? exif_content_get_entry(ifd0, EXIF_TAG_ORIENTATION) : nullptr;
        e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2 && e->data) {
        const int value = exif_get_short(e->data, order);
        if (value >= 1 && value <= 8) facts.orientation = value;
    }
    if (ExifEntry* e = ifd0 ? exif_content_get_entry(ifd0, EXIF_TAG_X_RESOLUTION) : nullptr;
        e && e->format == EXIF_FORMAT_RATIONAL && e->components >= 1 && e->size >= 8 && e->data) {
        const ExifRational r = exif_get_rational(e->data, order);
        int unit = 2;  // EXIF's default unit is the inch
        if (ExifEntry* u = exif_content_get_entry(ifd0, EXIF_TAG_RESOLUTION_UNIT);
            u && u->format == EXIF_FORMAT_SHORT && u->size >= 2 && u->data)
            unit = exif_get_short(u->data, order);
        if (r.denominator != 0) {
            const double value = double(r.numerator) / r.denominator;
            if (unit == 2) facts.dpi = value;
            if (unit == 3) facts.dpi = value * 2.54;
        }
    }
    exif_data_unref(data);
    return facts;
}

std::optional<ImageHeader> ReadJpegHeader(Bytes b, std::string& why) {
    if (b.size() < 4 || U8(b, 0) != 0xFF || U8(b, 1) != 0xD8) {
        why = "the file does not start like a JPEG";
        return std::nullopt;
    }
    const std::optional<JpegHeaderFacts> facts = ReadJpegHeaderFacts(b, why);
    if (!facts) return std::nullopt;
    ImageHeader header;
    header.width = facts->width;
    header.height = facts->height;
    header.components = facts->components;
    if (header.components != 1 && header.components != 3 && header.components != 4) {
        why = "the JPEG has " + std::to_string(header.components) + " colour components";
        return std::nullopt;
    }
    // Entropy-coded data never contains FF D9 (0xFF is stuffed as FF 00), so its absence after
    // the first scan's header (where libjpeg's header reading stopped; an EXIF thumbnail before
    // it has an end marker of its own) means the file was cut short; libjpeg would silently pad
    // it with gray.
    const size_t imageData = std::min(facts->imageDataOffset, b.size());
    if (b.find("\xFF\xD9", imageData) == Bytes::npos) {
        why = "the JPEG is truncated (no end-of-image marker)";
        return std::nullopt;
    }
    // Each scan of a progressive JPEG is a pass over the whole image: thousands of tiny scans make
    // a small file that decodes for minutes. Entropy-coded data never holds FF DA, so counting
    // the markers counts the scans (the first one's is just before its data).
    header.scans = 1;
    for (size_t at = b.find("\xFF\xDA", imageData); at != Bytes::npos;
         at = b.find("\xFF\xDA", at + 2))
        ++header.scans;
    header.jpegPassThrough = !facts->arithmetic && facts->precision == 8 &&
                             (header.components == 1 || (header.components == 3 && !facts->rgb));
    const ExifFacts exif = facts->exif.empty() ? ExifFacts{} : ReadExif(facts->exif);
    header.orientation = exif.orientation;
    header.dpi = facts->jfifDpi > 0 ? facts->jfifDpi : exif.dpi;
    return header;
}

// ---- PNG, BMP, WebP ---------------------------------------------------------------------------

struct PngSource {
    Bytes bytes;
    size_t position = 0;
};

void ReadPngBytes(png_structp png, png_bytep into, size_t length) {
    auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
    if (length > source->bytes.size() - source->position) png_error(png, "truncated");
    std::memcpy(into, source->bytes.data() + source->position, length);
    source->position += length;
}

// libpng's complaints are about the file, summed up in our own words: kept off stderr.
void PngError(png_structp png, png_const_charp) {
    png_longjmp(png, 1);
}
void PngWarning(png_structp, png_const_charp) {}

/// Width, height and resolution from libpng's reading of the chunks before the image data.
/// Returns false when libpng refuses them. Nothing here has a destructor: libpng's errors jump.
bool ReadPngInfo(PngSource& source, png_uint_32& width, png_uint_32& height, double& dpi) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, PngError, PngWarning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_set_read_fn(png, &source, ReadPngBytes);
    // Only the declared size and resolution are wanted here, to refuse a file before decoding it
    // and to say why: a damaged checksum is found when the pixels are decoded, and the size is
    // judged against our own limits, not libpng's.
    png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_read_info(png, info);
    width = png_get_image_width(png, info);
    height = png_get_image_height(png, info);
    png_uint_32 xResolution = 0, yResolution = 0;
    int unit = PNG_RESOLUTION_UNKNOWN;
    if (png_get_pHYs(png, info, &xResolution, &yResolution, &unit) && unit == PNG_RESOLUTION_METER)
        dpi = xResolution * 0.0254;
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

std::optional<ImageHeader> ReadPngHeader(Bytes b, std::string& why) {
    PngSource source{b};
    png_uint_32 width = 0, height = 0;
    double dpi = 0;
    if (!ReadPngInfo(source, width, height, dpi)) {
        why = "the PNG header is truncated or corrupt";
        return std::nullopt;
    }
    if (width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff) {
        why = "the PNG declares impossible dimensions";
        return std::nullopt;
    }
    // A file cut short is told by its missing end chunk, before any pixel is decoded: libpng's
    // header reading stops where the image data begins.
    bool end = false;
    for (size_t pos = 8; pos + 12 <= b.size();) {
        const std::uint64_t length = Be32(b, pos);
        if (pos + 12 + length > b.size()) break;
        if (Be32(b, pos + 4) == 0x49454E44 /* IEND */) {
            end = true;
            break;
        }
        pos += 12 + length;
    }
    if (!end) {
        why = "the PNG is truncated (no IEND chunk)";
        return std::nullopt;
    }
    ImageHeader header;
    header.width = static_cast<int>(width);
    header.height = static_cast<int>(height);
    header.dpi = dpi;
    return header;
}

// What a BMP's headers say about its pixel array, checked against the file's size.
struct BmpLayout {
    ImageHeader header;
    int bitsPerPixel = 0;
    std::uint32_t compression = 0;  ///< 0 = BI_RGB (plain rows), 3 = bit fields, others RLE
    std::uint32_t dataOffset = 0;
    bool topDown = false;  ///< negative height: rows stored top-down
    size_t rowBytes = 0;   ///< uncompressed row size, padded to 4 bytes
};

std::optional<BmpLayout> ReadBmpLayout(Bytes b, std::string& why) {
    if (b.size() < 26) {
        why = "the BMP header is truncated";
        return std::nullopt;
    }
    BmpLayout layout;
    layout.dataOffset = Le32(b, 10);
    const std::uint32_t dibSize = Le32(b, 14);
    std::int64_t width = 0, height = 0;
    if (dibSize == 12) {
        width = Le16(b, 18);
        height = Le16(b, 20);
        layout.bitsPerPixel = static_cast<int>(Le16(b, 24));
    } else if (dibSize >= 40 && b.size() >= 54) {
        width = static_cast<std::int32_t>(Le32(b, 18));
        height = static_cast<std::int32_t>(Le32(b, 22));
        layout.bitsPerPixel = static_cast<int>(Le16(b, 28));
        layout.compression = Le32(b, 30);
        layout.header.dpi = static_cast<std::int32_t>(Le32(b, 38)) * 0.0254;
    } else {
        why = "the BMP has an unknown or truncated information header";
        return std::nullopt;
    }
    if (width <= 0 || height == 0 || height == INT32_MIN) {
        why = "the BMP declares impossible dimensions";
        return std::nullopt;
    }
    layout.topDown = height < 0;
    height = std::llabs(height);
    static const std::set<int> kDepths{1, 4, 8, 16, 24, 32};
    if (!kDepths.count(layout.bitsPerPixel)) {
        why = "the BMP declares " + std::to_string(layout.bitsPerPixel) + " bits per pixel";
        return std::nullopt;
    }
    layout.header.width = static_cast<int>(std::min<std::int64_t>(width, INT32_MAX));
    layout.header.height = static_cast<int>(std::min<std::int64_t>(height, INT32_MAX));
    layout.rowBytes = ((std::uint64_t(width) * layout.bitsPerPixel + 31) / 32) * 4;
    if (layout.compression == 0 || layout.compression == 3) {  // the pixel array size is known
        if (layout.dataOffset > b.size() ||
            layout.rowBytes * std::uint64_t(height) > b.size() - layout.dataOffset) {
            why = "the BMP is truncated (its pixel data is shorter than its header declares)";
            return std::nullopt;
        }
    }
    return layout;
}

std::optional<ImageHeader> ReadBmpHeader(Bytes b, std::string& why) {
    const auto layout = ReadBmpLayout(b, why);
    if (!layout) return std::nullopt;
    return layout->header;
}

std::optional<ImageHeader> ReadWebpHeader(Bytes b, std::string& why) {
    if (b.size() < 12 || std::uint64_t(Le32(b, 4)) + 8 > b.size()) {
        why = "the WebP file is truncated (shorter than its RIFF size)";
        return std::nullopt;
    }
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(reinterpret_cast<const std::uint8_t*>(b.data()), b.size(), &features) !=
            VP8_STATUS_OK ||
        features.width <= 0 || features.height <= 0) {
        why = "the WebP header is truncated or corrupt";
        return std::nullopt;
    }
    if (features.has_animation) {
        why = "animated WebP images are not accepted";
        return std::nullopt;
    }
    ImageHeader header;
    header.width = features.width;
    header.height = features.height;
    return header;
}

// ---- Pixels -----------------------------------------------------------------------------------

cv::Mat ApplyExifOrientation(const cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(image, out, 1);
            return out;
        case 3:
            cv::rotate(image, out, cv::ROTATE_180);
            return out;
        case 4:
            cv::flip(image, out, 0);
            return out;
        case 5:
            cv::transpose(image, out);
            return out;
        case 6:
            cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
            return out;
        case 7:
            cv::transpose(image, out);
            cv::flip(out, out, -1);
            return out;
        case 8:
            cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            return out;
        default:
            return image;
    }
}

bool TryDecodePng(Bytes bytes, cv::Mat& out, std::string& why) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    auto fail = [&] {
        why =
            std::string("the PNG data is corrupt and could not be decoded (") + image.message + ")";
        png_image_free(&image);
        out.release();
        return false;
    };
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return fail();
    // Scanners write 16-bit gray or colour without a gAMA chunk; it is sRGB like their 8-bit data.
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    const bool colour = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
    image.format = colour ? PNG_FORMAT_BGR : PNG_FORMAT_GRAY;
    out.create(static_cast<int>(image.height), static_cast<int>(image.width),
               colour ? CV_8UC3 : CV_8UC1);
    const png_color paper{255, 255, 255};  // a transparent pixel on paper shows the paper
    if (!png_image_finish_read(&image, &paper, out.data, static_cast<png_int_32>(out.step[0]),
                               nullptr))
        return fail();
    return true;
}

bool TryDecodeWebp(Bytes bytes, cv::Mat& out, std::string& why) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK || features.width <= 0 ||
        features.height <= 0) {
        why = "the WebP data is corrupt and could not be decoded";
        return false;
    }
    const int channels = features.has_alpha ? 4 : 3;
    cv::Mat decoded(features.height, features.width, CV_8UC(channels));
    const size_t size = decoded.step[0] * size_t(decoded.rows);
    const int stride = static_cast<int>(decoded.step[0]);
    const bool ok = features.has_alpha
                        ? WebPDecodeBGRAInto(data, bytes.size(), decoded.data, size, stride)
                        : WebPDecodeBGRInto(data, bytes.size(), decoded.data, size, stride);
    if (!ok) {
        why = "the WebP data is corrupt and could not be decoded";
        return false;
    }
    out = ToGrayOrBgr(decoded);
    return true;
}

// ---- TIFF -------------------------------------------------------------------------------------

/// Leptonica image of any depth -> 8-bit gray or BGR cv::Mat; nullopt for unsupported depths.
std::optional<cv::Mat> PixToMat(PIX* source) {
    PIX* pix = pixClone(source);
    auto replace = [&pix](PIX* converted) {
        pixDestroy(&pix);
        pix = converted;
    };
    if (pixGetColormap(pix)) replace(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
    if (pix && pixGetDepth(pix) == 1) replace(pixConvert1To8(nullptr, pix, 255, 0));
    if (pix && (pixGetDepth(pix) == 2 || pixGetDepth(pix) == 4)) replace(pixConvertTo8(pix, 0));
    if (pix && pixGetDepth(pix) == 16) replace(pixConvert16To8(pix, L_MS_BYTE));
    if (pix && pixGetDepth(pix) == 24) replace(pixConvert24To32(pix));
    if (pix && pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4)
        replace(pixAlphaBlendUniform(pix, 0xffffff00));
    if (!pix) return std::nullopt;
    const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
    const int wpl = pixGetWpl(pix);
    l_uint32* data = pixGetData(pix);
    std::optional<cv::Mat> out;
    if (d == 8) {
        cv::Mat m(h, w, CV_8UC1);
        for (int y = 0; y < h; ++y) {
            const l_uint32* line = data + std::ptrdiff_t(y) * wpl;
            auto* row = m.ptr<std::uint8_t>(y);
            for (int x = 0; x < w; ++x) row[x] = GET_DATA_BYTE(line, x);
        }
        out = m;
    } else if (d == 32) {
        cv::Mat m(h, w, CV_8UC3);
        for (int y = 0; y < h; ++y) {
            const l_uint32* line = data + std::ptrdiff_t(y) * wpl;
            auto* row = m.ptr<std::uint8_t>(y);
            for (int x = 0; x < w; ++x) {
                const l_uint32 p = line[x];  // 0xRRGGBBAA
                row[3 * x] = (p >> 8) & 0xff;
                row[3 * x + 1] = (p >> 16) & 0xff;
                row[3 * x + 2] = (p >> 24) & 0xff;
            }
        }
        out = m;
    }
    pixDestroy(&pix);
    return out;
}

void QuietLeptonica() {
    static std::once_flag once;
    std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

bool TryDecodeBmp(Bytes bytes, cv::Mat& out, std::string& why) {
    // Leptonica reads BMP pixel by pixel (~120 ms for an A4 page at 300 dpi); the plain layouts
    // are rows of BGR(X) that are copied as they are. Leptonica reads the rest (palettes, RLE).
    const auto layout = ReadBmpLayout(bytes, why);
    if (!layout) return false;
    if (layout->compression == 0 && (layout->bitsPerPixel == 24 || layout->bitsPerPixel == 32)) {
        const int width = layout->header.width, height = layout->header.height;
        const int channels = layout->bitsPerPixel / 8;
        out.create(height, width, CV_8UC3);
        for (int y = 0; y < height; ++y) {
            const int source = layout->topDown ? y : height - 1 - y;
            const char* row = bytes.data() + layout->dataOffset + layout->rowBytes * size_t(source);
            const cv::Mat line(1, width, CV_8UC(channels), const_cast<char*>(row));
            cv::Mat target = out.row(y);
            // The fourth byte of 32-bit BI_RGB pixels is unused, not alpha.
            if (channels == 3)
                line.copyTo(target);
            else
                cv::cvtColor(line, target, cv::COLOR_BGRA2BGR);
        }
        return true;
    }
    QuietLeptonica();
    PIX* pix = pixReadMemBmp(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size());
    std::optional<cv::Mat> pixels;
    if (pix) pixels = PixToMat(pix);
    pixDestroy(&pix);
    if (!pixels || pixels->empty()) {
        why = "the BMP data is corrupt or uses a compression that is not supported";
        return false;
    }
    out = std::move(*pixels);
    return true;
}

/// The decoder of `format` (PNG, BMP or WebP) with every error turned into `why`.
bool TryDecodePixels(Bytes bytes, ImageFormat format, cv::Mat& out, std::string& why) {
    try {
        switch (format) {
            case ImageFormat::Png:
                return TryDecodePng(bytes, out, why);
            case ImageFormat::Webp:
                return TryDecodeWebp(bytes, out, why);
            case ImageFormat::Bmp:
                return TryDecodeBmp(bytes, out, why);
            default:
                why = std::string("no image decoder for ") + ToString(format);
                return false;
        }
    } catch (const std::exception&) {  // cv::Exception or bad_alloc: out of memory
        why = "the image is too large to decode";
    }
    out.release();
    return false;
}

DecodedFile DecodeTiff(Bytes bytes, const IngestOptions& options, const PageSink& sink) {
    QuietLeptonica();
    DecodedFile file;
    const size_t maxPages = static_cast<size_t>(std::max(options.maxPagesPerFile, 1));
    std::string why;
    // One directory past the cap tells whether pages were left out.
    std::optional<TiffStructure> found = ReadTiffPages(bytes, maxPages + 1, why);
    if (!found) {
        file.failures.push_back({0, why});
        return file;
    }
    std::vector<TiffPage>& dirs = found->pages;
    const bool capped = dirs.size() > maxPages;
    if (capped) dirs.resize(maxPages);
    const bool multiPage = dirs.size() > 1 || capped;  // a page, not the whole file
    FileBudget budget(options);
    for (size_t i = 0; i < dirs.size(); ++i) {
        const int pageNo = static_cast<int>(i) + 1;
        const TiffPage& dir = dirs[i];
        if (!dir.problem.empty()) {
            file.failures.push_back({pageNo, dir.problem});
            continue;
        }
        if (!budget.HasTimeLeft(why)) {
            file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
            return file;
        }
        if (!CheckDimensions(dir.width, dir.height, options, why)) {
            file.failures.push_back({pageNo, why});
            continue;
        }
        if (!budget.TryTake(std::uint64_t{dir.width} * dir.height, why)) {
            file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
            return file;
        }
        // Leptonica reads the directory at this byte offset (0 = the first one).
        size_t offset = i == 0 ? 0 : static_cast<size_t>(dir.directoryOffset);
        PIX* pix = pixReadMemFromMultipageTiff(reinterpret_cast<const l_uint8*>(bytes.data()),
                                               bytes.size(), &offset);
        std::optional<cv::Mat> mat;
        if (pix) {
            if (std::uint64_t(pixGetWidth(pix)) == dir.width &&
                std::uint64_t(pixGetHeight(pix)) == dir.height)
                mat = PixToMat(pix);
            pixDestroy(&pix);
        }
        if (!mat || mat->empty()) {
            file.failures.push_back(
                {pageNo, "its image data is corrupt or uses an unsupported compression"});
            continue;
        }
        DecodedPage page;
        page.pageInFile = pageNo;
        page.pixels = std::move(*mat);
        page.dpi = TrustedDpi(dir.dpi, options);
        if (multiPage) page.sha256 = PixelSha256(page.pixels);
        file.Add(std::move(page), sink);
    }
    if (capped)
        file.failures.push_back({static_cast<int>(maxPages) + 1,
                                 "the TIFF has more than " + std::to_string(maxPages) +
                                     " pages, the limit for this file (per file, and what is left "
                                     "of the pages per case); this page and the rest were not read",
                                 true});
    return file;
}

// ---- HEIF -------------------------------------------------------------------------------------

DecodedFile DecodeHeif(Bytes bytes, const IngestOptions& options, const PageSink& sink) {
    DecodedFile file;
#ifdef DOSSIER_HAVE_LIBHEIF
    std::unique_ptr<heif_context, decltype(&heif_context_free)> context(heif_context_alloc(),
                                                                        &heif_context_free);
    heif_image_handle* rawHandle = nullptr;
    if (!context ||
        heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(),
                                                   nullptr)
                .code != heif_error_Ok ||
        heif_context_get_primary_image_handle(context.get(), &rawHandle).code != heif_error_Ok) {
        file.failures.push_back({0, "the HEIF container is corrupt or truncated"});
        return file;
    }
    std::unique_ptr<heif_image_handle, decltype(&heif_image_handle_release)> handle(
        rawHandle, &heif_image_handle_release);
    std::string why;
    const int width = heif_image_handle_get_width(handle.get());
    const int height = heif_image_handle_get_height(handle.get());
    if (width <= 0 || height <= 0 ||
        !CheckDimensions(std::uint64_t(width), std::uint64_t(height), options, why)) {
        file.failures.push_back({0, why.empty() ? "the HEIF image has no size" : why});
        return file;
    }
    heif_image* rawImage = nullptr;
    // libheif applies the container's rotation and mirroring (irot/imir) while decoding.
    if (heif_decode_image(handle.get(), &rawImage, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                          nullptr)
                .code != heif_error_Ok ||
        !rawImage) {
        file.failures.push_back({0,
                                 "the HEIF image could not be decoded (corrupt, truncated or "
                                 "a codec this system lacks)"});
        return file;
    }
    std::unique_ptr<heif_image, decltype(&heif_image_release)> image(rawImage, &heif_image_release);
    int stride = 0;
    const std::uint8_t* plane =
        heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int h = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (!plane || w <= 0 || h <= 0 || stride < 3 * w ||
        !CheckDimensions(std::uint64_t(w), std::uint64_t(h), options, why)) {
        file.failures.push_back({0, "the HEIF image decoded to an unusable pixel layout"});
        return file;
    }
    cv::Mat rgb(h, w, CV_8UC3, const_cast<std::uint8_t*>(plane), static_cast<size_t>(stride));
    DecodedPage page;
    cv::cvtColor(rgb, page.pixels, cv::COLOR_RGB2BGR);
    file.Add(std::move(page), sink);
#else
    (void)bytes;
    (void)options;
    (void)sink;
    file.failures.push_back({0, "HEIC/HEIF images are not supported by this build (no libheif)"});
#endif
    return file;
}

}  // namespace

FileBudget::FileBudget(const IngestOptions& options)
    : pixelsLeft_(options.maxPixelsPerFile),
      pixelLimit_(options.maxPixelsPerFile),
      seconds_(options.maxSecondsPerFile),
      deadline_(std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(options.maxSecondsPerFile))) {}

bool FileBudget::TryTake(std::uint64_t pixels, std::string& why) {
    if (pixels > pixelsLeft_) {
        why = "the file's pages would decode to more than " + std::to_string(pixelLimit_) +
              " pixels, its budget (per file, and what is left of the budget per case)";
        return false;
    }
    pixelsLeft_ -= pixels;
    return true;
}

bool FileBudget::HasTimeLeft(std::string& why) const {
    if (std::chrono::steady_clock::now() < deadline_) return true;
    std::ostringstream seconds;
    seconds << seconds_;
    why = "the file took more than " + seconds.str() +
          " s to decode, its time budget (per file, and what is left of the case's)";
    return false;
}

ImageFormat SniffFormat(std::string_view b) {
    if (b.size() >= 3 && U8(b, 0) == 0xFF && U8(b, 1) == 0xD8 && U8(b, 2) == 0xFF)
        return ImageFormat::Jpeg;
    if (StartsWith(b, "\x89PNG\r\n\x1a\n")) return ImageFormat::Png;
    if (StartsWith(b, std::string_view("II*\0", 4)) ||
        StartsWith(b, std::string_view("MM\0*", 4)) ||
        StartsWith(b, std::string_view("II+\0", 4)) || StartsWith(b, std::string_view("MM\0+", 4)))
        return ImageFormat::Tiff;
    if (StartsWith(b, "BM") && b.size() >= 18) return ImageFormat::Bmp;
    if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP")
        return ImageFormat::Webp;
    // PDF readers accept the header anywhere in the first kilobyte (some scanners prepend junk).
    if (b.substr(0, 1024).find("%PDF-") != std::string_view::npos) return ImageFormat::Pdf;
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
        static const std::set<std::string_view> kBrands{"heic", "heix", "hevc", "hevx",
                                                        "heim", "heis", "hevm", "hevs",
                                                        "mif1", "msf1", "avif", "avis"};
        if (kBrands.count(b.substr(8, 4))) return ImageFormat::Heif;
    }
    if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return ImageFormat::Gif;
    if (StartsWith(b, std::string_view("\0\0\0\x0cjP  ", 8)) || StartsWith(b, "\xFF\x4F\xFF\x51"))
        return ImageFormat::Jpeg2000;
    return ImageFormat::Unknown;
}

const char* ToString(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg:
            return "jpeg";
        case ImageFormat::Png:
            return "png";
        case ImageFormat::Tiff:
            return "tiff";
        case ImageFormat::Bmp:
            return "bmp";
        case ImageFormat::Webp:
            return "webp";
        case ImageFormat::Pdf:
            return "pdf";
        case ImageFormat::Heif:
            return "heic";
        case ImageFormat::Gif:
            return "gif";
        case ImageFormat::Jpeg2000:
            return "jp2";
        case ImageFormat::Unknown:
            break;
    }
    return "unknown";
}

std::optional<ImageHeader> TryReadImageHeader(std::string_view bytes, ImageFormat format,
                                              std::string& why) {
    switch (format) {
        case ImageFormat::Jpeg:
            return ReadJpegHeader(bytes, why);
        case ImageFormat::Png:
            return ReadPngHeader(bytes, why);
        case ImageFormat::Bmp:
            return ReadBmpHeader(bytes, why);
        case ImageFormat::Webp:
            return ReadWebpHeader(bytes, why);
        default:
            why = "no header reader for this format";
            return std::nullopt;
    }
}

bool TryDecodeJpeg(std::string_view bytes, const IngestOptions& options, bool applyExifOrientation,
                   DecodedPage& page, std::string& why) {
    const auto header = ReadJpegHeader(bytes, why);
    if (!header || !CheckDimensions(header->width, header->height, options, why)) return false;
    if (header->scans > options.maxJpegScans) {
        why = "the JPEG has " + std::to_string(header->scans) + " scans, more than the limit of " +
              std::to_string(options.maxJpegScans) + " (refused before decoding)";
        return false;
    }
    const std::uint64_t width = std::uint64_t(header->width),
                        height = std::uint64_t(header->height);
    const int reduceBy = JpegReduction(width, height, options.maxKeptPixels);
    cv::Mat pixels;
    if (!DecodeJpeg(bytes, pixels, why, &page.warning, reduceBy)) return false;
    // libjpeg rounds a reduced side up.
    if (std::uint64_t(pixels.cols) != (width + reduceBy - 1) / reduceBy ||
        std::uint64_t(pixels.rows) != (height + reduceBy - 1) / reduceBy) {
        why = "the JPEG decoded to a size other than its header declares";
        return false;
    }
    const int orientation = applyExifOrientation ? header->orientation : 1;
    page.pixels = ApplyExifOrientation(pixels, orientation);
    page.dpi = TrustedDpi(header->dpi, options) / reduceBy;
    page.fullSize = cv::Size();
    if (reduceBy > 1) {
        const bool turned = orientation >= 5;  // EXIF 5..8 swap the sides
        page.fullSize = turned ? cv::Size(header->height, header->width)
                               : cv::Size(header->width, header->height);
    }
    page.passThroughJpeg.clear();
    // Bytes beyond what its pixels could need are padding or junk (a header and 190 MB of zeros):
    // the case file gets the pixels re-encoded, not the junk copied along.
    const bool lean = bytes.size() <= std::uint64_t(pixels.total()) * pixels.elemSize() + 65536;
    if (orientation == 1 && header->jpegPassThrough && reduceBy == 1 && lean)
        page.passThroughJpeg.assign(bytes);
    return true;
}

int JpegReduction(std::uint64_t width, std::uint64_t height, std::uint64_t maxPixels) {
    for (int by : {1, 2, 4})
        if (((width + by - 1) / by) * ((height + by - 1) / by) <= maxPixels) return by;
    return 8;
}

DecodedFile DecodeImageFile(std::string_view bytes, ImageFormat format,
                            const IngestOptions& options, const PageSink& sink) {
    DecodedFile file;
    std::string why;
    switch (format) {
        case ImageFormat::Tiff:
            return DecodeTiff(bytes, options, sink);
        case ImageFormat::Heif:
            return DecodeHeif(bytes, options, sink);
        case ImageFormat::Jpeg:
        case ImageFormat::Png:
        case ImageFormat::Bmp:
        case ImageFormat::Webp: {
            const auto header = TryReadImageHeader(bytes, format, why);
            bool overBudget = false;
            DecodedPage page;
            if (header &&
                CheckDimensions(header->width, header->height, options, why, &overBudget) &&
                (format == ImageFormat::Jpeg ? TryDecodeJpeg(bytes, options, true, page, why)
                                             : TryDecodePixels(bytes, format, page.pixels, why))) {
                if (format != ImageFormat::Jpeg) page.dpi = TrustedDpi(header->dpi, options);
                file.Add(std::move(page), sink);
            } else {
                file.failures.push_back({0, why, overBudget});
            }
            return file;
        }
        default:
            file.failures.push_back({0, std::string("no image decoder for ") + ToString(format)});
            return file;
    }
}

cv::Mat ToGrayOrBgr(const cv::Mat& image) {
    if (image.empty()) return image;
    cv::Mat eight;
    switch (image.depth()) {
        case CV_8U:
            eight = image;
            break;
        case CV_8S:
            image.convertTo(eight, CV_8U, 1, 128);
            break;
        case CV_16U:
            image.convertTo(eight, CV_8U, 1.0 / 257.0);
            break;
        case CV_16S:
            image.convertTo(eight, CV_8U, 1.0 / 257.0, 128);
            break;
        default: {  // float and 32-bit data: stretch whatever range it has to 0..255
            cv::Mat flat = image.reshape(1);
            double lo = 0, hi = 0;
            cv::minMaxLoc(flat, &lo, &hi);
            const double scale = hi > lo ? 255.0 / (hi - lo) : 0.0;
            image.convertTo(eight, CV_8U, scale, -lo * scale);
        }
    }
    const int channels = eight.channels();
    if (channels == 1 || channels == 3) return eight;
    if (channels != 2 && channels != 4) {
        cv::Mat first;
        cv::extractChannel(eight, first, 0);
        return first;
    }
    // Composite on white: a transparent pixel on paper shows the paper.
    cv::Mat out(eight.rows, eight.cols, channels == 2 ? CV_8UC1 : CV_8UC3);
    const int colour = channels - 1;
    for (int y = 0; y < eight.rows; ++y) {
        const auto* in = eight.ptr<std::uint8_t>(y);
        auto* o = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < eight.cols; ++x) {
            const int alpha = in[x * channels + colour];
            for (int c = 0; c < colour; ++c)
                o[x * colour + c] = static_cast<std::uint8_t>(
                    (in[x * channels + c] * alpha + 255 * (255 - alpha) + 127) / 255);
        }
    }
    return out;
}

std::string PixelSha256(const cv::Mat& image) {
    const bool gray = image.channels() == 1;
    std::string bytes = std::string(gray ? "P5\n" : "P6\n") + std::to_string(image.cols) + " " +
                        std::to_string(image.rows) + "\n255\n";
    const size_t header = bytes.size();
    const size_t rowBytes = size_t(image.cols) * image.channels();
    bytes.resize(header + rowBytes * size_t(image.rows));
    for (int y = 0; y < image.rows; ++y) {
        char* dst = bytes.data() + header + rowBytes * size_t(y);
        const auto* src = image.ptr<std::uint8_t>(y);
        if (gray) {
            std::memcpy(dst, src, rowBytes);
        } else {
            for (int x = 0; x < image.cols; ++x) {
                dst[3 * x] = static_cast<char>(src[3 * x + 2]);
                dst[3 * x + 1] = static_cast<char>(src[3 * x + 1]);
                dst[3 * x + 2] = static_cast<char>(src[3 * x]);
            }
        }
    }
    return Sha256Hex(bytes);
}

}  // namespace dossier
