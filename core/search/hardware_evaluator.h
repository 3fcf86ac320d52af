#pragma once
/// The search's hardware measurement of an arch: the one evaluation chain
/// (eval/arch_evaluation.h) at its metrics depth, behind the search's ArchEvaluator
/// interface. Deterministic; no state between calls except the reused evaluation
/// buffers (one evaluator per thread).

#include <memory>

#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "search/arch_metrics.h"

namespace h4h {

class HardwareEvaluator : public ArchEvaluator {
public:
  explicit HardwareEvaluator(std::shared_ptr<const EvalContext> context);
  /// `measured` (may be null) overrides modelled layer costs; archs are lowered at
  /// `resolution`, 0 = the resolution the hardware sees for each arch
  /// (deploymentResolution: its own, or the space's fixed deploy resolution).
  HardwareEvaluator(SearchSpace space, HardwareConfig hardware, Objective objective,
                    std::shared_ptr<const MeasuredTable> measured = nullptr, int resolution = 0);

  ArchMetrics evaluate(const Arch& arch) override;
  /// The context's fingerprint: what the metrics depend on.
  Json fingerprint() const override { return m_context->fingerprint(); }
  const EvalContext& context() const { return *m_context; }

private:
  std::shared_ptr<const EvalContext> m_context;
  ArchEvaluation m_workspace;
};

}  // namespace h4h
