// The capacity DP on coarse grids: one (cost, exact units) per state and cell (assign_dp.h).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

/// The capacity DP on a coarse grid: one (cost, exact units) per (state, cell), the
/// cheaper entry winning a cell (ties: fewer units). Flat arrays. Entries that cannot
/// finish under `limit` even ignoring the capacity (`bound`: backwardBound at mu = 0)
/// are not extended.
bool gridSolve(const Problem& p, const Weighted& w, double limit, const std::vector<double>& bound,
               GridTables& tables, std::vector<Device>& out) {
  const int stages = w.stages();
  const std::int64_t width = p.cells;
  const std::size_t maxStates = static_cast<std::size_t>(*std::max_element(w.masks.begin(), w.masks.end()));
  const std::size_t size = maxStates * static_cast<std::size_t>(width);
  tables.cost.assign(size, kInf);
  tables.units.assign(size, 0);
  tables.costNext.resize(size);
  tables.unitsNext.resize(size);
  tables.parent.resize(static_cast<std::size_t>(w.base[stages]) * width);
  for (int d = 0; d < 2; ++d) {
    const std::int64_t units = w.initUnits[d];
    if (w.init[d] == kInf || units > p.capacityUnits) continue;
    const std::size_t cell = d * width + p.cellOf(units);
    tables.cost[cell] = w.init[d];
    tables.units[cell] = units;
  }
  std::int64_t reach = 0;  // highest cell in use
  for (std::int64_t c = 0; c < 2 * width; ++c)
    if (tables.cost[c] < kInf) reach = std::max(reach, c % width);
  for (int k = 1; k < stages; ++k) {
    const int oldBase = w.base[k - 1];
    std::fill(tables.costNext.begin(), tables.costNext.begin() + w.masks[k] * width, kInf);
    std::int32_t* parent = tables.parent.data() + static_cast<std::size_t>(w.base[k]) * width;
    std::int64_t newReach = 0;
    for (int fromMask = 0; fromMask < w.masks[k - 1]; ++fromMask) {
      const double* cost = tables.cost.data() + fromMask * width;
      const std::int64_t* units = tables.units.data() + fromMask * width;
      const double room = limit - bound[oldBase + fromMask];
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(oldBase + fromMask) * 2 + d;
        const double step = w.stepCost[slot];
        if (step == kInf) continue;
        const int toMask = w.next[slot];
        const std::int64_t shift = w.stepUnits[slot];
        double* dstCost = tables.costNext.data() + toMask * width;
        std::int64_t* dstUnits = tables.unitsNext.data() + toMask * width;
        std::int32_t* dstParent = parent + toMask * width;
        for (std::int64_t c = 0; c <= reach; ++c) {
          if (cost[c] > room) continue;
          const std::int64_t u = units[c] + shift;
          if (u > p.capacityUnits) continue;
          const std::int64_t cell = p.cellOf(u);
          const double v = cost[c] + step;
          if (v < dstCost[cell] || (v == dstCost[cell] && u < dstUnits[cell])) {
            dstCost[cell] = v;
            dstUnits[cell] = u;
            dstParent[cell] = static_cast<std::int32_t>(fromMask * width + c);
            newReach = std::max(newReach, cell);
          }
        }
      }
    }
    reach = newReach;
    tables.cost.swap(tables.costNext);
    tables.units.swap(tables.unitsNext);
  }
  double best = kInf;
  std::int64_t bestIndex = -1;
  for (int m = 0; m < w.masks[stages - 1]; ++m) {
    if (w.tail[m] == kInf) continue;
    for (std::int64_t c = 0; c <= reach; ++c) {
      const std::size_t k = m * width + c;
      if (tables.cost[k] == kInf) continue;
      const std::int64_t units = tables.units[k] + w.tailUnits[m];
      if (units > p.capacityUnits) continue;
      const double total = tables.cost[k] + w.tail[m] + reloadPenalty(p, w, units);
      if (total < best) {
        best = total;
        bestIndex = static_cast<std::int64_t>(k);
      }
    }
  }
  if (bestIndex < 0) return false;
  startDevices(p, w, out);
  std::int64_t index = bestIndex;  // (state, cell) of stage k
  for (int k = stages - 1; k >= 0; --k) {
    setStageDevice(w, k, static_cast<int>(index / width), out);
    if (k > 0) index = tables.parent[static_cast<std::size_t>(w.base[k]) * width + index];
  }
  return true;
}

}  // namespace h4h::assign_dp
