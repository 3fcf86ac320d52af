#pragma once
/// Analytical model of near-memory-compute CIM macros (DESIGN §4,
/// docs/hardware_model.md §CIM). A layer's weights live in the macros (programmed
/// once at load); the compute units of the macros holding them compute its MACs.
/// Activation×activation matmuls have no resident weights: they run only on
/// near-memory digital units, when the config has them. Weight-free layers (add,
/// layernorm, pool) run on the macros' digital post-processing (vector) unit.

#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"

namespace h4h {

/// Where a layer runs inside the CIM.
enum class CimPath { Macros, NearMemoryDigital, Vector, Unsupported };

struct CimBreakdown {
  CimPath path = CimPath::Macros;
  UnsupportedReason unsupportedReason = UnsupportedReason::None;  ///< set when path is Unsupported
  std::int64_t macrosUsed = 0;         ///< macros holding the layer's weights
  std::int64_t computeUnits = 0;       ///< units computing (macrosUsed × units per macro)
  std::int64_t computeCycles = 0;
  std::int64_t bufferCycles = 0;       ///< activations in + out over the buffer
  std::int64_t overheadCycles = 0;
  std::int64_t writeCycles = 0;        ///< weight rewrite, only when reloads are needed
  std::int64_t totalCycles = 0;        ///< max(compute, buffer) + overhead + write
  std::int64_t vectorOps = 0;
  double latencyNs = 0.0;
  double macEnergyNj = 0.0;
  double vectorEnergyNj = 0.0;
  double bufferEnergyNj = 0.0;
  double writeEnergyNj = 0.0;
  double staticEnergyNj = 0.0;
  double utilization = 0.0;

  double energyNj() const {
    return macEnergyNj + vectorEnergyNj + bufferEnergyNj + writeEnergyNj + staticEnergyNj;
  }
};

class CimModel {
public:
  explicit CimModel(const CimConfig& config);

  /// Unsupported placements come back with supported = false and a reason.
  DeviceCost cost(const Layer& layer) const;
  CimBreakdown breakdown(const Layer& layer) const;
  /// Writing `bytes` of weights into the macros (macros written in parallel).
  TransferCost weightWrite(std::int64_t bytes) const;
  /// Macros a layer's weights occupy (at least 1, at most all of them).
  std::int64_t macrosFor(std::int64_t weightBytes) const;
  std::int64_t peakMacsPerCycle() const { return m_peakMacs; }
  const CimConfig& config() const { return m_config; }

private:
  CimConfig m_config;
  std::int64_t m_peakMacs;
  double m_bufferBytesPerCycle;
  double m_nsPerCycle;
};

}  // namespace h4h
