#include "train/synflow_proxy.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "model/arch_fit.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "train/supernet_evaluator.h"
#include "train/train_status.h"
#include "util/errors.h"

namespace h4h {

const char* const kSynflowSignalName = "synflow (proxy, not accuracy)";

namespace {

/// Runs `fn` with the default CPU generator seeded, then puts its state back, so that
/// building the proxy's supernet changes no other torch user's random stream. (The
/// generator's mutex is taken only around each state access: the initialisers in `fn`
/// take it themselves.)
template <typename Fn>
void withSeed(std::uint64_t seed, Fn&& fn) {
  std::lock_guard<std::mutex> outer(torchRngMutex());  // the whole seeded construction
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  at::Tensor saved;
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    saved = generator.get_state();
    generator.set_current_seed(seed);
  }
  auto restore = [&] {
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(saved);
  };
  try {
    fn();
  } catch (...) {
    restore();
    throw;
  }
  restore();
}

}  // namespace

struct SynflowProxyEvaluator::Impl {
  SearchSpace space;
  std::uint64_t seed = 1;
  Supernet net{nullptr};
  std::unordered_map<std::string, double> cache;
  std::size_t evaluations = 0;
  double maxArchScore = std::numeric_limits<double>::quiet_NaN();  ///< the top1() scale
  mutable std::mutex mutex;

  double scoreLocked(const Arch& arch);
  double compute(const Arch& arch);
};

double SynflowProxyEvaluator::Impl::compute(const Arch& arch) {
  requireArchFits(space, arch);
  net->zero_grad();
  const int side = arch.resolution;  // what the supernet sees (subnet_eval.h: atResolution)
  const torch::Tensor input =
      torch::ones({1, space.inputChannels, side, side}, torch::TensorOptions().dtype(torch::kDouble));
  net->forward(input, arch).sum().backward();
  // Σ |θ · ∂R/∂θ| over the weights of convolutions and linear layers (rank ≥ 2), as
  // Abdelfattah et al. sum the per-weight saliency; slices the arch does not use have
  // zero gradients.
  double total = 0.0;
  for (const torch::Tensor& p : net->parameters()) {
    if (p.dim() < 2 || !p.grad().defined()) continue;
    total += (p * p.grad()).abs().sum().item<double>();
  }
  if (!std::isfinite(total))
    throw InputError("synflow of " + archKey(arch) + " is beyond double precision");
  return std::log1p(total);
}

double SynflowProxyEvaluator::Impl::scoreLocked(const Arch& arch) {
  const std::string key = archKey(arch);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const double score = compute(arch);
  ++evaluations;
  cache.emplace(key, score);
  return score;
}

SynflowProxyEvaluator::SynflowProxyEvaluator(const SearchSpace& space, SynflowProxyOptions options)
    : m_impl(std::make_unique<Impl>()) {
  Impl& d = *m_impl;
  d.space = space;
  d.seed = options.seed;
  withSeed(options.seed, [&] { d.net = Supernet(space); });
  d.net->to(torch::kDouble);
  d.net->eval();  // BatchNorm with its initial statistics: the identity
  torch::NoGradGuard noGrad;
  for (torch::Tensor& p : d.net->parameters()) p.abs_();
}

SynflowProxyEvaluator::~SynflowProxyEvaluator() = default;

double SynflowProxyEvaluator::score(const Arch& arch) {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->scoreLocked(arch);
}

double SynflowProxyEvaluator::top1(const Arch& arch) {
  Impl& d = *m_impl;
  std::lock_guard<std::mutex> lock(d.mutex);
  if (std::isnan(d.maxArchScore)) d.maxArchScore = d.scoreLocked(maxArch(d.space));
  const double s = d.scoreLocked(arch);
  return s + d.maxArchScore > 0.0 ? s / (s + d.maxArchScore) : 0.0;
}

AccuracySignal SynflowProxyEvaluator::signal() const {
  AccuracySignal s;
  s.name = kSynflowSignalName;
  s.proxy = true;
  s.citation =
      "synflow: H. Tanaka et al., Pruning neural networks without any data by iteratively "
      "conserving synaptic flow, NeurIPS 2020; as a NAS proxy: M. S. Abdelfattah et al., "
      "Zero-Cost Proxies for Lightweight NAS, ICLR 2021";
  s.input = "no data: an all-ones input on the untrained supernet (seed " +
            std::to_string(m_impl->seed) + "), |weights|, double precision";
  return s;
}

Json SynflowProxyEvaluator::fingerprint() const {
  return Json{{"proxy", "synflow"}, {"seed", m_impl->seed}};
}

std::size_t SynflowProxyEvaluator::evaluations() const {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->evaluations;
}

AccuracyFactory synflowProxyFactory() {
  return [](const Project& project) -> std::shared_ptr<AccuracyEvaluator> {
    SynflowProxyOptions options;
    options.seed = project.training.seed;
    return std::make_shared<SynflowProxyEvaluator>(project.space, options);
  };
}

AccuracyFactory trainedOrProxyFactory() {
  return [](const Project& project) -> std::shared_ptr<AccuracyEvaluator> {
    if (!project.filePath.empty() && trainingFinished(project))
      return supernetAccuracyFactory()(project);
    return synflowProxyFactory()(project);
  };
}

}  // namespace h4h
