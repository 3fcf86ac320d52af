#pragma once
// Random chains and profiles for the scheduler tests: random costs, CIM-unsupported
// layers, residual reads (possibly several pending at once), tight and loose capacities.

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/assign.h"

namespace h4h::test {

struct RandomCase {
  std::vector<Layer> layers;
  NetworkProfile profile;
  AssignConfig config;
};

enum class Capacity { Zero, Tight, Loose };

/// Weights are multiples of `unit` bytes so that the default bucket grid is exact.
inline RandomCase randomCase(std::mt19937_64& rng, int n, Capacity capacity, Objective objective,
                             std::int64_t unit = 1000) {
  auto uni = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto chance = [&](double p) { return uni(0.0, 1.0) < p; };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RandomCase c;
  std::int64_t total = 0;
  int adds = 0;
  for (int i = 0; i < n; ++i) {
    Layer l;
    l.id = i;
    l.block = "b" + std::to_string(i / 3) + "." + std::to_string(i % 3);
    const bool add = i >= 1 && adds < 6 && chance(0.25);
    adds += add;
    l.kind = add ? LayerKind::Add : static_cast<LayerKind>(pick(0, 10));
    if (add) l.residualSource = pick(-1, i - 1);
    l.inBytes = pick(1, 5000);
    l.outBytes = pick(1, 5000);
    LayerProfile p;
    p.layerId = i;
    p.outBytes = l.outBytes;
    p.npu.latencyNs = uni(1.0, 100.0);
    p.npu.energyNj = uni(1.0, 100.0);
    p.cim.latencyNs = uni(1.0, 100.0);
    p.cim.energyNj = uni(1.0, 100.0);
    if (chance(0.15)) {
      p.cim.supported = false;
      p.cim.unsupportedReason = UnsupportedReason::NoNearMemoryDigital;
    }
    if (chance(0.02)) p.npu.supported = false;
    p.outputTransfer.latencyNs = chance(0.1) ? 0.0 : uni(0.0, 40.0);
    p.outputTransfer.energyNj = uni(0.0, 40.0);
    p.weightBytes = add ? 0 : unit * pick(0, 20);
    l.weightBytes = p.weightBytes;
    if (p.cim.supported) total += p.weightBytes;
    c.layers.push_back(l);
    c.profile.push_back(p);
  }
  AssignConfig& cfg = c.config;
  cfg.objective = objective;
  switch (capacity) {
    case Capacity::Zero: cfg.cimCapacityBytes = 0; break;
    case Capacity::Tight: cfg.cimCapacityBytes = static_cast<std::int64_t>(uni(0.05, 0.7) * total); break;
    case Capacity::Loose: cfg.cimCapacityBytes = total + pick(0, 3) * unit; break;
  }
  if (capacity == Capacity::Tight && chance(0.3)) {
    cfg.cimAllowReload = true;
    cfg.reloadNsPerByte = uni(0.0, 0.02);
    cfg.reloadNjPerByte = uni(0.0, 0.02);
  }
  cfg.inputTransfer.latencyNs = uni(0.0, 30.0);
  cfg.inputTransfer.energyNj = uni(0.0, 30.0);
  cfg.outputToNpu = chance(0.7);
  cfg.staticPowerW = chance(0.3) ? uni(0.0, 0.5) : 0.0;
  return c;
}

}  // namespace h4h::test
