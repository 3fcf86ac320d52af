#pragma once
/// Layers without a matrix product (add, layernorm, softmax, mlp_act, pool, …) run on a
/// device's vector unit. This is how many elementwise operations each costs, the same
/// on every device (docs/hardware_model.md §Layers without a GEMM).

#include <algorithm>
#include <cstdint>

#include "graph/layer.h"

namespace h4h {

/// Passes over every element of a LayerNorm's input: mean, centre, variance, scale,
/// affine (the per-token reciprocal square root is negligible beside them).
constexpr std::int64_t kLayerNormOpsPerElement = 5;
/// Passes over every element of an int8 softmax as Arm's Vela lowers it for Ethos-U
/// (ethosu/vela/softmax.py, get_graph_8bit): row max (depthwise max-pool), subtract +
/// exp LUT, shift, row sum (reduce-sum), multiply by the row's reciprocal, shift.
constexpr std::int64_t kSoftmaxOpsPerElement = 6;
/// Passes over one value per softmax row in the same lowering: the reciprocal of the
/// row sum (count leading zeros, shifts and subtracts, a first estimate and three
/// Newton–Raphson steps of five ops each), 25 elementwise ops.
constexpr std::int64_t kSoftmaxOpsPerRow = 25;
/// An int8 activation function (GELU, swish, sigmoid, tanh …) is one 256-entry table
/// lookup per element: Vela lowers such ops to a LUT pass (lut.py convert_to_lut).
constexpr std::int64_t kActivationLutOpsPerElement = 1;

/// True when the layer has no GEMM to put on a MAC array.
inline bool isVectorLayer(const Layer& layer) {
  return layer.gemm.m <= 0 || layer.gemm.k <= 0 || layer.gemm.n <= 0 || layer.macs <= 0;
}

/// Elementwise operations of a weight-free layer: add 1 per output element, pool 1 per
/// input element, layernorm, softmax and mlp_act as the constants above (a softmax
/// normalises each row of its heads × N × N maps: heads × N rows), otherwise 1 per
/// element of the larger tensor.
inline std::int64_t vectorOps(const Layer& layer) {
  switch (layer.kind) {
    case LayerKind::Add: return layer.out.elements();
    case LayerKind::Pool: return layer.in.elements();
    case LayerKind::LayerNorm: return kLayerNormOpsPerElement * layer.in.elements();
    case LayerKind::Softmax:
      return kSoftmaxOpsPerElement * layer.in.elements() + kSoftmaxOpsPerRow * layer.in.c * layer.in.h;
    case LayerKind::MlpAct: return kActivationLutOpsPerElement * layer.in.elements();
    default: return std::max(layer.in.elements(), layer.out.elements());
  }
}

}  // namespace h4h
