// The capacity DP on fine grids: Pareto lists of (exact CIM units, cost) per state, built
// from both ends of the chain (assign_dp.h; docs/scheduler.md).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sched/assign_dp.h"

namespace h4h::assign_dp {

namespace {

/// One partial assignment in the list DP: its cost, exact CIM units, and where it came from.
struct Entry {
  double cost;
  std::int64_t units;
  std::int32_t parent;
  std::uint16_t mask;
};

/// The list DP's entries, each list a contiguous run built at the end. A list is written
/// past `size` before it is committed, so the storage is a plain array with a fill count.
struct EntryPool {
  std::vector<Entry> slots;
  std::int32_t size = 0;

  /// Room for `more` entries after `size`; returns the storage.
  Entry* reserve(std::int64_t more) {
    const std::size_t need = static_cast<std::size_t>(size + more);
    if (slots.size() < need) slots.resize(std::max(need, slots.size() * 2));
    return slots.data();
  }
  Entry& operator[](std::int32_t i) { return slots[static_cast<std::size_t>(i)]; }
  const Entry& operator[](std::int32_t i) const { return slots[static_cast<std::size_t>(i)]; }
};

/// One list feeding a state: pool entries [next, end), a Pareto list sorted by units,
/// shifted by `shift` units and `add` cost on the way.
struct Source {
  std::int32_t next, end;
  std::int64_t shift;
  double add;

  // Constructed in place by emplace_back: a temporary copied in would be read back
  // across its separate stores, which stalls store forwarding.
  Source(std::int32_t n, std::int32_t e, std::int64_t s, double a) : next(n), end(e), shift(s), add(a) {}
};

/// Scratch reused across calls on one thread: no allocation per state.
struct ListScratch {
  EntryPool pool;
  std::vector<std::int32_t> begin, end;          ///< forward lists (prefixes), per state
  std::vector<std::int32_t> backBegin, backEnd;  ///< backward lists (completions), per state
  /// Per list: the least cost + mu · units of its entries (UnitsBound's mu), to skip a
  /// list whose every entry would fail the bound.
  std::vector<double> lagrangianMin, backLagrangianMin;
  std::vector<Source> sources;
};

ListScratch& scratch() {
  thread_local ListScratch s;
  return s;
}

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
/// candidate start before this one is decided (a branch-free writer, which chained every
/// candidate's store address to the previous decision, measured 0.8 µs slower per net).
struct ListWriter {
  Entry* out;
  double lastCost = kInf;     ///< least cost offered so far
  std::int64_t lastCell = -1; ///< the cell of the last entry written
  double free, slack, mu, limit;
  int cellShift;
  std::uint16_t mask;

  ListWriter(Entry* at, const ListSpec& spec)
      : out(at), free(spec.bound.free), slack(spec.bound.slack), mu(spec.bound.muPerUnit), limit(spec.limit),
        cellShift(spec.cellShift), mask(spec.mask) {}

