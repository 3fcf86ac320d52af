#pragma once
/// Analytical model of near-memory-compute CIM macros (DESIGN §4,
/// docs/hardware_model.md §CIM). A layer's weights live in the macros (programmed
/// once at load). Each macro's array is read at a bounded rate, and the compute units
/// attached to it share every weight word read across different positions (pixels,
/// tokens): more units speed up layers with many positions until the read bound binds,
/// and spread the array-read energy over the positions that use each read.
/// Activation×activation matmuls have no resident weights: they run only on
/// near-memory digital units, when the config has them. Weight-free layers (add,
/// layernorm, pool) run on the macros' digital post-processing (vector) unit.

#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/memory_level.h"

namespace h4h {

/// Where a layer runs inside the CIM.
enum class CimPath { Macros, NearMemoryDigital, Vector, Unsupported };

struct CimBreakdown {
  CimPath path = CimPath::Macros;
  UnsupportedReason unsupportedReason = UnsupportedReason::None;  ///< set when path is Unsupported
  std::int64_t macrosUsed = 0;         ///< macros holding the layer's weights
  std::int64_t computeUnits = 0;       ///< units computing (macrosUsed × units per macro)
  std::int64_t positionsPerRead = 0;   ///< positions sharing each weight read
  std::int64_t weightReadBytes = 0;    ///< weight bytes read out of the arrays, all macros
  std::int64_t partialSums = 0;        ///< dot products the units emit, all macros
  std::int64_t computeCycles = 0;      ///< MAC lanes busy (per macro, macros in parallel)
  std::int64_t readCycles = 0;         ///< array reads (per macro)
  std::int64_t bufferCycles = 0;       ///< activations in + out over the buffer
  std::int64_t overheadCycles = 0;
  std::int64_t writeCycles = 0;        ///< weight reload, only when reloads are needed
  std::int64_t totalCycles = 0;        ///< max(compute, read, buffer) + overhead + write
  std::int64_t vectorOps = 0;
  double latencyNs = 0.0;
  double arrayReadEnergyNj = 0.0;
  double macEnergyNj = 0.0;
  double peripheralEnergyNj = 0.0;     ///< conversion / shift-add / accumulation of partial sums
  double vectorEnergyNj = 0.0;
  double bufferEnergyNj = 0.0;
  double writeEnergyNj = 0.0;
  double staticEnergyNj = 0.0;
  double utilization = 0.0;

  double energyNj() const {
    return arrayReadEnergyNj + macEnergyNj + peripheralEnergyNj + vectorEnergyNj +
           bufferEnergyNj + writeEnergyNj + staticEnergyNj;
  }
};

/// Streaming weights from DRAM into the macros, per byte, for schedulers that price a
/// reload linearly (the fixed DRAM latency is paid once per reload on top).
struct CimReloadRate {
  double nsPerByte = 0.0;
  double njPerByte = 0.0;
  double fixedNs = 0.0;
};

/// ⌈x / d⌉ for a divisor fixed by the config: a shift when d is a power of two (the
/// presets' lane counts, read widths and capacities), so the profiler's per-layer cost
/// stays a few dozen operations.
class CeilDivisor {
public:
  explicit CeilDivisor(std::int64_t d) : m_d(d), m_shift(-1) {
    if (d > 0 && (d & (d - 1)) == 0)
      for (m_shift = 0; (std::int64_t(1) << m_shift) != d;) ++m_shift;
  }
  std::int64_t ceil(std::int64_t x) const {
    return m_shift >= 0 ? (x + m_d - 1) >> m_shift : (x + m_d - 1) / m_d;
  }
  std::int64_t divisor() const { return m_d; }

private:
  std::int64_t m_d;
  int m_shift;
};

/// Peak MACs per cycle of all macros: every unit busy, each read shared by all of them.
std::int64_t cimPeakMacsPerCycle(const CimConfig& config);

class CimModel {
public:
  /// `npu` gives the memory system weight reloads stream through (its DRAM).
  CimModel(const CimConfig& config, const NpuConfig& npu);

  /// Unsupported placements come back with supported = false and a reason.
  DeviceCost cost(const Layer& layer) const;
  CimBreakdown breakdown(const Layer& layer) const;
  /// Reloading `bytes` of weights: streamed from DRAM and written into the macros (written
  /// in parallel), the stream and the writes overlapped. Inline: the profiler prices it
  /// for every layer.
  TransferCost weightReload(std::int64_t bytes) const {
    TransferCost t;
    if (bytes <= 0 || m_config.macros <= 0) return t;  // NPU-only: nothing to write into
    const std::int64_t macros = macrosFor(bytes);
    const std::int64_t perMacro = macros == 1 ? bytes : (bytes + macros - 1) / macros;
    const double stream = static_cast<double>(bytes) * m_dramNsPerByte;
    const double write = static_cast<double>(perMacro) * m_config.weightWriteNsPerByte;
    t.latencyNs = m_dram.latencyNs + (stream > write ? stream : write);
    t.energyNj = static_cast<double>(bytes) * m_reloadNjPerByte;
    return t;
  }
  CimReloadRate reloadRate() const;
  /// Macros a layer's weights occupy (at least 1, at most all of them).
  std::int64_t macrosFor(std::int64_t weightBytes) const {
    const std::int64_t needed = m_capacity.ceil(weightBytes > 1 ? weightBytes : 1);
    return needed < m_config.macros ? needed : m_config.macros;
  }
  std::int64_t peakMacsPerCycle() const { return m_peakMacs; }
  const CimConfig& config() const { return m_config; }

private:
  void costMacros(const Layer& layer, CimBreakdown& b) const;

  CimConfig m_config;
  MemoryLevelCost m_dram;
  double m_dramNsPerByte;
  double m_reloadNjPerByte;  ///< DRAM read + macro write
  std::int64_t m_peakMacs;
  CeilDivisor m_wordDepth;   ///< reduction length of one output within a weight word
  CeilDivisor m_wordOutputs; ///< outputs of one weight word
  CeilDivisor m_units;       ///< compute units per macro
  CeilDivisor m_readBytes;   ///< weight bytes read per cycle
  CeilDivisor m_capacity;    ///< bytes per macro
  double m_bufferBytesPerCycle;
  double m_nsPerCycle;
};

}  // namespace h4h
