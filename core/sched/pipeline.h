#pragma once
/// Frames streaming through an assigned chain (DESIGN §5): the NPU, the CIM and the link
/// each run one task at a time; within a frame the steps of frame_steps.h run in order;
/// frame f+1 may use a lane while frame f works on another. The result is what the Gantt
/// view draws and what schedule_export.h writes.

#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"
#include "sched/device.h"
#include "sched/frame_steps.h"
#include "sched/objective.h"

namespace h4h {

struct ScheduleTask {
  int frame = 0;
  /// Compute: the layer. Transfer: the producer of the moved tensor (-1 = network input).
  /// Reload: -1.
  int layerId = -1;
  std::string block;               ///< the layer's block ("input" / "cim" for the others)
  LayerKind kind = LayerKind::Conv;
  Lane lane = Lane::Npu;
  double startNs = 0.0, endNs = 0.0, energyNj = 0.0;
  StepKind type = StepKind::Compute;
  int consumerId = -1;             ///< transfers: the reading layer (-1 = network output)
  std::int64_t bytes = 0;          ///< transfers: bytes moved; reload: bytes rewritten
};

/// Single-frame totals of a baseline, shown beside the heterogeneous schedule.
struct BaselineTotals {
  std::string name;                ///< "npu-only", "cim-only", "greedy"
  bool feasible = false;
  std::string why;
  double latencyNs = 0.0, energyNj = 0.0, objectiveValue = 0.0;
  double periodNs = 0.0;           ///< steady-state period (0 when infeasible)
  int cimLayers = 0;
};

struct Schedule {
  std::vector<ScheduleTask> tasks;  ///< ordered by start time (then frame)
  int frames = 0;
  double frameLatencyNs = 0.0;      ///< one frame alone: equals the assignment's latency
  /// Interval at which frames leave the busiest lane: max over lanes of (last end − first
  /// start on the lane) / frames. Never below the busiest lane's work per frame; tends
  /// to the steady-state period (steadyStatePeriodNs) as frames grow.
  double periodNs = 0.0;
  double throughputFps = 0.0;       ///< 1e9 / periodNs
  double energyPerFrameNj = 0.0;    ///< the assignment's energy
  double makespanNs = 0.0;          ///< end of the last task
  double utilNpu = 0.0, utilCim = 0.0, utilLink = 0.0;  ///< busy time / makespan
  Objective objective = Objective::Latency;
  double objectiveValue = 0.0;
  std::vector<Device> device;       ///< the assignment drawn, per layer
  std::int64_t cimWeightBytes = 0;
  std::string arch;                 ///< label of what was scheduled (the caller sets it)
  std::vector<BaselineTotals> baselines;
};

/// Largest number of frames one simulation accepts.
constexpr int kMaxScheduleFrames = 1024;

/// Event-driven simulation of `frames` frames, all queued at t = 0: whenever a lane is
/// free it starts the ready task that can start earliest (ties: the older frame).
/// Throws InputError when the assignment is infeasible or frames is out of range.
Schedule simulatePipeline(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const Assignment& assignment, int frames);

/// Work (busy ns) per frame on a lane of a simulated schedule.
double laneWorkPerFrame(const Schedule& schedule, Lane lane);

/// The steady-state period without simulating: the busiest lane's work per frame (no
/// pipeline can be faster; the event-driven schedule reaches it as frames grow). Cheap
/// enough for the search's inner loop. 0 when the assignment is infeasible.
double steadyStatePeriodNs(const std::vector<Layer>& layers, const NetworkProfile& profile,
                           const Assignment& assignment);

/// A baseline's totals; the period comes from a pipeline simulation of `frames` frames.
BaselineTotals baselineTotals(const std::string& name, const std::vector<Layer>& layers,
                              const NetworkProfile& profile, const Assignment& assignment,
                              int frames = 8);

}  // namespace h4h
