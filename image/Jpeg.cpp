// JPEG input: libexif for the EXIF orientation and resolution, core/JpegCodec.h for libjpeg.
#include "image/Jpeg.h"

#include <libexif/exif-data.h>

#include <algorithm>

#include "core/JpegCodec.h"
#include "image/Bytes.h"

namespace dossier {

namespace {

using Bytes = std::string_view;
using bytes::U8;

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

}  // namespace

std::optional<ImageHeader> ReadJpegHeader(std::string_view b, std::string& why) {
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

bool TryDecodeJpeg(std::string_view bytes, const DecodeLimits& limits, bool applyExifOrientation,
                   DecodedPage& page, std::string& why) {
    const auto header = ReadJpegHeader(bytes, why);
    if (!header || !CheckDimensions(header->width, header->height, limits, why)) return false;
    if (header->scans > limits.maxJpegScans) {
        why = "the JPEG has " + std::to_string(header->scans) + " scans, more than the limit of " +
              std::to_string(limits.maxJpegScans) + " (refused before decoding)";
        return false;
    }
    const std::uint64_t width = std::uint64_t(header->width),
                        height = std::uint64_t(header->height);
    const int reduceBy = JpegReduction(width, height, limits.maxKeptPixels);
    cv::Mat pixels;
    if (!DecodeJpeg(bytes, pixels, why, &page.warning, reduceBy, limits.grayOnly)) return false;
    // libjpeg rounds a reduced side up.
    if (std::uint64_t(pixels.cols) != (width + reduceBy - 1) / reduceBy ||
        std::uint64_t(pixels.rows) != (height + reduceBy - 1) / reduceBy) {
        why = "the JPEG decoded to a size other than its header declares";
        return false;
    }
    const int orientation = applyExifOrientation ? header->orientation : 1;
    page.pixels = ApplyExifOrientation(pixels, orientation);
    page.dpi = TrustedDpi(header->dpi, limits) / reduceBy;
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
    if (orientation == 1 && header->jpegPassThrough && reduceBy == 1 && lean && !limits.grayOnly)
        page.passThroughJpeg.assign(bytes);
    return true;
}

int JpegReduction(std::uint64_t width, std::uint64_t height, std::uint64_t maxPixels) {
    for (int by : {1, 2, 4})
        if (((width + by - 1) / by) * ((height + by - 1) / by) <= maxPixels) return by;
    return 8;
}

}  // namespace dossier
