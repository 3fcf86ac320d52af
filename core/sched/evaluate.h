#pragma once
/// One call for the CLI, the search and the studio: the exact heterogeneous assignment
/// and the three baselines of one network, the improvement percentages between them,
/// and the AssignConfig that a project's hardware section implies.

#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"
#include "sched/pipeline.h"

namespace h4h {

struct SystemEval {
  Assignment hetero, npuOnly, cimOnly, greedy;
};

/// assignExact plus the three baselines under the same config (assignExact working in
/// `workspace`; the overload without one makes a fresh one per call).
SystemEval evaluateSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const AssignConfig& config, AssignWorkspace& workspace);
SystemEval evaluateSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const AssignConfig& config);

/// 100 · (baseline − value) / baseline: positive = `value` is better (lower). NaN when
/// the baseline is not a positive finite number or `value` is not finite.
double improvementPct(double baseline, double value);

/// How much `system` improves on `baseline` (percent, positive = better); NaN fields
/// when either is infeasible.
struct Improvement {
  double latencyPct = 0.0, energyPct = 0.0, edpPct = 0.0, objectivePct = 0.0;
};
Improvement improvementOver(const Assignment& baseline, const Assignment& system);

/// The scheduler's view of a hardware section: CIM capacity = macros × bytes per macro,
/// reload from allowReload with the macros' write cost (macros written in parallel),
/// the network input's transfer from the link model (`inputBytes` = layers[0].inBytes).
/// Static power stays 0: the device models already charge it per layer.
AssignConfig assignConfigFor(const HardwareConfig& hw, Objective objective, std::int64_t inputBytes);

/// The heterogeneous schedule of `frames` frames with the baselines' totals attached
/// (their periods from simulations of the same length).
Schedule scheduleSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                        const SystemEval& eval, int frames);

}  // namespace h4h
