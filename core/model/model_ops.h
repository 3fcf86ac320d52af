#pragma once
/// Small tensor functions shared by the supernet and the standalone subnet, so that
/// both compute exactly the same thing (docs/layer_rules.md). Torch code only.

#include <torch/torch.h>

#include <cmath>
#include <string>

namespace h4h {

/// The space's activation: "swish" (SiLU) or "relu6".
enum class Activation { Swish, Relu6 };

/// Parses SearchSpace::activation; throws InputError when unknown.
Activation parseActivation(const std::string& name);

inline torch::Tensor applyActivation(const torch::Tensor& x, Activation act) {
  return act == Activation::Swish ? torch::silu(x) : torch::hardtanh(x, 0.0, 6.0);
}

/// Hidden width of a ViT MLP: round half away from zero of ratio * dim.
inline int mlpHidden(double ratio, int dim) {
  return static_cast<int>(std::floor(ratio * dim + 0.5));
}

/// Squeeze-excite bottleneck width for `channels` channels.
inline int seChannels(int channels) { return channels / 4 > 8 ? channels / 4 : 8; }

/// The memory layout every model runs in, supernet and standalone subnet alike (one rule,
/// so their speeds compare and their outputs agree): channels-last (NHWC). oneDNN then
/// runs every convolution without reordering its input and output, 3×3 depthwise weight
/// gradients take its direct kernel instead of a GEMM fallback (larger kernels:
/// depthwise_conv.h), and the token view of a feature map is contiguous. Applied to the
/// input and again after the stem, as a 1-channel input's layout is ambiguous.
inline torch::Tensor toModelLayout(const torch::Tensor& x) {
  return x.contiguous(torch::MemoryFormat::ChannelsLast);
}

/// (B, C, H, W) -> (B, H*W, C).
inline torch::Tensor toTokens(const torch::Tensor& x) { return x.flatten(2).transpose(1, 2); }

/// (B, H*W, C) -> (B, C, H, W).
inline torch::Tensor fromTokens(const torch::Tensor& t, std::int64_t h, std::int64_t w) {
  return t.transpose(1, 2).reshape({t.size(0), t.size(2), h, w});
}

/// Multi-head self-attention on tokens (B, N, d) given the packed qkv projection
/// (B, N, 3d) laid out [q | k | v], each split into `heads` contiguous heads of d/heads.
inline torch::Tensor attention(const torch::Tensor& qkv, int heads) {
  const auto b = qkv.size(0), n = qkv.size(1), d = qkv.size(2) / 3;
  const auto hd = d / heads;
  auto parts = qkv.reshape({b, n, 3, heads, hd}).permute({2, 0, 3, 1, 4});
  auto q = parts[0], k = parts[1], v = parts[2];
  auto scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(hd)));
  auto out = torch::matmul(torch::softmax(scores, -1), v);  // (B, h, N, hd)
  return out.transpose(1, 2).reshape({b, n, d});
}

}  // namespace h4h
