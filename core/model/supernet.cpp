#include "model/supernet.h"

#include <algorithm>
#include <unordered_map>

#include "model/arch_fit.h"
#include "space/space_validate.h"
#include "util/errors.h"

namespace h4h {

namespace {

int maxOf(const std::vector<int>& v) {
  return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The part of supernet tensor `src` that a subnet tensor of shape `shape` holds:
/// leading entries per dimension, the centre of 4-D conv kernels, and for the packed
/// q|k|v projection the leading rows of each of the three blocks.
torch::Tensor shrinkTo(const torch::Tensor& src, torch::IntArrayRef shape, bool qkv) {
  if (qkv) {
    const int64_t maxDim = src.size(0) / 3, d = shape[0] / 3;
    if (src.dim() == 2)
      return src.view({3, maxDim, maxDim}).narrow(1, 0, d).narrow(2, 0, shape[1]).reshape(shape);
    return src.view({3, maxDim}).narrow(1, 0, d).reshape(shape);
  }
  torch::Tensor t = src;
  for (int64_t d = 0; d < src.dim(); ++d) {
    const int64_t off = (src.dim() == 4 && d >= 2) ? (src.size(d) - shape[d]) / 2 : 0;
    t = t.narrow(d, off, shape[d]);
  }
  return t;
}

}  // namespace

// ----------------------------------------------------------------- ElasticStage

ElasticStageImpl::ElasticStageImpl(const StageSpace& space, int maxIn, Activation act) {
  const int maxW = maxOf(space.widths);
  auto mb = register_module("mb", torch::nn::ModuleList());
  for (int j = 0; j < maxOf(space.mbDepths); ++j) {
    ElasticMBConv layer(j == 0 ? maxIn : maxW, maxW, maxOf(space.expands), maxOf(space.kernels),
                        j == 0 ? space.stride : 1, space.se, act);
    mb->push_back(layer);
    m_mb.push_back(layer);
  }
  const int maxVit = maxOf(space.vitDepths);
  if (maxVit > 0) {
    m_pos = register_module("pos", ElasticConv2d(maxW, maxW, 3, 1, true, true));
    const double maxRatio = *std::max_element(space.mlpRatios.begin(), space.mlpRatios.end());
    auto vit = register_module("vit", torch::nn::ModuleList());
    for (int l = 0; l < maxVit; ++l) {
      ElasticVitBlock block(maxW, mlpHidden(maxRatio, maxW), act);
      vit->push_back(block);
      m_vit.push_back(block);
    }
  }
}

torch::Tensor ElasticStageImpl::forward(torch::Tensor x, const StageArch& arch) {
  for (int j = 0; j < arch.mbDepth; ++j) x = m_mb[j](x, arch.width, arch.kernels[j], arch.expands[j]);
  if (arch.vitDepth == 0) return x;
  x = x + m_pos(x, arch.width, 3);
  const auto h = x.size(2), w = x.size(3);
  auto t = toTokens(x);
  for (int l = 0; l < arch.vitDepth; ++l)
    t = m_vit[l](t, arch.heads[l], mlpHidden(arch.mlpRatios[l], arch.width));
  return fromTokens(t, h, w);
}

// --------------------------------------------------------------------- Supernet

SupernetImpl::SupernetImpl(const SearchSpace& space) : m_space(space) {
  ErrorList errors;
  validateSpace(space, "space", errors);
  if (!errors.empty()) throw InputError(errors);
  m_act = parseActivation(space.activation);

  const int maxStem = maxOf(space.stem.widths);
  m_stem = register_module("stem", ElasticConvBn(space.inputChannels, maxStem, space.stem.kernel,
                                                 space.stem.stride, false, true, m_act));
  auto stages = register_module("stages", torch::nn::ModuleList());
  int maxChannels = maxStem;
  for (const StageSpace& s : space.stages) {
    ElasticStage stage(s, maxChannels, m_act);
    stages->push_back(stage);
    m_stages.push_back(stage);
    maxChannels = maxOf(s.widths);
  }
  const int maxHead = !space.head.convWidths.empty() ? maxOf(space.head.convWidths)
                      : space.head.convExpand > 0    ? space.head.convExpand * maxChannels
                                                     : 0;
  if (maxHead > 0) {
    m_headConv = register_module("head_conv",
                                 ElasticConvBn(maxChannels, maxHead, 1, 1, false, true, m_act));
    maxChannels = std::max(maxChannels, maxHead);
  }
  const int maxFeature = maxOf(space.head.featureWidths);
  if (maxFeature > 0) {
    m_feature = register_module("feature", ElasticLinear(maxChannels, maxFeature));
    maxChannels = std::max(maxChannels, maxFeature);
  }
  m_classifier = register_module("classifier", ElasticLinear(maxChannels, space.classes, 0.01));
}

torch::Tensor SupernetImpl::forward(const torch::Tensor& input, const Arch& arch) {
  requireArchFits(m_space, arch);
  auto x = toModelLayout(m_stem(toModelLayout(input), arch.stemWidth, m_space.stem.kernel));
  for (std::size_t i = 0; i < m_stages.size(); ++i) x = m_stages[i](x, arch.stages[i]);
  if (arch.headWidth > 0) x = m_headConv(x, arch.headWidth, 1);
  x = x.mean({2, 3});
  if (arch.featureWidth > 0) x = applyActivation(m_feature(x, arch.featureWidth), m_act);
  return m_classifier(x, m_space.classes);
}

torch::Device SupernetImpl::device() const {
  return m_classifier->weight.device();
}

Subnet SupernetImpl::extract(const Arch& arch) const {
  Subnet subnet(m_space, arch);
  subnet->to(device());
  torch::NoGradGuard noGrad;
  auto params = named_parameters(true);
  auto buffers = named_buffers(true);
  auto copyAll = [](const torch::OrderedDict<std::string, torch::Tensor>& from,
                    const torch::OrderedDict<std::string, torch::Tensor>& to, bool required) {
    for (const auto& item : to) {
      const torch::Tensor* src = from.find(item.key());
      if (!src) {
        if (required)
          throw std::logic_error("supernet has no tensor for subnet parameter " + item.key());
        continue;  // e.g. BatchNorm2d's num_batches_tracked
      }
      auto dst = item.value();
      dst.copy_(shrinkTo(*src, dst.sizes(), endsWith(item.key(), "qkv.weight") ||
                                               endsWith(item.key(), "qkv.bias")));
    }
  };
  copyAll(params, subnet->named_parameters(true), true);
  copyAll(buffers, subnet->named_buffers(true), false);
  subnet->train(is_training());
  return subnet;
}

void SupernetImpl::setBnMomentumOverride(double momentum) {
  for (const auto& m : modules(/*include_self=*/false))
    if (auto bn = std::dynamic_pointer_cast<ElasticBatchNormImpl>(m))
      bn->setMomentumOverride(momentum);
}

int SupernetImpl::recalibrateBN(const Arch& arch, int batches,
                                const std::function<torch::Tensor()>& nextBatch) {
  requireArchFits(m_space, arch);
  const bool wasTraining = is_training();
  torch::NoGradGuard noGrad;
  train(true);
  int used = 0;
  try {
    for (; used < batches; ++used) {
      torch::Tensor images = nextBatch();
      if (!images.defined()) break;
      // Momentum 1/(n+1) makes the running value the exact mean over the batches seen,
      // and the first batch overwrites whatever the slice held before.
      setBnMomentumOverride(1.0 / (used + 1));
      forward(images.to(device()), arch);
    }
  } catch (...) {
    setBnMomentumOverride(-1.0);
    train(wasTraining);
    throw;
  }
  setBnMomentumOverride(-1.0);
  train(wasTraining);
  return used;
}

int SupernetImpl::recalibrateBN(const Arch& arch, const std::vector<torch::Tensor>& batches) {
  std::size_t next = 0;
  return recalibrateBN(arch, static_cast<int>(batches.size()), [&]() {
    return next < batches.size() ? batches[next++] : torch::Tensor();
  });
}

namespace {

/// Module::load replaces tensors wholesale (set_), silently changing shapes; this
/// copies into the existing tensors and rejects any shape or name that differs.
void loadChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                 const std::string& prefix) {
  auto loadTensors = [&](const torch::OrderedDict<std::string, torch::Tensor>& tensors,
                         bool isBuffer) {
    for (const auto& item : tensors) {
      const std::string name = prefix + item.key();
      torch::Tensor stored;
      if (!archive.try_read(item.key(), stored, isBuffer))
        throw InputError("tensor " + name + " is missing");
      if (stored.sizes() != item.value().sizes())
        throw InputError("tensor " + name + " has shape " + c10::str(stored.sizes()) +
                         ", the space needs " + c10::str(item.value().sizes()));
      torch::NoGradGuard noGrad;
      item.value().copy_(stored);
    }
  };
  loadTensors(module.named_parameters(/*recurse=*/false), false);
  loadTensors(module.named_buffers(/*recurse=*/false), true);
  for (const auto& child : module.named_children()) {
    torch::serialize::InputArchive childArchive;
    if (!archive.try_read(child.key(), childArchive))
      throw InputError("module " + prefix + child.key() + " is missing");
    loadChecked(*child.value(), childArchive, prefix + child.key() + ".");
  }
}

}  // namespace

void loadSupernetWeights(Supernet& net, const std::string& path) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, net->device());
  } catch (const c10::Error& e) {
    throw InputError(path + ": cannot read a checkpoint (" + e.what_without_backtrace() + ")");
  }
  torch::serialize::InputArchive model;
  const bool nested = archive.try_read("model", model);
  try {
    loadChecked(*net, nested ? model : archive, "");
  } catch (const InputError& e) {
    throw InputError(path + ": checkpoint does not match the project's search space (" +
                     e.what() + ")");
  } catch (const c10::Error& e) {
    throw InputError(path + ": checkpoint does not match the project's search space (" +
                     std::string(e.what_without_backtrace()) + ")");
  }
}

}  // namespace h4h
