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

}  // namespace dossier
