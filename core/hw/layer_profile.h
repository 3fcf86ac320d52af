#pragma once
/// Per-layer device costs: what the profilers (hw/) produce and the scheduler (sched/)
/// consumes. One place owns each fact: these numbers are computed in hw/ only.

#include <cstdint>
#include <string>
#include <vector>

namespace h4h {

enum class CostSource { Model, Measured };
const char* costSourceName(CostSource source);

/// Why a layer cannot run on a device: one of the models' fixed reasons, so that a
/// profile owns it by value (no view into text that may die first) and copying a
/// profile allocates nothing.
enum class UnsupportedReason : std::uint8_t {
  None,                 ///< supported, or no reason given
  NoNearMemoryDigital,  ///< activation x activation matmul, CIM without near-memory digital units
  OverMacroCapacity,    ///< weights exceed all macros and reloads are not allowed
  NoCim,                ///< an NPU-only system (hardware.cim.macros = 0)
};
/// The reason as a sentence ("" for None).
const char* unsupportedReasonText(UnsupportedReason reason);

/// Cost of running one layer on one device.
struct DeviceCost {
  bool supported = true;       ///< false: the layer cannot run there (never "zero cost")
  UnsupportedReason unsupportedReason = UnsupportedReason::None;  ///< why not, when !supported
  double latencyNs = 0.0;
  double energyNj = 0.0;
  std::int64_t cycles = 0;     ///< device clock cycles (compute or memory bound, whichever is larger)
  double utilization = 0.0;    ///< useful MACs / (peak MACs per cycle × cycles), in [0, 1]
  std::int64_t sramBytes = 0;  ///< bytes read and written at the device's SRAM (0 when not modelled)
  std::int64_t dramBytes = 0;  ///< bytes read and written at DRAM (weights streamed, maps spilled)
  CostSource source = CostSource::Model;
};

/// Cost of moving a tensor across the NPU<->CIM link.
struct TransferCost {
  double latencyNs = 0.0;
  double energyNj = 0.0;
};

/// Everything the scheduler needs to know about one layer.
struct LayerProfile {
  int layerId = 0;
  DeviceCost npu;
  DeviceCost cim;
  TransferCost outputTransfer;     ///< moving this layer's output to the other device
  /// Writing this layer's weights into the CIM macros. Not in `cim` (weights are
  /// programmed once at load); a scheduler that lets CIM weights exceed the capacity
  /// (hardware.cim.allow_reload) pays it per frame for the layers it reloads.
  TransferCost cimWeightWrite;
  std::int64_t outBytes = 0;
  std::int64_t weightBytes = 0;    ///< what the layer occupies in the CIM macros if placed there
};

using NetworkProfile = std::vector<LayerProfile>;

}  // namespace h4h