  void offer(double cost, std::int64_t units, std::int32_t from) {
    if (!(cost < lastCost)) return;
    // A candidate failing only the bound still lowers lastCost: whatever it dominates
    // (more units, no less cost) fails the bound too, which rises with the units.
    lastCost = cost;
    if (cost + std::max(free, slack + mu * static_cast<double>(units)) > limit) return;
    const std::int64_t cell = units >> cellShift;
    Entry* dst = out - (cell == lastCell);
    dst->cost = cost;
    dst->units = units;
    dst->parent = from;
    dst->mask = mask;
    out = dst + 1;
    lastCell = cell;
  }
  /// Offers pool entries [e, end) shifted by (shift, add); `base` is the pool's start.
  void offerRun(const Entry* base, const Entry* e, const Entry* end, std::int64_t shift, double add) {
    for (; e < end; ++e) offer(e->cost + add, e->units + shift, static_cast<std::int32_t>(e - base));
  }
};

/// Merges the sources (each cut at the capacity first) into a new list at the end of the
/// pool. One and two sources, the common cases, take a direct loop.
void mergeSources(EntryPool& pool, std::vector<Source>& sources, std::int64_t capUnits, const ListSpec& spec) {
  std::int64_t total = 0;
  for (Source& q : sources) {
    const std::int64_t room = capUnits - q.shift;
    Entry* first = pool.slots.data() + q.next;
    Entry* last = pool.slots.data() + q.end;
    if (last[-1].units > room)
      q.end = static_cast<std::int32_t>(
          std::upper_bound(first, last, room, [](std::int64_t u, const Entry& e) { return u < e.units; }) -
          pool.slots.data());
    total += q.end - q.next;
  }
  const Entry* base = pool.reserve(total);
  ListWriter writer(pool.slots.data() + pool.size, spec);
  if (sources.size() == 1) {
    const Source& q = sources[0];
    writer.offerRun(base, base + q.next, base + q.end, q.shift, q.add);
  } else if (sources.size() == 2) {
    const Entry *x = base + sources[0].next, *y = base + sources[1].next;
    const Entry *xEnd = base + sources[0].end, *yEnd = base + sources[1].end;
    const std::int64_t xShift = sources[0].shift, yShift = sources[1].shift;
    const double xAdd = sources[0].add, yAdd = sources[1].add;
    while ((x < xEnd) & (y < yEnd)) {
      const std::int64_t ux = x->units + xShift, uy = y->units + yShift;
      const double cx = x->cost + xAdd, cy = y->cost + yAdd;
      const bool takeX = (ux < uy) | ((ux == uy) & (cx <= cy));
      // GCC makes the `?:` a branch, and keeps it: selecting by index arithmetic measured
      // no faster, by masks ~2 µs slower per net (the comparison then sits on the path of
      // the next loads, which a predicted branch lets start early).
      const Entry* e = takeX ? x : y;
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
      Source* pick = nullptr;
      std::int64_t units = 0;
      double cost = 0.0;
      for (Source& q : sources) {
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
ListResult listSolve(const Problem& p, const Weighted& w, const LagrangianValues& lagrange, double limit,
                     std::int64_t budget, std::vector<Device>& out, double& cost) {
  ListScratch& ws = scratch();
  const int stages = w.stages();
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  ws.pool.size = 0;
  // Sized, not filled: a state's list bounds and least value are written when its list is
  // built, and only built lists are read.
  ws.begin.resize(slots);
  ws.end.resize(slots);
  ws.backBegin.resize(slots);
  ws.backEnd.resize(slots);
  ws.lagrangianMin.resize(slots);
  ws.backLagrangianMin.resize(slots);
  const double muPerUnit = lagrange.mu * static_cast<double>(p.unitBytes);
  const double usable = p.config.cimAllowReload ? static_cast<double>(p.config.cimCapacityBytes)
                                                : static_cast<double>(p.capUnits * p.unitBytes);
  // What the other side can add at the best: a prefix's completion, a completion's prefix.
  auto boundFrom = [&](const std::vector<double>* values, int slot) {
    const std::size_t at = static_cast<std::size_t>(slot);
    return UnitsBound{values[0][at], values[1][at] - lagrange.mu * usable, muPerUnit};
  };
  auto listMin = [&](std::int32_t begin, std::int32_t end) {
    double least = kInf;
    for (std::int32_t q = begin; q < end; ++q)
      least = std::min(least, ws.pool[q].cost + muPerUnit * static_cast<double>(ws.pool[q].units));
    return least;
  };
  // Whether a non-empty list, shifted by (units, cost), may hold an entry passing `bound`:
  // both parts of the bound must pass for some entry, so each for the entry least in it
  // (the cheapest, the least Lagrangian).
  auto mayPass = [&](std::int32_t end, double least, std::int64_t shift, double add, const UnitsBound& bound) {
    return ws.pool[end - 1].cost + add + bound.free <= limit &&
           least + add + muPerUnit * static_cast<double>(shift) + bound.slack <= limit;
  };
  auto startList = [&](int slot, double cost, std::int64_t units, int mask, const UnitsBound& bound,
                       std::vector<std::int32_t>& begin, std::vector<std::int32_t>& end, std::vector<double>& least) {
    Entry* entries = ws.pool.reserve(1);
    begin[slot] = ws.pool.size;
    if (cost < kInf && units <= p.capUnits && cost + bound.at(units) <= limit)
      entries[ws.pool.size++] = Entry{cost, units, -1, static_cast<std::uint16_t>(mask)};
    end[slot] = ws.pool.size;
    least[slot] = listMin(begin[slot], end[slot]);
  };
  // A stage's lists are built one after another: its frontier (entries in all of them)
  // is what the pool grew by.
  for (int d = 0; d < w.masks[0]; ++d)
    startList(d, w.init[d], w.initUnits[d], d, boundFrom(lagrange.suffix, d), ws.begin, ws.end, ws.lagrangianMin);
  std::int64_t forward = ws.pool.size;
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    startList(lastBase + m, w.tail[m], w.tailUnits[m], m, boundFrom(lagrange.prefix, lastBase + m), ws.backBegin,
              ws.backEnd, ws.backLagrangianMin);
  std::int64_t backward = ws.pool.size - forward;

  // Forward: stage k's prefix lists from stage k - 1's.
  auto extendForward = [&](int k) {
    const int oldBase = w.base[k - 1], newBase = w.base[k];
    for (int nm = 0; nm < w.masks[k]; ++nm) {
      ws.sources.clear();
      const ListSpec spec{boundFrom(lagrange.suffix, newBase + nm), limit, p.cellShift, static_cast<std::uint16_t>(nm)};
      for (int om = 0; om < w.masks[k - 1]; ++om) {
        for (int d = 0; d < 2; ++d) {
          const std::size_t slot = static_cast<std::size_t>(oldBase + om) * 2 + d;
          if (w.next[slot] != nm || w.stepCost[slot] == kInf) continue;
          const std::int32_t lb = ws.begin[oldBase + om], le = ws.end[oldBase + om];
          if (lb < le && mayPass(le, ws.lagrangianMin[oldBase + om], w.stepUnits[slot], w.stepCost[slot], spec.bound))
            ws.sources.emplace_back(lb, le, w.stepUnits[slot], w.stepCost[slot]);
        }
      }
      ws.begin[newBase + nm] = ws.pool.size;
      mergeSources(ws.pool, ws.sources, p.capUnits, spec);
      ws.end[newBase + nm] = ws.pool.size;
      ws.lagrangianMin[newBase + nm] = listMin(ws.begin[newBase + nm], ws.end[newBase + nm]);
    }
  };
  // Backward: stage k - 1's completion lists from stage k's.
  auto extendBackward = [&](int k) {
    const int oldBase = w.base[k - 1], newBase = w.base[k];
    for (int om = 0; om < w.masks[k - 1]; ++om) {
      ws.sources.clear();
      const ListSpec spec{boundFrom(lagrange.prefix, oldBase + om), limit, p.cellShift, static_cast<std::uint16_t>(om)};
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(oldBase + om) * 2 + d;
        if (w.stepCost[slot] == kInf) continue;
        const int nm = newBase + w.next[slot];
        if (ws.backBegin[nm] < ws.backEnd[nm] &&
            mayPass(ws.backEnd[nm], ws.backLagrangianMin[nm], w.stepUnits[slot], w.stepCost[slot], spec.bound))
          ws.sources.emplace_back(ws.backBegin[nm], ws.backEnd[nm], w.stepUnits[slot], w.stepCost[slot]);
      }
      ws.backBegin[oldBase + om] = ws.pool.size;
      mergeSources(ws.pool, ws.sources, p.capUnits, spec);
      ws.backEnd[oldBase + om] = ws.pool.size;
      ws.backLagrangianMin[oldBase + om] = listMin(ws.backBegin[oldBase + om], ws.backEnd[oldBase + om]);
    }
  };
  int kf = 0, kb = stages - 1;
  while (kf < kb) {
    if (forward == 0 || backward == 0) return ListResult::None;  // nothing passes the bound
    const std::int32_t before = ws.pool.size;
    if (forward <= backward) {
      extendForward(++kf);
      forward = ws.pool.size - before;
    } else {
      extendBackward(kb--);
      backward = ws.pool.size - before;
    }
    if (budget > 0 && ws.pool.size > budget) return ListResult::OverBudget;
  }

  // Join at stage kf: per state, every prefix with the best completion that still fits
  // (lists rise in units and fall in cost, so that is the heaviest one in the room left).
  const int base = w.base[kf];
  double best = kInf;
  std::int32_t bestPrefix = -1, bestCompletion = -1;
  for (int m = 0; m < w.masks[kf]; ++m) {
    const std::int32_t fb = ws.begin[base + m], fe = ws.end[base + m];
    const std::int32_t bb = ws.backBegin[base + m], be = ws.backEnd[base + m];
    if (fb == fe || bb == be) continue;
    auto consider = [&](std::int32_t f, std::int32_t c) {
      const std::int64_t units = ws.pool[f].units + ws.pool[c].units;
      const double total = ws.pool[f].cost + ws.pool[c].cost + reloadPenalty(p, w, units);
      if (total < best) {
        best = total;
        bestPrefix = f;
        bestCompletion = c;
      }
    };
    if (p.config.cimAllowReload) {  // the penalty is not monotone in one list: every pair
      for (std::int32_t f = fb; f < fe; ++f)
        for (std::int32_t c = bb; c < be; ++c) consider(f, c);
      continue;
    }
    std::int32_t c = be - 1;
    for (std::int32_t f = fb; f < fe; ++f) {
      while (c >= bb && ws.pool[f].units + ws.pool[c].units > p.capUnits) --c;
      if (c < bb) break;
      consider(f, c);
    }
  }
  if (bestPrefix < 0 || best > limit) return ListResult::None;  // entries under the bound, no solution
  // Prefix parents lead back to stage 0, completion parents on to the last stage.
  thread_local std::vector<int> state;
  state.resize(stages);
  for (int k = kf, index = bestPrefix; k >= 0; --k) {
    state[k] = ws.pool[index].mask;
    index = ws.pool[index].parent;
  }
  for (int k = kf + 1, index = ws.pool[bestCompletion].parent; k < stages; ++k) {
    state[k] = ws.pool[index].mask;
    index = ws.pool[index].parent;
  }
  writeDevices(p, w, [&](int k) { return state[k]; }, out);
  cost = best;
  return ListResult::Found;
}

}  // namespace h4h::assign_dp
