#include "sched/assign.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "sched/frame_steps.h"

namespace h4h {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void checkCost(const DeviceCost& cost, const std::string& path, ErrorList& errors) {
  if (!cost.supported) return;
  if (!detail::finiteNonNegative(cost.latencyNs))
    errors.add(joinPath(path, "latencyNs"), "must be finite and >= 0", num(cost.latencyNs));
  if (!detail::finiteNonNegative(cost.energyNj))
    errors.add(joinPath(path, "energyNj"), "must be finite and >= 0", num(cost.energyNj));
}

Assignment infeasible(const AssignConfig& config, std::vector<Device> device, std::string why) {
  Assignment a;
  a.device = std::move(device);
  a.feasible = false;
  a.why = std::move(why);
  a.objectiveValue = kInf;
  a.config = config;
  return a;
}

/// Latency, energy and objective of a choice, without building an Assignment (brute force).
bool priceFast(const std::vector<Layer>& layers, const NetworkProfile& profile,
               const AssignConfig& config, const std::vector<Device>& device, double& objective) {
  double latencyNs = 0.0, energyNj = 0.0;
  const bool ok = forEachFrameStep(
      layers, profile, config, device,
      [&](const FrameStep& s) {
        latencyNs += s.latencyNs;
        energyNj += s.energyNj;
      },
      nullptr);
  if (!ok) return false;
  energyNj += config.staticPowerW * latencyNs;
  objective = objectiveValue(config.objective, latencyNs, energyNj);
  return true;
}

}  // namespace

int Assignment::countOn(Device d) const {
  int count = 0;
  for (Device x : device) count += x == d;
  return count;
}

ErrorList validateAssignConfig(const AssignConfig& config, const std::string& prefix) {
  ErrorList errors;
  if (config.cimCapacityBytes < 0)
    errors.add(joinPath(prefix, "cimCapacityBytes"), "must be >= 0",
               std::to_string(config.cimCapacityBytes));
  if (!detail::finiteNonNegative(config.reloadNsPerByte))
    errors.add(joinPath(prefix, "reloadNsPerByte"), "must be finite and >= 0", num(config.reloadNsPerByte));
  if (!detail::finiteNonNegative(config.reloadNjPerByte))
    errors.add(joinPath(prefix, "reloadNjPerByte"), "must be finite and >= 0", num(config.reloadNjPerByte));
  if (config.capacityBuckets < 0 || config.capacityBuckets > 65536)
    errors.add(joinPath(prefix, "capacityBuckets"), "must be in [0, 65536] (0: exact bytes)",
               std::to_string(config.capacityBuckets));
  if (!detail::finiteNonNegative(config.inputTransfer.latencyNs))
    errors.add(joinPath(prefix, "inputTransfer.latencyNs"), "must be finite and >= 0",
               num(config.inputTransfer.latencyNs));
  if (!detail::finiteNonNegative(config.inputTransfer.energyNj))
    errors.add(joinPath(prefix, "inputTransfer.energyNj"), "must be finite and >= 0",
               num(config.inputTransfer.energyNj));
  if (config.labelBudget < 0)
    errors.add(joinPath(prefix, "labelBudget"), "must be >= 0 (0: no limit)", std::to_string(config.labelBudget));
  if (!detail::finiteNonNegative(config.staticPowerW))
    errors.add(joinPath(prefix, "staticPowerW"), "must be finite and >= 0", num(config.staticPowerW));
  return errors;
}

