#include "model/subnet.h"

#include "model/arch_fit.h"
#include "model/depthwise_conv.h"

namespace h4h {

namespace {

torch::nn::Conv2d makeConv(int in, int out, int kernel, int stride, bool depthwise, bool bias) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                               .stride(stride)
                               .padding(kernel / 2)
                               .groups(depthwise ? in : 1)
                               .bias(bias));
}

}  // namespace

ConvBnActImpl::ConvBnActImpl(int in, int out, int kernel, int stride, bool depthwise,
                             bool activation, Activation act)
    : m_stride(stride), m_depthwise(depthwise), m_activation(activation), m_act(act) {
  m_conv = register_module("conv", makeConv(in, depthwise ? in : out, kernel, stride, depthwise, false));
  m_bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(depthwise ? in : out)));
}

torch::Tensor ConvBnActImpl::forward(const torch::Tensor& x) {
  auto y = m_bn(modelConv2d(x, m_conv->weight, m_conv->bias, m_stride, m_depthwise));
  return m_activation ? applyActivation(y, m_act) : y;
}

SqueezeExciteImpl::SqueezeExciteImpl(int channels) {
  const int se = seChannels(channels);
  m_reduce = register_module("reduce", makeConv(channels, se, 1, 1, false, true));
  m_expand = register_module("expand", makeConv(se, channels, 1, 1, false, true));
}

torch::Tensor SqueezeExciteImpl::forward(const torch::Tensor& x) {
  auto s = modelConv2d(x.mean({2, 3}, /*keepdim=*/true), m_reduce->weight, m_reduce->bias, 1, false);
  s = modelConv2d(torch::relu(s), m_expand->weight, m_expand->bias, 1, false);
  return x * torch::sigmoid(s);
}

MBConvImpl::MBConvImpl(int in, int out, int kernel, int expand, int stride, bool se,
                       Activation act)
    : m_residual(stride == 1 && in == out) {
  const int hidden = in * expand;
  if (expand > 1) m_expand = register_module("expand", ConvBnAct(in, hidden, 1, 1, false, true, act));
  m_dw = register_module("dw", ConvBnAct(hidden, hidden, kernel, stride, true, true, act));
  if (se) m_se = register_module("se", SqueezeExcite(hidden));
  m_project = register_module("project", ConvBnAct(hidden, out, 1, 1, false, false, act));
}

torch::Tensor MBConvImpl::forward(const torch::Tensor& x) {
  auto y = m_expand ? m_expand(x) : x;
  y = m_dw(y);
  if (m_se) y = m_se(y);
  y = m_project(y);
  return m_residual ? y + x : y;
}

VitBlockImpl::VitBlockImpl(int dim, int heads, int hidden, Activation act)
    : m_heads(heads), m_act(act) {
  using torch::nn::LayerNormOptions;
  m_ln1 = register_module("ln1", torch::nn::LayerNorm(LayerNormOptions({dim}).eps(1e-5)));
  m_qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
  m_proj = register_module("proj", torch::nn::Linear(dim, dim));
  m_ln2 = register_module("ln2", torch::nn::LayerNorm(LayerNormOptions({dim}).eps(1e-5)));
  m_fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
  m_fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor VitBlockImpl::forward(const torch::Tensor& tokens) {
  auto x = tokens + m_proj(attention(m_qkv(m_ln1(tokens)), m_heads));
  return x + m_fc2(applyActivation(m_fc1(m_ln2(x)), m_act));
}

SubnetStageImpl::SubnetStageImpl(const StageSpace& space, const StageArch& arch,
                                 int inChannels, Activation act) {
  auto mb = register_module("mb", torch::nn::ModuleList());
  for (int j = 0; j < arch.mbDepth; ++j) {
    MBConv layer(j == 0 ? inChannels : arch.width, arch.width, arch.kernels[j], arch.expands[j],
                 j == 0 ? space.stride : 1, space.se, act);
    mb->push_back(layer);
    m_mb.push_back(layer);
  }
  if (arch.vitDepth > 0) {
    m_pos = register_module("pos", makeConv(arch.width, arch.width, 3, 1, true, true));
    auto vit = register_module("vit", torch::nn::ModuleList());
    for (int l = 0; l < arch.vitDepth; ++l) {
      VitBlock block(arch.width, arch.heads[l], mlpHidden(arch.mlpRatios[l], arch.width), act);
      vit->push_back(block);
      m_vit.push_back(block);
    }
  }
}

torch::Tensor SubnetStageImpl::forward(torch::Tensor x) {
  for (auto& layer : m_mb) x = layer(x);
  if (m_vit.empty()) return x;
  x = x + modelConv2d(x, m_pos->weight, m_pos->bias, 1, true);
  const auto h = x.size(2), w = x.size(3);
  auto t = toTokens(x);
  for (auto& block : m_vit) t = block(t);
  return fromTokens(t, h, w);
}

SubnetImpl::SubnetImpl(const SearchSpace& space, const Arch& arch)
    : m_arch(arch), m_act(parseActivation(space.activation)) {
  requireArchFits(space, arch);
  m_stem = register_module("stem", ConvBnAct(space.inputChannels, arch.stemWidth, space.stem.kernel,
                                             space.stem.stride, false, true, m_act));
  auto stages = register_module("stages", torch::nn::ModuleList());
  int channels = arch.stemWidth;
  for (std::size_t i = 0; i < arch.stages.size(); ++i) {
    SubnetStage stage(space.stages[i], arch.stages[i], channels, m_act);
    stages->push_back(stage);
    m_stages.push_back(stage);
    channels = arch.stages[i].width;
  }
  if (arch.headWidth > 0) {
    m_headConv = register_module("head_conv",
                                 ConvBnAct(channels, arch.headWidth, 1, 1, false, true, m_act));
    channels = arch.headWidth;
  }
  if (arch.featureWidth > 0) {
    m_feature = register_module("feature", torch::nn::Linear(channels, arch.featureWidth));
    channels = arch.featureWidth;
  }
  m_classifier = register_module("classifier", torch::nn::Linear(channels, space.classes));
}

torch::Tensor SubnetImpl::forward(const torch::Tensor& input) {
  auto x = toModelLayout(m_stem(toModelLayout(input)));
  for (auto& stage : m_stages) x = stage(x);
  if (m_headConv) x = m_headConv(x);
  x = x.mean({2, 3});
  if (m_feature) x = applyActivation(m_feature(x), m_act);
  return m_classifier(x);
}

std::int64_t countParameters(const torch::nn::Module& module) {
  std::int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

}  // namespace h4h
