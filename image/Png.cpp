// PNG input through libpng: the chunks before the image data read for the size and resolution,
// the end chunk looked for, then the simplified API decodes to 8-bit gray or BGR on white.
#include "image/Png.h"

#include <png.h>

#include <cstring>

#include "image/Bytes.h"

namespace dossier {

namespace {

using Bytes = std::string_view;
using bytes::Be32;

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

}  // namespace

std::optional<ImageHeader> ReadPngHeader(std::string_view b, std::string& why) {
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

bool TryDecodePng(std::string_view bytes, cv::Mat& out, std::string& why) {
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
    const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    image.format = colour ? PNG_FORMAT_BGR : PNG_FORMAT_GRAY;
    out.create(static_cast<int>(image.height), static_cast<int>(image.width),
               colour ? CV_8UC3 : CV_8UC1);
    const png_color paper{255, 255, 255};  // a transparent pixel on paper shows the paper
    if (!png_image_finish_read(&image, alpha ? &paper : nullptr, out.data,
                               static_cast<png_int_32>(out.step[0]), nullptr))
        return fail();
    return true;
}

}  // namespace dossier
