#include "hw/npu_model.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "hw/act_matmul.h"
#include "hw/systolic.h"
#include "hw/vector_ops.h"

namespace h4h {

namespace {

/// Channels of the first weight slice a double buffer waits for (Vela OFMSplitDepth).
constexpr std::int64_t kWeightSliceChannels = 16;

/// ⌈bytes · cyclesPerByte⌉ (0 for nothing), without a library call in the hot path.
std::int64_t cyclesFor(double bytes, double cyclesPerByte) {
  if (bytes <= 0.0) return 0;
  const double q = bytes * cyclesPerByte;
  const auto t = static_cast<std::int64_t>(q);
  return t + (static_cast<double>(t) < q ? 1 : 0);
}

/// Bytes moved at one level, and the bytes its port is busy for: a transfer in runs
/// shorter than a burst still occupies whole bursts (Vela npu_performance.py,
/// _estimate_memory_transfer_efficiency).
struct LevelTraffic {
  std::int64_t read = 0;
  std::int64_t write = 0;
  double portBytes = 0.0;

  void add(std::int64_t bytes, bool isRead, double burstFactor = 1.0) {
    (isRead ? read : write) += bytes;
    portBytes += static_cast<double>(bytes) * burstFactor;
  }
};

}  // namespace

NpuModel::NpuModel(const NpuConfig& config)
    : m_config(config),
      m_blocks(config.blockBufferBytes),
      m_peakMacs(static_cast<std::int64_t>(config.rows) * config.cols * config.cores),
      m_sramCyclesPerByte(config.clockGhz / config.sramBandwidthGBs),
      m_dramCyclesPerByte(config.clockGhz / config.dramBandwidthGBs),
      m_nsPerCycle(1.0 / config.clockGhz) {}

std::int64_t NpuModel::computeCycles(const GemmView& gemm) const {
  GemmView share = gemm;
  if (m_config.cores > 1) {
    if (gemm.groups > 1) share.groups = ceilDiv(gemm.groups, m_config.cores);
    else share.n = ceilDiv(gemm.n, m_config.cores);
  }
  return systolicCycles(m_config.dataflow, m_config.rows, m_config.cols, share);
}

std::int64_t NpuModel::layerComputeCycles(const Layer& layer) const {
  if (isVectorLayer(layer))
    return ceilDiv(vectorOps(layer), std::int64_t(m_config.vectorOpsPerCycle) * m_config.cores);
  if (layer.activationOperands) return actMatmulCost(m_config, layer).cycles();
  return computeCycles(layer.gemm);
}

std::int64_t NpuModel::actMatmulSramRereadBytes(const Layer& layer) const {
  return layer.activationOperands && !isVectorLayer(layer) ? actMatmulCost(m_config, layer).stationaryRereadBytes : 0;
}

NpuBreakdown NpuModel::breakdown(const Layer& layer) const {
  return breakdown(layer, planNpuMemory({layer}, m_config).placements.front());
}

// Inlined into cost() too, so the search's hot path skips the fields it does not return.
inline __attribute__((always_inline)) NpuBreakdown NpuModel::fullBreakdown(
    const Layer& layer, const NpuPlacement& placement) const {
  NpuBreakdown b;
  b.placement = placement;
  const bool vector = isVectorLayer(layer);
  b.computeCycles = layerComputeCycles(layer);
  b.vectorOps = vector ? vectorOps(layer) : 0;
  const OfmBlocking blocks = m_blocks.blocking(layer);

  LevelTraffic sram, dram;
  auto at = [&](MemLevel level) -> LevelTraffic& { return level == MemLevel::Sram ? sram : dram; };
  auto burstFactor = [&](MemLevel level, std::int64_t run) {
    const double burst = level == MemLevel::Sram ? m_config.sramBurstBytes : m_config.dramBurstBytes;
    return burst / std::min(burst, static_cast<double>(std::max<std::int64_t>(run, 1)));
  };

  // Feature maps: the IFM once per depth block (with the kernel's halo), the residual
  // operand of an add once, the OFM once. The network input is NHWC: its runs are one
  // IFM block's channels (int8: at most 32, in 8-channel micro-blocks).
  const bool residual = layer.kind == LayerKind::Add && layer.residualSource >= -1;
  const std::int64_t ifmBytes = residual ? layer.inBytes / 2 : layer.inBytes;
  const auto ifmRead =
      static_cast<std::int64_t>(static_cast<double>(ifmBytes) * blocks.ifmReads + 0.5);
  const std::int64_t inputRun =
      placement.ifmIsNetworkInput ? ceilDiv(std::min<std::int64_t>(layer.in.c, 32), 8) * 8
                                  : m_config.dramBurstBytes;
  at(placement.ifm).add(ifmRead, true, burstFactor(placement.ifm, inputRun));
  if (residual) at(placement.ifm2).add(layer.inBytes - ifmBytes, true);
  at(placement.ofm).add(layer.outBytes, false);

  // Weights (with their scale/bias records), re-fetched once per spatial OFM block from
  // where the layer reads them.
  const std::int64_t weights = npuWeightStreamBytes(layer);
  const std::int64_t fetched = weights * blocks.spatialBlocks;
  const std::int64_t dramLatency = m_config.dramLatencyCycles;
  b.computeWithWeightsCycles = b.computeCycles;
  switch (weights > 0 ? placement.weights : WeightPath::None) {
    case WeightPath::None: break;
    case WeightPath::Resident: sram.add(fetched, true); break;
    case WeightPath::Direct:
      dram.add(fetched, true);
      b.weightDramBytes = fetched;
      break;
    case WeightPath::Streamed: {
      // DMA into a double buffer of depth slices: the first slice (Vela's smallest,
      // OFMSplitDepth = 16 channels) waits, the rest stream under compute (Vela
      // npu_performance.py estimate_full_op_performance, scheduler.py propose_weight_buffering).
      dram.add(weights, true);
      b.weightDramBytes = weights;
      sram.add(weights, false);
      sram.add(fetched, true);
      b.weightStreamCycles = dramLatency + cyclesFor(double(weights), m_dramCyclesPerByte);
      const std::int64_t channels = std::max<std::int64_t>(layer.out.c, 1);
      const std::int64_t firstSlice =
          ceilDiv(weights * std::min<std::int64_t>(channels, kWeightSliceChannels), channels);
      const std::int64_t firstSliceCycles =
          dramLatency + cyclesFor(double(firstSlice), m_dramCyclesPerByte);
      b.computeWithWeightsCycles =
          std::max(b.computeCycles + firstSliceCycles, b.weightStreamCycles);
      break;
    }
  }

  // Act×act matmuls row by row reload their stationary operand from SRAM (act_matmul.h).
  sram.add(actMatmulSramRereadBytes(layer), true);

  b.sramReadBytes = sram.read;
  b.sramWriteBytes = sram.write;
  b.dramReadBytes = dram.read;
  b.dramWriteBytes = dram.write;
  b.sramBytes = sram.read + sram.write;
  b.dramBytes = dram.read + dram.write;
  b.sramCycles = cyclesFor(sram.portBytes, m_sramCyclesPerByte);
  b.dramCycles = b.dramBytes > 0 ? dramLatency + cyclesFor(dram.portBytes, m_dramCyclesPerByte) : 0;
  auto latencyOf = [&](MemLevel level) {
    return level == MemLevel::Sram ? m_config.sramLatencyCycles : m_config.dramLatencyCycles;
  };
  b.latencyCycles = latencyOf(placement.ifm) + latencyOf(placement.ofm);
  b.overheadCycles = m_config.layerOverheadCycles;
  b.totalCycles = std::max({b.computeWithWeightsCycles, b.sramCycles, b.dramCycles}) +
                  b.latencyCycles + b.overheadCycles;
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

NpuBreakdown NpuModel::breakdown(const Layer& layer, const NpuPlacement& placement) const {
  return fullBreakdown(layer, placement);
}

DeviceCost NpuModel::cost(const Layer& layer) const {
  return cost(layer, planNpuMemory({layer}, m_config).placements.front());
}

DeviceCost NpuModel::cost(const Layer& layer, const NpuPlacement& placement) const {
  const NpuBreakdown b = fullBreakdown(layer, placement);
  DeviceCost c;
  c.latencyNs = b.latencyNs;
  c.energyNj = b.energyNj();
  c.cycles = b.totalCycles;
  c.utilization = b.utilization;
  c.sramBytes = b.sramBytes;
  c.dramBytes = b.dramBytes;
  return c;
}

}  // namespace h4h
