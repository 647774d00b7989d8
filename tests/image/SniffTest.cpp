// Tests for image/Sniff: a file's format comes from its first bytes.
#include "image/Sniff.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string_view>

namespace dossier {
namespace {

template <std::size_t N>
std::string_view Bytes(const char (&literal)[N]) {
    return {literal, N - 1};
}

TEST(Sniff, MagicBytes) {
    EXPECT_EQ(SniffFormat(Bytes("\xFF\xD8\xFF\xE0")), ImageFormat::Jpeg);
    EXPECT_EQ(SniffFormat(Bytes("\x89PNG\r\n\x1a\n")), ImageFormat::Png);
    EXPECT_EQ(SniffFormat(Bytes("MM\0*\0\0\0\x08")), ImageFormat::Tiff);
    EXPECT_EQ(SniffFormat(Bytes("junk\n%PDF-1.4\n")), ImageFormat::Pdf);
    EXPECT_EQ(SniffFormat(Bytes("RIFF\0\0\0\0WEBPVP8 ")), ImageFormat::Webp);
    EXPECT_EQ(SniffFormat(Bytes("RIFF\0\0\0\0WAVEfmt ")), ImageFormat::Unknown);
    EXPECT_EQ(SniffFormat(Bytes("GIF89a\1\0")), ImageFormat::Gif);
    EXPECT_EQ(SniffFormat(""), ImageFormat::Unknown);
}

}  // namespace
}  // namespace dossier
