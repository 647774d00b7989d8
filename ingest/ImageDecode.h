// Raster image files read safely: the format from magic bytes, the header checked before any pixel
// is decoded, and pixels normalised to 8-bit gray or BGR.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/Ingest.h"

namespace dossier {

enum class ImageFormat { Unknown, Jpeg, Png, Tiff, Bmp, Webp, Pdf, Heif, Gif, Jpeg2000 };

/// The format the first bytes declare, whatever the file's name says.
ImageFormat SniffFormat(std::string_view bytes);

/// Stable lower-case name, as used in Page::sourceFormat ("jpeg", "png", "tiff", "bmp", "webp",
/// "pdf", "heic", "gif", "jp2", "unknown").
const char* ToString(ImageFormat format);

/// What a single-image header says, read without decoding pixels.
struct ImageHeader {
    int width = 0;
    int height = 0;
    double dpi = 0;                ///< from JFIF, EXIF, pHYs or the BMP header; 0 when absent
    int orientation = 1;           ///< EXIF orientation 1..8 (JPEG only)
    int components = 0;            ///< JPEG colour components (1 gray, 3 YCbCr/RGB, 4 CMYK)
    bool jpegPassThrough = false;  ///< 8-bit baseline/progressive gray or YCbCr JPEG
    int scans = 0;                 ///< JPEG scans (SOS markers); a progressive file has several
};

/// Reads and checks a JPEG, PNG, BMP or WebP header; nullopt with `why` set when the header is
/// missing, truncated, corrupt or declares something we refuse.
std::optional<ImageHeader> TryReadImageHeader(std::string_view bytes, ImageFormat format,
                                              std::string& why);

/// One page decoded from a file, before it becomes a Page.
struct DecodedPage {
    int pageInFile = 1;
    cv::Mat pixels;  ///< 8-bit gray or BGR
    double dpi = 0;
    std::string passThroughJpeg;  ///< original JPEG bytes when a PDF can show them as they are
    std::string sha256;           ///< empty: the page is the whole file (its hash is the file's)
    std::string warning;          ///< the decoder's complaint about data it had to guess, if any
    cv::Size fullSize;  ///< the page's size in the file when it was decoded reduced, else empty
};

/// A page (or, with page 0, the whole file) that could not be read, and why.
struct PageFailure {
    int page = 0;
    std::string reason;       ///< one sentence for a person, without personal data
    bool overBudget = false;  ///< refused by a page, pixel or time budget, not for its content
};

/// What a file may still spend while its pages are decoded: the per-file pixel budget and the
/// per-file time. Decoders ask before each page.
class FileBudget {
  public:
    explicit FileBudget(const IngestOptions& options);
    /// True when a page of `pixels` still fits; else false with `why` set.
    bool TryTake(std::uint64_t pixels, std::string& why);
    /// True while the file's time is not spent; else false with `why` set.
    bool HasTimeLeft(std::string& why) const;

  private:
    std::uint64_t pixelsLeft_;
    std::uint64_t pixelLimit_;
    double seconds_;
    std::chrono::steady_clock::time_point deadline_;
};

/// What came out of one file: the pages that decoded, and the pages or file that did not.
struct DecodedFile {
    std::vector<DecodedPage> pages;
    std::vector<PageFailure> failures;
    int pagesDecoded = 0;  ///< pages decoded, whether kept in `pages` or given to a sink

    /// Keeps a decoded page: hands it to `sink`, or else adds it to `pages`.
    void Add(DecodedPage page, const std::function<void(DecodedPage&)>& sink) {
        ++pagesDecoded;
        if (sink)
            sink(page);
        else
            pages.push_back(std::move(page));
    }
};

/// Receives each page as soon as it is decoded, before the next one is: a file of many pages
/// then needs memory for one (ingest reduces and parks it there). Pages handed to a sink are not
/// in DecodedFile::pages.
using PageSink = std::function<void(DecodedPage&)>;

/// Decodes a JPEG, PNG, TIFF (every page), BMP, WebP or HEIF file held in memory, honouring the
/// options' pixel and page caps; pages go to `sink` when one is given. Never throws for bad
/// content.
DecodedFile DecodeImageFile(std::string_view bytes, ImageFormat format,
                            const IngestOptions& options, const PageSink& sink = {});

/// The DCT scaling (1, 2, 4 or 8) that brings a `width` x `height` JPEG within `maxPixels`, or
/// as near as libjpeg can (8).
int JpegReduction(std::uint64_t width, std::uint64_t height, std::uint64_t maxPixels);

/// Decodes one JPEG, reduced by DCT scaling to options.maxKeptPixels when it is larger (then
/// without passThroughJpeg, and with fullSize set). `applyExifOrientation` is false for JPEGs
/// embedded in PDFs, whose viewers ignore EXIF. Returns false with `why` set instead of throwing.
bool TryDecodeJpeg(std::string_view bytes, const IngestOptions& options, bool applyExifOrientation,
                   DecodedPage& page, std::string& why);

/// Converts any depth and channel count (16-bit, alpha, gray+alpha, float) to 8-bit gray or BGR;
/// transparent pixels become white, as on paper.
cv::Mat ToGrayOrBgr(const cv::Mat& image);

/// SHA-256 of the pixels written as a binary PGM (gray) or PPM (colour, RGB order) file, so anyone
/// can recompute it from the decoded page with standard tools.
std::string PixelSha256(const cv::Mat& image);

}  // namespace dossier
