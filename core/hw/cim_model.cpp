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

CimModel::CimModel(const CimConfig& config)
    : m_config(config),
      m_peakMacs(static_cast<std::int64_t>(config.macros) * config.computeUnitsPerMacro *
                 config.macsPerUnitPerCycle),
      m_bufferBytesPerCycle(config.bufferBandwidthGBs / config.clockGhz),
      m_nsPerCycle(1.0 / config.clockGhz) {}

std::int64_t CimModel::macrosFor(std::int64_t weightBytes) const {
  const std::int64_t needed = ceilDiv(std::max<std::int64_t>(weightBytes, 1),
                                      m_config.capacityBytesPerMacro);
  return std::min<std::int64_t>(needed, m_config.macros);
}

TransferCost CimModel::weightWrite(std::int64_t bytes) const {
  TransferCost t;
  if (bytes <= 0) return t;
  const std::int64_t perMacro = ceilDiv(bytes, macrosFor(bytes));
  t.latencyNs = static_cast<double>(perMacro) * m_config.weightWriteNsPerByte;
  t.energyNj = static_cast<double>(bytes) * m_config.weightWritePjPerByte * 1e-3;
  return t;
}

CimBreakdown CimModel::breakdown(const Layer& layer) const {
  CimBreakdown b;
  const std::int64_t act = layer.inBytes + layer.outBytes;
  double peak = 0.0;
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
    peak = m_config.nmdMacsPerCycle;
  } else {
    const bool overCapacity = layer.weightBytes > m_config.totalCapacityBytes();
    if (overCapacity && !m_config.allowReload) {
      b.path = CimPath::Unsupported;
      b.unsupportedReason = UnsupportedReason::OverMacroCapacity;
      return b;
    }
    b.path = CimPath::Macros;
    b.macrosUsed = macrosFor(layer.weightBytes);
    b.computeUnits = b.macrosUsed * m_config.computeUnitsPerMacro;
    // Each unit reduces macsPerUnitPerCycle products of one output per cycle, so an
    // output of reduction length K takes ⌈K / L⌉ unit-cycles.
    const GemmView& g = layer.gemm;
    const std::int64_t outputs = std::max<std::int64_t>(g.groups, 1) * g.m * g.n;
    const std::int64_t unitCycles = outputs * ceilDiv(g.k, m_config.macsPerUnitPerCycle);
    b.computeCycles = ceilDiv(unitCycles, b.computeUnits);
    peak = static_cast<double>(m_peakMacs);
    if (overCapacity) {
      const TransferCost w = weightWrite(layer.weightBytes);
      const double writeCycles = std::ceil(w.latencyNs * m_config.clockGhz);
      // Layer counts are bounded at lowering, but a slow write into few macros can still
      // take more cycles than 64 bits hold (and the conversion would be undefined).
      if (!(writeCycles <= 4.0e18)) throwReloadTooLong(layer);
      b.writeCycles = static_cast<std::int64_t>(writeCycles);
      b.writeEnergyNj = w.energyNj;
    }
  }
  b.bufferCycles = act <= 0 ? 0
                            : static_cast<std::int64_t>(std::ceil(static_cast<double>(act) /
                                                                  m_bufferBytesPerCycle));
  b.overheadCycles = m_config.layerOverheadCycles;
  b.totalCycles = std::max(b.computeCycles, b.bufferCycles) + b.overheadCycles + b.writeCycles;
  b.latencyNs = static_cast<double>(b.totalCycles) * m_nsPerCycle;

  const double macPj = b.path == CimPath::NearMemoryDigital ? m_config.nmdEnergyPerMacPj
                                                            : m_config.energyPerMacPj;
  b.macEnergyNj = b.path == CimPath::Vector ? 0.0 : static_cast<double>(layer.macs) * macPj * 1e-3;
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
