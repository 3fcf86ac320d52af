// Single-layer moves: their O(1) cost deltas and the sweeps that improve the list DP's
// incumbent (assign_dp.h).
#include <algorithm>
#include <utility>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

/// What moving layer i alone to the other device changes in the weighted cost: its
/// compute, and every transfer on a tensor it reads or produces (frame_steps.h's rules).
double flipDelta(const Problem& p, const Weighted& w, const std::vector<Device>& device, int i) {
  auto on = [&](int layer) { return layer < 0 ? 0 : static_cast<int>(device[layer] == Device::Cim); };
  const int from = on(i), to = 1 - from;
  double delta = w.compute[to][i] - w.compute[from][i];
  auto edge = [&](int other, int tensor) {  // a transfer between i and a layer on `other`
    delta += w.transfer[tensor + 1] * ((other != to) - (other != from));
  };
  edge(on(i - 1), i - 1);
  if (i + 1 < p.n) edge(on(i + 1), i);
  else if (p.config.outputToNpu) edge(0, i);
  if (p.residualSource[i] >= -1) edge(on(p.residualSource[i]), p.residualSource[i]);
  for (int r = p.readerOffset[i]; r < p.readerOffset[i + 1]; ++r)
    edge(on(p.residualReaders[static_cast<std::size_t>(r)]), i);
  return delta;
}

/// A quick heuristic on a hard capacity, for the list DP's incumbent: from a fitting
/// `device` (its cost and CIM units given), takes the single-layer moves that save the
/// most, in order, while they fit and still save. Two sweeps, not a search to a local
/// optimum: each is one ranking of the decision layers. Returns the new cost.
double improveByMoves(const Problem& p, const Weighted& w, std::vector<Device>& device, double cost,
                      std::int64_t units, std::vector<std::pair<double, int>>& ranked) {
  for (int sweep = 0; sweep < 2; ++sweep) {
    ranked.clear();
    for (int i : w.layer) {
      if (w.fixed[i] >= 0) continue;
      const double delta = flipDelta(p, w, device, i);
      if (delta < 0.0) ranked.emplace_back(delta, i);
    }
    if (ranked.empty()) break;
    std::sort(ranked.begin(), ranked.end());
    for (const auto& [first, i] : ranked) {
      const bool toCim = device[i] == Device::Npu;
      if (toCim && units + p.weightUnits[i] > p.capacityUnits) continue;
      const double delta = flipDelta(p, w, device, i);  // neighbours may have moved
      if (delta >= 0.0) continue;
      cost += delta;
      units += toCim ? p.weightUnits[i] : -p.weightUnits[i];
      device[i] = toCim ? Device::Cim : Device::Npu;
    }
  }
  return cost;
}

}  // namespace h4h::assign_dp
