#pragma once
// A reference for the exact assignment (assignExact), written to be checked by reading,
// not to be fast: a DP over the layers whose partial assignments carry their exact CIM
// weight bytes. It prices steps by its own copy of the rules in sched/frame_steps.h:
//  - layer i runs on its device; before it, its input (layer i-1's output; the network
//    input, on the NPU side, for layer 0) crosses the link if produced on the other
//    device, and so does its residual operand (residualSource >= -1), once per read;
//  - the network output crosses back when outputToNpu and the last layer is on the CIM;
//  - CIM weights above the capacity are infeasible, or with cimAllowReload cost
//    (bytes - capacity) × reload price per frame, on the latency too;
//  - energy includes staticPowerW × latency.
// Latency and energy are sums over those steps, so a partial assignment's cost is a
// number and the DP is exact. Energy·delay is not a sum (L·E of a prefix says nothing of
// the product at the end), so the reference solves latency and energy only
// (docs/scheduler.md, "Tests").
//
// State after layer i: the devices of the tensors a later layer still reads ("live":
// layer i's output and the residual sources read after i). Per state, partial
// assignments are kept as a Pareto list over (exact CIM bytes, cost): one with no more
// bytes and no more cost is at least as good whatever follows, because what follows
// costs the same from the same state and the capacity rule and the reload price only
// grow with the bytes. Nothing else is pruned, except, when `limit` is given, partial
// assignments whose cost plus the least compute cost of the remaining layers (transfers
// and capacity ignored: a lower bound) exceeds it.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"

