#pragma once
/// The ablations of the `system` study: each changes one modelling choice of the
/// project's hardware, everything else fixed, by setting HardwareConfig fields (one named
/// function per choice; never by editing JSON).

#include <string>
#include <vector>

#include "hw/hardware_config.h"

namespace h4h {

/// One hardware variant: what it changes, in words, and the hardware.
struct HardwareVariant {
  std::string name;    ///< short row label, e.g. "NPU memory: sram_only"
  std::string change;  ///< the change from the base, e.g. "shared_sram -> sram_only"
  HardwareConfig hardware;
};

HardwareConfig withNpuMemoryMode(HardwareConfig hw, NpuMemoryMode mode);
HardwareConfig withAttentionCosting(HardwareConfig hw, ActMatmul mode);
HardwareConfig withComputeUnitsPerMacro(HardwareConfig hw, int units);
HardwareConfig withNearMemoryDigital(HardwareConfig hw, bool on);
HardwareConfig withCimCapacityScaled(HardwareConfig hw, int factor);
HardwareConfig withLinkLevel(HardwareConfig hw, MemoryLevel level);

/// Every ablation of `base`, in the study's row order: the two other NPU memory modes,
/// the other attention costing, 1 <-> 4 compute units per macro (the other of the two;
/// 4 when the base has neither), near-memory digital units toggled, CIM capacity x4,
/// the link through the other memory level.
std::vector<HardwareVariant> systemAblations(const HardwareConfig& base);

/// The two CIM changes together (4 compute units per macro and capacity x4): the study's
/// last row, to see whether the single rows' effects add up.
HardwareVariant combinedCimAblation(const HardwareConfig& base);

}  // namespace h4h
