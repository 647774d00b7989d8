#include "core/JpegCodec.h"

// jpeglib.h needs size_t and FILE declared first.
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <memory>

#include "core/Error.h"

namespace dossier {
namespace {

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back to
// the setjmp in the function that started the work. Everything that must survive the jump lives
// in this heap object, never in an automatic variable changed after setjmp.
struct JpegErrors {
    jpeg_error_mgr manager{};
    std::jmp_buf jump{};
    char message[JMSG_LENGTH_MAX] = {};
    char warning[JMSG_LENGTH_MAX] = {};  ///< the first warning, empty when none
};

[[noreturn]] void OnFatal(j_common_ptr info) {
    auto* errors = reinterpret_cast<JpegErrors*>(info->err);
    info->err->format_message(info, errors->message);
    std::longjmp(errors->jump, 1);
}

// Warnings (a stream that ends early, a bad Huffman code) leave an image that may be missing
// content: keep the first for the caller, print nothing. Trace messages (level > 0) are ignored.
void OnMessage(j_common_ptr info, int level) {
    auto* errors = reinterpret_cast<JpegErrors*>(info->err);
    if (level < 0 && errors->warning[0] == '\0') info->err->format_message(info, errors->warning);
}

void InstallErrors(JpegErrors& errors, j_common_ptr info) {
    info->err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = OnFatal;
    errors.manager.emit_message = OnMessage;
}

struct Decoding {
    jpeg_decompress_struct info{};
    JpegErrors errors;
    cv::Mat pixels;
    cv::Mat cmyk;
};

// CMYK as Adobe writes it (inverted) and as others do; K darkens each of C, M and Y.
void CmykToBgr(const cv::Mat& cmyk, bool inverted, cv::Mat& bgr) {
    bgr.create(cmyk.rows, cmyk.cols, CV_8UC3);
    for (int y = 0; y < cmyk.rows; ++y) {
        const auto* in = cmyk.ptr<std::uint8_t>(y);
        auto* out = bgr.ptr<std::uint8_t>(y);
        for (int x = 0; x < cmyk.cols; ++x, in += 4, out += 3) {
            int c = in[0], m = in[1], yellow = in[2], k = in[3];
            if (!inverted) c = 255 - c, m = 255 - m, yellow = 255 - yellow, k = 255 - k;
            out[0] = static_cast<std::uint8_t>((yellow * k + 127) / 255);
            out[1] = static_cast<std::uint8_t>((m * k + 127) / 255);
            out[2] = static_cast<std::uint8_t>((c * k + 127) / 255);
        }
    }
}

struct HeaderReading {
    jpeg_decompress_struct info{};
    JpegErrors errors;
};

constexpr int kApp1 = JPEG_APP0 + 1;

struct Encoding {
    jpeg_compress_struct info{};
    JpegErrors errors;
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
};

}  // namespace

std::optional<JpegHeaderFacts> ReadJpegHeaderFacts(std::string_view bytes, std::string& why) {
    auto reading = std::make_unique<HeaderReading>();
    jpeg_decompress_struct& info = reading->info;
    InstallErrors(reading->errors, reinterpret_cast<j_common_ptr>(&info));
    if (setjmp(reading->errors.jump)) {
        why = std::string("the JPEG header is corrupt (") + reading->errors.message + ")";
        jpeg_destroy_decompress(&info);
        return std::nullopt;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_save_markers(&info, kApp1, 0xFFFF);
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
        why = "the JPEG has no image";
        jpeg_destroy_decompress(&info);
        return std::nullopt;
    }
    JpegHeaderFacts facts;
    facts.width = static_cast<int>(info.image_width);
    facts.height = static_cast<int>(info.image_height);
    facts.components = info.num_components;
    facts.precision = info.data_precision;
    facts.progressive = info.progressive_mode;
    facts.arithmetic = info.arith_code;
    facts.rgb = info.jpeg_color_space == JCS_RGB;
    facts.imageDataOffset = static_cast<std::size_t>(
        info.src->next_input_byte - reinterpret_cast<const unsigned char*>(bytes.data()));
    if (info.saw_JFIF_marker && info.density_unit == 1) facts.jfifDpi = info.X_density;
    if (info.saw_JFIF_marker && info.density_unit == 2) facts.jfifDpi = info.X_density * 2.54;
    for (jpeg_saved_marker_ptr marker = info.marker_list; marker; marker = marker->next)
        if (marker->marker == kApp1 && marker->data_length >= 6 &&
            std::memcmp(marker->data, "Exif\0\0", 6) == 0 && facts.exif.empty())
            facts.exif.assign(reinterpret_cast<const char*>(marker->data), marker->data_length);
    jpeg_destroy_decompress(&info);
    return facts;
}

bool DecodeJpeg(std::string_view bytes, cv::Mat& pixels, std::string& why, std::string* warning,
                int reduceBy, bool gray) {
    auto work = std::make_unique<Decoding>();
    InstallErrors(work->errors, reinterpret_cast<j_common_ptr>(&work->info));
    if (setjmp(work->errors.jump)) {
        jpeg_destroy_decompress(&work->info);
        why = std::string("the JPEG data is corrupt and could not be decoded (") +
              work->errors.message + ")";
        return false;
    }
    jpeg_create_decompress(&work->info);
    jpeg_mem_src(&work->info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&work->info, TRUE);
    const int components = work->info.num_components;
    const bool fourComponents = components == 4;
    if (components == 1 || (gray && !fourComponents)) {
        work->info.out_color_space = JCS_GRAYSCALE;
    } else if (fourComponents) {
        work->info.out_color_space = JCS_CMYK;  // libjpeg turns YCCK into CMYK
    } else {
        work->info.out_color_space = JCS_EXT_BGR;
    }
    if (reduceBy == 2 || reduceBy == 4 || reduceBy == 8) {
        work->info.scale_num = 1;
        work->info.scale_denom = static_cast<unsigned int>(reduceBy);
    }
    jpeg_start_decompress(&work->info);
    const int rows = static_cast<int>(work->info.output_height);
    const int cols = static_cast<int>(work->info.output_width);
    cv::Mat& target = fourComponents ? work->cmyk : work->pixels;
    target.create(rows, cols, CV_8UC(static_cast<int>(work->info.output_components)));
    while (work->info.output_scanline < work->info.output_height) {
        JSAMPROW row = target.ptr<JSAMPLE>(static_cast<int>(work->info.output_scanline));
        jpeg_read_scanlines(&work->info, &row, 1);
    }
    const bool adobeInverted = work->info.saw_Adobe_marker;
    jpeg_finish_decompress(&work->info);
    jpeg_destroy_decompress(&work->info);
    if (fourComponents) CmykToBgr(work->cmyk, adobeInverted, work->pixels);
    pixels = std::move(work->pixels);
    if (warning) *warning = work->errors.warning;
    return true;
}

std::string EncodeJpeg(const cv::Mat& pixels, int quality) {
    if (pixels.empty() || pixels.depth() != CV_8U ||
        (pixels.channels() != 1 && pixels.channels() != 3))
        throw Error(ErrorCode::Internal, "EncodeJpeg needs non-empty 8-bit gray or BGR pixels");
    auto work = std::make_unique<Encoding>();
    InstallErrors(work->errors, reinterpret_cast<j_common_ptr>(&work->info));
    if (setjmp(work->errors.jump)) {
        jpeg_destroy_compress(&work->info);
        std::free(work->buffer);
        throw Error(ErrorCode::Internal,
                    std::string("cannot encode a JPEG: ") + work->errors.message);
    }
    jpeg_create_compress(&work->info);
    jpeg_mem_dest(&work->info, &work->buffer, &work->size);
    work->info.image_width = static_cast<JDIMENSION>(pixels.cols);
    work->info.image_height = static_cast<JDIMENSION>(pixels.rows);
    const bool gray = pixels.channels() == 1;
    work->info.input_components = gray ? 1 : 3;
    work->info.in_color_space = gray ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(&work->info);
    jpeg_set_quality(&work->info, std::clamp(quality, 1, 100), TRUE);
    jpeg_start_compress(&work->info, TRUE);
    while (work->info.next_scanline < work->info.image_height) {
        // libjpeg's API takes non-const rows but only reads them.
        auto* row =
            const_cast<JSAMPLE*>(pixels.ptr<JSAMPLE>(static_cast<int>(work->info.next_scanline)));
        jpeg_write_scanlines(&work->info, &row, 1);
    }
    jpeg_finish_compress(&work->info);
    std::string jpeg(reinterpret_cast<const char*>(work->buffer), work->size);
    jpeg_destroy_compress(&work->info);
    std::free(work->buffer);
    return jpeg;
}

}  // namespace dossier
