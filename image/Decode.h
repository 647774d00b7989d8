// An image file held in memory becomes pages of 8-bit gray or BGR pixels, or says why not, within
// limits on pixels, pages and seconds: a scan from outside is never trusted to be what its name,
// or even its header, says. This is the entry point; each format is a file of its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "image/Sniff.h"

namespace dossier {

/// What a decoder may spend on one file. Ingest's options (IngestOptions) extend these with the
/// limits per case and for PDF, and narrow the per-file ones to what is left of the case's.
struct DecodeLimits {
    /// Pages whose header declares more pixels than this are refused before decoding (default:
    /// 150 MP)
    std::uint64_t maxPixels = 150'000'000;
    /// Pages that decode to more pixels than this are reduced to it straight away, their
    /// resolution with them (a JPEG while it decodes, by libjpeg's DCT scaling; a born-digital
    /// PDF page rendered at a lower resolution), with a page_reduced note: every later stage,
    /// Tesseract above all, costs memory and time in proportion, and no document needs more
    /// (A4 at 600 dpi is 35 MP) (default: 40 MP)
    std::uint64_t maxKeptPixels = 40'000'000;
    /// Pages per file at most; the rest are reported, never silently dropped (default: 500)
    int maxPagesPerFile = 500;
    /// Decoded pixels per file at most, as the pages declare them (pages past it are reported,
    /// not decoded): every kept page stays in memory for the whole case (default: 500 MP)
    std::uint64_t maxPixelsPerFile = 500'000'000;
    /// Seconds one file may spend decoding; checked between its pages, the pages left are
    /// reported (default: 30)
    double maxSecondsPerFile = 30;
    /// Scans of a progressive JPEG at most (each scan is a pass over the whole image; a normal
    /// file has about ten) (default: 100)
    int maxJpegScans = 100;
    /// Resolutions below this in metadata count as absent: cameras and editors write 72 or 96
    /// when they know nothing (default: 100)
    double minTrustedDpi = 100;
    /// Pages decoded to 8-bit gray and no JPEG kept to pass through: for a reader that needs
    /// neither colour nor a case file (`dossier mrz`); a JPEG then decodes its luma alone
    /// (default: false)
    bool grayOnly = false;
};

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
    explicit FileBudget(const DecodeLimits& limits);
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
/// limits' pixel and page caps; pages go to `sink` when one is given. Never throws for bad
/// content.
DecodedFile DecodeImageFile(std::string_view bytes, ImageFormat format, const DecodeLimits& limits,
                            const PageSink& sink = {});

/// For the format decoders: checks declared dimensions against the pixel cap per page and the
/// file's pixel budget; `why` says what was refused, and `overBudget` (when given) whether only
/// the budget refused it.
bool CheckDimensions(std::uint64_t width, std::uint64_t height, const DecodeLimits& limits,
                     std::string& why, bool* overBudget = nullptr);

/// For the format decoders: a resolution from a file's metadata, or 0 when it is not believable
/// (below limits.minTrustedDpi, above 10000, not a number).
double TrustedDpi(double dpi, const DecodeLimits& limits);

}  // namespace dossier
