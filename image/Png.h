// PNG input files: libpng reads the declared size and resolution first, and a file without its end
// chunk is refused as cut short before any pixel is decoded.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "image/Sniff.h"

namespace dossier {

/// Reads and checks a PNG's header (TryReadImageHeader for ImageFormat::Png).
std::optional<ImageHeader> ReadPngHeader(std::string_view bytes, std::string& why);

/// Decodes a PNG of any depth to 8-bit gray or BGR, transparent pixels on white. Returns false
/// with `why` set when libpng refuses the data.
bool TryDecodePng(std::string_view bytes, cv::Mat& out, std::string& why);

}  // namespace dossier
