#pragma once
/// A training-free accuracy signal for spaces without trained weights: synflow, the
/// "synaptic flow" saliency of Tanaka et al. ("Pruning neural networks without any
/// data by iteratively conserving synaptic flow", NeurIPS 2020), summed over a network
/// as a zero-cost NAS proxy by Abdelfattah et al. ("Zero-Cost Proxies for Lightweight
/// NAS", ICLR 2021). It needs no data: every weight is replaced by its absolute value,
/// an all-ones input is propagated in double precision, and the score is
///     S = Σ_θ θ · ∂R/∂θ,   R = Σ outputs,
/// over the weights the subnet uses. Here θ are the slices an arch takes of a freshly
/// initialised (seeded, untrained) supernet, BatchNorm in inference mode with its
/// initial statistics (the identity, as the proxy's BN-free definition has it), the
/// input at the arch's resolution. A proxy, not an accuracy: every output that shows it
/// names it through signal(); docs/studies.md gives its measured rank correlation with
/// trained accuracy on the demo space.

#include <cstdint>
#include <memory>

#include "eval/search_setup.h"
#include "project/project.h"
#include "search/arch_metrics.h"
#include "space/search_space.h"

namespace h4h {

/// "synflow (proxy, not accuracy)": the label of every column, header and axis.
extern const char* const kSynflowSignalName;

struct SynflowProxyOptions {
  std::uint64_t seed = 1;  ///< torch seed of the untrained supernet's initialisation
};

/// Synflow of subnets of one space. Deterministic for a seed; results cached by arch key;
/// thread-safe (calls are serialised).
class SynflowProxyEvaluator : public AccuracyEvaluator {
public:
  /// Throws InputError when the space does not validate.
  explicit SynflowProxyEvaluator(const SearchSpace& space, SynflowProxyOptions options = {});
  ~SynflowProxyEvaluator() override;

  /// log(1 + S): the proxy's score (larger = predicted more accurate). Throws InputError
  /// when the arch does not fit the space.
  double score(const Arch& arch);
  /// score / (score + score of the space's largest subnet), a monotone map into [0, 1)
  /// so that the proxy fits the search's accuracy objective (NSGA-II ranks by order
  /// only; the hypervolume's normalisation expects [0, 1]).
  double top1(const Arch& arch) override;
  AccuracySignal signal() const override;
  /// {proxy: "synflow", seed}: what the scores depend on besides the space.
  Json fingerprint() const override;

  /// Scores actually computed (cache misses).
  std::size_t evaluations() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The search set-up's accuracy factory (eval/search_setup.h) for the proxy, seeded with
/// the project's training.seed.
AccuracyFactory synflowProxyFactory();

/// The trained supernet where the project has a finished training run, else the proxy:
/// the accuracy signal of the studies. The evaluator's signal() says which it is.
AccuracyFactory trainedOrProxyFactory();

}  // namespace h4h