namespace h4h::test {

struct ReferenceResult {
  bool found = false;          ///< an assignment with cost <= limit exists
  double cost = 0.0;           ///< the objective (latency ns or energy nJ)
  std::vector<Device> device;  ///< one optimal assignment
  std::int64_t cimWeightBytes = 0;
};

inline ReferenceResult referenceAssign(const std::vector<Layer>& layers,
                                       const NetworkProfile& profile, const AssignConfig& config,
                                       double limit = std::numeric_limits<double>::infinity()) {
  const int n = static_cast<int>(layers.size());
  // The objective as latencyWeight · latency + energyWeight · (energy without static).
  const bool energy = config.objective == Objective::Energy;
  const double latencyWeight = energy ? config.staticPowerW : 1.0;
  const double energyWeight = energy ? 1.0 : 0.0;
  auto weighted = [&](double latencyNs, double energyNj) {
    return latencyWeight * latencyNs + energyWeight * energyNj;
  };
  auto deviceCost = [&](int i, Device d) -> const DeviceCost& {
    return d == Device::Npu ? profile[i].npu : profile[i].cim;
  };
  auto transfer = [&](int tensor) {  // moving a tensor across the link (-1: the network input)
    const TransferCost& t = tensor < 0 ? config.inputTransfer : profile[tensor].outputTransfer;
    return weighted(t.latencyNs, t.energyNj);
  };
  auto reload = [&](std::int64_t bytes) {
    const std::int64_t over = bytes - config.cimCapacityBytes;
    if (over <= 0) return 0.0;
    return static_cast<double>(over) * weighted(config.reloadNsPerByte, config.reloadNjPerByte);
  };

  // live[i]: the tensors read after layer i, in increasing order: layer i's output (read
  // by layer i + 1, or the network output) and every earlier output a later layer reads
  // as its residual operand.
  std::vector<int> lastReader(n, -1);
  for (int j = 0; j < n; ++j)
    if (layers[j].residualSource >= 0) lastReader[layers[j].residualSource] = j;
  std::vector<std::vector<int>> live(n);
  for (int i = 0; i < n; ++i)
    for (int t = 0; t <= i; ++t)
      if (t == i || lastReader[t] > i) live[i].push_back(t);
  // Least compute cost of layers i..n-1, capacity and transfers ignored.
  std::vector<double> restBound(n + 1, 0.0);
  for (int i = n - 1; i >= 0; --i) {
    double least = std::numeric_limits<double>::infinity();
    for (Device d : {Device::Npu, Device::Cim})
      if (deviceCost(i, d).supported)
        least = std::min(least, weighted(deviceCost(i, d).latencyNs, deviceCost(i, d).energyNj));
    restBound[i] = restBound[i + 1] + least;
  }

  // A state: bit k set when live[i][k] is on the CIM.
  struct Partial {
    std::uint32_t state;
    std::int64_t bytes;
    double cost;
    int parent;  ///< index in the previous layer's partials (-1 for layer 0)
    Device device;
  };
  std::vector<std::vector<Partial>> kept(n);
  std::vector<Partial> candidates;
  for (int i = 0; i < n; ++i) {
    candidates.clear();
    const int previousCount = i == 0 ? 1 : static_cast<int>(kept[i - 1].size());
    for (int q = 0; q < previousCount; ++q) {
      // Where tensor t is after layer i - 1 (the network input is on the NPU).
      auto deviceOfTensor = [&](int t) {
        if (t < 0) return Device::Npu;
        const std::vector<int>& names = live[i - 1];
        const auto bit = std::find(names.begin(), names.end(), t) - names.begin();
        return (kept[i - 1][q].state >> bit) & 1u ? Device::Cim : Device::Npu;
      };
      const double before = i == 0 ? 0.0 : kept[i - 1][q].cost;
      const std::int64_t bytesBefore = i == 0 ? 0 : kept[i - 1][q].bytes;
      for (Device d : {Device::Npu, Device::Cim}) {
        const DeviceCost& c = deviceCost(i, d);
        if (!c.supported) continue;
        double cost = before + weighted(c.latencyNs, c.energyNj);
        if (deviceOfTensor(i - 1) != d) cost += transfer(i - 1);
        const int source = layers[i].residualSource;
        if (source >= -1 && deviceOfTensor(source) != d) cost += transfer(source);
        const std::int64_t bytes = bytesBefore + (d == Device::Cim ? profile[i].weightBytes : 0);
        if (!config.cimAllowReload && bytes > config.cimCapacityBytes) continue;
        if (cost + restBound[i + 1] > limit) continue;
        std::uint32_t state = 0;
        for (std::size_t k = 0; k < live[i].size(); ++k) {
          const int t = live[i][k];
          if ((t == i ? d : deviceOfTensor(t)) == Device::Cim) state |= 1u << k;
        }
        candidates.push_back(Partial{state, bytes, cost, i == 0 ? -1 : q, d});
      }
    }
    // Per state, the Pareto list over (bytes, cost).
    std::sort(candidates.begin(), candidates.end(), [](const Partial& a, const Partial& b) {
      if (a.state != b.state) return a.state < b.state;
      return a.bytes != b.bytes ? a.bytes < b.bytes : a.cost < b.cost;
    });
    double least = 0.0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const Partial& p = candidates[k];
      if (k == 0 || p.state != candidates[k - 1].state)
        least = std::numeric_limits<double>::infinity();
      if (!(p.cost < least)) continue;
      least = p.cost;
      kept[i].push_back(p);
    }
  }

  ReferenceResult best;
  best.cost = std::numeric_limits<double>::infinity();
  int bestIndex = -1;
  for (std::size_t q = 0; q < kept[n - 1].size(); ++q) {
    const Partial& p = kept[n - 1][q];
    double cost = p.cost + reload(p.bytes);
    if (config.outputToNpu && p.device == Device::Cim) cost += transfer(n - 1);
    if (cost < best.cost) {
      best.cost = cost;
      bestIndex = static_cast<int>(q);
    }
  }
  if (bestIndex < 0 || best.cost > limit) return ReferenceResult{};
  best.found = true;
  best.cimWeightBytes = kept[n - 1][bestIndex].bytes;
  best.device.assign(n, Device::Npu);
  for (int i = n - 1, q = bestIndex; i >= 0; --i) {
    best.device[i] = kept[i][q].device;
    q = kept[i][q].parent;
  }
  return best;
}

}  // namespace h4h::test
