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
#include <array>
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

/// The block sizes one block buffer allows, computed once per NPU model so that
/// blocking a layer with a full IFM block depth (C_in ≥ 32, most layers) takes no
/// integer division.
class OfmBlockTable {
public:
  /// Vela's IFM block depth for int8 depth-first convolutions (_ifm_blockdepth).
  static constexpr int kIfmBlockDepth = 32;
  /// Vela's ofm_block_max: 64 wide, 32 high, 128 deep.
  static constexpr std::int64_t kMaxBlockPixels = 64 * 32;
  /// Candidate depths: Vela's OFMSplitDepth (16) doubled up to 128.
  static constexpr int kDepths = 4;
  static constexpr int kAccumulatorBytes = 4;

  explicit OfmBlockTable(std::int64_t blockBufferBytes) : m_bufferBytes(blockBufferBytes) {
    for (int d = 0; d < kDepths; ++d) {
      const std::int64_t depth = std::int64_t(16) << d;
      m_dense[d] = fit(blockBufferBytes, 2 * (kAccumulatorBytes * depth + kIfmBlockDepth));
      m_depthwise[d] = fit(blockBufferBytes, 2 * (kAccumulatorBytes + 1) * depth);
    }
  }

  /// The blocking of a layer with weights (a GEMM layer that is not act×act); layers
  /// without weights stream their input once.
  OfmBlocking blocking(const Layer& layer) const {
    OfmBlocking best;
    const std::int64_t pixels = std::max<std::int64_t>(layer.out.h * layer.out.w, 1);
    const std::int64_t channels = std::max<std::int64_t>(layer.out.c, 1);
    best.depth = channels;
    best.pixels = pixels;
    if (isVectorLayer(layer) || layer.activationOperands) return best;
    const bool depthwise = layer.gemm.groups > 1 && layer.gemm.k <= layer.kernel * layer.kernel;
    const int ifmDepth = static_cast<int>(std::min<std::int64_t>(layer.in.c, kIfmBlockDepth));
    const double ifm = static_cast<double>(layer.inBytes);
    const double weights = static_cast<double>(layer.weightBytes);
    const std::int64_t pixelCap = std::min(pixels, kMaxBlockPixels);
    // Depthwise: no IFM re-read per depth block, so the shallowest (widest) block wins.
    const int candidates = depthwise ? 1 : kDepths;
    double bestCost = -1.0;
    for (int d = 0; d < candidates; ++d) {
      const std::int64_t full = std::int64_t(16) << d;
      const bool shallow = channels < full;  // the whole depth in one block
      // A layer shallower than the candidate, or with fewer IFM channels than an IFM
      // block holds, gets its own fit.
      const std::int64_t depth = shallow ? channels : full;
      const Fit f = depthwise ? (shallow ? fit(m_bufferBytes, 2 * (kAccumulatorBytes + 1) * depth)
                                         : m_depthwise[d])
                              : (shallow || ifmDepth < kIfmBlockDepth
                                     ? fit(m_bufferBytes, 2 * (kAccumulatorBytes * depth + ifmDepth))
                                     : m_dense[d]);
      const std::int64_t blockPixels = std::min(f.pixels, pixelCap);
      const std::int64_t spatialBlocks =
          blockPixels == pixels ? 1 : ceilRatio(static_cast<double>(pixels), blockPixels == f.pixels ? f.inverse : 1.0 / blockPixels);
      const std::int64_t depthBlocks = shallow ? 1 : (channels + full - 1) >> (4 + d);
      double ifmReads = depthwise ? 1.0 : static_cast<double>(depthBlocks);
      if (layer.kernel > 1)
        ifmReads *= blockPixels == f.pixels
                        ? haloFactor(f.side, f.inverseSide, layer.kernel, layer.stride)
                        : haloFactor(std::sqrt(double(blockPixels)),
                                     1.0 / std::sqrt(double(blockPixels)), layer.kernel, layer.stride);
      const double cost = ifm * ifmReads + weights * static_cast<double>(spatialBlocks);
      if (bestCost < 0.0 || cost < bestCost) {
        bestCost = cost;
        best.depth = depth;
        best.pixels = blockPixels;
        best.depthBlocks = shallow ? 1 : (channels + full - 1) >> (4 + d);
        best.spatialBlocks = spatialBlocks;
        best.ifmReads = ifmReads;
      }
      if (full >= channels) break;
    }
    if (depthwise) best.depthBlocks = (channels + best.depth - 1) / best.depth;
    return best;
  }

private:
  /// Pixels of the largest block with `bytesPerPixel`, its inverse, its square root
  /// (the side of a square block) and that root's inverse.
  struct Fit {
    std::int64_t pixels = 1;
    double inverse = 1.0;
    double side = 1.0;
    double inverseSide = 1.0;
  };

  static Fit fit(std::int64_t bufferBytes, std::int64_t bytesPerPixel) {
    Fit f;
    f.pixels = std::max<std::int64_t>(bufferBytes / std::max<std::int64_t>(bytesPerPixel, 1), 1);
    f.inverse = 1.0 / static_cast<double>(f.pixels);
    f.side = std::sqrt(static_cast<double>(f.pixels));
    f.inverseSide = 1.0 / f.side;
    return f;
  }

  /// ⌈a · inverse⌉ for a ratio known to be ≥ 1, without a library call.
  static std::int64_t ceilRatio(double a, double inverse) {
    const double q = a * inverse;
    const auto t = static_cast<std::int64_t>(q);
    return t + (static_cast<double>(t) < q - 1e-9 ? 1 : 0);
  }

  /// IFM pixels read per OFM pixel of a square block of side `side` (kernel halo):
  /// ((side − 1)·s + k)² / (side·s)².
  static double haloFactor(double side, double inverseSide, int kernel, int stride) {
    const double inverseStride = stride == 1 ? 1.0 : 1.0 / stride;
    const double ratio = ((side - 1.0) * stride + kernel) * inverseSide * inverseStride;
    return std::min(ratio * ratio, static_cast<double>(kernel) * kernel);
  }

  std::int64_t m_bufferBytes;
  std::array<Fit, kDepths> m_dense{};      ///< IFM blocks kIfmBlockDepth deep
  std::array<Fit, kDepths> m_depthwise{};
};

/// The blocking of one layer for a block buffer of `blockBufferBytes`.
inline OfmBlocking ofmBlocking(const Layer& layer, std::int64_t blockBufferBytes) {
  return OfmBlockTable(blockBufferBytes).blocking(layer);
}

}  // namespace h4h
