#pragma once
/// A standalone subnet (one Arch of a SearchSpace) built from ordinary LibTorch modules,
/// exactly as docs/layer_rules.md defines it: what Supernet::extract returns and what
/// `h4h export` saves for fine-tuning or deployment. Parameter names mirror the
/// supernet's (stem.conv.weight, stages.2.mb.0.dw.bn.running_mean,
/// stages.3.vit.1.qkv.weight, head_conv..., feature..., classifier...). Torch code only.

#include <torch/torch.h>

#include "model/model_ops.h"
#include "space/search_space.h"

namespace h4h {

/// conv (no bias) -> BatchNorm -> [activation]. Children `conv`, `bn`.
class ConvBnActImpl : public torch::nn::Module {
public:
  ConvBnActImpl(int in, int out, int kernel, int stride, bool depthwise, bool activation,
                Activation act);
  torch::Tensor forward(const torch::Tensor& x);

private:
  torch::nn::Conv2d m_conv{nullptr};
  torch::nn::BatchNorm2d m_bn{nullptr};
  int m_stride;
  bool m_depthwise;
  bool m_activation;
  Activation m_act;
};
TORCH_MODULE(ConvBnAct);

/// Squeeze-excite with a seChannels(channels) bottleneck. Children `reduce`, `expand`.
class SqueezeExciteImpl : public torch::nn::Module {
public:
  explicit SqueezeExciteImpl(int channels);
  torch::Tensor forward(const torch::Tensor& x);

private:
  torch::nn::Conv2d m_reduce{nullptr}, m_expand{nullptr};
};
TORCH_MODULE(SqueezeExcite);

/// [expand] -> dw -> [se] -> project, residual when stride 1 and in == out.
class MBConvImpl : public torch::nn::Module {
public:
  MBConvImpl(int in, int out, int kernel, int expand, int stride, bool se, Activation act);
  torch::Tensor forward(const torch::Tensor& x);

private:
  ConvBnAct m_expand{nullptr}, m_dw{nullptr}, m_project{nullptr};
  SqueezeExcite m_se{nullptr};
  bool m_residual;
};
TORCH_MODULE(MBConv);

/// Pre-norm ViT block on tokens (B, N, d). Children `ln1`, `qkv` (d -> 3d, [q|k|v]),
/// `proj`, `ln2`, `fc1`, `fc2`.
class VitBlockImpl : public torch::nn::Module {
public:
  VitBlockImpl(int dim, int heads, int hidden, Activation act);
  torch::Tensor forward(const torch::Tensor& tokens);

private:
  torch::nn::LayerNorm m_ln1{nullptr}, m_ln2{nullptr};
  torch::nn::Linear m_qkv{nullptr}, m_proj{nullptr}, m_fc1{nullptr}, m_fc2{nullptr};
  int m_heads;
  Activation m_act;
};
TORCH_MODULE(VitBlock);

/// One stage: MBConv layers `mb`, then (when vitDepth > 0) the positional-encoding
/// depthwise conv `pos` and the ViT blocks `vit`.
class SubnetStageImpl : public torch::nn::Module {
public:
  SubnetStageImpl(const StageSpace& space, const StageArch& arch, int inChannels,
                  Activation act);
  torch::Tensor forward(torch::Tensor x);

private:
  std::vector<MBConv> m_mb;
  torch::nn::Conv2d m_pos{nullptr};
  std::vector<VitBlock> m_vit;
};
TORCH_MODULE(SubnetStage);

/// The whole subnet: `stem`, `stages`, [`head_conv`], pool, [`feature` + act], `classifier`.
/// Input: (B, space.inputChannels, H, W) images at any resolution; output: logits.
/// Runs in the supernet's memory layout and convolutions (toModelLayout, modelConv2d).
class SubnetImpl : public torch::nn::Module {
public:
  /// Throws InputError when `arch` is not structurally an arch of `space`.
  SubnetImpl(const SearchSpace& space, const Arch& arch);
  torch::Tensor forward(const torch::Tensor& x);

  const Arch& arch() const { return m_arch; }

private:
  Arch m_arch;
  Activation m_act;
  ConvBnAct m_stem{nullptr};
  std::vector<SubnetStage> m_stages;
  ConvBnAct m_headConv{nullptr};
  torch::nn::Linear m_feature{nullptr}, m_classifier{nullptr};
};
TORCH_MODULE(Subnet);

/// Number of learnable parameters (elements) of a module.
std::int64_t countParameters(const torch::nn::Module& module);

}  // namespace h4h
