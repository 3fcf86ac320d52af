#pragma once
/// Analytical model of an Ethos-U-class NPU (DESIGN §4, docs/hardware_model.md §NPU):
/// per layer, compute cycles of `cores` systolic arrays from the SCALE-Sim fold equations
/// (systolic.h); bytes moved at each memory level from where the memory mode puts the
/// operands (npu_memory.h) and from the OFM blocking's re-reads (npu_blocks.h); weight
/// streaming double-buffered under compute; latency = the binding one of compute, SRAM
/// port, DRAM port, plus the first read's and last write's access latencies; energy as
/// the sum of MAC, vector, SRAM, DRAM and static parts.

#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/npu_blocks.h"
#include "hw/npu_memory.h"

namespace h4h {

/// Every intermediate quantity of one layer's NPU cost, so each number can be explained.
struct NpuBreakdown {
  std::int64_t computeCycles = 0;   ///< MAC arrays (GEMM layers) or vector unit (others)
  std::int64_t weightStreamCycles = 0;  ///< DMA of streamed weights: latency + bytes / DRAM bytes per cycle
  std::int64_t computeWithWeightsCycles = 0;  ///< compute and the weight stream overlapped (double buffer)
  std::int64_t sramCycles = 0;      ///< SRAM port: bytes (in whole bursts) / its bytes per cycle
  std::int64_t dramCycles = 0;      ///< DRAM port: latency + bytes (in whole bursts) / its bytes per cycle
  std::int64_t latencyCycles = 0;   ///< first IFM read and last OFM write latency at their levels
  std::int64_t overheadCycles = 0;  ///< layer_overhead_cycles
  std::int64_t totalCycles = 0;     ///< max(compute with weights, sram, dram) + latency + overhead
  std::int64_t sramReadBytes = 0;
  std::int64_t sramWriteBytes = 0;
  std::int64_t dramReadBytes = 0;
  std::int64_t dramWriteBytes = 0;
  std::int64_t sramBytes = 0;       ///< read + write at the SRAM
  std::int64_t dramBytes = 0;       ///< read + write at the DRAM
  std::int64_t weightDramBytes = 0; ///< of dramBytes: the weights (streamed once, or read once per OFM block)
  std::int64_t vectorOps = 0;
  NpuPlacement placement;
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

  /// The layer placed as the memory mode places it in a network of that one layer.
  DeviceCost cost(const Layer& layer) const;
  NpuBreakdown breakdown(const Layer& layer) const;
  /// The layer with its operands where a network plan put them (planNpuMemory).
  DeviceCost cost(const Layer& layer, const NpuPlacement& placement) const;
  NpuBreakdown breakdown(const Layer& layer, const NpuPlacement& placement) const;
  /// MAC-array cycles of a GEMM view on the cores (grouped GEMMs packed, see systolic.h):
  /// each core takes its share of the groups, or of the output channels of a dense GEMM.
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
  NpuBreakdown fullBreakdown(const Layer& layer, const NpuPlacement& placement) const;

  NpuConfig m_config;
  OfmBlockTable m_blocks;
  std::int64_t m_peakMacs;
  double m_sramCyclesPerByte;
  double m_dramCyclesPerByte;
  double m_nsPerCycle;
};

}  // namespace h4h
