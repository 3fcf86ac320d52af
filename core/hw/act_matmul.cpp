#include "hw/act_matmul.h"

#include <algorithm>
#include <cmath>

#include "hw/systolic.h"

namespace h4h {

ActMatmulCost actMatmulCost(const NpuConfig& config, const Layer& layer) {
  const GemmView& g = layer.gemm;
  const std::int64_t heads = std::max<std::int64_t>(g.groups, 1);
  const double stationaryBytesPerHead = static_cast<double>(layer.stationaryOperandBytes) / static_cast<double>(heads);
  const bool rowByRow = config.actMatmul == ActMatmul::RowByRowPessimistic;

  ActMatmulCost c;
  if (rowByRow) {
    // Each output row is a GEMV (1, K, N) whose "weights" are the whole stationary operand.
    c.gemmCycles = heads * g.m * systolicGemmCycles(config.dataflow, config.rows, config.cols, 1, g.k, g.n);
    c.stationaryLoads = heads * g.m;
    c.stationaryRereadBytes = std::max<std::int64_t>(g.m - 1, 0) * layer.stationaryOperandBytes;
  } else {
    // Heads are independent GEMMs; the mapper packs them side by side where they fit, as
    // it does the groups of a grouped convolution.
    c.gemmCycles = systolicCycles(config.dataflow, config.rows, config.cols, g);
    c.stationaryLoads = heads;
  }
  const double sramBytesPerCycle = config.sramBandwidthGBs / config.clockGhz;
  const double loadedBytes = static_cast<double>(c.stationaryLoads) * stationaryBytesPerHead;
  c.stationaryLoadCycles = c.stationaryLoads * config.sramLatencyCycles +
                           static_cast<std::int64_t>(std::ceil(loadedBytes / sramBytesPerCycle));
  return c;
}

}  // namespace h4h
