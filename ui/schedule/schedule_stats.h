#pragma once
// Sums over a schedule that the Schedule tab shows: the steady-state period and each
// lane's utilisation in it, and what falls inside a time range the user selects on the
// Gantt chart (per-lane busy share, MACs and energy; a task cut by the range's edges
// counts in proportion to the part inside). No widgets: tests check it by hand sums.

#include <utility>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"

namespace h4h::ui {

/// The steady-state period: the busiest lane's work per frame (the period the Search
/// tab shows, steadyStatePeriodNs), read from the simulated tasks. 0 for no tasks.
double steadyPeriodNs(const Schedule& schedule);
/// A lane's busy share of the steady-state period, 0..1.
double steadyUtilisation(const Schedule& schedule, Lane lane);
/// The lane whose work per frame sets the steady-state period.
Lane bottleneckLane(const Schedule& schedule);

/// One steady-state period to mark on a chart, [from, to] in ns: on the bottleneck lane,
/// from its first task of the second frame (the first when there is one), a window that
/// holds one frame's work there once the pipeline is full. {0, 0} for no tasks.
std::pair<double, double> steadyPeriodWindowNs(const Schedule& schedule);

struct RangeStats {
  double t0Ns = 0.0, t1Ns = 0.0;
  double busyNs[3] = {0.0, 0.0, 0.0};  ///< per lane (Lane as index), clipped to the range
  double macs = 0.0;                   ///< compute tasks' MACs, partial tasks in proportion
  double energyNj = 0.0;               ///< every task's energy, partial tasks in proportion
  int tasks = 0;                       ///< tasks overlapping the range
  int partialTasks = 0;                ///< of which cut by an edge of the range

  double lengthNs() const { return t1Ns - t0Ns; }
  /// Busy share of the range on a lane, 0..1 (0 for an empty range).
  double busyShare(Lane lane) const;
};

/// What lies in [t0Ns, t1Ns] (swapped when given the other way round). A task of zero
/// duration counts whole when its start is inside.
RangeStats rangeStats(const Schedule& schedule, const std::vector<Layer>& layers, double t0Ns, double t1Ns);

}  // namespace h4h::ui
