// WebP input files: phones and messengers send them. Still images only; an animation is refused
// rather than reduced to one of its frames.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "image/Sniff.h"

namespace dossier {

/// Reads and checks a WebP's header (TryReadImageHeader for ImageFormat::Webp).
std::optional<ImageHeader> ReadWebpHeader(std::string_view bytes, std::string& why);

/// Decodes a WebP to 8-bit BGR, transparent pixels on white. Returns false with `why` set when
/// libwebp refuses the data.
bool TryDecodeWebp(std::string_view bytes, cv::Mat& out, std::string& why);

}  // namespace dossier