void validateChain(const std::vector<Layer>& layers, const NetworkProfile& profile) {
  ErrorList errors;
  if (layers.empty()) errors.add("layers", "must not be empty");
  if (profile.size() != layers.size())
    errors.add("profile", "must have one entry per layer (" + std::to_string(layers.size()) + ")",
               std::to_string(profile.size()));
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (detail::layerOk(layers, profile, i)) continue;
    const std::string lp = joinIndex("layers", i);
    const Layer& l = layers[i];
    if (l.id != static_cast<int>(i))
      errors.add(joinPath(lp, "id"), "must equal its position " + std::to_string(i), std::to_string(l.id));
    if (l.residualSource != -2 && (l.residualSource < -1 || l.residualSource >= static_cast<int>(i)))
      errors.add(joinPath(lp, "residualSource"),
                 "must be -2 (none), -1 (network input) or an earlier layer", std::to_string(l.residualSource));
    if (i >= profile.size()) continue;
    const std::string pp = joinIndex("profile", i);
    const LayerProfile& p = profile[i];
    if (p.layerId != l.id)
      errors.add(joinPath(pp, "layerId"), "must equal the layer's id " + std::to_string(l.id),
                 std::to_string(p.layerId));
    checkCost(p.npu, joinPath(pp, "npu"), errors);
    checkCost(p.cim, joinPath(pp, "cim"), errors);
    if (!detail::finiteNonNegative(p.outputTransfer.latencyNs))
      errors.add(joinPath(pp, "outputTransfer.latencyNs"), "must be finite and >= 0",
                 num(p.outputTransfer.latencyNs));
    if (!detail::finiteNonNegative(p.outputTransfer.energyNj))
      errors.add(joinPath(pp, "outputTransfer.energyNj"), "must be finite and >= 0",
                 num(p.outputTransfer.energyNj));
    if (p.weightBytes < 0)
      errors.add(joinPath(pp, "weightBytes"), "must be >= 0", std::to_string(p.weightBytes));
    if (p.weightBytes > kMaxLayerCount)
      errors.add(joinPath(pp, "weightBytes"), std::string("must be at most ") + kMaxLayerCountText,
                 std::to_string(p.weightBytes));
  }
  if (!errors.empty()) throw InputError(errors);
}

Assignment evaluateAssignment(const std::vector<Layer>& layers, const NetworkProfile& profile,
                              const AssignConfig& config, const std::vector<Device>& device) {
  validateChain(layers, profile);
  ErrorList errors = validateAssignConfig(config);
  if (device.size() != layers.size())
    errors.add("device", "must have one entry per layer (" + std::to_string(layers.size()) + ")",
               std::to_string(device.size()));
  if (!errors.empty()) throw InputError(errors);
  return detail::priceAssignment(layers, profile, config, device);
}

Assignment detail::priceAssignment(const std::vector<Layer>& layers, const NetworkProfile& profile,
                                   const AssignConfig& config, const std::vector<Device>& device) {
  Assignment a;
  a.device = device;
  a.config = config;
  a.cimWeightBytes = cimWeightBytes(profile, device);
  std::string why;
  const bool ok = forEachFrameStep(
      layers, profile, config, device,
      [&](const FrameStep& s) {
        a.latencyNs += s.latencyNs;
        a.energyNj += s.energyNj;
        if (s.kind == StepKind::Transfer) {
          ++a.transfers;
          a.transferLatencyNs += s.latencyNs;
          a.transferEnergyNj += s.energyNj;
        } else if (s.kind == StepKind::Reload) {
          a.reloadBytes = s.bytes;
          a.reloadLatencyNs = s.latencyNs;
          a.reloadEnergyNj = s.energyNj;
        }
      },
      &why);
  if (!ok) {
    Assignment bad = infeasible(config, device, why);
    bad.cimWeightBytes = a.cimWeightBytes;
    return bad;
  }
  a.staticEnergyNj = config.staticPowerW * a.latencyNs;
  a.energyNj += a.staticEnergyNj;
  a.objectiveValue = objectiveValue(config.objective, a.latencyNs, a.energyNj);
  a.feasible = true;
  return a;
}

