#pragma once
/// The one evaluation chain of an arch (DESIGN §1): lower it to layers (graph/), cost
/// every layer on NPU and CIM with the measured table applied (hw/), assign layers
/// exactly under the context's objective and grid beside the NPU-only baseline (sched/),
/// and derive the search's metrics. The full depth adds the CIM-only and greedy
/// baselines and the pipelined schedules of N frames that the CLI, reports and the
/// Schedule tab show. The search, `h4h schedule`, `h4h run` and the studio all call it.

#include <string>
#include <vector>

#include "eval/eval_context.h"
#include "eval/npu_memory_report.h"
#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "sched/pipeline.h"
#include "search/arch_metrics.h"
#include "space/search_space.h"

namespace h4h {

enum class EvalDepth {
  Metrics,  ///< layers, profile, hetero + NPU-only assignment, metrics (what the search needs)
  Full,     ///< + CIM-only and greedy baselines, the schedules of `frames` frames, improvement
};

struct EvalRequest {
  EvalDepth depth = EvalDepth::Metrics;
  int frames = 1;  ///< frames of the pipelined schedules (Full only), 1..kMaxScheduleFrames
};

/// Everything one evaluation produced. Reusing one object for many calls
/// (evaluateArchInto) keeps its buffers: the search allocates nothing more per arch.
struct ArchEvaluation {
  std::string arch;            ///< the arch key
  std::vector<Layer> layers;
  NetworkProfile profile;
  AssignConfig config;         ///< the scheduler settings used
  SystemEval eval;             ///< hetero and npuOnly always; cimOnly and greedy at Full
  ArchMetrics metrics;         ///< not ok (with the reason) when hetero is infeasible
  Improvement improvement;     ///< hetero over NPU-only, percent (NaN when either is infeasible)
  // Full depth:
  NpuMemoryReport npuMemory;   ///< the NPU's memory mode, capacity and DRAM traffic per frame
  // Full depth, hetero feasible:
  Schedule hybrid;             ///< NPU + CIM, pipelined, with the baselines' totals
  bool hasNpuOnlySchedule = false;
  Schedule npuOnly;            ///< everything on the NPU, same frames
  AssignWorkspace assignTables; ///< the exact solver's scratch, reused across calls

  bool feasible() const { return eval.hetero.feasible; }
};

/// Evaluates `arch` into `out` (overwriting it). Throws InputError when the arch does
/// not fit the space; an infeasible schedule is a result (metrics.ok false), not an error.
void evaluateArchInto(const EvalContext& context, const Arch& arch, const EvalRequest& request,
                      ArchEvaluation& out);

/// The same into a fresh object.
ArchEvaluation evaluateArch(const EvalContext& context, const Arch& arch, const EvalRequest& request);

/// The hybrid schedule as JSON (sched/schedule_export.h) with the NPU memory report
/// under "npu_memory": what `h4h schedule --json` and the run report's schedule.json hold.
Json hybridScheduleJson(const ArchEvaluation& evaluation);

}  // namespace h4h
