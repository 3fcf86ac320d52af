#include "sched/pipeline.h"

#include <algorithm>
#include <limits>

namespace h4h {

namespace {

ScheduleTask taskFor(const FrameStep& step, const std::vector<Layer>& layers, int frame) {
  ScheduleTask t;
  t.frame = frame;
  t.layerId = step.layerId;
  t.lane = step.lane;
  t.type = step.kind;
  t.consumerId = step.consumerId;
  t.bytes = step.bytes;
  t.energyNj = step.energyNj;
  if (step.kind == StepKind::Reload) {
    t.block = "cim";
  } else if (step.layerId < 0) {
    t.block = "input";
  } else {
    t.block = layers[step.layerId].block;
    t.kind = layers[step.layerId].kind;
  }
  return t;
}

}  // namespace

Schedule simulatePipeline(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const Assignment& assignment, int frames) {
  if (frames < 1 || frames > kMaxScheduleFrames)
    throw InputError("frames: must be in [1, " + std::to_string(kMaxScheduleFrames) + "] (" +
                     std::to_string(frames) + ")");
  if (!assignment.feasible) throw InputError("assignment: is infeasible: " + assignment.why);
  validateChain(layers, profile);
  if (assignment.device.size() != layers.size())
    throw InputError("assignment.device: must have one entry per layer (" + std::to_string(layers.size()) +
                     ") (" + std::to_string(assignment.device.size()) + ")");
  std::string why;
  const std::vector<FrameStep> steps = frameSteps(layers, profile, assignment.config, assignment.device, &why);
  if (!why.empty()) throw InputError("assignment: is infeasible: " + why);

  Schedule s;
  s.frames = frames;
  s.objective = assignment.config.objective;
  s.objectiveValue = assignment.objectiveValue;
  s.energyPerFrameNj = assignment.energyNj;
  s.device = assignment.device;
  s.cimWeightBytes = assignment.cimWeightBytes;
  for (const FrameStep& step : steps) s.frameLatencyNs += step.latencyNs;

  const std::size_t perFrame = steps.size();
  s.tasks.reserve(perFrame * frames);
  std::vector<std::size_t> next(frames, 0);
  std::vector<double> ready(frames, 0.0), finish(frames, 0.0);
  double laneFree[3] = {0.0, 0.0, 0.0};
  double busy[3] = {0.0, 0.0, 0.0};
  double firstStart[3] = {-1.0, -1.0, -1.0};
  for (std::size_t done = 0; done < perFrame * frames; ++done) {
    int pick = -1;
    double pickStart = std::numeric_limits<double>::infinity();
    for (int f = 0; f < frames; ++f) {
      if (next[f] == perFrame) continue;
      const int lane = static_cast<int>(steps[next[f]].lane);
      const double start = std::max(ready[f], laneFree[lane]);
      if (start < pickStart) {
        pickStart = start;
        pick = f;
      }
    }
    const FrameStep& step = steps[next[pick]];
    const int lane = static_cast<int>(step.lane);
    ScheduleTask t = taskFor(step, layers, pick);
    t.startNs = pickStart;
    t.endNs = pickStart + step.latencyNs;
    laneFree[lane] = t.endNs;
    if (firstStart[lane] < 0.0) firstStart[lane] = t.startNs;
    busy[lane] += step.latencyNs;
    ready[pick] = t.endNs;
    finish[pick] = t.endNs;
    ++next[pick];
    s.tasks.push_back(std::move(t));
  }
  s.makespanNs = frames > 0 ? *std::max_element(finish.begin(), finish.end()) : 0.0;
  for (int lane = 0; lane < 3; ++lane)
    if (firstStart[lane] >= 0.0) s.periodNs = std::max(s.periodNs, (laneFree[lane] - firstStart[lane]) / frames);
  s.throughputFps = s.periodNs > 0.0 ? 1e9 / s.periodNs : 0.0;
  if (s.makespanNs > 0.0) {
    s.utilNpu = busy[0] / s.makespanNs;
    s.utilCim = busy[1] / s.makespanNs;
    s.utilLink = busy[2] / s.makespanNs;
  }
  return s;
}

double laneWorkPerFrame(const Schedule& schedule, Lane lane) {
  if (schedule.frames <= 0) return 0.0;
  double busy = 0.0;
  for (const ScheduleTask& t : schedule.tasks)
    if (t.lane == lane) busy += t.endNs - t.startNs;
  return busy / schedule.frames;
}

double steadyStatePeriodNs(const std::vector<Layer>& layers, const NetworkProfile& profile,
                           const Assignment& assignment) {
  if (!assignment.feasible) return 0.0;
  double work[3] = {0.0, 0.0, 0.0};
  const bool ok = forEachFrameStep(
      layers, profile, assignment.config, assignment.device,
      [&](const FrameStep& s) { work[static_cast<int>(s.lane)] += s.latencyNs; }, nullptr);
  return ok ? std::max({work[0], work[1], work[2]}) : 0.0;
}

BaselineTotals baselineTotals(const std::string& name, const std::vector<Layer>& layers,
                              const NetworkProfile& profile, const Assignment& assignment, int frames) {
  BaselineTotals b;
  b.name = name;
  b.feasible = assignment.feasible;
  b.why = assignment.why;
  b.cimLayers = assignment.countOn(Device::Cim);
  if (!assignment.feasible) return b;
  b.latencyNs = assignment.latencyNs;
  b.energyNj = assignment.energyNj;
  b.objectiveValue = assignment.objectiveValue;
  b.periodNs = simulatePipeline(layers, profile, assignment, frames).periodNs;
  return b;
}

}  // namespace h4h