Assignment bruteForceAssign(const std::vector<Layer>& layers, const NetworkProfile& profile,
                            const AssignConfig& config) {
  validateChain(layers, profile);
  ErrorList errors = validateAssignConfig(config);
  if (layers.size() > 20)
    errors.add("layers", "brute force enumerates at most 20 layers", std::to_string(layers.size()));
  if (!errors.empty()) throw InputError(errors);
  const int n = static_cast<int>(layers.size());
  std::vector<Device> device(n, Device::Npu), best;
  double bestValue = kInf;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    for (int i = 0; i < n; ++i) device[i] = (mask >> i) & 1u ? Device::Cim : Device::Npu;
    double value = 0.0;
    if (priceFast(layers, profile, config, device, value) && value < bestValue) {
      bestValue = value;
      best = device;
    }
  }
  if (best.empty())
    return infeasible(config, std::vector<Device>(n, Device::Npu), "no assignment is feasible");
  return evaluateAssignment(layers, profile, config, best);
}

Assignment assignNpuOnly(const std::vector<Layer>& layers, const NetworkProfile& profile,
                         const AssignConfig& config) {
  return evaluateAssignment(layers, profile, config, std::vector<Device>(layers.size(), Device::Npu));
}

Assignment assignCimOnly(const std::vector<Layer>& layers, const NetworkProfile& profile,
                         const AssignConfig& config) {
  return evaluateAssignment(layers, profile, config, std::vector<Device>(layers.size(), Device::Cim));
}

Assignment assignGreedy(const std::vector<Layer>& layers, const NetworkProfile& profile,
                        const AssignConfig& config) {
  validateChain(layers, profile);
  const std::size_t n = layers.size();
  auto measure = [&](const DeviceCost& c) {
    const double energy = c.energyNj + config.staticPowerW * c.latencyNs;
    return objectiveValue(config.objective, c.latencyNs, energy);
  };
  std::vector<Device> device(n, Device::Npu);
  std::int64_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const LayerProfile& p = profile[i];
    if (!p.cim.supported) continue;
    const bool fits = config.cimAllowReload || used + p.weightBytes <= config.cimCapacityBytes;
    if (!fits) continue;
    if (!p.npu.supported || measure(p.cim) < measure(p.npu)) {
      device[i] = Device::Cim;
      used += p.weightBytes;
    }
  }
  return evaluateAssignment(layers, profile, config, device);
}

// ---- frame_steps.h ----------------------------------------------------------------------

const char* stepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::Compute: return "compute";
    case StepKind::Transfer: return "transfer";
    case StepKind::Reload: return "reload";
  }
  return "unknown";
}

bool parseStepKind(const std::string& name, StepKind& kind) {
  for (StepKind k : {StepKind::Compute, StepKind::Transfer, StepKind::Reload}) {
    if (name == stepKindName(k)) {
      kind = k;
      return true;
    }
  }
  return false;
}

std::int64_t cimWeightBytes(const NetworkProfile& profile, const std::vector<Device>& device) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < device.size() && i < profile.size(); ++i)
    if (device[i] == Device::Cim) total += profile[i].weightBytes;
  return total;
}

std::vector<FrameStep> frameSteps(const std::vector<Layer>& layers, const NetworkProfile& profile,
                                  const AssignConfig& config, const std::vector<Device>& device,
                                  std::string* why) {
  std::vector<FrameStep> steps;
  if (!forEachFrameStep(layers, profile, config, device,
                        [&](const FrameStep& s) { steps.push_back(s); }, why))
    steps.clear();
  return steps;
}

namespace detail {

std::string unsupportedWhy(const Layer& layer, const DeviceCost& cost, Device device) {
  std::string why = "layer " + std::to_string(layer.id) + " (" + layer.block + " " +
                    layerKindName(layer.kind) + ") is not supported on the " +
                    (device == Device::Npu ? "NPU" : "CIM");
  if (cost.unsupportedReason != UnsupportedReason::None)
    why += std::string(": ") + unsupportedReasonText(cost.unsupportedReason);
  return why;
}

std::string capacityWhy(std::int64_t weightBytes, std::int64_t capacityBytes) {
  return "CIM weights " + std::to_string(weightBytes) + " B exceed the capacity " +
         std::to_string(capacityBytes) + " B (reload not allowed)";
}

}  // namespace detail

}  // namespace h4h
