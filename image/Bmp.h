// BMP input files: the headers are checked against the file's size before anything is read, and
// the common uncompressed layouts are copied as they are rather than read pixel by pixel.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "image/Sniff.h"

namespace dossier {

/// Reads and checks a BMP's headers (TryReadImageHeader for ImageFormat::Bmp).
std::optional<ImageHeader> ReadBmpHeader(std::string_view bytes, std::string& why);

/// Decodes a BMP to 8-bit gray or BGR. Returns false with `why` set when the data is corrupt or
/// uses a compression that is not supported.
bool TryDecodeBmp(std::string_view bytes, cv::Mat& out, std::string& why);

}  // namespace dossier
