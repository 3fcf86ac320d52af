// The Lagrangian DPs: the least cost + mu · (CIM bytes) per state, forward with the best
// path and backward as a bound (assign_dp.h).
#include <algorithm>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

namespace {

/// Scratch of the forward DP, reused across calls on one thread.
struct DenseScratch {
  std::vector<double> value;           ///< per state
  std::vector<std::uint16_t> parent;   ///< per state: the state of the stage before
};

DenseScratch& scratch() {
  thread_local DenseScratch s;
  return s;
}

}  // namespace

const std::vector<double>& denseValues() { return scratch().value; }

bool denseSolve(const Problem& p, const Weighted& w, double mu, DenseBest& best) {
  DenseScratch& ws = scratch();
  const int stages = w.stages();
  const double muUnit = mu * static_cast<double>(p.unitBytes);
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  ws.value.assign(slots, kInf);
  ws.parent.resize(slots);
  double* value = ws.value.data();
  for (int d = 0; d < 2; ++d) value[d] = w.init[d] + muUnit * static_cast<double>(w.initUnits[d]);
  for (const Weighted::Move& mv : w.moves) {
    const double c = value[mv.from] + mv.cost + muUnit * mv.units;
    const std::size_t to = static_cast<std::size_t>(mv.to);
    // A branch, not a select: predicted, it lets the next moves start without waiting
    // for this comparison (a branch-free select measured ~1.3 µs slower per net).
    if (c < value[to]) {
      value[to] = c;
      ws.parent[to] = mv.om;
    }
  }
  const int lastBase = w.lastBase();
  double bestValue = kInf;
  best.state = -1;
  for (int m = 0; m < w.masks[stages - 1]; ++m) {
    const double v = value[lastBase + m] + w.tail[m] + muUnit * static_cast<double>(w.tailUnits[m]);
    if (v < bestValue) {
      bestValue = v;
      best.state = m;
    }
  }
  if (best.state < 0) return false;
  // Stage k's state m came from parent om on device m & 1 (bit 0: the layer's own device).
  best.cost = w.tail[best.state];
  best.units = w.tailUnits[best.state];
  int m = best.state;
  for (int k = stages - 1; k >= 1; --k) {
    const int om = ws.parent[w.base[k] + m];
    const std::size_t slot = static_cast<std::size_t>(w.base[k - 1] + om) * 2 + (m & 1);
    best.cost += w.stepCost[slot];
    best.units += w.stepUnits[slot];
    m = om;
  }
  best.cost += w.init[m];
  best.units += w.initUnits[m];
  return true;
}

void denseDevices(const Problem& p, const Weighted& w, const DenseBest& best, std::vector<Device>& out) {
  const DenseScratch& ws = scratch();
  thread_local std::vector<int> state;
  state.resize(w.stages());
  for (int k = w.stages() - 1, m = best.state; k >= 0; --k) {
    state[k] = m;
    if (k > 0) m = ws.parent[w.base[k] + m];
  }
  writeDevices(p, w, [&](int k) { return state[k]; }, out);
}

void backwardBound(const Problem& p, const Weighted& w, double mu, std::vector<double>& bound) {
  const int stages = w.stages();
  const double muUnit = mu * static_cast<double>(p.unitBytes);
  bound.assign(w.base[stages], kInf);
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    bound[lastBase + m] = w.tail[m] + muUnit * static_cast<double>(w.tailUnits[m]);
  for (auto mv = w.moves.rbegin(); mv != w.moves.rend(); ++mv) {  // later stages first
    double& b = bound[static_cast<std::size_t>(mv->from)];
    b = std::min(b, mv->cost + muUnit * mv->units + bound[static_cast<std::size_t>(mv->to)]);
  }
}

}  // namespace h4h::assign_dp
