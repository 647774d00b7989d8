// What belongs to a package, and whether a file of it is fully written: the one rule that ingest,
// batch and watch share.
#include "ingest/Package.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <tiffio.h>

#include <fstream>
#include <map>

#include "tests/fixtures/PageRenderer.h"

namespace dossier {

namespace fs = std::filesystem;
namespace fx = fixtures;

namespace {

fs::path Work(const std::string& name) {
    const fs::path dir = fs::path(DOSSIER_TEST_WORK_DIR) / "package" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A BigTIFF (64-bit offsets) of `pages` gray pages written by libtiff itself.
void WriteBigTiff(const fs::path& path, int pages) {
    TIFF* tiff = TIFFOpen(path.c_str(), "w8");
    ASSERT_NE(tiff, nullptr);
    const std::uint32_t width = 64, height = 48;
    std::vector<unsigned char> row(width, 200);
    for (int p = 0; p < pages; ++p) {
        TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, width);
        TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, height);
        TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 8);
        TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
        TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, height);
        for (std::uint32_t y = 0; y < height; ++y) TIFFWriteScanline(tiff, row.data(), y, 0);
        TIFFWriteDirectory(tiff);
    }
    TIFFClose(tiff);
}

}  // namespace

TEST(RoleInPackage, OneRuleForDocumentsManifestMarkerAndHiddenFiles) {
    EXPECT_EQ(RoleInPackage("scan_1.pdf"), PackageRole::Document);
    EXPECT_EQ(RoleInPackage("READY.jpg"), PackageRole::Document);
    EXPECT_EQ(RoleInPackage("case.yaml"), PackageRole::Manifest);
    EXPECT_EQ(RoleInPackage("READY"), PackageRole::ReadyMarker);
    EXPECT_EQ(RoleInPackage(".scan_1.pdf.part"), PackageRole::Ignored);
    EXPECT_EQ(RoleInPackage(""), PackageRole::Ignored);
}

TEST(ListContentFiles, DocumentsAndTheManifestNotTheMarkerHiddenFilesOrSymlinks) {
    const fs::path dir = Work("content");
    for (const char* name : {"b.jpg", "a.pdf", "case.yaml", "READY", ".a.pdf.tmp"})
        fx::WriteFile(dir / name, "x");
    fs::create_symlink(dir / "a.pdf", dir / "link.pdf");
    fs::create_directory(dir / "folder");
    std::vector<std::string> names;
    for (const auto& file : ListContentFiles(dir)) names.push_back(file.filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"a.pdf", "b.jpg", "case.yaml"}));
}

TEST(HashPackage, DependsOnContentAndNamesOnly) {
    const fs::path a = Work("hash_a"), b = Work("hash_b");
    for (const fs::path& dir : {a, b}) {
        fx::WriteFile(dir / "scan.jpg", "jpeg bytes");
        fx::WriteFile(dir / "case.yaml", "service: labor-immigrant\n");
    }
    fx::WriteFile(b / "READY", "");
    fx::WriteFile(b / ".scan.jpg.part", "hidden temp file");
    fs::create_symlink(b / "scan.jpg", b / "link.jpg");
    ASSERT_EQ(::mkfifo((b / "pipe").c_str(), 0600), 0);
    EXPECT_EQ(HashPackage(a), HashPackage(b));  // READY, hidden, symlink and FIFO left out

    fx::WriteFile(b / "case.yaml", "service: permanent-residence\n");
    EXPECT_NE(HashPackage(a), HashPackage(b));
    fx::WriteFile(b / "case.yaml", "service: labor-immigrant\n");
    fs::rename(b / "scan.jpg", b / "scan2.jpg");
    EXPECT_NE(HashPackage(a), HashPackage(b));
}

TEST(IsFileComplete, TellsPartlyWrittenFilesApart) {
    const fs::path dir = Work("complete");
    fx::PageSpec spec;
    spec.dpi = 100;
    const cv::Mat page = fx::RenderPage(spec);
    WriteBigTiff(dir / "big.tif", 3);
    const std::map<std::string, std::string> files = {
        {"a.jpg", fx::EncodeJpeg(page, 80, 100)},
        {"b.png", fx::EncodePng(page, 100)},
        {"c.tif", fx::EncodeTiff({page, page}, 100)},
        {"d.pdf", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"},
        {"e.tif", Read(dir / "big.tif")}};
    for (const auto& [name, bytes] : files) {
        fx::WriteFile(dir / name, bytes);
        EXPECT_TRUE(IsFileComplete(dir / name)) << name;
        // A copy cut anywhere, as a scanner still writing it would leave it.
        for (const double share : {0.3, 0.9}) {
            const auto cut = static_cast<size_t>(bytes.size() * share);
            fx::WriteFile(dir / ("part_" + name), bytes.substr(0, cut));
            EXPECT_FALSE(IsFileComplete(dir / ("part_" + name))) << name << " cut at " << share;
        }
    }
    // A manifest cut short is often still valid YAML; one cut inside a list is not.
    fx::WriteFile(dir / "case.yaml", "categories: [eaeu-citizen]\nservice: labor-immigrant\n");
    EXPECT_TRUE(IsFileComplete(dir / "case.yaml"));
    fx::WriteFile(dir / "case.yaml", "categories: [eaeu-cit");
    EXPECT_FALSE(IsFileComplete(dir / "case.yaml"));
    fx::WriteFile(dir / "empty.jpg", "");
    EXPECT_FALSE(IsFileComplete(dir / "empty.jpg"));
    fx::WriteFile(dir / "notes.txt", "unknown formats are not waited for");
    EXPECT_TRUE(IsFileComplete(dir / "notes.txt"));
}

TEST(EstimateFilePages, CountsTiffDirectoriesClassicAndBigByTheirBytesNotTheirNames) {
    const fs::path dir = Work("estimate");
    fx::PageSpec spec;
    spec.dpi = 100;
    const cv::Mat page = fx::RenderPage(spec);
    fx::WriteFile(dir / "c.tif", fx::EncodeTiff({page, page}, 100));
    WriteBigTiff(dir / "big.tif", 3);
    // Named as a JPEG, it is a TIFF: its bytes say so.
    fs::copy_file(dir / "big.tif", dir / "scan.jpg");
    fx::WriteFile(dir / "a.jpg", fx::EncodeJpeg(page, 80, 100));
    fx::WriteFile(dir / "case.yaml", "service: labor-immigrant\n");
    EXPECT_EQ(EstimateFilePages(dir / "c.tif"), 2);
    EXPECT_EQ(EstimateFilePages(dir / "big.tif"), 3);
    EXPECT_EQ(EstimateFilePages(dir / "scan.jpg"), 3);
    EXPECT_EQ(EstimateFilePages(dir / "a.jpg"), 1);
    EXPECT_EQ(EstimateFilePages(dir / "case.yaml"), 0);
}

}  // namespace dossier
