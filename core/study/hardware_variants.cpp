#include "study/hardware_variants.h"

namespace h4h {

HardwareConfig withNpuMemoryMode(HardwareConfig hw, NpuMemoryMode mode) {
  hw.npu.memoryMode = mode;
  return hw;
}

HardwareConfig withAttentionCosting(HardwareConfig hw, ActMatmul mode) {
  hw.npu.actMatmul = mode;
  return hw;
}

HardwareConfig withComputeUnitsPerMacro(HardwareConfig hw, int units) {
  hw.cim.computeUnitsPerMacro = units;
  return hw;
}

HardwareConfig withNearMemoryDigital(HardwareConfig hw, bool on) {
  hw.cim.nearMemoryDigital = on;
  return hw;
}

HardwareConfig withCimCapacityScaled(HardwareConfig hw, int factor) {
  hw.cim.capacityBytesPerMacro *= factor;
  return hw;
}

HardwareConfig withLinkLevel(HardwareConfig hw, MemoryLevel level) {
  hw.link.level = level;
  return hw;
}

std::vector<HardwareVariant> systemAblations(const HardwareConfig& base) {
  std::vector<HardwareVariant> out;
  const std::string mode = memoryModeName(base.npu.memoryMode);
  for (NpuMemoryMode m : {NpuMemoryMode::SramOnly, NpuMemoryMode::SharedSram, NpuMemoryMode::DedicatedSram})
    if (m != base.npu.memoryMode)
      out.push_back({std::string("NPU memory: ") + memoryModeName(m), mode + " -> " + memoryModeName(m),
                     withNpuMemoryMode(base, m)});

  const ActMatmul attention =
      base.npu.actMatmul == ActMatmul::Gemm ? ActMatmul::RowByRowPessimistic : ActMatmul::Gemm;
  out.push_back({std::string("attention: ") + actMatmulName(attention),
                 std::string(actMatmulName(base.npu.actMatmul)) + " -> " + actMatmulName(attention),
                 withAttentionCosting(base, attention)});

  const int units = base.cim.computeUnitsPerMacro == 4 ? 1 : 4;
  out.push_back({"compute units per macro: " + std::to_string(units),
                 std::to_string(base.cim.computeUnitsPerMacro) + " -> " + std::to_string(units),
                 withComputeUnitsPerMacro(base, units)});

  const bool nmd = !base.cim.nearMemoryDigital;
  out.push_back({std::string("near-memory digital units: ") + (nmd ? "on" : "off"),
                 std::string(nmd ? "off -> on" : "on -> off"), withNearMemoryDigital(base, nmd)});

  out.push_back({"CIM capacity x4",
                 std::to_string(base.cim.capacityBytesPerMacro / 1024) + " KiB -> " +
                     std::to_string(4 * base.cim.capacityBytesPerMacro / 1024) + " KiB per macro",
                 withCimCapacityScaled(base, 4)});

  const MemoryLevel level = base.link.level == MemoryLevel::Sram ? MemoryLevel::Dram : MemoryLevel::Sram;
  out.push_back({std::string("link via ") + memoryLevelName(level),
                 std::string(memoryLevelName(base.link.level)) + " -> " + memoryLevelName(level),
                 withLinkLevel(base, level)});
  return out;
}

HardwareVariant combinedCimAblation(const HardwareConfig& base) {
  return {"4 units + CIM capacity x4 (combined)",
          std::to_string(base.cim.computeUnitsPerMacro) + " -> 4 units, capacity x4",
          withCimCapacityScaled(withComputeUnitsPerMacro(base, 4), 4)};
}

}  // namespace h4h
