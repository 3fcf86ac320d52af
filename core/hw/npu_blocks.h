#pragma once
/// How an Ethos-U core cuts a layer into OFM blocks, and the re-reads that follow
/// (docs/hardware_model.md §NPU, "OFM blocks and re-reads"). Header-only: the profiler
/// calls it once per layer in the search's inner loop.
///
/// A core computes one OFM block (pixels × depth) at a time. Its accumulators (32 bit)
/// and the IFM block feeding it sit in the core's block buffer, both double-buffered,
/// so pixels · (4 · depth + ifm_depth) · 2 ≤ block_buffer_bytes. Every depth block
/// re-reads the IFM (with the kernel's halo around the block); every spatial block
/// re-fetches the weights. Like Vela's block search (architecture_allocator.py,
/// find_block_config) the depth is chosen to minimise IFM + weight fetches, over
/// Vela's 16-channel split depths up to 128 (its ofm_block_max), with the largest
/// block of that depth that fits the buffer (blocks at most 64 × 32 pixels).

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "graph/layer.h"
#include "hw/vector_ops.h"

namespace h4h {

struct OfmBlocking {
  std::int64_t depth = 1;          ///< output channels per block
  std::int64_t pixels = 1;         ///< output pixels per block
  std::int64_t depthBlocks = 1;
  std::int64_t spatialBlocks = 1;  ///< weight fetches: the weights are read once per spatial block
  double ifmReads = 1.0;           ///< IFM bytes read / IFM tensor bytes (depth blocks × halo)

  std::int64_t blocks() const { return depthBlocks * spatialBlocks; }
};

namespace npu_blocks_detail {
/// Vela's IFM block depth for int8 depth-first convolutions (_ifm_blockdepth).
constexpr std::int64_t kIfmBlockDepth = 32;
/// Vela's ofm_block_max: 64 wide, 32 high, 128 deep.
constexpr std::int64_t kMaxBlockPixels = 64 * 32;
constexpr std::int64_t kMaxBlockDepth = 128;
/// Vela's OFMSplitDepth: depth blocks are multiples of 16 channels.
constexpr std::int64_t kSplitDepth = 16;
constexpr std::int64_t kAccumulatorBytes = 4;

/// IFM pixels read per OFM pixel of a square block of `pixels` (kernel halo).
inline double haloFactor(std::int64_t pixels, int kernel, int stride) {
  if (kernel <= 1) return 1.0;
  const double side = std::sqrt(static_cast<double>(pixels));
  const double in = (side - 1.0) * stride + kernel;
  const double halo = (in * in) / (side * side * stride * stride);
  return std::min(halo, static_cast<double>(kernel) * kernel);
}
}  // namespace npu_blocks_detail

/// The blocking of a layer with weights (a GEMM layer that is not act×act); layers
/// without weights stream their input once, in one block per buffer-full.
inline OfmBlocking ofmBlocking(const Layer& layer, std::int64_t blockBufferBytes) {
  using namespace npu_blocks_detail;
  OfmBlocking best;
  const std::int64_t pixels = std::max<std::int64_t>(layer.out.h * layer.out.w, 1);
  const std::int64_t channels = std::max<std::int64_t>(layer.out.c, 1);
  if (isVectorLayer(layer) || layer.activationOperands) {
    best.depth = channels;
    best.pixels = pixels;
    return best;
  }
  const bool depthwise = layer.gemm.groups > 1 && layer.gemm.k <= layer.kernel * layer.kernel;
  const std::int64_t ifmDepth = std::min(layer.in.c, kIfmBlockDepth);
  const double ifm = static_cast<double>(layer.inBytes);
  const double weights = static_cast<double>(layer.weightBytes);
  double bestCost = -1.0;
  for (std::int64_t d = kSplitDepth;; d *= 2) {
    const std::int64_t depth = std::min(d, channels);
    const std::int64_t perPixel = 2 * (kAccumulatorBytes * depth + (depthwise ? depth : ifmDepth));
    const std::int64_t blockPixels =
        std::clamp<std::int64_t>(blockBufferBytes / perPixel, 1, std::min(pixels, kMaxBlockPixels));
    const std::int64_t depthBlocks = depthwise ? 1 : (channels + depth - 1) / depth;
    const std::int64_t spatialBlocks = (pixels + blockPixels - 1) / blockPixels;
    const double ifmReads =
        static_cast<double>(depthBlocks) * haloFactor(blockPixels, layer.kernel, layer.stride);
    const double cost = ifm * ifmReads + weights * static_cast<double>(spatialBlocks);
    if (bestCost < 0.0 || cost < bestCost) {
      bestCost = cost;
      best.depth = depth;
      best.pixels = blockPixels;
      best.depthBlocks = (channels + depth - 1) / depth;
      best.spatialBlocks = spatialBlocks;
      best.ifmReads = ifmReads;
    }
    if (depth >= channels || d >= kMaxBlockDepth) break;
  }
  return best;
}

}  // namespace h4h
