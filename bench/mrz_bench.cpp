// MRZ benchmark: renders passport / ID card / visa pages at scan and phone quality, reads them and
// prints the share with every field right, wrong-but-valid readings and ms per page.
// Usage: mrz_bench [--scan N] [--phone N] [--seed S] [--dump DIR]   (run with OMP_THREAD_LIMIT=1)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>
#include <string>

#include "ocr/MrzReader.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/fixtures/PassportRenderer.h"

using namespace dossier;

namespace {

struct Tally {
    int pages = 0, exact = 0, validWrong = 0, notFound = 0, invalid = 0, tesseractUsed = 0;
    double ms = 0, worstMs = 0, locateMs = 0;
    double worstRightScore = 1.0;  ///< lowest unchecked-character score of a right reading
};

double CpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

MrzFormat PickFormat(std::mt19937& rng) {
    const int r = std::uniform_int_distribution<int>(0, 99)(rng);
    if (r < 55) return MrzFormat::TD3;
    if (r < 80) return MrzFormat::TD1;
    if (r < 88) return MrzFormat::MRVA;
    if (r < 94) return MrzFormat::MRVB;
    return MrzFormat::TD2;
}

std::string Describe(const fixtures::IdentityData& d) {
    return std::string(ToString(d.format)) + " " + d.issuingState;
}

void Run(const char* name, fixtures::CaptureQuality quality, int count, unsigned seed,
         MrzReader& reader, const std::string& dump) {
    const Date reference{2026, 11, 20};
    std::mt19937 rng(seed);
    Tally t;
    for (int i = 0; i < count; ++i) {
        fixtures::IdentityData d = fixtures::RandomIdentity(rng, PickFormat(rng), reference);
        if (i % 4 == 0) d.issuingState = d.nationality = "KAZ";  // the applicants' neighbours
        if (d.issuingState == "KAZ" && d.format == MrzFormat::TD1) {
            d.documentCode = "ID";
            d.optionalData = fixtures::MakeIin(d.birthDate, d.sex, rng);
        }
        cv::Mat page = fixtures::RenderIdentityPage(d, quality, seed + i);
        const int turn = i % 10 == 3 ? 90 : i % 10 == 6 ? 180 : i % 10 == 8 ? 270 : 0;
        if (turn) page = fixtures::RotateQuarter(page, turn);
        // CPU time of this thread: the machine may be shared, and the figure is "on one core".
        const double locateStart = CpuMs();
        (void)FindMrzBands(page);
        t.locateMs += CpuMs() - locateStart;
        const double start = CpuMs();
        const auto mrz = reader.Read(page, 300, reference);
        const double ms = CpuMs() - start;
        t.ms += ms;
        t.worstMs = std::max(t.worstMs, ms);
        ++t.pages;
        std::string surname, given;
        fixtures::ExpectedMrzNames(d, surname, given);
        const bool right =
            mrz && mrz->format == d.format && mrz->surname == surname && mrz->givenNames == given &&
            mrz->documentNumber == d.documentNumber && mrz->birthDate == d.birthDate &&
            mrz->expiryDate == d.expiryDate && mrz->sex == d.sex &&
            mrz->issuingState == d.issuingState && mrz->nationality == d.nationality &&
            mrz->optionalData == d.optionalData && mrz->documentCode == d.documentCode;
        if (mrz && mrz->reader != "ocrb_template") ++t.tesseractUsed;
        if (mrz && right) t.worstRightScore = std::min(t.worstRightScore, mrz->uncheckedConfidence);
        if (!mrz) {
            ++t.notFound;
        } else if (mrz->valid && right) {
            ++t.exact;
        } else if (mrz->valid) {
            ++t.validWrong;
        } else {
            ++t.invalid;
        }
        if (!(mrz && mrz->valid && right)) {
            // Synthetic identities only: printing them is fine here.
            std::fprintf(stderr, "%s #%d %s turn %d: %s\n", name, i, Describe(d).c_str(), turn,
                         !mrz         ? "not found"
                         : mrz->valid ? "VALID BUT WRONG"
                                      : "invalid");
            if (mrz) {
                const auto truth = fixtures::ComposeMrz(d);
                for (size_t l = 0; l < mrz->lines.size(); ++l)
                    std::fprintf(stderr, "   read %s\n   true %s\n", mrz->lines[l].c_str(),
                                 l < truth.size() ? truth[l].c_str() : "");
            }
            if (!dump.empty())
                cv::imwrite(dump + "/" + name + "_" + std::to_string(i) + ".jpg", page);
        }
    }
    std::printf(
        "%-5s pages %d  all fields right %.1f%%  valid-but-wrong %d  invalid %d  not found %d"
        "  tesseract used %d  ms/page %.1f (worst %.0f)  lowest score of a right reading %.2f  "
        "(locating alone %.1f ms/page)\n",
        name, t.pages, 100.0 * t.exact / std::max(1, t.pages), t.validWrong, t.invalid, t.notFound,
        t.tesseractUsed, t.ms / std::max(1, t.pages), t.worstMs, t.worstRightScore,
        t.locateMs / std::max(1, t.pages));
}

}  // namespace

int main(int argc, char** argv) {
    int scan = 200, phone = 200;
    unsigned seed = 1;
    std::string dump;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--scan")) scan = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--phone")) phone = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--seed")) seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--dump")) dump = argv[i + 1];
    }
    cv::setNumThreads(1);  // the pipeline runs one page per core
    MrzReader reader;
    Run("scan", fixtures::CaptureQuality::Scan, scan, seed, reader, dump);
    Run("phone", fixtures::CaptureQuality::Phone, phone, seed + 100000, reader, dump);
    return 0;
}
