#pragma once
/// Process-wide LibTorch settings, behind a torch-free header so the CLI and the
/// studio can call it without parsing torch headers.

namespace h4h {

/// Sets LibTorch's intra-op thread count (and the inter-op count, once per process).
/// requested <= 0 means: the environment variable H4H_THREADS if set to a positive
/// number, else every hardware thread. Returns the count in effect.
int configureTorchThreads(int requested = 0);

}  // namespace h4h
