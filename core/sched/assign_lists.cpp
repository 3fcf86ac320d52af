// The capacity DP on fine grids: Pareto lists of (exact CIM units, cost) per state, built
// from both ends of the chain (assign_dp.h; docs/scheduler.md).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

namespace {

/// Lower bound of what the rest of an assignment adds to a partial one (a prefix or a
/// completion) with `units` exact CIM units: the better of the rest's least cost ignoring
/// the capacity, `free`, and the Lagrangian bound `slack + muPerUnit · units` (the rest's
/// least cost + mu · its weight, minus mu · the capacity left).
struct UnitsBound {
  double free;
  double slack;
  double muPerUnit;
  double at(std::int64_t units) const { return std::max(free, slack + muPerUnit * static_cast<double>(units)); }
};

/// How one state's list is written: from candidates offered in units order (ties:
/// cheaper first), a Pareto list sorted by units with strictly falling cost and at most
/// one entry per capacity cell. A costlier candidate is dominated; a cheaper one in the
/// last entry's cell replaces it (exact when a cell is one unit); a candidate whose lower
/// bound exceeds `limit` is dropped.
struct ListSpec {
  UnitsBound bound;
  double limit;
  int cellShift;
  std::uint16_t mask;
};

/// Writes one list from candidates offered in units order (ListSpec says how). Its state
/// lives in locals of the merge, so that it stays in registers. It branches: a dominated
/// candidate returns before its bound is computed, and a predicted branch lets the next
/// candidate start before this one is decided (docs/scheduler.md, "branches where a
/// select chained the work").
struct ListWriter {
  ListEntry* out;
  double lastCost = kInf;     ///< least cost offered so far
  std::int64_t lastCell = -1; ///< the cell of the last entry written
  double free, slack, mu, limit;
  int cellShift;
  std::uint16_t mask;

  ListWriter(ListEntry* at, const ListSpec& spec)
      : out(at),
        free(spec.bound.free),
        slack(spec.bound.slack),
        mu(spec.bound.muPerUnit),
        limit(spec.limit),
        cellShift(spec.cellShift),
        mask(spec.mask) {}

