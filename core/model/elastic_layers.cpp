#include "model/elastic_layers.h"

#include "model/depthwise_conv.h"
#include "model/sync_batch_norm.h"

namespace h4h {

namespace {

/// The leading `n` entries of dim `d`; a no-op view when n is the full size.
torch::Tensor leading(const torch::Tensor& t, int64_t d, int64_t n) {
  return n == t.size(d) ? t : t.narrow(d, 0, n);
}

}  // namespace

// ---------------------------------------------------------------- ElasticConv2d

ElasticConv2dImpl::ElasticConv2dImpl(int maxIn, int maxOut, int maxKernel, int stride,
                                     bool depthwise, bool withBias)
    : m_maxKernel(maxKernel), m_stride(stride), m_depthwise(depthwise) {
  const int64_t inPerGroup = depthwise ? 1 : maxIn;
  const int64_t out = depthwise ? maxIn : maxOut;
  weight = register_parameter("weight", torch::empty({out, inPerGroup, maxKernel, maxKernel}));
  torch::nn::init::kaiming_normal_(weight, 0.0, torch::kFanOut, torch::kReLU);
  if (withBias) bias = register_parameter("bias", torch::zeros({out}));
}

torch::Tensor ElasticConv2dImpl::forward(const torch::Tensor& x, int outChannels, int kernel) {
  const int64_t in = x.size(1);
  torch::Tensor w = m_depthwise ? leading(weight, 0, in) : leading(leading(weight, 0, outChannels), 1, in);
  if (m_depthwise) outChannels = static_cast<int>(in);
  if (kernel != m_maxKernel) {
    const int64_t off = (m_maxKernel - kernel) / 2;
    w = w.narrow(2, off, kernel).narrow(3, off, kernel);
  }
  torch::Tensor b = bias.defined() ? leading(bias, 0, outChannels) : torch::Tensor();
  return modelConv2d(x, w, b, m_stride, m_depthwise);
}

// ------------------------------------------------------------- ElasticBatchNorm

ElasticBatchNormImpl::ElasticBatchNormImpl(int maxChannels) {
  weight = register_parameter("weight", torch::ones({maxChannels}));
  bias = register_parameter("bias", torch::zeros({maxChannels}));
  runningMean = register_buffer("running_mean", torch::zeros({maxChannels}));
  runningVar = register_buffer("running_var", torch::ones({maxChannels}));
}

torch::Tensor ElasticBatchNormImpl::forward(const torch::Tensor& x) {
  const int64_t c = x.size(1);
  const double momentum = m_momentumOverride >= 0.0 ? m_momentumOverride : kMomentum;
  if (is_training())
    if (BatchStatsSync* sync = batchStatsSync())
      return syncBatchNorm(x, leading(weight, 0, c), leading(bias, 0, c), leading(runningMean, 0, c),
                           leading(runningVar, 0, c), momentum, kEps, *sync);
  return torch::batch_norm(x, leading(weight, 0, c), leading(bias, 0, c),
                           leading(runningMean, 0, c), leading(runningVar, 0, c),
                           is_training(), momentum, kEps,
                           at::globalContext().userEnabledCuDNN());
}

void ElasticBatchNormImpl::resetRunningStats() {
  torch::NoGradGuard noGrad;
  runningMean.zero_();
  runningVar.fill_(1.0);
}

// ---------------------------------------------------------------- ElasticConvBn

ElasticConvBnImpl::ElasticConvBnImpl(int maxIn, int maxOut, int maxKernel, int stride,
                                     bool depthwise, bool activation, Activation act)
    : m_activation(activation), m_act(act) {
  m_conv = register_module(
      "conv", ElasticConv2d(maxIn, maxOut, maxKernel, stride, depthwise, false));
  m_bn = register_module("bn", ElasticBatchNorm(depthwise ? maxIn : maxOut));
}

torch::Tensor ElasticConvBnImpl::forward(const torch::Tensor& x, int outChannels, int kernel) {
  auto y = m_bn(m_conv(x, outChannels, kernel));
  return m_activation ? applyActivation(y, m_act) : y;
}

// ---------------------------------------------------------------- ElasticLinear

ElasticLinearImpl::ElasticLinearImpl(int maxIn, int maxOut, double initStd) {
  weight = register_parameter("weight", torch::empty({maxOut, maxIn}));
  torch::nn::init::normal_(weight, 0.0, initStd);
  bias = register_parameter("bias", torch::zeros({maxOut}));
}

torch::Tensor ElasticLinearImpl::forward(const torch::Tensor& x, int outFeatures) {
  const int64_t in = x.size(-1);
  return torch::linear(x, leading(leading(weight, 0, outFeatures), 1, in),
                       leading(bias, 0, outFeatures));
}

// ------------------------------------------------------------------- ElasticQkv

ElasticQkvImpl::ElasticQkvImpl(int maxDim) : m_maxDim(maxDim) {
  weight = register_parameter("weight", torch::empty({3 * maxDim, maxDim}));
  torch::nn::init::normal_(weight, 0.0, 0.02);
  bias = register_parameter("bias", torch::zeros({3 * maxDim}));
}

torch::Tensor ElasticQkvImpl::forward(const torch::Tensor& x) {
  const int64_t d = x.size(-1);
  if (d == m_maxDim) return torch::linear(x, weight, bias);
  auto w = weight.view({3, m_maxDim, m_maxDim}).narrow(1, 0, d).narrow(2, 0, d).reshape({3 * d, d});
  auto b = bias.view({3, m_maxDim}).narrow(1, 0, d).reshape({3 * d});
  return torch::linear(x, w, b);
}

// ------------------------------------------------------------- ElasticLayerNorm

ElasticLayerNormImpl::ElasticLayerNormImpl(int maxDim) {
  weight = register_parameter("weight", torch::ones({maxDim}));
  bias = register_parameter("bias", torch::zeros({maxDim}));
}

torch::Tensor ElasticLayerNormImpl::forward(const torch::Tensor& x) {
  const int64_t d = x.size(-1);
  return torch::layer_norm(x, {d}, leading(weight, 0, d), leading(bias, 0, d), kEps);
}

// ------------------------------------------------------- ElasticSqueezeExcite

ElasticSqueezeExciteImpl::ElasticSqueezeExciteImpl(int maxChannels) {
  const int maxSe = seChannels(maxChannels);
  m_reduce = register_module("reduce", ElasticConv2d(maxChannels, maxSe, 1, 1, false, true));
  m_expand = register_module("expand", ElasticConv2d(maxSe, maxChannels, 1, 1, false, true));
}

torch::Tensor ElasticSqueezeExciteImpl::forward(const torch::Tensor& x) {
  const int c = static_cast<int>(x.size(1));
  auto s = x.mean({2, 3}, /*keepdim=*/true);
  s = torch::relu(m_reduce(s, seChannels(c), 1));
  s = torch::sigmoid(m_expand(s, c, 1));
  return x * s;
}

// ---------------------------------------------------------------- ElasticMBConv

ElasticMBConvImpl::ElasticMBConvImpl(int maxIn, int maxOut, int maxExpand, int maxKernel,
                                     int stride, bool se, Activation act)
    : m_stride(stride) {
  const int maxHidden = maxIn * maxExpand;
  if (maxExpand > 1)
    m_expand = register_module("expand",
                               ElasticConvBn(maxIn, maxHidden, 1, 1, false, true, act));
  m_dw = register_module("dw",
                         ElasticConvBn(maxHidden, maxHidden, maxKernel, stride, true, true, act));
  if (se) m_se = register_module("se", ElasticSqueezeExcite(maxHidden));
  m_project = register_module("project",
                              ElasticConvBn(maxHidden, maxOut, 1, 1, false, false, act));
}

torch::Tensor ElasticMBConvImpl::forward(const torch::Tensor& x, int outChannels, int kernel,
                                         int expand) {
  const int in = static_cast<int>(x.size(1));
  auto y = expand > 1 ? m_expand(x, in * expand, 1) : x;
  y = m_dw(y, 0, kernel);
  if (m_se) y = m_se(y);
  y = m_project(y, outChannels, 1);
  if (m_stride == 1 && in == outChannels) y = y + x;
  return y;
}

// -------------------------------------------------------------- ElasticVitBlock

ElasticVitBlockImpl::ElasticVitBlockImpl(int maxDim, int maxHidden, Activation act)
    : m_act(act) {
  m_ln1 = register_module("ln1", ElasticLayerNorm(maxDim));
  m_qkv = register_module("qkv", ElasticQkv(maxDim));
  m_proj = register_module("proj", ElasticLinear(maxDim, maxDim));
  m_ln2 = register_module("ln2", ElasticLayerNorm(maxDim));
  m_fc1 = register_module("fc1", ElasticLinear(maxDim, maxHidden));
  m_fc2 = register_module("fc2", ElasticLinear(maxHidden, maxDim));
}

torch::Tensor ElasticVitBlockImpl::forward(const torch::Tensor& tokens, int heads, int hidden) {
  const int d = static_cast<int>(tokens.size(-1));
  auto x = tokens + m_proj(attention(m_qkv(m_ln1(tokens)), heads), d);
  return x + m_fc2(applyActivation(m_fc1(m_ln2(x), hidden), m_act), d);
}

}  // namespace h4h
