#pragma once
/// What one access to a level of the SoC memory system costs, as the NPU section
/// describes it (hardware.npu): the NPU<->CIM link and CIM weight reloads go through the
/// same SRAM and DRAM as the NPU (docs/hardware_model.md §Link).

#include "hw/hardware_config.h"

namespace h4h {

struct MemoryLevelCost {
  double bandwidthGBs = 0.0;   ///< bytes per ns
  double latencyNs = 0.0;      ///< fixed latency of one transfer at the NPU clock
  double readPjPerByte = 0.0;
  double writePjPerByte = 0.0;
};

/// The NPU section gives one access energy per byte and level; a write is charged as
/// much as a read (docs/hardware_model.md §Link).
MemoryLevelCost memoryLevelCost(const NpuConfig& npu, MemoryLevel level);

}  // namespace h4h
