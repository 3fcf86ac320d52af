#pragma once
/// The pricing rules every scheduler function shares: the ordered steps one frame
/// executes for a given per-layer device choice. Layers run one after another; before a
/// layer runs, its input (the previous layer's output, or the network input for layer 0)
/// crosses the link if it was produced on the other device, and so does the saved tensor
/// a residual read takes (paid per read). The network input lives on the NPU side; the
/// network output is delivered there when AssignConfig::outputToNpu. With
/// cimAllowReload, the CIM weight bytes beyond the capacity are rewritten at the start
/// of every frame.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"
#include "sched/device.h"
#include "util/checked_math.h"

namespace h4h {

enum class StepKind : std::uint8_t { Compute, Transfer, Reload };
/// "compute" / "transfer" / "reload".
const char* stepKindName(StepKind kind);
bool parseStepKind(const std::string& name, StepKind& kind);

struct FrameStep {
  StepKind kind = StepKind::Compute;
  Lane lane = Lane::Npu;
  /// Compute: the layer. Transfer: the producer of the tensor moved (-1 = network input).
  /// Reload: -1.
  int layerId = -1;
  /// Transfer: the layer that reads the tensor (-1 = the network output). Otherwise -1.
  int consumerId = -1;
  double latencyNs = 0.0;
  double energyNj = 0.0;
  std::int64_t bytes = 0;  ///< bytes moved (transfers) or rewritten (reload)
};

/// Total CIM weight bytes of a device choice.
std::int64_t cimWeightBytes(const NetworkProfile& profile, const std::vector<Device>& device);

/// Calls `visit(const FrameStep&)` for every step of one frame, in execution order.
/// Returns false with a reason in `why` when the choice is infeasible (a layer on a
/// device that does not support it, weights over capacity without reload). Inputs must
/// have passed validateChain; device.size() must equal layers.size().
template <class Visit>
bool forEachFrameStep(const std::vector<Layer>& layers, const NetworkProfile& profile,
                      const AssignConfig& config, const std::vector<Device>& device,
                      Visit&& visit, std::string* why);

/// The steps as a list.
std::vector<FrameStep> frameSteps(const std::vector<Layer>& layers, const NetworkProfile& profile,
                                  const AssignConfig& config, const std::vector<Device>& device,
                                  std::string* why = nullptr);

// ---------------------------------------------------------------------------------------

namespace detail {
/// evaluateAssignment without validating its inputs (callers that validated them once).
Assignment priceAssignment(const std::vector<Layer>& layers, const NetworkProfile& profile,
                           const AssignConfig& config, const std::vector<Device>& device);
std::string unsupportedWhy(const Layer& layer, const DeviceCost& cost, Device device);
std::string capacityWhy(std::int64_t weightBytes, std::int64_t capacityBytes);

/// Finite and >= 0 (NaN fails both comparisons), in a form that evaluates without branches.
inline bool finiteNonNegative(double v) { return (v >= 0.0) & (v <= std::numeric_limits<double>::max()); }

/// Whether layer i and its profile pass validateChain's checks (the common case, checked
/// without building any message). Every condition is evaluated, with `&` rather than
/// `&&`: cheaper than a branch each, since they all hold on the hot path.
inline bool layerOk(const std::vector<Layer>& layers, const NetworkProfile& profile, std::size_t i) {
  const Layer& l = layers[i];
  const int n = static_cast<int>(i);
  const bool layer = (l.id == n) & ((l.residualSource == -2) | ((l.residualSource >= -1) & (l.residualSource < n)));
  if (i >= profile.size()) return layer;
  const LayerProfile& p = profile[i];
  const bool npu = (!p.npu.supported) | (finiteNonNegative(p.npu.latencyNs) & finiteNonNegative(p.npu.energyNj));
  const bool cim = (!p.cim.supported) | (finiteNonNegative(p.cim.latencyNs) & finiteNonNegative(p.cim.energyNj));
  return layer & (p.layerId == l.id) & npu & cim & finiteNonNegative(p.outputTransfer.latencyNs) &
         finiteNonNegative(p.outputTransfer.energyNj) & (p.weightBytes >= 0) &
         (p.weightBytes <= kMaxLayerCount);
}
}  // namespace detail

template <class Visit>
bool forEachFrameStep(const std::vector<Layer>& layers, const NetworkProfile& profile,
                      const AssignConfig& config, const std::vector<Device>& device,
                      Visit&& visit, std::string* why) {
  const int n = static_cast<int>(layers.size());
  const std::int64_t weights = cimWeightBytes(profile, device);
  if (weights > config.cimCapacityBytes && !config.cimAllowReload) {
    if (why) *why = detail::capacityWhy(weights, config.cimCapacityBytes);
    return false;
  }
  for (int i = 0; i < n; ++i) {
    const DeviceCost& cost = device[i] == Device::Npu ? profile[i].npu : profile[i].cim;
    if (!cost.supported) {
      if (why) *why = detail::unsupportedWhy(layers[i], cost, device[i]);
      return false;
    }
  }
  const std::int64_t inputBytes = n > 0 ? layers[0].inBytes : 0;
  auto transfer = [&](int producer, int consumer) {
    FrameStep s;
    s.kind = StepKind::Transfer;
    s.lane = Lane::Link;
    s.layerId = producer;
    s.consumerId = consumer;
    const TransferCost& t = producer < 0 ? config.inputTransfer : profile[producer].outputTransfer;
    s.latencyNs = t.latencyNs;
    s.energyNj = t.energyNj;
    s.bytes = producer < 0 ? inputBytes : profile[producer].outBytes;
    visit(static_cast<const FrameStep&>(s));
  };
  if (weights > config.cimCapacityBytes) {
    FrameStep s;
    s.kind = StepKind::Reload;
    s.lane = Lane::Cim;
    s.bytes = weights - config.cimCapacityBytes;
    s.latencyNs = static_cast<double>(s.bytes) * config.reloadNsPerByte;
    s.energyNj = static_cast<double>(s.bytes) * config.reloadNjPerByte;
    visit(static_cast<const FrameStep&>(s));
  }
  for (int i = 0; i < n; ++i) {
    const Device d = device[i];
    const Device prev = i == 0 ? Device::Npu : device[i - 1];
    if (prev != d) transfer(i - 1, i);
    const int src = layers[i].residualSource;
    if (src >= -1) {
      const Device srcDevice = src < 0 ? Device::Npu : device[src];
      if (srcDevice != d) transfer(src, i);
    }
    FrameStep s;
    s.kind = StepKind::Compute;
    s.lane = laneOf(d);
    s.layerId = i;
    const DeviceCost& cost = d == Device::Npu ? profile[i].npu : profile[i].cim;
    s.latencyNs = cost.latencyNs;
    s.energyNj = cost.energyNj;
    visit(static_cast<const FrameStep&>(s));
  }
  if (n > 0 && config.outputToNpu && device[n - 1] == Device::Cim) transfer(n - 1, -1);
  return true;
}

}  // namespace h4h
