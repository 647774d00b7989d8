// Prints how long building and signing the case file takes for a typical package (figures, no
// asserts).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "pdf/CaseFile.h"
#include "pdf/Signer.h"
#include "pdf/TestKey.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/pdf/SyntheticCase.h"

using namespace dossier;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// `pages` A4 300-dpi pages of about 30 lines each; JPEG pass-through (scanner) or PNG (lossless).
Case MakePackage(int pages, bool jpeg) {
    Case c = testing::MakeCase();
    c.pages.clear();
    c.documents.clear();
    std::vector<std::string> lines;
    for (int i = 0; i < 30; ++i)
        lines.push_back(i % 2 ? "Өтініш берушінің мекенжайы: Өскемен қаласы, Құрылысшылар көшесі " +
                                    std::to_string(i)
                              : "Справка выдана для представления в миграционную службу " +
                                    std::to_string(i));
    for (int i = 0; i < pages; ++i) {
        Page page = testing::MakeTextPage("scan_" + std::to_string(i) + (jpeg ? ".jpg" : ".png"),
                                          lines, 300);
        if (jpeg) {
            page.sourceFormat = "jpeg";
            page.passThroughJpeg = fixtures::EncodeJpeg(page.original, 85, 300);
        }
        c.pages.push_back(page);
        Document d;
        d.id = "d" + std::to_string(i + 1);
        d.type = DocumentType::Unknown;
        d.pageIndexes = {i};
        c.documents.push_back(d);
    }
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    const int pages = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    const int runs = 3;
    const TestKey testKey = MakeTestKey();
    const std::string dir = std::string(DOSSIER_BENCH_WORK_DIR);
    WriteTestKey(testKey, dir);
    SigningOptions signing;
    signing.p12File = dir + "/signer.p12";
    signing.passwordFile = dir + "/signer.pass";
    const SigningKey key = LoadSigningKey(signing);
    CaseFileOptions options;
    options.typeNames = testing::TypeNames();
    options.itemNames = testing::ItemNames();
    options.signerName = key.SignerName();
    options.testKey = true;

    std::printf("case file for %d A4 300-dpi pages, median of %d runs\n", pages, runs);
    std::printf("%-26s %10s %10s %10s %10s %10s\n", "pages", "build ms", "sign ms", "total ms",
                "ms/page", "MB");
    for (bool jpeg : {true, false}) {
        const Case c = MakePackage(pages, jpeg);
        std::vector<double> build, sign;
        size_t bytes = 0;
        for (int run = 0; run < runs; ++run) {
            auto start = Clock::now();
            const std::string pdf = BuildCaseFile(c, options);
            build.push_back(Ms(start));
            start = Clock::now();
            const std::string signedPdf = SignPdf(pdf, key, signing);
            sign.push_back(Ms(start));
            bytes = signedPdf.size();
        }
        std::sort(build.begin(), build.end());
        std::sort(sign.begin(), sign.end());
        const double b = build[runs / 2], s = sign[runs / 2];
        std::printf("%-26s %10.1f %10.1f %10.1f %10.1f %10.2f\n",
                    jpeg ? "JPEG pass-through" : "PNG source (lossless)", b, s, b + s,
                    (b + s) / pages, bytes / 1e6);
    }
    return 0;
}
