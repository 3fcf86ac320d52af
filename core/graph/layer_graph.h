#pragma once
/// Lowering of an Arch to the chain of hardware layers that NPU and CIM models cost
/// (DESIGN §3). The network is the one defined in docs/layer_rules.md; this is the
/// only place MACs, parameter counts and weight/activation bytes are computed.
///
/// Order per stage: MBConv layers ([pwconv expand] → dwconv → [se] → pwconv project →
/// [add]), then, when the ViT depth is > 0, the positional encoding (`sI.pos`: 3×3
/// dwconv with bias → add) and per ViT block (`sI.vitL`): layernorm → attn_qkv →
/// attn_qk → softmax → attn_av → attn_proj → add → layernorm → mlp_fc1 → mlp_act →
/// mlp_fc2 → add. Softmax and mlp_act are weight-free vector layers (in = out); the
/// activations of convolutions stay fused into them (docs/layer_rules.md).
/// Head: [pwconv `head`] → pool `head` → [fc `feature`] → fc `classifier`.
///
/// Shapes of attention layers: attn_qk reads Q and K (in = 2d × H × W) and writes the
/// attention maps (out = heads × N × N); attn_av reads the maps (in) and V (counted in
/// inBytes) and writes d × H × W; each has stationaryOperandBytes = N·d (Kᵀ, V). Adds
/// read both operands (inBytes = 2 × tensor).

#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "space/search_space.h"

namespace h4h {

struct LowerOptions {
  int resolution = 0;      ///< input side in pixels; 0: arch.resolution
  int weightBits = 8;      ///< precision of stored parameters (1..32)
  int activationBits = 8;  ///< precision of activations (1..32)
};

/// The ordered layers of `arch` (ids 0..n-1 in order). Throws InputError when the arch
/// cannot be built (stage count differs from the space, per-layer lists of the wrong
/// length, heads not dividing the width, non-positive sizes, bad options). Membership
/// of the space is not required (validateArch checks that), so fixed reference nets
/// and other resolutions can be lowered.
std::vector<Layer> lowerArch(const SearchSpace& space, const Arch& arch,
                             const LowerOptions& options = {});

/// Sums over a graph.
struct GraphTotals {
  std::int64_t layers = 0;
  std::int64_t macs = 0;
  std::int64_t params = 0;
  std::int64_t weightBytes = 0;
  std::int64_t activationBytes = 0;  ///< Σ (inBytes + outBytes): traffic if nothing stays on chip
  std::int64_t peakActivationBytes = 0;  ///< max over layers of inBytes + outBytes
};
GraphTotals graphTotals(const std::vector<Layer>& layers);

/// MLP hidden width of a ViT block: round(ratio * width), halves away from zero.
std::int64_t mlpHiddenWidth(double ratio, int width);
/// Squeeze-excite reduced width for `channels` channels: max(8, channels / 4).
std::int64_t seReducedWidth(std::int64_t channels);

}  // namespace h4h