  void offer(double cost, std::int64_t units, std::int32_t from) {
    if (!(cost < lastCost)) return;
    // A candidate failing only the bound still lowers lastCost: whatever it dominates
    // (more units, no less cost) fails the bound too, which rises with the units.
    lastCost = cost;
    if (cost + std::max(free, slack + mu * static_cast<double>(units)) > limit) return;
    const std::int64_t cell = units >> cellShift;
    ListEntry* dst = out - (cell == lastCell);
    dst->cost = cost;
    dst->units = units;
    dst->parent = from;
    dst->mask = mask;
    out = dst + 1;
    lastCell = cell;
  }
  /// Offers pool entries [e, end) shifted by (shift, add); `base` is the pool's start.
  void offerRun(const ListEntry* base, const ListEntry* e, const ListEntry* end, std::int64_t shift,
                double add) {
    for (; e < end; ++e) offer(e->cost + add, e->units + shift, static_cast<std::int32_t>(e - base));
  }
};

/// Merges the sources (each cut at the capacity first) into a new list at the end of the
/// pool. One and two sources, the common cases, take a direct loop.
void mergeSources(EntryPool& pool, std::vector<ListSource>& sources, std::int64_t capacityUnits,
                  const ListSpec& spec) {
  std::int64_t total = 0;
  for (ListSource& q : sources) {
    const std::int64_t room = capacityUnits - q.shift;
    ListEntry* first = pool.slots.data() + q.next;
    ListEntry* last = pool.slots.data() + q.end;
    if (last[-1].units > room)
      q.end = static_cast<std::int32_t>(
          std::upper_bound(first, last, room,
                           [](std::int64_t u, const ListEntry& e) { return u < e.units; }) -
          pool.slots.data());
    total += q.end - q.next;
  }
  const ListEntry* base = pool.reserve(total);
  ListWriter writer(pool.slots.data() + pool.size, spec);
  if (sources.size() == 1) {
    const ListSource& q = sources[0];
    writer.offerRun(base, base + q.next, base + q.end, q.shift, q.add);
  } else if (sources.size() == 2) {
    const ListEntry *x = base + sources[0].next, *y = base + sources[1].next;
    const ListEntry *xEnd = base + sources[0].end, *yEnd = base + sources[1].end;
    const std::int64_t xShift = sources[0].shift, yShift = sources[1].shift;
    const double xAdd = sources[0].add, yAdd = sources[1].add;
    while ((x < xEnd) & (y < yEnd)) {
      const std::int64_t ux = x->units + xShift, uy = y->units + yShift;
      const double cx = x->cost + xAdd, cy = y->cost + yAdd;
      const bool takeX = (ux < uy) | ((ux == uy) & (cx <= cy));
      // A branch (GCC keeps the `?:` one), not masks: docs/scheduler.md says why.
      const ListEntry* e = takeX ? x : y;
      const std::int64_t u = takeX ? ux : uy;
      const double c = takeX ? cx : cy;
      writer.offer(c, u, static_cast<std::int32_t>(e - base));
      x += takeX;
      y += !takeX;
    }
    writer.offerRun(base, x, xEnd, xShift, xAdd);
    writer.offerRun(base, y, yEnd, yShift, yAdd);
  } else if (sources.size() > 2) {
    while (true) {
      ListSource* pick = nullptr;
      std::int64_t units = 0;
      double cost = 0.0;
      for (ListSource& q : sources) {
        if (q.next == q.end) continue;
        const std::int64_t u = base[q.next].units + q.shift;
        const double c = base[q.next].cost + q.add;
        if (!pick || u < units || (u == units && c < cost)) {
          pick = &q;
          units = u;
          cost = c;
        }
      }
      if (!pick) break;
      writer.offer(cost, units, pick->next++);
    }
  }
  pool.size = static_cast<std::int32_t>(writer.out - pool.slots.data());
}

}  // namespace

