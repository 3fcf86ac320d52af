#pragma once
/// The search's hardware measurement of an arch (DESIGN §7's data flow): lower it to
/// layers (graph/), profile every layer on NPU and CIM (hw/), assign layers exactly
/// under the project's scheduler objective and compare with NPU-only (sched/), and
/// take the steady-state pipeline period. Deterministic; no state between calls
/// except a reused profile buffer and assignment workspace (one evaluator per thread).

#include <memory>

#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/measured_table.h"
#include "sched/assign.h"
#include "sched/objective.h"
#include "search/arch_metrics.h"
#include "space/search_space.h"

namespace h4h {

class HardwareEvaluator : public ArchEvaluator {
public:
  /// `measured` (may be null) overrides modelled layer costs; archs are lowered at
  /// `resolution`, 0 = the space's deploy resolution (what the hardware sees, as in
  /// `h4h layers` / `profile` / `schedule`).
  HardwareEvaluator(SearchSpace space, HardwareConfig hardware, Objective objective,
                    std::shared_ptr<const MeasuredTable> measured = nullptr, int resolution = 0);

  ArchMetrics evaluate(const Arch& arch) override;
  /// {hardware, objective, measured rows, resolution}: what the metrics depend on.
  Json fingerprint() const override;

private:
  SearchSpace m_space;
  HardwareConfig m_hardware;
  Objective m_objective;
  std::shared_ptr<const MeasuredTable> m_measured;
  int m_resolution;
  NetworkProfile m_profile;
  AssignWorkspace m_workspace;
};

}  // namespace h4h
