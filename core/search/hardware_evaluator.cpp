#include "search/hardware_evaluator.h"

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "sched/pipeline.h"

namespace h4h {

namespace {
constexpr double kNsPerMs = 1e6;
constexpr double kNjPerMj = 1e6;
}  // namespace

HardwareEvaluator::HardwareEvaluator(SearchSpace space, HardwareConfig hardware, Objective objective,
                                     std::shared_ptr<const MeasuredTable> measured, int resolution)
    : m_space(std::move(space)),
      m_hardware(std::move(hardware)),
      m_objective(objective),
      m_measured(std::move(measured)),
      m_resolution(resolution > 0 ? resolution : m_space.deployResolution) {}

ArchMetrics HardwareEvaluator::evaluate(const Arch& arch) {
  ArchMetrics m;
  countArchBlocks(arch, m);
  LowerOptions lower;
  lower.resolution = m_resolution;
  const std::vector<Layer> layers = lowerArch(m_space, arch, lower);
  profileNetworkInto(layers, m_hardware, m_measured.get(), m_profile);
  const AssignConfig config =
      assignConfigFor(m_hardware, m_objective, layers.empty() ? 0 : layers.front().inBytes);
  const Assignment hetero = assignExact(layers, m_profile, config, m_workspace);
  const Assignment npu = assignNpuOnly(layers, m_profile, config);
  const GraphTotals totals = graphTotals(layers);
  m.paramsM = static_cast<double>(totals.params) / 1e6;
  m.macsM = static_cast<double>(totals.macs) / 1e6;
  if (!hetero.feasible) {
    m.ok = false;
    m.error = "no feasible schedule: " + hetero.why;
    return m;
  }
  m.latencyMs = hetero.latencyNs / kNsPerMs;
  m.energyMj = hetero.energyNj / kNjPerMj;
  m.periodMs = steadyStatePeriodNs(layers, m_profile, hetero) / kNsPerMs;
  m.npuLayers = hetero.countOn(Device::Npu);
  m.cimLayers = hetero.countOn(Device::Cim);
  if (npu.feasible) {
    m.npuOnlyLatencyMs = npu.latencyNs / kNsPerMs;
    m.npuOnlyEnergyMj = npu.energyNj / kNjPerMj;
  }
  return m;
}

Json HardwareEvaluator::fingerprint() const {
  Json measured = Json::array();
  if (m_measured)
    for (const auto& r : m_measured->rows()) {
      const LayerSignature& g = r.signature;
      measured.push_back(Json{{"device", measuredDeviceName(r.device)},
                              {"kind", layerKindName(g.kind)},
                              {"in", {g.in.c, g.in.h, g.in.w}},
                              {"out", {g.out.c, g.out.h, g.out.w}},
                              {"kernel", g.kernel},
                              {"stride", g.stride},
                              {"groups", g.groups},
                              {"latency_ns", r.latencyNs},
                              {"energy_nj", r.energyNj}});
    }
  return Json{{"hardware", hardwareToJson(m_hardware)},
              {"objective", objectiveName(m_objective)},
              {"measured", measured},
              {"resolution", m_resolution}};
}

}  // namespace h4h
