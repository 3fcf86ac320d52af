#include "ui/schedule/schedule_stats.h"

#include <algorithm>

namespace h4h::ui {

double steadyPeriodNs(const Schedule& schedule) {
  return std::max({laneWorkPerFrame(schedule, Lane::Npu), laneWorkPerFrame(schedule, Lane::Cim),
                   laneWorkPerFrame(schedule, Lane::Link)});
}

double steadyUtilisation(const Schedule& schedule, Lane lane) {
  const double period = steadyPeriodNs(schedule);
  return period > 0.0 ? laneWorkPerFrame(schedule, lane) / period : 0.0;
}

Lane bottleneckLane(const Schedule& schedule) {
  Lane best = Lane::Npu;
  for (Lane lane : {Lane::Cim, Lane::Link})
    if (laneWorkPerFrame(schedule, lane) > laneWorkPerFrame(schedule, best)) best = lane;
  return best;
}

std::pair<double, double> steadyPeriodWindowNs(const Schedule& schedule) {
  const double period = steadyPeriodNs(schedule);
  if (period <= 0.0) return {0.0, 0.0};
  const Lane lane = bottleneckLane(schedule);
  const int frame = std::min(1, schedule.frames - 1);
  for (const ScheduleTask& t : schedule.tasks)
    if (t.lane == lane && t.frame == frame) return {t.startNs, t.startNs + period};
  return {0.0, 0.0};
}

double RangeStats::busyShare(Lane lane) const {
  return lengthNs() > 0.0 ? busyNs[static_cast<int>(lane)] / lengthNs() : 0.0;
}

RangeStats rangeStats(const Schedule& schedule, const std::vector<Layer>& layers, double t0Ns, double t1Ns) {
  RangeStats r;
  r.t0Ns = std::min(t0Ns, t1Ns);
  r.t1Ns = std::max(t0Ns, t1Ns);
  for (const ScheduleTask& t : schedule.tasks) {
    const double duration = t.endNs - t.startNs;
    double fraction = 0.0;
    if (duration > 0.0) {
      const double inside = std::min(t.endNs, r.t1Ns) - std::max(t.startNs, r.t0Ns);
      if (inside <= 0.0) continue;
      fraction = inside / duration;
      r.busyNs[static_cast<int>(t.lane)] += inside;
    } else {
      if (t.startNs < r.t0Ns || t.startNs > r.t1Ns) continue;
      fraction = 1.0;
    }
    ++r.tasks;
    r.partialTasks += fraction < 1.0;
    r.energyNj += fraction * t.energyNj;
    if (t.type == StepKind::Compute && t.layerId >= 0 && t.layerId < static_cast<int>(layers.size()))
      r.macs += fraction * static_cast<double>(layers[static_cast<std::size_t>(t.layerId)].macs);
  }
  return r;
}

}  // namespace h4h::ui
