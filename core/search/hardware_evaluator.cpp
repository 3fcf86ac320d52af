#include "search/hardware_evaluator.h"

namespace h4h {

HardwareEvaluator::HardwareEvaluator(std::shared_ptr<const EvalContext> context)
    : m_context(std::move(context)) {}

HardwareEvaluator::HardwareEvaluator(SearchSpace space, HardwareConfig hardware, Objective objective,
                                     std::shared_ptr<const MeasuredTable> measured, int resolution)
    : m_context(std::make_shared<const EvalContext>(evalContextOf(
          std::move(space), std::move(hardware), objective, std::move(measured), resolution))) {}

ArchMetrics HardwareEvaluator::evaluate(const Arch& arch) {
  evaluateArchInto(*m_context, arch, EvalRequest{}, m_workspace);
  return m_workspace.metrics;
}

}  // namespace h4h
