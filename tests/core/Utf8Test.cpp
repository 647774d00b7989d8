// UTF-8 decoding and case mapping of text from outside.
#include "core/Utf8.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(LowerCase, MapsEveryScriptAsUnicodeDoes) {
    // Latin Extended-A alternates upper and lower case on odd and even code points in some rows
    // and the other way round in others: ł is no capital Ń, ž no long s.
    EXPECT_EQ(LowerCase(U'Ł'), U'ł');
    EXPECT_EQ(LowerCase(U'ł'), U'ł');
    EXPECT_EQ(LowerCase(U'Ž'), U'ž');
    EXPECT_EQ(LowerCase(U'ž'), U'ž');
    EXPECT_EQ(LowerCase(U'Ĺ'), U'ĺ');
    EXPECT_EQ(LowerCase(U'İ'), U'i');
    EXPECT_EQ(LowerCase(U'Ş'), U'ş');
    // Cyrillic, Kazakh letters among them.
    EXPECT_EQ(LowerCase(U'Ж'), U'ж');
    EXPECT_EQ(LowerCase(U'Ё'), U'ё');
    EXPECT_EQ(LowerCase(U'Ә'), U'ә');
    EXPECT_EQ(LowerCase(U'Ң'), U'ң');
    EXPECT_EQ(LowerCase(U'Ұ'), U'ұ');
    EXPECT_EQ(LowerCase(U'Һ'), U'һ');
    EXPECT_EQ(LowerCase(U'І'), U'і');
    EXPECT_EQ(LowerCase(U'Ӏ'), U'ӏ');
    // Armenian and Georgian capitals, no case at all, digits.
    EXPECT_EQ(LowerCase(U'Ա'), U'ա');
    EXPECT_EQ(LowerCase(U'中'), U'中');
    EXPECT_EQ(LowerCase(U'7'), U'7');
}

TEST(DecodeUtf8, BrokenBytesBecomeReplacementCharactersOneEach) {
    EXPECT_EQ(DecodeUtf8("Әлия"), U"Әлия");
    EXPECT_EQ(DecodeUtf8("a\xFF"
                         "b"),
              U"a\uFFFDb");
    // A sequence cut short, an overlong encoding of '/', an encoded surrogate.
    EXPECT_EQ(DecodeUtf8("\xD0"), U"\uFFFD");
    EXPECT_EQ(DecodeUtf8("\xC0\xAF"), U"\uFFFD\uFFFD");
    EXPECT_EQ(DecodeUtf8("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(DecodeUtf8(""), U"");
}

TEST(EncodeUtf8, RoundTripsAndReplacesWhatIsNoCodePoint) {
    const std::u32string text = U"Жұмабек Łódź 中文 😀";
    EXPECT_EQ(DecodeUtf8(EncodeUtf8(text)), text);
    EXPECT_EQ(EncodeUtf8(std::u32string(1, char32_t{0xD800})), "\xEF\xBF\xBD");
    EXPECT_EQ(EncodeUtf8(std::u32string(1, char32_t{0x110000})), "\xEF\xBF\xBD");
}

TEST(ValidUtf8SequenceAt, LengthOfTheSequenceOrZero) {
    const std::string text = "aЖ中😀\xFF";
    EXPECT_EQ(ValidUtf8SequenceAt(text, 0), 1u);
    EXPECT_EQ(ValidUtf8SequenceAt(text, 1), 2u);
    EXPECT_EQ(ValidUtf8SequenceAt(text, 3), 3u);
    EXPECT_EQ(ValidUtf8SequenceAt(text, 6), 4u);
    EXPECT_EQ(ValidUtf8SequenceAt(text, 10), 0u);
    EXPECT_EQ(ValidUtf8SequenceAt(text, 2), 0u);  // a continuation byte starts nothing
    EXPECT_EQ(ValidUtf8SequenceAt(text, 99), 0u);
}

}  // namespace
}  // namespace dossier
