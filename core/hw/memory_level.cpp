#include "hw/memory_level.h"

namespace h4h {

MemoryLevelCost memoryLevelCost(const NpuConfig& npu, MemoryLevel level) {
  const bool dram = level == MemoryLevel::Dram;
  MemoryLevelCost c;
  c.bandwidthGBs = dram ? npu.dramBandwidthGBs : npu.sramBandwidthGBs;
  c.latencyNs =
      static_cast<double>(dram ? npu.dramLatencyCycles : npu.sramLatencyCycles) / npu.clockGhz;
  c.readPjPerByte = dram ? npu.energyPerDramBytePj : npu.energyPerSramBytePj;
  c.writePjPerByte = c.readPjPerByte;
  return c;
}

}  // namespace h4h
