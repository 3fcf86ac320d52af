#pragma once
/// Analytical model of an Ethos-U-class NPU as a systolic array (DESIGN §4,
/// docs/hardware_model.md §NPU): per layer, compute cycles from the SCALE-Sim fold
/// equations (systolic.h), memory cycles from the bytes moved over the SRAM and DRAM
/// ports, latency = max(compute, memory) + a fixed per-layer overhead, and energy as
/// the sum of MAC, vector, SRAM, DRAM and static parts.

#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"

namespace h4h {

/// Every intermediate quantity of one layer's NPU cost, so each number can be explained.
struct NpuBreakdown {
  std::int64_t computeCycles = 0;   ///< MAC array (GEMM layers) or vector unit (others)
  std::int64_t sramCycles = 0;      ///< bytes over the SRAM port / its bytes per cycle
  std::int64_t dramCycles = 0;      ///< bytes over the DRAM port / its bytes per cycle
  std::int64_t overheadCycles = 0;
  std::int64_t totalCycles = 0;     ///< max(compute, sram, dram) + overhead
  std::int64_t sramBytes = 0;       ///< activations (and weights when resident) via SRAM
  std::int64_t dramBytes = 0;       ///< spilled weights and activations via DRAM
  std::int64_t vectorOps = 0;
  bool weightsSpilled = false;      ///< weights did not fit the SRAM left by activations
  double latencyNs = 0.0;
  double macEnergyNj = 0.0;
  double vectorEnergyNj = 0.0;
  double sramEnergyNj = 0.0;
  double dramEnergyNj = 0.0;
  double staticEnergyNj = 0.0;
  double utilization = 0.0;

  double energyNj() const {
    return macEnergyNj + vectorEnergyNj + sramEnergyNj + dramEnergyNj + staticEnergyNj;
  }
};

class NpuModel {
public:
  explicit NpuModel(const NpuConfig& config);

  DeviceCost cost(const Layer& layer) const;
  NpuBreakdown breakdown(const Layer& layer) const;
  /// MAC-array cycles of a GEMM view (grouped GEMMs packed, see systolic.h).
  std::int64_t computeCycles(const GemmView& gemm) const;
  /// MAC-array cycles of a layer (for activation×activation matmuls: act_matmul.h, in
  /// the config's act_matmul mode, stationary-operand loads included), and vector-unit
  /// cycles for layers without a GEMM.
  std::int64_t layerComputeCycles(const Layer& layer) const;
  /// The memory side's hook for act×act matmuls: SRAM bytes read to reload their
  /// stationary operand beyond the layer's input bytes (0 for every other layer).
  std::int64_t actMatmulSramRereadBytes(const Layer& layer) const;
  std::int64_t peakMacsPerCycle() const { return m_peakMacs; }
  const NpuConfig& config() const { return m_config; }

private:
  NpuConfig m_config;
  std::int64_t m_peakMacs;
  double m_sramBytesPerCycle;
  double m_dramBytesPerCycle;
  double m_nsPerCycle;
};

}  // namespace h4h
