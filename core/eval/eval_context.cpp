#include "eval/eval_context.h"

#include "sched/evaluate.h"
#include "util/errors.h"

namespace h4h {

AssignConfig EvalContext::assignConfig(std::int64_t inputBytes) const {
  AssignConfig config = assignConfigFor(hardware, objective, inputBytes);
  config.capacityBuckets = capacityBuckets;
  return config;
}

int EvalContext::resolutionOf(const Arch& arch) const {
  return resolution > 0 ? resolution : arch.resolution;
}

Json EvalContext::fingerprint() const {
  Json rows = Json::array();
  if (measured)
    for (const auto& r : measured->rows()) {
      const LayerSignature& g = r.signature;
      rows.push_back(Json{{"device", measuredDeviceName(r.device)},
                          {"kind", layerKindName(g.kind)},
                          {"in", {g.in.c, g.in.h, g.in.w}},
                          {"out", {g.out.c, g.out.h, g.out.w}},
                          {"kernel", g.kernel},
                          {"stride", g.stride},
                          {"groups", g.groups},
                          {"latency_ns", r.latencyNs},
                          {"energy_nj", r.energyNj}});
    }
  Json j{{"hardware", hardwareToJson(hardware)},
         {"objective", objectiveName(objective)},
         {"measured", rows},
         {"resolution", resolution > 0 ? Json(resolution) : Json("subnet")}};
  // Only a non-default grid is named, so searches saved before it existed still resume.
  if (capacityBuckets != AssignConfig().capacityBuckets) j["capacity_buckets"] = capacityBuckets;
  return j;
}

std::shared_ptr<const MeasuredTable> projectMeasuredTable(const Project& project,
                                                          const std::string& overridePath) {
  const std::string path = !overridePath.empty() ? overridePath
                           : project.hardware.measuredTablePath.empty()
                               ? std::string()
                               : project.resolvePath(project.hardware.measuredTablePath);
  if (path.empty()) return nullptr;
  return std::make_shared<const MeasuredTable>(loadMeasuredTable(path));
}

EvalContext evalContextFor(const Project& project, const EvalOverrides& overrides) {
  Objective objective = Objective::Latency;
  if (overrides.objective) objective = *overrides.objective;
  else if (!parseObjective(project.search.scheduleObjective, objective))
    throw InputError("search.schedule_objective: must be one of latency, energy, edp (\"" +
                     project.search.scheduleObjective + "\")");
  EvalContext context = evalContextOf(project.space, project.hardware, objective,
                                      projectMeasuredTable(project, overrides.measuredTablePath),
                                      overrides.resolution);
  if (context.measured)
    context.measuredPath = !overrides.measuredTablePath.empty()
                               ? overrides.measuredTablePath
                               : project.resolvePath(project.hardware.measuredTablePath);
  if (overrides.capacityBuckets) context.capacityBuckets = *overrides.capacityBuckets;
  return context;
}

EvalContext evalContextOf(SearchSpace space, HardwareConfig hardware, Objective objective,
                          std::shared_ptr<const MeasuredTable> measured, int resolution) {
  EvalContext context;
  context.space = std::move(space);
  context.hardware = std::move(hardware);
  context.objective = objective;
  context.measured = std::move(measured);
  context.resolution = resolution > 0                          ? resolution
                       : context.space.fixedDeployResolution ? context.space.deployResolution
                                                             : 0;
  return context;
}

}  // namespace h4h
