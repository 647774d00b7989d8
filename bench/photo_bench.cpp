// Times the photo check (decode + FindPhoto) on generated photos and pages, on one core.
//
// photo_bench [--out DIR] [--repeat N] [--binary PATH]
//   --out     where the generated images are written (default: /tmp/dossier-photo-bench)
//   --repeat  timed runs per image after one cold run (default: 5)
//   Columns: wall-clock ms (cold = first call, loads the cascades), median CPU ms of this thread.
//   --binary  also time `PATH photo FILE --json` as a whole process on one core (taskset -c 0),
//             best of --repeat runs: wall-clock ms and the CPU ms (user + system) of the process,
//             which on a shared machine does not count other people's work
#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "photo/PhotoCheck.h"
#include "tests/fixtures/PageRenderer.h"
#include "tests/fixtures/PhotoFixtures.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// CPU time of this thread: on a shared machine the wall clock also counts other people's work.
double CpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Sample {
    std::string file;
    double dpi;
    bool trusted;
};

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    using namespace dossier;
    fs::path out = "/tmp/dossier-photo-bench";
    int repeat = 5;
    std::string binary;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--out")
            out = argv[i + 1];
        else if (arg == "--repeat")
            repeat = std::max(1, std::atoi(argv[i + 1]));
        else if (arg == "--binary")
            binary = argv[i + 1];
    }
    // One core, as the target says; OpenCV would otherwise spread the cascade over all of them.
    cv::setNumThreads(1);
    fs::create_directories(out);

    fixtures::PhotoFraming framing;
    const cv::Mat photo300 = fixtures::MakePhoto(framing);
    framing.dpi = 600;
    const cv::Mat photo600 = fixtures::MakePhoto(framing);
    // A phone picture of a photo: more pixels than a scan, no resolution worth trusting.
    cv::Mat phone;
    cv::resize(photo600, phone, cv::Size(), 1.45, 1.45, cv::INTER_LINEAR);

    std::vector<Sample> samples = {
        {"photo_300dpi.png", 300, true},
        {"photo_600dpi.jpg", 600, true},
        {"phone_photo.jpg", 0, false},
        {"phone_12mp.jpg", 0, false},
        {"form_page_300dpi.jpg", 300, true},
        {"photo_scan_300dpi.jpg", 300, true},
        {"photo_sheet_300dpi.jpg", 300, true},
        // The slowest kinds: every search pass runs, and nothing or a poor photo is found.
        {"form_empty_box_300dpi.jpg", 300, true},
        {"form_bad_photo_300dpi.jpg", 300, true},
        {"document_crop_300dpi.png", 300, true},
    };
    fixtures::WriteFile((out / samples[0].file).string(), fixtures::EncodePng(photo300, 300));
    fixtures::WriteFile((out / samples[1].file).string(), fixtures::EncodeJpeg(photo600, 90, 600));
    fixtures::WriteFile((out / samples[2].file).string(), fixtures::EncodeJpeg(phone, 90, 0));
    // What a phone's 12-megapixel camera gives when the photo fills the frame.
    cv::Mat phone12;
    cv::resize(photo600, phone12, cv::Size(3024, 3888), 0, 0, cv::INTER_CUBIC);
    fixtures::WriteFile((out / samples[3].file).string(), fixtures::EncodeJpeg(phone12, 90, 0));
    fixtures::WriteFile((out / samples[4].file).string(),
                        fixtures::EncodeJpeg(fixtures::FormPage(photo300, 300), 85, 300));
    fixtures::WriteFile(
        (out / samples[5].file).string(),
        fixtures::EncodeJpeg(fixtures::PhotoScanPage(photo300, 300, {700, 900}), 85, 300));
    fixtures::WriteFile((out / samples[6].file).string(),
                        fixtures::EncodeJpeg(fixtures::PhotoSheet(photo300, 300), 85, 300));
    fixtures::WriteFile((out / samples[7].file).string(),
                        fixtures::EncodeJpeg(fixtures::FormPage(cv::Mat(), 300), 85, 300));
    fixtures::PhotoFraming smallHead;
    smallHead.headRatio = 0.5;
    fixtures::WriteFile(
        (out / samples[8].file).string(),
        fixtures::EncodeJpeg(fixtures::FormPage(fixtures::MakePhoto(smallHead), 300), 85, 300));
    fixtures::WriteFile((out / samples[9].file).string(),
                        fixtures::EncodePng(fixtures::DocumentCrop(35, 45, 300), 300));

    std::printf("%-27s %9s %9s %9s %9s %9s  %s\n", "image", "pixels", "cold ms", "median ms",
                "max ms", "cpu ms", "verdict");
    FaceCascades cascades;  // one run's: the first sample's cold time includes loading them
    for (const auto& sample : samples) {
        const std::string path = (out / sample.file).string();
        std::vector<double> times, cpu;
        std::string verdict;
        for (int run = 0; run <= repeat; ++run) {
            const auto start = Clock::now();
            const double cpuStart = CpuMs();
            const cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
            const auto check = FindPhoto(image, sample.dpi, sample.trusted, {}, cascades);
            times.push_back(Ms(start));
            cpu.push_back(CpuMs() - cpuStart);
            verdict = !check               ? "no photo"
                      : check->compliant   ? "compliant"
                      : check->needsReview ? "needs review"
                                           : "not compliant";
            if (run == 0)
                std::printf("%-27s %9s %9.1f", sample.file.c_str(),
                            (std::to_string(image.cols) + "x" + std::to_string(image.rows)).c_str(),
                            times[0]);
        }
        std::vector<double> warm(times.begin() + 1, times.end());
        std::vector<double> warmCpu(cpu.begin() + 1, cpu.end());
        std::sort(warm.begin(), warm.end());
        std::sort(warmCpu.begin(), warmCpu.end());
        std::printf(" %9.1f %9.1f %9.1f  %s\n", warm[warm.size() / 2], warm.back(),
                    warmCpu[warmCpu.size() / 2], verdict.c_str());
    }

    if (!binary.empty()) {
        std::printf("\nwhole process: %s photo FILE --json (one core: taskset -c 0)\n",
                    binary.c_str());
        std::printf("%-27s %9s %9s  %s\n", "image", "wall ms", "cpu ms", "exit");
        auto childrenCpuMs = [] {
            rusage usage{};
            getrusage(RUSAGE_CHILDREN, &usage);
            return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                   (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
        };
        for (const auto& sample : samples) {
            const std::string command = "taskset -c 0 '" + binary + "' photo --json '" +
                                        (out / sample.file).string() + "' > /dev/null";
            double bestWall = 1e12, bestCpu = 1e12;
            int status = 0;
            for (int run = 0; run < repeat; ++run) {
                const auto start = Clock::now();
                const double cpuStart = childrenCpuMs();
                status = std::system(command.c_str());
                bestWall = std::min(bestWall, Ms(start));
                bestCpu = std::min(bestCpu, childrenCpuMs() - cpuStart);
            }
            std::printf("%-27s %9.1f %9.1f  %d\n", sample.file.c_str(), bestWall, bestCpu,
                        WEXITSTATUS(status));
        }
    }
    return 0;
}
