// Large images' pixels in huge pages: a first touch of fresh memory is a page fault per 4 KiB,
// and a page's decoded pixels, its gray copy and every full-size intermediate are fresh memory.
// On the virtual machines we run on a fault costs about 14 us: writing a 9 MB gradient image the
// first time took 32 ms in 4 KiB pages and 2.5 ms in 2 MiB pages, and `dossier mrz` on a 300 dpi
// scan went from 10 800 page faults to 3 500 (`perf stat -e task-clock,page-faults`).
#pragma once

#include <cstddef>

namespace dossier {

struct LargeImageOptions {
    /// Buffers of at least this many bytes are mapped on their own and advised to use huge pages
    /// (MADV_HUGEPAGE); smaller ones keep OpenCV's own allocator. A page searched at 1240 px
    /// wide is 2.2 MB a plane (default: 1 MiB)
    std::size_t minBytes = std::size_t(1) << 20;
};

/// Makes every cv::Mat allocated from now on of at least `options.minBytes` ask for huge pages.
/// Call once, early in main(), before any image exists; the allocator lives until the process
/// ends. Where the kernel has transparent huge pages off, the buffers are ordinary pages.
void UseHugePagesForLargeImages(const LargeImageOptions& options = {});

}  // namespace dossier
