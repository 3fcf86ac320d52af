#include "sched/evaluate.h"

#include <cmath>
#include <limits>

#include "hw/cim_model.h"
#include "hw/link_model.h"

namespace h4h {

SystemEval evaluateSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const AssignConfig& config) {
  AssignWorkspace workspace;
  return evaluateSystem(layers, profile, config, workspace);
}

SystemEval evaluateSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                          const AssignConfig& config, AssignWorkspace& workspace) {
  SystemEval e;
  e.hetero = assignExact(layers, profile, config, workspace);
  e.npuOnly = assignNpuOnly(layers, profile, config);
  e.cimOnly = assignCimOnly(layers, profile, config);
  e.greedy = assignGreedy(layers, profile, config);
  return e;
}

double improvementPct(double baseline, double value) {
  if (!(std::isfinite(baseline) && baseline > 0.0) || !std::isfinite(value))
    return std::numeric_limits<double>::quiet_NaN();
  return 100.0 * (baseline - value) / baseline;
}

Improvement improvementOver(const Assignment& baseline, const Assignment& system) {
  Improvement r;
  if (!baseline.feasible || !system.feasible) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.latencyPct = r.energyPct = r.edpPct = r.objectivePct = nan;
    return r;
  }
  r.latencyPct = improvementPct(baseline.latencyNs, system.latencyNs);
  r.energyPct = improvementPct(baseline.energyNj, system.energyNj);
  r.edpPct = improvementPct(baseline.latencyNs * baseline.energyNj, system.latencyNs * system.energyNj);
  r.objectivePct = improvementPct(baseline.objectiveValue, system.objectiveValue);
  return r;
}

AssignConfig assignConfigFor(const HardwareConfig& hw, Objective objective, std::int64_t inputBytes) {
  AssignConfig c;
  c.objective = objective;
  c.cimCapacityBytes = hw.cim.totalCapacityBytes();
  c.cimAllowReload = hw.cim.allowReload;
  const CimReloadRate reload = CimModel(hw.cim, hw.npu).reloadRate();
  c.reloadNsPerByte = reload.nsPerByte;
  c.reloadNjPerByte = reload.njPerByte;
  c.inputTransfer = LinkModel(hw.link, hw.npu).transfer(inputBytes);
  c.outputToNpu = true;
  c.staticPowerW = 0.0;
  return c;
}

Schedule scheduleSystem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                        const SystemEval& eval, int frames) {
  Schedule s = simulatePipeline(layers, profile, eval.hetero, frames);
  const int baselineFrames = std::max(frames, 2);
  s.baselines.push_back(baselineTotals("npu-only", layers, profile, eval.npuOnly, baselineFrames));
  s.baselines.push_back(baselineTotals("cim-only", layers, profile, eval.cimOnly, baselineFrames));
  s.baselines.push_back(baselineTotals("greedy", layers, profile, eval.greedy, baselineFrames));
  return s;
}

}  // namespace h4h
