#include "model/torch_runtime.h"

#include <torch/torch.h>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace h4h {

std::mutex& torchRngMutex() {
  static std::mutex mutex;
  return mutex;
}

namespace {

// LibTorch does not size OpenBLAS's own pool (matmuls of the ViT layers): left at every
// core, its idle threads spin in sched_yield and slow a single-threaded job sharing the
// machine by ~30 %. Found at run time: the BLAS behind libblas.so.3 may not be OpenBLAS.
void setBlasThreads(int threads) {
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
}

// OpenBLAS 0.3.21 (Debian 12) picks its kernels by CPU model number and falls back to its
// Prescott (SSE3) kernels on a model it does not know (e.g. family 6 model 207, Emerald
// Rapids), which makes the ViT matmuls 2-3x slower. When it did so on a CPU with AVX-512
// or AVX2, it is initialised again with the matching kernels (once, from the first
// configureTorchThreads at start-up; dynamic_quit only forgets the choice). A user's
// OPENBLAS_CORETYPE is left alone.
void selectBlasKernels() {
  using CoreName = char* (*)();
  using Call = void (*)();
  const auto coreName = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const auto quit = reinterpret_cast<Call>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit"));
  const auto init = reinterpret_cast<Call>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init"));
  if (!coreName || !quit || !init || std::getenv("OPENBLAS_CORETYPE")) return;
  if (std::strcmp(coreName(), "Prescott") != 0) return;
  const char* core = nullptr;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    core = "SkylakeX";
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    core = "Haswell";
  if (!core) return;
  setenv("OPENBLAS_CORETYPE", core, 0);  // read by gotoblas_dynamic_init (and by child processes)
  quit();
  init();
}

std::mutex g_scopesMutex;  // guards the two below
int g_processThreads = 0;  // the count configureTorchThreads set (0: never called)
int g_openScopes = 0;

}  // namespace

ScopedJobThreads::ScopedJobThreads(int threads) {
  at::set_num_threads(threads);
  std::lock_guard<std::mutex> lock(g_scopesMutex);
  ++g_openScopes;
  setBlasThreads(threads);
}

ScopedJobThreads::~ScopedJobThreads() {
  std::lock_guard<std::mutex> lock(g_scopesMutex);
  if (--g_openScopes == 0 && g_processThreads > 0) setBlasThreads(g_processThreads);
}

int processThreads() {
  {
    std::lock_guard<std::mutex> lock(g_scopesMutex);
    if (g_processThreads > 0) return g_processThreads;
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void configureAllocator() {
#if defined(__GLIBC__)
  // Fixed values switch off glibc's dynamic thresholds. Blocks up to 32 MiB (the largest
  // mmap threshold glibc accepts) come from the heap; up to 1 GiB of free heap top is
  // kept rather than trimmed, so a step reuses the previous step's pages; the heap grows
  // 64 MiB at a time. Larger blocks are still mapped: their page faults are small next
  // to the work done on them.
  constexpr int kMiB = 1 << 20;
  mallopt(M_MMAP_THRESHOLD, 32 * kMiB);
  mallopt(M_TRIM_THRESHOLD, 1024 * kMiB);
  mallopt(M_TOP_PAD, 64 * kMiB);
#endif
}

int configureTorchThreads(int requested) {
  static std::once_flag blasOnce;
  std::call_once(blasOnce, selectBlasKernels);
  int threads = requested;
  if (threads <= 0) {
    if (const char* env = std::getenv("H4H_THREADS")) threads = std::atoi(env);
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  at::set_num_threads(threads);
  {
    std::lock_guard<std::mutex> lock(g_scopesMutex);
    g_processThreads = threads;
    if (g_openScopes == 0) setBlasThreads(threads);
  }
  // The inter-op pool can only be sized before its first use, so only once.
  static std::once_flag interopOnce;
  std::call_once(interopOnce, [threads] {
    try {
      at::set_num_interop_threads(threads);
    } catch (const std::exception&) {
      // Already started by an earlier parallel call: keep its size.
    }
  });
  return at::get_num_threads();
}

}  // namespace h4h
