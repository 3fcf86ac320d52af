#pragma once
/// One hardware layer of a lowered Arch (DESIGN §3). The graph is a chain: layer i
/// consumes layer i-1's output, and a residual `add` also reads a saved tensor
/// produced by layer `residualSource`.

#include <cstdint>
#include <string>

namespace h4h {

/// New kinds are appended: the numbering is stable across versions.
enum class LayerKind {
  Conv, PwConv, DwConv, Se,
  AttnQkv, AttnQk, AttnAv, AttnProj,
  MlpFc1, MlpFc2, LayerNorm, Add, Pool, Fc,
  Softmax,  ///< the attention maps' softmax (vector unit)
  MlpAct    ///< a ViT MLP's activation between mlp_fc1 and mlp_fc2 (vector unit)
};
/// Number of kinds: LayerKind values are 0 .. kLayerKindCount - 1.
constexpr int kLayerKindCount = static_cast<int>(LayerKind::MlpAct) + 1;

/// "conv", "pwconv", ... as in files and CSV.
const char* layerKindName(LayerKind kind);
/// Parses a kind name; returns false when unknown.
bool parseLayerKind(const std::string& name, LayerKind& kind);

/// Channels × height × width. Token tensors: c = dim, h*w = tokens.
/// Attention maps: c = heads, h = w = tokens.
struct TensorShape {
  std::int64_t c = 0, h = 0, w = 0;
  std::int64_t elements() const { return c * h * w; }
  bool operator==(const TensorShape& o) const { return c == o.c && h == o.h && w == o.w; }
};

/// The layer as matrix products (SCALE-Sim convention): per group, an (M×K)·(K×N)
/// product, M = output pixels/tokens, K = reduction length, N = output channels.
struct GemmView {
  std::int64_t m = 0, k = 0, n = 0, groups = 1;
  std::int64_t macs() const { return m * k * n * groups; }
};

struct Layer {
  int id = 0;
  std::string block;          ///< e.g. "stem", "s3.mb1", "s4.vit0", "head"
  LayerKind kind = LayerKind::Conv;
  TensorShape in, out;
  int kernel = 1;             ///< spatial kernel (1 for non-conv)
  int stride = 1;
  GemmView gemm;              ///< zero for layers without a matrix product (add, layernorm, pool)
  std::int64_t macs = 0;      ///< multiply-accumulates, as counted in graph/ only
  std::int64_t params = 0;    ///< learnable parameters (weights + biases + norm affine)
  std::int64_t weightBytes = 0;
  std::int64_t inBytes = 0;   ///< activation bytes read (both operands for act×act matmuls)
  std::int64_t outBytes = 0;
  bool activationOperands = false;  ///< act×act matmul (Q·Kᵀ, attention·V): no resident weights
  /// act×act matmuls: bytes of the operand the array holds like weights (Kᵀ for Q·Kᵀ,
  /// V for attention·V), all heads; 0 for other layers.
  std::int64_t stationaryOperandBytes = 0;
  int residualSource = -2;    ///< add only: id of the layer whose output is read again (-1 = network input); -2 = none
};

}  // namespace h4h
