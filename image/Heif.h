// HEIC/HEIF input files, as iPhones take them. libheif is optional: a build without it reports
// such a file as unsupported instead of failing to build.
#pragma once

#include <string_view>

#include "image/Decode.h"

namespace dossier {

/// Decodes a HEIF file's primary image (rotation and mirroring of the container applied), within
/// `limits`; the page goes to `sink` when one is given. Never throws for bad content.
DecodedFile DecodeHeif(std::string_view bytes, const DecodeLimits& limits, const PageSink& sink);

}  // namespace dossier
