// Runs work items on a fixed number of threads and merges results back by index.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dossier {

/// Calls work(worker, index) for every index in [0, count) on `workers` threads (1 = serially on
/// the calling thread, for debugging). Each worker index runs on exactly one thread, so per-worker
/// state (an OCR engine) needs no locking. The first exception stops further items and is rethrown.
inline void ForEachParallel(int workers, size_t count,
                            const std::function<void(int worker, size_t index)>& work) {
    if (workers <= 1 || count <= 1) {
        for (size_t i = 0; i < count; ++i) work(0, i);
        return;
    }
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr firstError;
    std::mutex errorMutex;
    std::vector<std::thread> threads;
    const int used = static_cast<int>(std::min<size_t>(static_cast<size_t>(workers), count));
    for (int w = 0; w < used; ++w)
        threads.emplace_back([&, w] {
            for (size_t i = next++; i < count && !failed; i = next++) {
                try {
                    work(w, i);
                } catch (...) {
                    std::lock_guard lock(errorMutex);
                    if (!firstError) firstError = std::current_exception();
                    failed = true;
                }
            }
        });
    for (auto& thread : threads) thread.join();
    if (firstError) std::rethrow_exception(firstError);
}

}  // namespace dossier
