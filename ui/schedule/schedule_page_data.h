#pragma once
// What the Schedule tab shows for one arch: the one evaluation chain
// (eval/arch_evaluation.h) at full depth on the project's settings, with the page's
// objective and frame count. No Qt widgets.

#include <QString>
#include <string>
#include <vector>

#include "eval/npu_memory_report.h"
#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "project/project.h"
#include "sched/evaluate.h"
#include "sched/objective.h"
#include "sched/pipeline.h"

namespace h4h::ui {

struct ScheduleView {
  std::string arch;             ///< the arch key
  Objective objective = Objective::Latency;
  int frames = 1;
  int resolution = 0;           ///< input side the arch is costed at (0 until known)
  std::vector<Layer> layers;
  NetworkProfile profile;
  SystemEval eval;              ///< hybrid assignment and baselines
  Schedule hybrid;              ///< NPU + CIM, pipelined
  Schedule npuOnly;             ///< everything on the NPU, same frames (empty when infeasible)
  Improvement improvement;      ///< hybrid over NPU-only, percent
  bool hasCim = true;           ///< false: an NPU-only system (hardware.cim.macros = 0)
  NpuMemoryReport npuMemory;    ///< the NPU's memory mode, capacity and DRAM traffic
  QString error;                ///< why there is no schedule ("" = ok)

  bool ok() const { return error.isEmpty(); }
  /// Index of the frame-0 compute task of each layer in hybrid.tasks (-1 when none).
  std::vector<int> firstComputeTask() const;
  /// The same in npuOnly.tasks.
  std::vector<int> baselineComputeTask() const;
};

/// Computes the view; errors (bad key, unreadable measured table, no feasible
/// assignment) are returned in `error`, never thrown. frames is clamped to [1, 8].
ScheduleView computeScheduleView(const Project& project, const std::string& archKey,
                                 Objective objective, int frames);

/// Totals of both schedules (single-frame latency; the steady-state period, one frame
/// every X, with frames/s and each lane's busy share of it; the N-frame run's makespan),
/// the comparison in words and the NPU memory report (with its capacity warning), as rich text.
QString scheduleSummary(const ScheduleView& view);

/// An improvement (percent, positive = lower = better) in words: "12.3 % faster" with
/// better = "faster", worse = "slower"; "the same" below 0.05 %; "—" when not finite.
QString changeInWords(double improvementPct, const QString& better, const QString& worse);

}  // namespace h4h::ui
