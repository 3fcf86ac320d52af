#include "hw/npu_model.h"

#include <algorithm>
#include <cmath>

#include "hw/act_matmul.h"
#include "hw/systolic.h"
#include "hw/vector_ops.h"

namespace h4h {

namespace {
std::int64_t cyclesFor(std::int64_t bytes, double bytesPerCycle) {
  return bytes <= 0 ? 0 : static_cast<std::int64_t>(std::ceil(static_cast<double>(bytes) / bytesPerCycle));
}
}  // namespace

NpuModel::NpuModel(const NpuConfig& config)
    : m_config(config),
      m_peakMacs(static_cast<std::int64_t>(config.rows) * config.cols),
      m_sramBytesPerCycle(config.sramBandwidthGBs / config.clockGhz),
      m_dramBytesPerCycle(config.dramBandwidthGBs / config.clockGhz),
      m_nsPerCycle(1.0 / config.clockGhz) {}

std::int64_t NpuModel::computeCycles(const GemmView& gemm) const {
  return systolicCycles(m_config.dataflow, m_config.rows, m_config.cols, gemm);
}

std::int64_t NpuModel::layerComputeCycles(const Layer& layer) const {
  if (isVectorLayer(layer)) return ceilDiv(vectorOps(layer), m_config.vectorOpsPerCycle);
  if (layer.activationOperands) return actMatmulCost(m_config, layer).cycles();
  return computeCycles(layer.gemm);
}

std::int64_t NpuModel::actMatmulSramRereadBytes(const Layer& layer) const {
  return layer.activationOperands && !isVectorLayer(layer) ? actMatmulCost(m_config, layer).stationaryRereadBytes : 0;
}

NpuBreakdown NpuModel::breakdown(const Layer& layer) const {
  NpuBreakdown b;
  const bool vector = isVectorLayer(layer);
  b.computeCycles = layerComputeCycles(layer);
  b.vectorOps = vector ? vectorOps(layer) : 0;

  // Activations are placed in SRAM first; weights are resident when they fit in what
  // is left, otherwise they stream from DRAM. Activations beyond SRAM go via DRAM.
  const std::int64_t act = layer.inBytes + layer.outBytes;
  const std::int64_t actSram = std::min(act, m_config.sramBytes);
  const std::int64_t free = m_config.sramBytes - actSram;
  b.weightsSpilled = layer.weightBytes > free;
  b.sramBytes = actSram + (b.weightsSpilled ? 0 : layer.weightBytes) + actMatmulSramRereadBytes(layer);
  b.dramBytes = (act - actSram) + (b.weightsSpilled ? layer.weightBytes : 0);
  b.sramCycles = cyclesFor(b.sramBytes, m_sramBytesPerCycle);
  b.dramCycles = cyclesFor(b.dramBytes, m_dramBytesPerCycle);
  b.overheadCycles = m_config.layerOverheadCycles;
  b.totalCycles = std::max({b.computeCycles, b.sramCycles, b.dramCycles}) + b.overheadCycles;
  b.latencyNs = static_cast<double>(b.totalCycles) * m_nsPerCycle;

  b.macEnergyNj = vector ? 0.0 : static_cast<double>(layer.macs) * m_config.energyPerMacPj * 1e-3;
  b.vectorEnergyNj = static_cast<double>(b.vectorOps) * m_config.energyPerVectorOpPj * 1e-3;
  b.sramEnergyNj = static_cast<double>(b.sramBytes) * m_config.energyPerSramBytePj * 1e-3;
  b.dramEnergyNj = static_cast<double>(b.dramBytes) * m_config.energyPerDramBytePj * 1e-3;
  b.staticEnergyNj = m_config.staticPowerMw * b.latencyNs * 1e-3;  // mW·ns = pJ
  if (!vector && b.totalCycles > 0)
    b.utilization = static_cast<double>(layer.macs) /
                    (static_cast<double>(m_peakMacs) * static_cast<double>(b.totalCycles));
  return b;
}

DeviceCost NpuModel::cost(const Layer& layer) const {
  const NpuBreakdown b = breakdown(layer);
  DeviceCost c;
  c.latencyNs = b.latencyNs;
  c.energyNj = b.energyNj();
  c.cycles = b.totalCycles;
  c.utilization = b.utilization;
  return c;
}

}  // namespace h4h
