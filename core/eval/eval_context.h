#pragma once
/// What one evaluation of an arch depends on besides the arch itself (DESIGN §1, the
/// one pipeline): the space, the hardware, the measured table that overrides modelled
/// layer costs, the scheduler objective, the resolution the arch is lowered at and the
/// DP's capacity grid. Built from a Project in one place (evalContextFor), which is also
/// the only place that loads a project's measured table, so the CLI, the search and the
/// studio cannot disagree on what "the project's settings" are.

#include <memory>
#include <optional>
#include <string>

#include "hw/hardware_config.h"
#include "hw/measured_table.h"
#include "project/project.h"
#include "sched/assign.h"
#include "sched/objective.h"
#include "space/search_space.h"

namespace h4h {

/// Command-line or studio choices that replace the project's settings for one use.
struct EvalOverrides {
  std::optional<Objective> objective;  ///< default: the project's search.schedule_objective
  int resolution = 0;                  ///< input side in pixels for every arch; 0 = the space's rule (deploymentResolution)
  std::optional<int> capacityBuckets;  ///< default: AssignConfig's (0 = exact bytes)
  std::string measuredTablePath;       ///< "" = the project's hardware.measured_table
};

struct EvalContext {
  SearchSpace space;
  HardwareConfig hardware;
  std::shared_ptr<const MeasuredTable> measured;  ///< null = modelled costs only
  std::string measuredPath;                       ///< where `measured` was read ("" = none)
  Objective objective = Objective::Latency;
  /// One input side for every arch; 0: each arch at deploymentResolution(space, arch).
  int resolution = 0;
  int capacityBuckets = AssignConfig().capacityBuckets;

  /// The input side `arch` is lowered and costed at under this context.
  int resolutionOf(const Arch& arch) const;
  /// The scheduler settings for a network whose first layer reads `inputBytes`.
  AssignConfig assignConfig(std::int64_t inputBytes) const;
  /// {hardware, objective, measured rows, resolution[, capacity_buckets when not the
  /// default]}: what an evaluation's numbers depend on (a saved search resumes only
  /// under an equal fingerprint).
  Json fingerprint() const;
};

/// The context of `project` with `overrides` applied. Throws InputError naming the
/// field when the schedule objective is unknown or the measured table cannot be read.
EvalContext evalContextFor(const Project& project, const EvalOverrides& overrides = {});

/// The measured table of `project` (or the file `overridePath` when not empty), loaded;
/// null when neither names one. The one loader of a project's table: evalContextFor and
/// the views that show the table (h4h profile, the Hardware tab) all call it.
std::shared_ptr<const MeasuredTable> projectMeasuredTable(const Project& project,
                                                          const std::string& overridePath = {});

/// A context without a project (tests, benchmarks): modelled costs, the space's
/// resolution rule (unless `resolution` > 0), the default grid.
EvalContext evalContextOf(SearchSpace space, HardwareConfig hardware, Objective objective,
                          std::shared_ptr<const MeasuredTable> measured = nullptr,
                          int resolution = 0);

}  // namespace h4h