/// The capacity DP on a fine grid, from both ends: per state, forward Pareto lists of
/// prefixes and backward Pareto lists of completions, (exact CIM units, cost), one entry
/// per cell; each step extends the side whose frontier holds fewer entries, and the two
/// meet at one stage, where every state's prefix and completion lists are joined. Lists
/// stay short on both sides: the many small early layers go forward, the few large late
/// ones (whose all-or-nothing weights make the Lagrangian bound loose) backward. An entry
/// is dropped when its Lagrangian bound exceeds `limit` (no solution under the limit is
/// lost by that). `budget` > 0 gives up once that many entries were stored.
ListResult listSolve(const Problem& p, const Weighted& w, const LagrangianValues& lagrange,
                     double limit, std::int64_t budget, ListTables& tables,
                     std::vector<Device>& out, double& cost) {
  const int stages = w.stages();
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  tables.pool.size = 0;
  // Sized, not filled: a state's list bounds and least value are written when its list is
  // built, and only built lists are read.
  tables.prefixBegin.resize(slots);
  tables.prefixEnd.resize(slots);
  tables.completionBegin.resize(slots);
  tables.completionEnd.resize(slots);
  tables.prefixLagrangianMin.resize(slots);
  tables.completionLagrangianMin.resize(slots);
  const double muPerUnit = lagrange.mu * static_cast<double>(p.unitBytes);
  const double usable = p.config.cimAllowReload
                            ? static_cast<double>(p.config.cimCapacityBytes)
                            : static_cast<double>(p.capacityUnits * p.unitBytes);
  // What the other side can add at the best: a prefix's completion, a completion's prefix.
  auto boundFrom = [&](const std::vector<double>* values, int slot) {
    const std::size_t at = static_cast<std::size_t>(slot);
    return UnitsBound{values[0][at], values[1][at] - lagrange.mu * usable, muPerUnit};
  };
  auto listMin = [&](std::int32_t begin, std::int32_t end) {
    double least = kInf;
    for (std::int32_t q = begin; q < end; ++q)
      least = std::min(least,
                       tables.pool[q].cost + muPerUnit * static_cast<double>(tables.pool[q].units));
    return least;
  };
  // Whether a non-empty list, shifted by (units, cost), may hold an entry passing `bound`:
  // both parts of the bound must pass for some entry, so each for the entry least in it
  // (the cheapest, the least Lagrangian).
  auto mayPass = [&](std::int32_t end, double least, std::int64_t shift, double add,
                     const UnitsBound& bound) {
    return tables.pool[end - 1].cost + add + bound.free <= limit &&
           least + add + muPerUnit * static_cast<double>(shift) + bound.slack <= limit;
  };
  auto startList = [&](int slot, double cost, std::int64_t units, int mask, const UnitsBound& bound,
                       std::vector<std::int32_t>& begin, std::vector<std::int32_t>& end,
                       std::vector<double>& least) {
    ListEntry* entries = tables.pool.reserve(1);
    begin[slot] = tables.pool.size;
    if (cost < kInf && units <= p.capacityUnits && cost + bound.at(units) <= limit)
      entries[tables.pool.size++] = ListEntry{cost, units, -1, static_cast<std::uint16_t>(mask)};
    end[slot] = tables.pool.size;
    least[slot] = listMin(begin[slot], end[slot]);
  };
  // A stage's lists are built one after another: its frontier (entries in all of them)
  // is what the pool grew by.
  for (int d = 0; d < w.masks[0]; ++d)
    startList(d, w.init[d], w.initUnits[d], d, boundFrom(lagrange.suffix, d), tables.prefixBegin,
              tables.prefixEnd, tables.prefixLagrangianMin);
  std::int64_t forward = tables.pool.size;
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    startList(lastBase + m, w.tail[m], w.tailUnits[m], m, boundFrom(lagrange.prefix, lastBase + m),
              tables.completionBegin, tables.completionEnd, tables.completionLagrangianMin);
  std::int64_t backward = tables.pool.size - forward;

  // Forward: stage k's prefix lists from stage k - 1's.
  auto extendForward = [&](int k) {
    const int oldBase = w.base[k - 1], newBase = w.base[k];
    for (int toMask = 0; toMask < w.masks[k]; ++toMask) {
      const int to = newBase + toMask;
      tables.sources.clear();
      const ListSpec spec{boundFrom(lagrange.suffix, to), limit, p.cellShift,
                          static_cast<std::uint16_t>(toMask)};
      for (int fromMask = 0; fromMask < w.masks[k - 1]; ++fromMask) {
        const int from = oldBase + fromMask;
        for (int d = 0; d < 2; ++d) {
          const std::size_t slot = static_cast<std::size_t>(from) * 2 + d;
          if (w.next[slot] != toMask || w.stepCost[slot] == kInf) continue;
          const std::int32_t begin = tables.prefixBegin[from], end = tables.prefixEnd[from];
          if (begin < end && mayPass(end, tables.prefixLagrangianMin[from], w.stepUnits[slot],
                                     w.stepCost[slot], spec.bound))
            tables.sources.emplace_back(begin, end, w.stepUnits[slot], w.stepCost[slot]);
        }
      }
      tables.prefixBegin[to] = tables.pool.size;
      mergeSources(tables.pool, tables.sources, p.capacityUnits, spec);
      tables.prefixEnd[to] = tables.pool.size;
      tables.prefixLagrangianMin[to] = listMin(tables.prefixBegin[to], tables.prefixEnd[to]);
    }
  };
  // Backward: stage k - 1's completion lists from stage k's.
  auto extendBackward = [&](int k) {
    const int oldBase = w.base[k - 1], newBase = w.base[k];
    for (int fromMask = 0; fromMask < w.masks[k - 1]; ++fromMask) {
      const int from = oldBase + fromMask;
      tables.sources.clear();
      const ListSpec spec{boundFrom(lagrange.prefix, from), limit, p.cellShift,
                          static_cast<std::uint16_t>(fromMask)};
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(from) * 2 + d;
        if (w.stepCost[slot] == kInf) continue;
        const int to = newBase + w.next[slot];
        if (tables.completionBegin[to] < tables.completionEnd[to] &&
            mayPass(tables.completionEnd[to], tables.completionLagrangianMin[to], w.stepUnits[slot],
                    w.stepCost[slot], spec.bound))
          tables.sources.emplace_back(tables.completionBegin[to], tables.completionEnd[to],
                                      w.stepUnits[slot], w.stepCost[slot]);
      }
      tables.completionBegin[from] = tables.pool.size;
      mergeSources(tables.pool, tables.sources, p.capacityUnits, spec);
      tables.completionEnd[from] = tables.pool.size;
      tables.completionLagrangianMin[from] =
          listMin(tables.completionBegin[from], tables.completionEnd[from]);
    }
  };
  // Prefix lists are built up to forwardStage, completion lists down to backwardStage.
  int forwardStage = 0, backwardStage = stages - 1;
  while (forwardStage < backwardStage) {
    if (forward == 0 || backward == 0) return ListResult::None;  // nothing passes the bound
    const std::int32_t before = tables.pool.size;
    if (forward <= backward) {
      extendForward(++forwardStage);
      forward = tables.pool.size - before;
    } else {
      extendBackward(backwardStage--);
      backward = tables.pool.size - before;
    }
    if (budget > 0 && tables.pool.size > budget) return ListResult::OverBudget;
  }

  // Join at the meeting stage: per state, every prefix with the best completion that
  // still fits (lists rise in units and fall in cost, so that is the heaviest one in the
  // room left).
  const int meet = forwardStage;
  const int base = w.base[meet];
  double best = kInf;
  std::int32_t bestPrefix = -1, bestCompletion = -1;
  for (int m = 0; m < w.masks[meet]; ++m) {
    const std::int32_t prefixBegin = tables.prefixBegin[base + m],
                       prefixEnd = tables.prefixEnd[base + m];
    const std::int32_t completionBegin = tables.completionBegin[base + m],
                       completionEnd = tables.completionEnd[base + m];
    if (prefixBegin == prefixEnd || completionBegin == completionEnd) continue;
    auto consider = [&](std::int32_t f, std::int32_t c) {
      const std::int64_t units = tables.pool[f].units + tables.pool[c].units;
      const double total = tables.pool[f].cost + tables.pool[c].cost + reloadPenalty(p, w, units);
      if (total < best) {
        best = total;
        bestPrefix = f;
        bestCompletion = c;
      }
    };
    if (p.config.cimAllowReload) {  // the penalty is not monotone in one list: every pair
      for (std::int32_t f = prefixBegin; f < prefixEnd; ++f)
        for (std::int32_t c = completionBegin; c < completionEnd; ++c) consider(f, c);
      continue;
    }
    std::int32_t c = completionEnd - 1;
    for (std::int32_t f = prefixBegin; f < prefixEnd; ++f) {
      while (c >= completionBegin && tables.pool[f].units + tables.pool[c].units > p.capacityUnits)
        --c;
      if (c < completionBegin) break;
      consider(f, c);
    }
  }
  if (bestPrefix < 0 || best > limit) return ListResult::None;  // entries under the bound, no solution
  // Prefix parents lead back to stage 0, completion parents on to the last stage.
  startDevices(p, w, out);
  for (int k = meet, index = bestPrefix; k >= 0; --k) {
    setStageDevice(w, k, tables.pool[index].mask, out);
    index = tables.pool[index].parent;
  }
  for (int k = meet + 1, index = tables.pool[bestCompletion].parent; k < stages; ++k) {
    setStageDevice(w, k, tables.pool[index].mask, out);
    index = tables.pool[index].parent;
  }
  cost = best;
  return ListResult::Found;
}

}  // namespace h4h::assign_dp
