// The capacity DP on coarse grids: one (cost, exact units) per state and cell (assign_dp.h).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

namespace {

/// Scratch reused across calls on one thread.
struct GridScratch {
  std::vector<double> cost, costNext;       ///< per (state, cell)
  std::vector<std::int64_t> units, unitsNext;
  std::vector<std::int32_t> parent;         ///< per (layer state, cell): previous (state, cell)
};

GridScratch& scratch() {
  thread_local GridScratch s;
  return s;
}

}  // namespace

/// The capacity DP on a coarse grid: one (cost, exact units) per (state, cell), the
/// cheaper entry winning a cell (ties: fewer units). Flat arrays. Entries that cannot
/// finish under `limit` even ignoring the capacity (`bound`: backwardBound at mu = 0)
/// are not extended.
bool gridSolve(const Problem& p, const Weighted& w, double limit, const std::vector<double>& bound,
               std::vector<Device>& out) {
  GridScratch& ws = scratch();
  const int stages = w.stages();
  const std::int64_t width = p.cells;
  const std::size_t maxStates = static_cast<std::size_t>(*std::max_element(w.masks.begin(), w.masks.end()));
  const std::size_t size = maxStates * static_cast<std::size_t>(width);
  ws.cost.assign(size, kInf);
  ws.units.assign(size, 0);
  ws.costNext.resize(size);
  ws.unitsNext.resize(size);
  ws.parent.resize(static_cast<std::size_t>(w.base[stages]) * width);
  for (int d = 0; d < 2; ++d) {
    const std::int64_t units = w.initUnits[d];
    if (w.init[d] == kInf || units > p.capUnits) continue;
    const std::size_t cell = d * width + p.cellOf(units);
    ws.cost[cell] = w.init[d];
    ws.units[cell] = units;
  }
  std::int64_t reach = 0;  // highest cell in use
  for (std::int64_t c = 0; c < 2 * width; ++c)
    if (ws.cost[c] < kInf) reach = std::max(reach, c % width);
  for (int k = 1; k < stages; ++k) {
    const int oldBase = w.base[k - 1];
    std::fill(ws.costNext.begin(), ws.costNext.begin() + w.masks[k] * width, kInf);
    std::int32_t* parent = ws.parent.data() + static_cast<std::size_t>(w.base[k]) * width;
    std::int64_t newReach = 0;
    for (int om = 0; om < w.masks[k - 1]; ++om) {
      const double* cost = ws.cost.data() + om * width;
      const std::int64_t* units = ws.units.data() + om * width;
      const double room = limit - bound[oldBase + om];
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(oldBase + om) * 2 + d;
        const double step = w.stepCost[slot];
        if (step == kInf) continue;
        const int nm = w.next[slot];
        const std::int64_t shift = w.stepUnits[slot];
        double* dstCost = ws.costNext.data() + nm * width;
        std::int64_t* dstUnits = ws.unitsNext.data() + nm * width;
        std::int32_t* dstParent = parent + nm * width;
        for (std::int64_t c = 0; c <= reach; ++c) {
          if (cost[c] > room) continue;
          const std::int64_t u = units[c] + shift;
          if (u > p.capUnits) continue;
          const std::int64_t cell = p.cellOf(u);
          const double v = cost[c] + step;
          if (v < dstCost[cell] || (v == dstCost[cell] && u < dstUnits[cell])) {
            dstCost[cell] = v;
            dstUnits[cell] = u;
            dstParent[cell] = static_cast<std::int32_t>(om * width + c);
            newReach = std::max(newReach, cell);
          }
        }
      }
    }
    reach = newReach;
    ws.cost.swap(ws.costNext);
    ws.units.swap(ws.unitsNext);
  }
  double best = kInf;
  std::int64_t bestIndex = -1;
  for (int m = 0; m < w.masks[stages - 1]; ++m) {
    if (w.tail[m] == kInf) continue;
    for (std::int64_t c = 0; c <= reach; ++c) {
      const std::size_t k = m * width + c;
      if (ws.cost[k] == kInf) continue;
      const std::int64_t units = ws.units[k] + w.tailUnits[m];
      if (units > p.capUnits) continue;
      const double total = ws.cost[k] + w.tail[m] + reloadPenalty(p, w, units);
      if (total < best) {
        best = total;
        bestIndex = static_cast<std::int64_t>(k);
      }
    }
  }
  if (bestIndex < 0) return false;
  thread_local std::vector<int> state;
  state.resize(stages);
  std::int64_t index = bestIndex;  // (state, cell) of stage k
  for (int k = stages - 1; k >= 0; --k) {
    state[k] = static_cast<int>(index / width);
    if (k > 0) index = ws.parent[static_cast<std::size_t>(w.base[k]) * width + index];
  }
  writeDevices(p, w, [&](int k) { return state[k]; }, out);
  return true;
}

}  // namespace h4h::assign_dp
