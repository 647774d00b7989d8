#include "core/Files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/Error.h"

namespace dossier {

namespace fs = std::filesystem;

TEST(Files, Sha256MatchesKnownVector) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Files, AtomicWriteReplacesWholeFileAndIsNotWorldReadable) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "files_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path target = dir / "out.bin";
    WriteFileAtomic(target, "first");
    WriteFileAtomic(target, "second version");
    EXPECT_EQ(ReadFileBytes(target), "second version");
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0007, 0u);
    int leftovers = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path() != target) ++leftovers;
    EXPECT_EQ(leftovers, 0);
}

TEST(Files, ReadRefusesFilesOverTheCap) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "files_test_cap";
    fs::create_directories(dir);
    WriteFileAtomic(dir / "big", std::string(100, 'x'));
    EXPECT_THROW(ReadFileBytes(dir / "big", 10), Error);
}

TEST(Files, ValidUtf8ReplacesEveryBadByteAndKeepsGoodText) {
    EXPECT_EQ(ValidUtf8("plain"), "plain");
    EXPECT_EQ(ValidUtf8("\xD2\x9A\xD0\xB0\xD0\xB7"), "\xD2\x9A\xD0\xB0\xD0\xB7");  // Қаз
    EXPECT_EQ(ValidUtf8("r\xE9sum\xE9"), "r\xEF\xBF\xBDsum\xEF\xBF\xBD");
    // Overlong, surrogate, past U+10FFFF, truncated: each bad byte is one replacement character.
    EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80").size(), 12u);
    EXPECT_EQ(ValidUtf8("ab\xE2\x82"), "ab\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(ValidUtf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(Files, EscapeInvalidUtf8KeepsTheExactBytesRecoverable) {
    EXPECT_EQ(EscapeInvalidUtf8("r\xE9sum\xE9 \xD2\x9A"), "r\\xE9sum\\xE9 \xD2\x9A");
    EXPECT_EQ(EscapeInvalidUtf8("a\\xE9"), "a\\\\xE9");  // a real backslash is doubled
}

TEST(Files, TryReadRegularFileNeverFollowsALinkNorBlocksOnAFifo) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "files_test_read";
    fs::remove_all(dir);
    fs::create_directories(dir);
    WriteFileAtomic(dir / "real", "content");
    fs::create_symlink(dir / "real", dir / "link");
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    fs::create_directory(dir / "folder");
    std::string bytes, why;
    long long size = -1;
    EXPECT_EQ(TryReadRegularFile(dir / "real", 100, bytes, size, why), ReadRefusal::None);
    EXPECT_EQ(bytes, "content");
    EXPECT_EQ(size, 7);
    EXPECT_EQ(TryReadRegularFile(dir / "real", 3, bytes, size, why), ReadRefusal::TooLarge);
    EXPECT_TRUE(bytes.empty());
    EXPECT_EQ(TryReadRegularFile(dir / "link", 100, bytes, size, why), ReadRefusal::Symlink);
    EXPECT_EQ(TryReadRegularFile(dir / "fifo", 100, bytes, size, why), ReadRefusal::NotRegularFile);
    EXPECT_EQ(TryReadRegularFile(dir / "folder", 100, bytes, size, why),
              ReadRefusal::NotRegularFile);
    EXPECT_EQ(TryReadRegularFile(dir / "absent", 100, bytes, size, why), ReadRefusal::Unreadable);
    EXPECT_EQ(KindOf(dir / "link"), EntryKind::Symlink);
    EXPECT_EQ(KindOf(dir / "fifo"), EntryKind::Other);
    EXPECT_EQ(KindOf(dir / "folder"), EntryKind::Folder);
    EXPECT_EQ(KindOf(dir / "real"), EntryKind::RegularFile);
    EXPECT_EQ(KindOf(dir / "absent"), EntryKind::Missing);
}

}  // namespace dossier
