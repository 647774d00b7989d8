// HEIC/HEIF input through libheif when the build has it (DOSSIER_HAVE_LIBHEIF); without it such
// a file is reported, not guessed at.
#include "image/Heif.h"

#include <memory>
#include <opencv2/imgproc.hpp>

#ifdef DOSSIER_HAVE_LIBHEIF
#include <libheif/heif.h>
#endif

namespace dossier {

DecodedFile DecodeHeif(std::string_view bytes, const DecodeLimits& limits, const PageSink& sink) {
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
        !CheckDimensions(std::uint64_t(width), std::uint64_t(height), limits, why)) {
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
        !CheckDimensions(std::uint64_t(w), std::uint64_t(h), limits, why)) {
        file.failures.push_back({0, "the HEIF image decoded to an unusable pixel layout"});
        return file;
    }
    cv::Mat rgb(h, w, CV_8UC3, const_cast<std::uint8_t*>(plane), static_cast<size_t>(stride));
    DecodedPage page;
    cv::cvtColor(rgb, page.pixels, cv::COLOR_RGB2BGR);
    file.Add(std::move(page), sink);
#else
    (void)bytes;
    (void)limits;
    (void)sink;
    file.failures.push_back({0, "HEIC/HEIF images are not supported by this build (no libheif)"});
#endif
    return file;
}

}  // namespace dossier
