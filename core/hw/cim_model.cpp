#include "hw/cim_model.h"

#include <algorithm>
#include <cmath>

#include "hw/systolic.h"
#include "hw/vector_ops.h"
#include "util/errors.h"

namespace h4h {

namespace {
/// Out of line: the message building stays out of the profiler's inlined hot path.
[[noreturn]] __attribute__((noinline, cold)) void throwReloadTooLong(const Layer& layer) {
  throw InputError("layer " + std::to_string(layer.id) + " (" + layer.block + "): reloading " +
                   std::to_string(layer.weightBytes) +
                   " B of weights into the CIM takes more cycles than 64 bits hold "
                   "(hardware.cim.weight_write_ns_per_byte, macros)");
}
}  // namespace

std::int64_t cimPeakMacsPerCycle(const CimConfig& config) {
  // With every unit sharing each read, a macro completes units × L MACs per word, and
  // reads a word of L weights in L / R cycles.
  return static_cast<std::int64_t>(config.macros) * config.computeUnitsPerMacro *
         std::min(config.macsPerUnitPerCycle, config.weightReadBytesPerCycle);
}

CimModel::CimModel(const CimConfig& config, const NpuConfig& npu)
    : m_config(config),
      m_dram(memoryLevelCost(npu, MemoryLevel::Dram)),
      m_dramNsPerByte(1.0 / m_dram.bandwidthGBs),
      m_reloadNjPerByte((m_dram.readPjPerByte + config.weightWritePjPerByte) * 1e-3),
      m_peakMacs(cimPeakMacsPerCycle(config)),
      m_wordDepth(std::max(1, config.macsPerUnitPerCycle / config.unitOutputsPerCycle)),
      m_wordOutputs(config.unitOutputsPerCycle),
      m_units(config.computeUnitsPerMacro),
      m_readBytes(config.weightReadBytesPerCycle),
      m_capacity(config.capacityBytesPerMacro),
      m_bufferBytesPerCycle(config.bufferBandwidthGBs / config.clockGhz),
      m_nsPerCycle(1.0 / config.clockGhz) {}

CimReloadRate CimModel::reloadRate() const {
  CimReloadRate r;
  if (m_config.macros <= 0) return r;  // NPU-only: no macros to reload
  r.nsPerByte = std::max(m_dramNsPerByte,
                         m_config.weightWriteNsPerByte / static_cast<double>(m_config.macros));
  r.njPerByte = m_reloadNjPerByte;
  r.fixedNs = m_dram.latencyNs;
  return r;
}

void CimModel::costMacros(const Layer& layer, CimBreakdown& b) const {
  const GemmView& g = layer.gemm;
  const std::int64_t groups = std::max<std::int64_t>(g.groups, 1);
  const std::int64_t units = m_units.divisor();
  // A weight word holds m_wordDepth reduction steps of m_wordOutputs outputs; a unit
  // applies one word to one position per cycle.
  const std::int64_t words = groups * m_wordDepth.ceil(g.k) * m_wordOutputs.ceil(g.n);
  const std::int64_t weights = groups * g.k * g.n;
  b.macrosUsed = macrosFor(layer.weightBytes);
  b.computeUnits = b.macrosUsed * units;
  // Units take different positions of one word read; with fewer positions than units
  // the rest work on other words, which the array must then read as well.
  b.positionsPerRead = std::min(units, g.m);
  const std::int64_t readsPerWeight = units == 1 ? g.m : ceilDiv(g.m, b.positionsPerRead);
  const bool oneMacro = b.macrosUsed == 1;
  const std::int64_t wordsPerMacro = oneMacro ? words : ceilDiv(words, b.macrosUsed);
  const std::int64_t weightsPerMacro = oneMacro ? weights : ceilDiv(weights, b.macrosUsed);
  b.computeCycles = m_units.ceil(wordsPerMacro * g.m);
  b.readCycles = m_readBytes.ceil(weightsPerMacro * readsPerWeight);
  b.weightReadBytes = weights * readsPerWeight;
  b.partialSums = words * g.m * m_wordOutputs.divisor();
  b.arrayReadEnergyNj = static_cast<double>(b.weightReadBytes) * m_config.arrayReadPjPerByte * 1e-3;
  b.peripheralEnergyNj = static_cast<double>(b.partialSums) * m_config.energyPerPartialSumPj * 1e-3;
  b.macEnergyNj = static_cast<double>(layer.macs) * m_config.energyPerMacPj * 1e-3;
  if (layer.weightBytes > m_config.totalCapacityBytes()) {
    const TransferCost w = weightReload(layer.weightBytes);
    const double writeCycles = std::ceil(w.latencyNs * m_config.clockGhz);
    // Layer counts are bounded at lowering, but a slow write into few macros can still
    // take more cycles than 64 bits hold (and the conversion would be undefined).
    if (!(writeCycles <= 4.0e18)) throwReloadTooLong(layer);
    b.writeCycles = static_cast<std::int64_t>(writeCycles);
    b.writeEnergyNj = w.energyNj;
  }
}

CimBreakdown CimModel::breakdown(const Layer& layer) const {
  CimBreakdown b;
  const std::int64_t act = layer.inBytes + layer.outBytes;
  double peak = 0.0;
  if (!m_config.present()) {
    b.path = CimPath::Unsupported;
    b.unsupportedReason = UnsupportedReason::NoCim;
    return b;
  }
  if (isVectorLayer(layer)) {
    b.path = CimPath::Vector;
    b.vectorOps = vectorOps(layer);
    b.computeCycles = ceilDiv(b.vectorOps, m_config.vectorOpsPerCycle);
  } else if (layer.activationOperands) {
    if (!m_config.nearMemoryDigital) {
      b.path = CimPath::Unsupported;
      b.unsupportedReason = UnsupportedReason::NoNearMemoryDigital;
      return b;
    }
    b.path = CimPath::NearMemoryDigital;
    b.computeCycles = ceilDiv(layer.macs, m_config.nmdMacsPerCycle);
    b.macEnergyNj = static_cast<double>(layer.macs) * m_config.nmdEnergyPerMacPj * 1e-3;
    peak = m_config.nmdMacsPerCycle;
  } else {
    if (layer.weightBytes > m_config.totalCapacityBytes() && !m_config.allowReload) {
      b.path = CimPath::Unsupported;
      b.unsupportedReason = UnsupportedReason::OverMacroCapacity;
      return b;
    }
    b.path = CimPath::Macros;
    costMacros(layer, b);
    peak = static_cast<double>(m_peakMacs);
  }
  b.bufferCycles = act <= 0 ? 0
                            : static_cast<std::int64_t>(std::ceil(static_cast<double>(act) /
                                                                  m_bufferBytesPerCycle));
  b.overheadCycles = m_config.layerOverheadCycles;
  b.totalCycles = std::max({b.computeCycles, b.readCycles, b.bufferCycles}) + b.overheadCycles +
                  b.writeCycles;
  b.latencyNs = static_cast<double>(b.totalCycles) * m_nsPerCycle;

  b.vectorEnergyNj = static_cast<double>(b.vectorOps) * m_config.energyPerVectorOpPj * 1e-3;
  b.bufferEnergyNj = static_cast<double>(act) * m_config.energyPerBufferBytePj * 1e-3;
  b.staticEnergyNj = m_config.staticPowerMw * b.latencyNs * 1e-3;  // mW·ns = pJ
  if (peak > 0.0 && b.totalCycles > 0)
    b.utilization = static_cast<double>(layer.macs) / (peak * static_cast<double>(b.totalCycles));
  return b;
}

DeviceCost CimModel::cost(const Layer& layer) const {
  const CimBreakdown b = breakdown(layer);
  DeviceCost c;
  if (b.path == CimPath::Unsupported) {
    c.supported = false;
    c.unsupportedReason = b.unsupportedReason;
    return c;
  }
  c.latencyNs = b.latencyNs;
  c.energyNj = b.energyNj();
  c.cycles = b.totalCycles;
  c.utilization = b.utilization;
  return c;
}

}  // namespace h4h
