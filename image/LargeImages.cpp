#include "image/LargeImages.h"

#include <sys/mman.h>

#include <cstdint>
#include <opencv2/core.hpp>

namespace dossier {

namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;

std::size_t RoundUpToHugePage(std::size_t bytes) {
    return (bytes + kHugePage - 1) & ~(kHugePage - 1);
}

/// A mapping of `bytes` (a multiple of kHugePage) that starts on a huge-page boundary, advised
/// to use huge pages; nullptr when the system has no memory for it.
void* MapAligned(std::size_t bytes) {
    const std::size_t slack = kHugePage;
    void* raw =
        mmap(nullptr, bytes + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
    if (const std::size_t head = aligned - start; head > 0) munmap(raw, head);
    if (const std::size_t tail = slack - (aligned - start); tail > 0)
        munmap(reinterpret_cast<void*>(aligned + bytes), tail);
    void* data = reinterpret_cast<void*>(aligned);
    madvise(data, bytes, MADV_HUGEPAGE);  // advice: without THP the pages stay ordinary
    return data;
}

/// OpenCV's standard allocation, but buffers of at least `minBytes` come from MapAligned.
class HugePageAllocator final : public cv::MatAllocator {
  public:
    explicit HugePageAllocator(std::size_t minBytes)
        : minBytes_(minBytes), fallback_(cv::Mat::getStdAllocator()) {}

    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data0, size_t* step,
                           cv::AccessFlag flags, cv::UMatUsageFlags usage) const override {
        // The caller's own memory, and small images, are OpenCV's business.
        std::size_t total = CV_ELEM_SIZE(type);
        for (int i = 0; i < dims; ++i) total *= std::size_t(sizes[i]);
        if (data0 || total < minBytes_)
            return fallback_->allocate(dims, sizes, type, data0, step, flags, usage);
        total = CV_ELEM_SIZE(type);  // continuous rows, as OpenCV lays them out
        for (int i = dims - 1; i >= 0; --i) {
            if (step) step[i] = total;
            total *= std::size_t(sizes[i]);
        }
        void* data = MapAligned(RoundUpToHugePage(total));
        if (!data) CV_Error(cv::Error::StsNoMem, "cannot map an image buffer");
        auto* u = new cv::UMatData(this);
        u->data = u->origdata = static_cast<uchar*>(data);
        u->size = total;
        return u;
    }

    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override {
        return u != nullptr;
    }

    void deallocate(cv::UMatData* u) const override {
        if (!u) return;
        CV_Assert(u->urefcount == 0 && u->refcount == 0);
        munmap(u->origdata, RoundUpToHugePage(u->size));
        delete u;
    }

  private:
    std::size_t minBytes_;
    cv::MatAllocator* fallback_;
};

}  // namespace

void UseHugePagesForLargeImages(const LargeImageOptions& options) {
    // Never freed: Mats made with it may outlive main() in static objects.
    static auto* allocator = new HugePageAllocator(options.minBytes);
    cv::Mat::setDefaultAllocator(allocator);
}

}  // namespace dossier
