// The Lagrangian DPs: the least cost + mu · (CIM bytes) per state, forward with the best
// path and backward as a bound (assign_dp.h).
#include <algorithm>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

bool denseSolve(const Problem& p, const Weighted& w, double mu, DenseTable& table,
                DenseBest& best) {
  const int stages = w.stages();
  const double muPerUnit = mu * static_cast<double>(p.unitBytes);
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  table.value.assign(slots, kInf);
  table.parent.resize(slots);
  double* value = table.value.data();
  std::uint16_t* parent = table.parent.data();
  for (int d = 0; d < 2; ++d)
    value[d] = w.init[d] + muPerUnit * static_cast<double>(w.initUnits[d]);
  for (const Weighted::Move& move : w.moves) {
    const double reach = value[move.fromSlot] + move.cost + muPerUnit * move.units;
    const std::size_t to = static_cast<std::size_t>(move.toSlot);
    // A branch, not a select (docs/scheduler.md, "branches where a select chained the work").
    if (reach < value[to]) {
      value[to] = reach;
      parent[to] = move.fromMask;
    }
  }
  const int lastBase = w.lastBase();
  double bestValue = kInf;
  best.state = -1;
  for (int m = 0; m < w.masks[stages - 1]; ++m) {
    const double v =
        value[lastBase + m] + w.tail[m] + muPerUnit * static_cast<double>(w.tailUnits[m]);
    if (v < bestValue) {
      bestValue = v;
      best.state = m;
    }
  }
  if (best.state < 0) return false;
  // Stage k's state m came from parent state fromMask with its layer on device m & 1.
  best.cost = w.tail[best.state];
  best.units = w.tailUnits[best.state];
  int m = best.state;
  for (int k = stages - 1; k >= 1; --k) {
    const int fromMask = parent[w.base[k] + m];
    const std::size_t slot = static_cast<std::size_t>(w.base[k - 1] + fromMask) * 2 + (m & 1);
    best.cost += w.stepCost[slot];
    best.units += w.stepUnits[slot];
    m = fromMask;
  }
  best.cost += w.init[m];
  best.units += w.initUnits[m];
  return true;
}

void denseDevices(const Problem& p, const Weighted& w, const DenseTable& table,
                  const DenseBest& best, std::vector<Device>& out) {
  startDevices(p, w, out);
  for (int k = w.stages() - 1, m = best.state; k >= 0; --k) {
    setStageDevice(w, k, m, out);
    if (k > 0) m = table.parent[w.base[k] + m];
  }
}

void backwardBound(const Problem& p, const Weighted& w, double mu, std::vector<double>& bound) {
  const int stages = w.stages();
  const double muPerUnit = mu * static_cast<double>(p.unitBytes);
  bound.assign(w.base[stages], kInf);
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    bound[lastBase + m] = w.tail[m] + muPerUnit * static_cast<double>(w.tailUnits[m]);
  for (auto move = w.moves.rbegin(); move != w.moves.rend(); ++move) {  // later stages first
    double& b = bound[static_cast<std::size_t>(move->fromSlot)];
    b = std::min(
        b, move->cost + muPerUnit * move->units + bound[static_cast<std::size_t>(move->toSlot)]);
  }
}

}  // namespace h4h::assign_dp
