#pragma once
/// Layers without a matrix product (add, layernorm, pool, …) run on a device's vector
/// unit. This is how many elementwise operations each costs, the same on every device.

#include <algorithm>
#include <cstdint>

#include "graph/layer.h"

namespace h4h {

/// True when the layer has no GEMM to put on a MAC array.
inline bool isVectorLayer(const Layer& layer) {
  return layer.gemm.m <= 0 || layer.gemm.k <= 0 || layer.gemm.n <= 0 || layer.macs <= 0;
}

/// Operations per element: add 1 (one sum per output), pool 1 (one accumulate per
/// input), layernorm 5 (mean, centre, variance, scale, affine), otherwise 1 per
/// element of the larger tensor.
inline std::int64_t vectorOps(const Layer& layer) {
  switch (layer.kind) {
    case LayerKind::Add: return layer.out.elements();
    case LayerKind::Pool: return layer.in.elements();
    case LayerKind::LayerNorm: return 5 * layer.in.elements();
    default: return std::max(layer.in.elements(), layer.out.elements());
  }
}

}  // namespace h4h
