#pragma once
/// The weight-sharing building blocks of the supernet (DESIGN §6). Each holds the
/// weights of its largest configuration; a forward call takes the leading slices the
/// current subnet needs (kernels: the centre of the largest kernel). Parameter names
/// mirror the standalone modules in subnet.h, which is what lets Supernet::extract
/// copy weights by name. Torch code only.

#include <torch/torch.h>

#include "model/model_ops.h"

namespace h4h {

/// Conv2d over the leading channels of a max-size weight (no bias unless asked).
/// Depthwise: groups = channels; a smaller kernel uses the centre of the largest.
class ElasticConv2dImpl : public torch::nn::Module {
public:
  ElasticConv2dImpl(int maxIn, int maxOut, int maxKernel, int stride, bool depthwise,
                    bool bias);
  /// `outChannels` is ignored for depthwise convs (= input channels).
  torch::Tensor forward(const torch::Tensor& x, int outChannels, int kernel);

  torch::Tensor weight, bias;  ///< bias undefined when not asked for

private:
  int m_maxKernel, m_stride;
  bool m_depthwise;
};
TORCH_MODULE(ElasticConv2d);

/// BatchNorm2d whose statistics and affine parameters are sliced to the input's
/// channel count. Running-stat updates (training mode) land in the slice only.
class ElasticBatchNormImpl : public torch::nn::Module {
public:
  explicit ElasticBatchNormImpl(int maxChannels);
  torch::Tensor forward(const torch::Tensor& x);
  /// Zeros the means, sets the variances to one.
  void resetRunningStats();
  /// When >= 0, replaces the momentum (BN recalibration uses a cumulative average).
  void setMomentumOverride(double momentum) { m_momentumOverride = momentum; }

  torch::Tensor weight, bias, runningMean, runningVar;
  static constexpr double kEps = 1e-5;
  static constexpr double kMomentum = 0.1;

private:
  double m_momentumOverride = -1.0;
};
TORCH_MODULE(ElasticBatchNorm);

/// conv -> BN -> [activation]; names `conv`, `bn` as in ConvBnAct.
class ElasticConvBnImpl : public torch::nn::Module {
public:
  ElasticConvBnImpl(int maxIn, int maxOut, int maxKernel, int stride, bool depthwise,
                    bool activation, Activation act);
  torch::Tensor forward(const torch::Tensor& x, int outChannels, int kernel);

private:
  ElasticConv2d m_conv{nullptr};
  ElasticBatchNorm m_bn{nullptr};
  bool m_activation;
  Activation m_act;
};
TORCH_MODULE(ElasticConvBn);

/// Linear (with bias) over leading input and output features.
class ElasticLinearImpl : public torch::nn::Module {
public:
  /// Weights drawn from N(0, initStd), biases zero.
  ElasticLinearImpl(int maxIn, int maxOut, double initStd = 0.02);
  torch::Tensor forward(const torch::Tensor& x, int outFeatures);

  torch::Tensor weight, bias;
};
TORCH_MODULE(ElasticLinear);

/// The packed q|k|v projection of a ViT block: weight (3*maxDim, maxDim) laid out
/// [q | k | v], each block maxDim rows; width d takes rows [0, d) of each block and
/// columns [0, d) (bias likewise).
class ElasticQkvImpl : public torch::nn::Module {
public:
  explicit ElasticQkvImpl(int maxDim);
  /// (B, N, d) -> (B, N, 3d).
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;

private:
  int m_maxDim;
};
TORCH_MODULE(ElasticQkv);

/// LayerNorm over the last dimension, affine parameters sliced to it.
class ElasticLayerNormImpl : public torch::nn::Module {
public:
  explicit ElasticLayerNormImpl(int maxDim);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;
  static constexpr double kEps = 1e-5;
};
TORCH_MODULE(ElasticLayerNorm);

/// Squeeze-excite on the leading channels: pool -> reduce (1x1, bias) -> ReLU ->
/// expand (1x1, bias) -> sigmoid -> scale. Bottleneck = seChannels(channels).
class ElasticSqueezeExciteImpl : public torch::nn::Module {
public:
  explicit ElasticSqueezeExciteImpl(int maxChannels);
  torch::Tensor forward(const torch::Tensor& x);

private:
  ElasticConv2d m_reduce{nullptr}, m_expand{nullptr};
};
TORCH_MODULE(ElasticSqueezeExcite);

/// One elastic MBConv layer: [expand 1x1] -> depthwise kxk -> [SE] -> project 1x1,
/// with a residual when stride is 1 and channels match. Expand ratio 1 skips the
/// expand conv. Children: `expand` (when maxExpand > 1), `dw`, `se`, `project`.
class ElasticMBConvImpl : public torch::nn::Module {
public:
  ElasticMBConvImpl(int maxIn, int maxOut, int maxExpand, int maxKernel, int stride,
                    bool se, Activation act);
  torch::Tensor forward(const torch::Tensor& x, int outChannels, int kernel, int expand);

private:
  ElasticConvBn m_expand{nullptr}, m_dw{nullptr}, m_project{nullptr};
  ElasticSqueezeExcite m_se{nullptr};
  int m_stride;
};
TORCH_MODULE(ElasticMBConv);

/// One elastic pre-norm ViT block on tokens (B, N, d), d = the subnet's stage width.
/// Weight sharing: see ElasticQkv for width. Heads do not own weights: the d-dim q, k, v are split into `heads` contiguous heads of d/heads, so a head count
/// choice changes how the shared projections are grouped. The MLP takes leading
/// hidden units. Children: `ln1`, `qkv`, `proj`, `ln2`, `fc1`, `fc2`.
class ElasticVitBlockImpl : public torch::nn::Module {
public:
  ElasticVitBlockImpl(int maxDim, int maxHidden, Activation act);
  torch::Tensor forward(const torch::Tensor& tokens, int heads, int hidden);

private:
  ElasticLayerNorm m_ln1{nullptr}, m_ln2{nullptr};
  ElasticQkv m_qkv{nullptr};
  ElasticLinear m_proj{nullptr}, m_fc1{nullptr}, m_fc2{nullptr};
  Activation m_act;
};
TORCH_MODULE(ElasticVitBlock);

}  // namespace h4h
