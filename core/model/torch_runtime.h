#pragma once
/// Process-wide LibTorch settings, behind a torch-free header so the CLI and the
/// studio can call it without parsing torch headers.

#include <mutex>

namespace h4h {

/// Guards torch's global CPU generator wherever it is seeded, drawn from (weight
/// initialisation: every Supernet construction) or saved and restored, so that jobs on
/// several threads stay deterministic: a supernet built for loading weights still
/// draws its initial values and would shift another job's seeded initialisation.
std::mutex& torchRngMutex();

/// Sets LibTorch's intra-op thread count (and the inter-op count, once per process).
/// requested <= 0 means: the environment variable H4H_THREADS if set to a positive
/// number, else every hardware thread. Returns the count in effect. The first call also
/// gives OpenBLAS the kernels of this CPU where its detection fell back to generic ones.
int configureTorchThreads(int requested = 0);
/// The count configureTorchThreads set (every hardware thread before it was called).
int processThreads();

/// Keeps freed activation buffers in the process instead of returning them to the kernel,
/// for programs that train or evaluate: glibc's default (dynamic mmap threshold, 128 KiB
/// trim threshold) maps and unmaps multi-MB tensors on every step, and each fresh page
/// costs a fault. Call once at start-up, before the first tensor (measurements:
/// docs/performance.md §Allocator). A no-op where the C library is not glibc.
void configureAllocator();

/// A job that runs beside others with its own thread count (a study's supernets, one
/// per core): `threads` intra-op threads for the calling thread while the scope lives.
/// OpenMP's count belongs to the thread; OpenBLAS's pool belongs to the process, so it
/// holds `threads` while any such scope is open and goes back to the process's count
/// (configureTorchThreads) when the last one closes.
class ScopedJobThreads {
public:
  explicit ScopedJobThreads(int threads);
  ~ScopedJobThreads();
  ScopedJobThreads(const ScopedJobThreads&) = delete;
  ScopedJobThreads& operator=(const ScopedJobThreads&) = delete;
};

}  // namespace h4h
