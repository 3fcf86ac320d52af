#include "eval/arch_evaluation.h"

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "sched/assign.h"
#include "sched/frame_steps.h"
#include "sched/schedule_export.h"
#include "space/arch_key.h"
#include "util/errors.h"

namespace h4h {

namespace {

constexpr double kNsPerMs = 1e6;
constexpr double kNjPerMj = 1e6;

/// The search's metrics from the assignments (units of ArchMetrics).
void fillMetrics(const Arch& arch, ArchEvaluation& e) {
  ArchMetrics& m = e.metrics;
  m = ArchMetrics();
  countArchBlocks(arch, m);
  const GraphTotals totals = graphTotals(e.layers);
  m.paramsM = static_cast<double>(totals.params) / 1e6;
  m.macsM = static_cast<double>(totals.macs) / 1e6;
  const Assignment& hetero = e.eval.hetero;
  if (!hetero.feasible) {
    m.ok = false;
    m.error = "no feasible schedule: " + hetero.why;
    return;
  }
  m.latencyMs = hetero.latencyNs / kNsPerMs;
  m.energyMj = hetero.energyNj / kNjPerMj;
  m.periodMs = steadyStatePeriodNs(e.layers, e.profile, hetero) / kNsPerMs;
  m.npuLayers = hetero.countOn(Device::Npu);
  m.cimLayers = hetero.countOn(Device::Cim);
  const Assignment& npu = e.eval.npuOnly;
  if (npu.feasible) {
    m.npuOnlyLatencyMs = npu.latencyNs / kNsPerMs;
    m.npuOnlyEnergyMj = npu.energyNj / kNjPerMj;
  }
}

void fillSchedules(ArchEvaluation& e, int frames) {
  if (!e.eval.hetero.feasible) return;
  e.hybrid = scheduleSystem(e.layers, e.profile, e.eval, frames);
  e.hybrid.arch = e.arch;
  if (e.eval.npuOnly.feasible) {
    e.npuOnly = simulatePipeline(e.layers, e.profile, e.eval.npuOnly, frames);
    e.npuOnly.arch = e.arch + " (NPU only)";
    e.hasNpuOnlySchedule = true;
  }
}

}  // namespace

void evaluateArchInto(const EvalContext& context, const Arch& arch, const EvalRequest& request,
                      ArchEvaluation& out) {
  const bool full = request.depth == EvalDepth::Full;
  if (full && (request.frames < 1 || request.frames > kMaxScheduleFrames))
    throw InputError("frames: must be 1.." + std::to_string(kMaxScheduleFrames) + " (" +
                     std::to_string(request.frames) + ")");
  LowerOptions lower;
  lower.resolution = context.resolutionOf(arch);
  out.layers = lowerArch(context.space, arch, lower);
  profileNetworkInto(out.layers, context.hardware, context.measured.get(), out.profile);
  out.config = context.assignConfig(out.layers.empty() ? 0 : out.layers.front().inBytes);
  if (full) {
    out.arch = archKey(arch);
    out.eval = evaluateSystem(out.layers, out.profile, out.config, out.assignTables);
  } else {
    out.arch.clear();  // the search keys archs itself; a key per evaluation would cost
    out.eval.hetero = assignExact(out.layers, out.profile, out.config, out.assignTables);
    // assignExact validated the chain and the config: price NPU-only without doing it again.
    out.eval.npuOnly = detail::priceAssignment(out.layers, out.profile, out.config,
                                               std::vector<Device>(out.layers.size(), Device::Npu));
    out.eval.cimOnly = Assignment();
    out.eval.greedy = Assignment();
  }
  fillMetrics(arch, out);
  out.hybrid = Schedule();
  out.npuOnly = Schedule();
  out.hasNpuOnlySchedule = false;
  out.improvement = improvementOver(out.eval.npuOnly, out.eval.hetero);
  out.npuMemory = full ? npuMemoryReport(out.layers, context.hardware.npu, out.eval.hetero) : NpuMemoryReport();
  if (full) fillSchedules(out, request.frames);
}

ArchEvaluation evaluateArch(const EvalContext& context, const Arch& arch, const EvalRequest& request) {
  ArchEvaluation out;
  evaluateArchInto(context, arch, request, out);
  return out;
}

Json hybridScheduleJson(const ArchEvaluation& evaluation) {
  Json j = scheduleToJson(evaluation.hybrid);
  j["npu_memory"] = npuMemoryReportToJson(evaluation.npuMemory);
  return j;
}

}  // namespace h4h
