#pragma once
/// Activation×activation matmuls (Q·Kᵀ, attention·V) on the NPU (docs/hardware_model.md
/// §Activation × activation matmuls). Both operands are feature maps, so nothing can be
/// prepared offline: the operand the array holds like weights (Kᵀ for Q·Kᵀ, V for
/// attention·V) is loaded from SRAM before the GEMM it feeds.

#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"

namespace h4h {

/// The cost of one act×act matmul layer on the MAC array, in the NPU's `act_matmul` mode.
struct ActMatmulCost {
  std::int64_t gemmCycles = 0;            ///< the per-head GEMMs (or, row by row, GEMVs) on the array
  std::int64_t stationaryLoads = 0;       ///< times a stationary operand is brought in (one per head / per GEMV)
  std::int64_t stationaryLoadCycles = 0;  ///< those loads from SRAM, not overlapped with the GEMMs
  /// SRAM bytes read for the loads beyond the one read of each operand already counted
  /// in the layer's input bytes: 0 for per-head GEMMs, every row's reload row by row.
  std::int64_t stationaryRereadBytes = 0;

  std::int64_t cycles() const { return gemmCycles + stationaryLoadCycles; }
};

/// The cost of `layer` (activationOperands set) on the NPU described by `config`.
///   gemm:                    gemmCycles = systolic count of the G per-head (M, K, N) GEMMs
///                            loads = G, each of S / G bytes (S = stationaryOperandBytes)
///   row_by_row_pessimistic:  gemmCycles = G · M · cycles(1, K, N), loads = G · M
///   stationaryLoadCycles = loads · sram_latency_cycles + ⌈loads · (S / G) / SRAM bytes per cycle⌉
ActMatmulCost actMatmulCost(const NpuConfig& config, const Layer& layer);

}  // namespace h4h
