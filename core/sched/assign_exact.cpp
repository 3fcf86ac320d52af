// The exact assignment DP. docs/scheduler.md explains the formulation, the capacity
// granularity and the bound it gives.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <queue>
#include <vector>

#include "sched/assign.h"
#include "sched/frame_steps.h"

namespace h4h {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Tensors whose device one DP state remembers: the previous layer's output plus the
/// saved tensors still to be read by a residual layer.
constexpr int kMaxTracked = 8;
constexpr int kNone = -3;
/// Weighted solves allowed while enumerating the (latency, energy) front for EDP.
constexpr int kMaxFrontSolves = 256;
/// Grids of up to this many cells use the dense DP (one value per state and cell); finer
/// ones use Pareto lists pruned by a Lagrangian bound.
constexpr std::int64_t kDenseCells = 64;

/// The chain as flat arrays, built once per assignExact call. CIM weights are counted in
/// units of their greatest common divisor (exact); capacity cells are 2^cellShift units.
struct Problem {
  int n = 0;
  std::vector<double> lat[2], en[2];
  std::vector<std::uint8_t> ok[2];
  std::vector<double> xLat, xEn;       ///< [t + 1]: moving tensor t (-1 = network input)
  std::vector<std::int64_t> wBytes;
  std::vector<std::int64_t> wUnits;    ///< CIM weight in units (0 where the CIM cannot run it)
  std::int64_t unitBytes = 1;
  int cellShift = 0;                   ///< cell = units >> cellShift
  std::int64_t capUnits = 0;           ///< units that fit (reload: no limit)
  std::int64_t cells = 0;              ///< cells any assignment can reach
  bool capacityMatters = false;
  std::vector<int> nTracked;           ///< |T_i|: tracked tensors after layer i (bit 0 = layer i)
  std::vector<int> gatherOff;          ///< i >= 1: where layer i's gather list starts
  std::vector<int> gather;             ///< new position p >= 1 -> position in T_{i-1}
  std::vector<int> resPos;             ///< kNone, -1 (network input), or position in T_{i-1}
  std::vector<int> resSrc;
  std::vector<int> readers;            ///< residual layers reading layer i's output
  std::vector<int> readerOff, readerList;  ///< those layers: readerList[readerOff[i] ..)
  AssignConfig config;
  const std::vector<Layer>* layers = nullptr;
  const NetworkProfile* profile = nullptr;

  std::int64_t cellOf(std::int64_t units) const { return units >> cellShift; }
  std::int64_t cellBytes() const { return unitBytes << cellShift; }
};

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

  /// Room for `more` entries after `size` and one scratch slot; returns the storage.
  Entry* reserve(std::int64_t more) {
    const std::size_t need = static_cast<std::size_t>(size + more + 1);
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
};

/// Scratch reused across calls on one thread: no allocation per state.
struct Workspace {
  EntryPool pool;
  std::vector<std::int32_t> begin, end;          ///< forward lists (prefixes), per state
  std::vector<std::int32_t> backBegin, backEnd;  ///< backward lists (completions), per state
  /// Per list: the least cost + mu · units of its entries (UnitsBound's mu), to skip a
  /// list whose every entry would fail the bound.
  std::vector<double> lagrangianMin, backLagrangianMin;
  std::vector<Source> sources;
  std::vector<double> value;                    ///< Lagrangian DP, per state
  std::vector<std::uint16_t> parent;
  std::vector<Device> incumbent;
  std::vector<double> gridCost, gridCostNext;  ///< dense DP, per (state, cell)
  std::vector<std::int64_t> gridUnits, gridUnitsNext;
  std::vector<std::int32_t> gridParent;        ///< per (layer state, cell): previous (state, cell)
};

Workspace& workspace() {
  thread_local Workspace ws;
  return ws;
}

void buildProblem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                  const AssignConfig& config, Problem& p) {
  const int n = static_cast<int>(layers.size());
  p.n = n;
  p.config = config;
  p.layers = &layers;
  p.profile = &profile;
  for (int d = 0; d < 2; ++d) {
    p.lat[d].resize(n);
    p.en[d].resize(n);
    p.ok[d].resize(n);
  }
  p.xLat.resize(n + 1);
  p.xEn.resize(n + 1);
  p.wBytes.resize(n);
  p.wUnits.assign(n, 0);
  p.xLat[0] = config.inputTransfer.latencyNs;
  p.xEn[0] = config.inputTransfer.energyNj;
  std::int64_t cimTotal = 0, unit = 0;
  for (int i = 0; i < n; ++i) {
    const LayerProfile& lp = profile[i];
    p.lat[0][i] = lp.npu.latencyNs;
    p.en[0][i] = lp.npu.energyNj;
    p.ok[0][i] = lp.npu.supported;
    p.lat[1][i] = lp.cim.latencyNs;
    p.en[1][i] = lp.cim.energyNj;
    p.ok[1][i] = lp.cim.supported;
    p.xLat[i + 1] = lp.outputTransfer.latencyNs;
    p.xEn[i + 1] = lp.outputTransfer.energyNj;
    p.wBytes[i] = lp.weightBytes;
    if (lp.cim.supported) {
      cimTotal += lp.weightBytes;
      unit = std::gcd(unit, lp.weightBytes);
    }
  }
  const std::int64_t capacity = config.cimCapacityBytes;
  p.capacityMatters = cimTotal > capacity;
  p.unitBytes = unit > 0 ? unit : 1;
  std::int64_t totalUnits = 0;
  for (int i = 0; i < n; ++i)
    if (p.ok[1][i]) totalUnits += p.wUnits[i] = p.wBytes[i] / p.unitBytes;
  const bool reload = config.cimAllowReload;
  p.capUnits = reload ? std::numeric_limits<std::int64_t>::max() / 4 : capacity / p.unitBytes;
  // Cells: the smallest power of two of units that spans the reachable range in at most
  // capacityBuckets cells (0: one cell per unit, exact).
  const std::int64_t span = reload ? totalUnits : std::min(totalUnits, p.capUnits);
  p.cellShift = 0;
  if (config.capacityBuckets > 0)
    while ((span >> p.cellShift) >= config.capacityBuckets) ++p.cellShift;
  p.cells = (span >> p.cellShift) + 1;

  // Tracked tensors T_i = {i} ∪ {s < i : some layer after i reads s as a residual}.
  thread_local std::vector<int> lastRead, fill, prev, cur;  // scratch: no allocation per call
  lastRead.assign(n, -1);
  p.resSrc.assign(n, -2);
  p.readers.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    const int s = layers[i].residualSource;
    p.resSrc[i] = s;
    if (s >= 0) {
      lastRead[s] = std::max(lastRead[s], i);
      ++p.readers[s];
    }
  }
  p.readerOff.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) p.readerOff[i + 1] = p.readerOff[i] + p.readers[i];
  p.readerList.resize(static_cast<std::size_t>(p.readerOff[n]));
  {
    fill.assign(p.readerOff.begin(), p.readerOff.end() - 1);
    for (int i = 0; i < n; ++i)
      if (p.resSrc[i] >= 0) p.readerList[static_cast<std::size_t>(fill[p.resSrc[i]]++)] = i;
  }
  p.nTracked.assign(n, 1);
  p.gatherOff.assign(n + 1, 0);
  p.gather.clear();
  p.resPos.assign(n, kNone);
  prev.assign(1, 0);
  p.resPos[0] = p.resSrc[0] == -1 ? -1 : kNone;
  for (int i = 1; i < n; ++i) {
    p.gatherOff[i] = static_cast<int>(p.gather.size());
    cur.assign(1, i);
    for (std::size_t q = 0; q < prev.size(); ++q) {
      if (lastRead[prev[q]] > i) {
        cur.push_back(prev[q]);
        p.gather.push_back(static_cast<int>(q));
      }
    }
    if (static_cast<int>(cur.size()) > kMaxTracked)
      throw InputError("layers[" + std::to_string(i) + "]: more than " + std::to_string(kMaxTracked - 1) +
                       " residual tensors are pending at once; the scheduler supports at most that many (" +
                       std::to_string(cur.size() - 1) + ")");
    const int s = p.resSrc[i];
    if (s == -1) {
      p.resPos[i] = -1;
    } else if (s >= 0) {
      p.resPos[i] = static_cast<int>(std::find(prev.begin(), prev.end(), s) - prev.begin());
    }
    p.nTracked[i] = static_cast<int>(cur.size());
    prev.swap(cur);
  }
  p.gatherOff[n] = static_cast<int>(p.gather.size());
}

/// One weighted objective's chain, compressed to its decision layers. A layer that can
/// run on one device only (or whose CIM choice is dominated) is folded into the step
/// that reaches the next decision layer: its state map is deterministic, so a run of
/// such layers composes into one (cost, units, new state) per old state. Stage 0 is
/// layer 0; stage k >= 1 is the k-th decision layer after it; the tail holds what
/// follows the last stage (fixed layers and the output transfer).
struct Weighted {
  double a = 1.0, b = 0.0;        ///< cost = a·latency + b·energy
  double reloadPerByte = 0.0;     ///< a·reloadNs + b·reloadNj
  std::vector<std::uint8_t> cim;  ///< layer i may go to the CIM (supported and not dominated)
  std::vector<std::int8_t> fixed; ///< per layer: -1 decision, 0 NPU, 1 CIM, 2 neither
  std::vector<int> layer;         ///< stage k -> its layer
  std::vector<int> base;          ///< stage k -> first state slot; base[stages] = all slots
  std::vector<int> masks;         ///< stage k -> states (2^|T| of its layer)
  double init[2] = {kInf, kInf};  ///< layer 0 on NPU / CIM
  std::int64_t initUnits[2] = {0, 0};
  std::vector<double> stepCost;   ///< [(base[k-1] + om) * 2 + d], kInf when impossible
  std::vector<std::uint16_t> next;
  std::vector<std::int64_t> stepUnits;  ///< CIM units the step adds
  std::vector<double> stepWeight;       ///< the same as a double (the Lagrangian DPs' term)
  /// The possible steps in stage order, as global state indices: one flat loop for the
  /// Lagrangian DPs (no per-stage loop bounds to mispredict).
  struct Move {
    std::int32_t from, to, slot;
    std::uint16_t om;
  };
  std::vector<Move> moves;
  std::vector<double> tail;             ///< per state of the last stage
  std::vector<std::int64_t> tailUnits;

  int stages() const { return static_cast<int>(layer.size()); }
  int lastBase() const { return base[layer.size() - 1]; }
};

void buildWeighted(const Problem& p, double a, double b, Weighted& w) {
  const int n = p.n;
  w.a = a;
  w.b = b;
  w.reloadPerByte = a * p.config.reloadNsPerByte + b * p.config.reloadNjPerByte;
  auto x = [&](int tensor) { return a * p.xLat[tensor + 1] + b * p.xEn[tensor + 1]; };
  // A layer whose CIM cost exceeds its NPU cost by more than every transfer it could
  // save is never better on the CIM (moving it to the NPU also frees capacity): the DPs
  // do not branch on it.
  w.cim.assign(n, 0);
  w.fixed.assign(n, -1);
  for (int i = 0; i < n; ++i) {
    w.cim[i] = p.ok[1][i];
    if (p.ok[0][i] && p.ok[1][i]) {
      double exposure = x(i - 1) + (i < n - 1 || p.config.outputToNpu ? x(i) : 0.0) + p.readers[i] * x(i);
      if (p.resSrc[i] >= -1) exposure += x(p.resSrc[i]);
      const double extra = a * (p.lat[1][i] - p.lat[0][i]) + b * (p.en[1][i] - p.en[0][i]);
      if (extra > exposure) w.cim[i] = 0;
    }
    const bool npu = p.ok[0][i], onCim = w.cim[i];
    if (!(npu && onCim)) w.fixed[i] = npu ? 0 : onCim ? 1 : 2;
  }
  for (int d = 0; d < 2; ++d) {
    w.init[d] = kInf;
    w.initUnits[d] = d ? p.wUnits[0] : 0;
    if (d ? !w.cim[0] : !p.ok[0][0]) continue;
    w.init[d] = a * p.lat[d][0] + b * p.en[d][0];
    if (d) w.init[d] += x(-1) + (p.resPos[0] == -1 ? x(-1) : 0.0);
  }
  // Per layer: the weighted compute cost per device (kInf where not allowed), moving its
  // input, moving its residual source.
  thread_local std::vector<double> compute[2], inputMove, residualMove;
  for (int d = 0; d < 2; ++d) compute[d].resize(n);
  inputMove.resize(n);
  residualMove.resize(n);
  for (int i = 0; i < n; ++i) {
    compute[0][i] = p.ok[0][i] ? a * p.lat[0][i] + b * p.en[0][i] : kInf;
    compute[1][i] = w.cim[i] ? a * p.lat[1][i] + b * p.en[1][i] : kInf;
    inputMove[i] = x(i - 1);
    residualMove[i] = p.resSrc[i] >= -1 ? x(p.resSrc[i]) : 0.0;
  }
  // One layer's transition from state om (of layer i - 1) on device d.
  auto step = [&](int i, int om, int d, double& cost, int& nm) {
    const int* g = p.gather.data() + p.gatherOff[i];
    int high = 0;
    for (int k = 0; k < p.nTracked[i] - 1; ++k) high |= ((om >> g[k]) & 1) << (k + 1);
    nm = high | d;
    cost = compute[d][i];
    if ((om & 1) != d) cost += inputMove[i];
    const int rp = p.resPos[i];
    if (rp != kNone && (rp == -1 ? 0 : (om >> rp) & 1) != d) cost += residualMove[i];
  };
  // Runs the fixed layers from..to-1 from state om: the state, cost and units after them.
  auto runFixed = [&](int from, int to, int om, double& cost, std::int64_t& units) {
    cost = 0.0;
    units = 0;
    for (int i = from; i < to && cost < kInf; ++i) {
      const int d = w.fixed[i];
      if (d == 2) {
        cost = kInf;
        break;
      }
      double c;
      int nm;
      step(i, om, d, c, nm);
      cost += c;
      if (d) units += p.wUnits[i];
      om = nm;
    }
    return om;
  };
  w.layer.assign(1, 0);
  for (int i = 1; i < n; ++i)
    if (w.fixed[i] < 0) w.layer.push_back(i);
  const int stages = w.stages();
  w.base.assign(stages + 1, 0);
  w.masks.assign(stages, 0);
  for (int k = 0; k < stages; ++k) {
    w.masks[k] = 1 << p.nTracked[w.layer[k]];
    w.base[k + 1] = w.base[k] + w.masks[k];
  }
  const std::size_t slots = static_cast<std::size_t>(w.base[stages > 1 ? stages - 1 : 0]) * 2;
  w.stepCost.assign(slots, kInf);
  w.next.assign(slots, 0);
  w.stepUnits.assign(slots, 0);
  w.stepWeight.assign(slots, 0.0);
  w.moves.clear();
  for (int k = 1; k < stages; ++k) {
    const int from = w.layer[k - 1] + 1, at = w.layer[k];
    for (int om = 0; om < w.masks[k - 1]; ++om) {
      double runCost;
      std::int64_t runUnits;
      const int mid = runFixed(from, at, om, runCost, runUnits);
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(w.base[k - 1] + om) * 2 + d;
        double c;
        int nm;
        step(at, mid, d, c, nm);
        w.stepCost[slot] = runCost + c;
        w.next[slot] = static_cast<std::uint16_t>(nm);
        w.stepUnits[slot] = runUnits + (d ? p.wUnits[at] : 0);
        w.stepWeight[slot] = static_cast<double>(w.stepUnits[slot]);
        if (w.stepCost[slot] < kInf)
          w.moves.push_back(Weighted::Move{w.base[k - 1] + om, w.base[k] + nm, static_cast<std::int32_t>(slot),
                                           static_cast<std::uint16_t>(om)});
      }
    }
  }
  const int lastMasks = w.masks[stages - 1];
  w.tail.assign(lastMasks, kInf);
  w.tailUnits.assign(lastMasks, 0);
  for (int m = 0; m < lastMasks; ++m) {
    double runCost;
    std::int64_t runUnits;
    const int end = runFixed(w.layer[stages - 1] + 1, n, m, runCost, runUnits);
    if (runCost == kInf) continue;
    w.tail[m] = runCost + (p.config.outputToNpu && (end & 1) ? x(n - 1) : 0.0);
    w.tailUnits[m] = runUnits;
  }
}

/// Writes the devices of a chosen state per stage (`stateOf(k)`: the state mask of
/// stage k) and the fixed layers.
template <typename StateOf>
void writeDevices(const Problem& p, const Weighted& w, StateOf stateOf, std::vector<Device>& out) {
  out.resize(p.n);
  for (int i = 0; i < p.n; ++i) out[i] = w.fixed[i] == 1 ? Device::Cim : Device::Npu;
  for (int k = 0; k < w.stages(); ++k) out[w.layer[k]] = (stateOf(k) & 1) ? Device::Cim : Device::Npu;
}

/// The best of one Lagrangian solve: its weighted cost without the mu term, its CIM
/// units, and its state at the last stage (devices follow with denseDevices).
struct DenseBest {
  double cost = 0.0;
  std::int64_t units = 0;
  int state = -1;
};

/// Minimises cost + mu · (CIM weight bytes) ignoring the capacity: one value per state.
/// The best path's own cost and units come from following it back (no pass over the
/// layers). Returns false when no assignment exists.
bool denseSolve(const Problem& p, const Weighted& w, double mu, DenseBest& best) {
  Workspace& ws = workspace();
  const int stages = w.stages();
  const double muUnit = mu * static_cast<double>(p.unitBytes);
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  ws.value.assign(slots, kInf);
  ws.parent.resize(slots);
  double* value = ws.value.data();
  for (int d = 0; d < 2; ++d) value[d] = w.init[d] + muUnit * static_cast<double>(w.initUnits[d]);
  for (const Weighted::Move& mv : w.moves) {
    const double c = value[mv.from] + w.stepCost[static_cast<std::size_t>(mv.slot)] +
                     muUnit * w.stepWeight[static_cast<std::size_t>(mv.slot)];
    // Branch-free: which path wins a state is unpredictable.
    const std::size_t to = static_cast<std::size_t>(mv.to);
    const unsigned better = c < value[to];
    value[to] = std::min(c, value[to]);
    const unsigned keep = ws.parent[to];
    ws.parent[to] = static_cast<std::uint16_t>(keep ^ ((keep ^ mv.om) & (0u - better)));
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

/// The devices of the last denseSolve's best path.
void denseDevices(const Problem& p, const Weighted& w, const DenseBest& best, std::vector<Device>& out) {
  const Workspace& ws = workspace();
  thread_local std::vector<int> state;
  state.resize(w.stages());
  for (int k = w.stages() - 1, m = best.state; k >= 0; --k) {
    state[k] = m;
    if (k > 0) m = ws.parent[w.base[k] + m];
  }
  writeDevices(p, w, [&](int k) { return state[k]; }, out);
}

/// bound[base[k] + m]: the least cost + mu · (CIM weight bytes) of everything after
/// stage k (and the output transfer) from its state m, capacity ignored.
void backwardBound(const Problem& p, const Weighted& w, double mu, std::vector<double>& bound) {
  const int stages = w.stages();
  const double muUnit = mu * static_cast<double>(p.unitBytes);
  bound.assign(w.base[stages], kInf);
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    bound[lastBase + m] = w.tail[m] + muUnit * static_cast<double>(w.tailUnits[m]);
  for (auto mv = w.moves.rbegin(); mv != w.moves.rend(); ++mv) {  // later stages first
    const std::size_t slot = static_cast<std::size_t>(mv->slot);
    double& b = bound[static_cast<std::size_t>(mv->from)];
    b = std::min(b, w.stepCost[slot] + muUnit * w.stepWeight[slot] + bound[static_cast<std::size_t>(mv->to)]);
  }
}

/// The exact weighted cost of a choice (true bytes for the reload penalty).
double trueCost(const Problem& p, const Weighted& w, const std::vector<Device>& device) {
  double cost = 0.0;
  const bool ok = forEachFrameStep(
      *p.layers, *p.profile, p.config, device,
      [&](const FrameStep& s) {
        if (s.kind != StepKind::Reload) cost += w.a * s.latencyNs + w.b * s.energyNj;
      },
      nullptr);
  if (!ok) return kInf;
  const std::int64_t over = cimWeightBytes(*p.profile, device) - p.config.cimCapacityBytes;
  if (over > 0) {
    if (!p.config.cimAllowReload) return kInf;
    cost += static_cast<double>(over) * w.reloadPerByte;
  }
  return cost;
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
  // The writer's state in locals, so that it lives in registers. Branch-free (candidates
  // come in no predictable pattern): a rejected candidate goes to the scratch slot at
  // `out`, which the next one overwrites.
  Entry* out = pool.slots.data() + pool.size;
  double lastCost = kInf;
  std::int64_t lastCell = -1;
  const double free = spec.bound.free, slack = spec.bound.slack, mu = spec.bound.muPerUnit;
  const double limit = spec.limit;
  const int cellShift = spec.cellShift;
  const std::uint16_t mask = spec.mask;
  auto offer = [&](double cost, std::int64_t units, std::int32_t from) {
    const double u = static_cast<double>(units);
    const std::int64_t cell = units >> cellShift;
    const bool keep = (cost < lastCost) & (cost + std::max(free, slack + mu * u) <= limit);
    const bool same = cell == lastCell;
    Entry* dst = out - static_cast<std::ptrdiff_t>(keep & same);
    dst->cost = cost;
    dst->units = units;
    dst->parent = from;
    dst->mask = mask;
    out += keep & !same;
    // Selections by index, not `?:`, which the compiler turns into mispredicted branches.
    const double costs[2] = {lastCost, cost};
    const std::int64_t cells[2] = {lastCell, cell};
    lastCost = costs[keep];
    lastCell = cells[keep];
  };
  auto offerHead = [&](Source& q) {
    const Entry& head = base[q.next];
    offer(head.cost + q.add, head.units + q.shift, q.next);
    ++q.next;
  };
  if (sources.size() == 2) {
    Source& x = sources[0];
    Source& y = sources[1];
    while (x.next < x.end && y.next < y.end) {
      const Entry& ex = base[x.next];
      const Entry& ey = base[y.next];
      const std::int64_t ux = ex.units + x.shift, uy = ey.units + y.shift;
      const double cx = ex.cost + x.add, cy = ey.cost + y.add;
      const bool takeX = (ux < uy) | ((ux == uy) & (cx <= cy));
      const double costs[2] = {cy, cx};
      const std::int64_t units[2] = {uy, ux};
      const std::int32_t from[2] = {y.next, x.next};
      offer(costs[takeX], units[takeX], from[takeX]);
      x.next += takeX;
      y.next += !takeX;
    }
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
      offerHead(*pick);
    }
  }
  for (Source& q : sources)  // what is left of at most one source
    while (q.next < q.end) offerHead(q);
  pool.size = static_cast<std::int32_t>(out - pool.slots.data());
}

enum class ListResult { Found, None, OverBudget };

double reloadPenalty(const Problem& p, const Weighted& w, std::int64_t units) {
  if (!p.config.cimAllowReload) return 0.0;
  const std::int64_t over = units * p.unitBytes - p.config.cimCapacityBytes;
  return over > 0 ? static_cast<double>(over) * w.reloadPerByte : 0.0;
}

/// Values for the list DP's bounds, per state, at mu = 0 (index 0: the capacity ignored)
/// and at the multiplier mu of the best dual (index 1): `prefix` the least cost + mu · (CIM
/// bytes) of reaching the state (denseSolve's values), `suffix` that of finishing from it
/// (backwardBound's).
struct LagrangianValues {
  double mu = 0.0;
  std::vector<double> prefix[2], suffix[2];
};

/// The capacity DP on a fine grid, from both ends: per state, forward Pareto lists of
/// prefixes and backward Pareto lists of completions, (exact CIM units, cost), one entry
/// per cell; each step extends the side whose frontier holds fewer entries, and the two
/// meet at one stage, where every state's prefix and completion lists are joined. Lists
/// stay short on both sides: the many small early layers go forward, the few large late
/// ones (whose all-or-nothing weights make the Lagrangian bound loose) backward. An entry
/// is dropped when its Lagrangian bound exceeds `limit` (no solution under the limit is
/// lost by that). `budget` > 0 gives up once that many entries were stored.
ListResult listSolve(const Problem& p, const Weighted& w, const LagrangianValues& lagrange, double limit,
                     std::int64_t budget, std::vector<Device>& out) {
  Workspace& ws = workspace();
  const int stages = w.stages();
  const std::size_t slots = static_cast<std::size_t>(w.base[stages]);
  ws.pool.size = 0;
  ws.begin.assign(slots, 0);
  ws.end.assign(slots, 0);
  ws.backBegin.assign(slots, 0);
  ws.backEnd.assign(slots, 0);
  ws.lagrangianMin.assign(slots, kInf);
  ws.backLagrangianMin.assign(slots, kInf);
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
  for (int d = 0; d < w.masks[0]; ++d)
    startList(d, w.init[d], w.initUnits[d], d, boundFrom(lagrange.suffix, d), ws.begin, ws.end, ws.lagrangianMin);
  const int lastBase = w.lastBase();
  for (int m = 0; m < w.masks[stages - 1]; ++m)
    startList(lastBase + m, w.tail[m], w.tailUnits[m], m, boundFrom(lagrange.prefix, lastBase + m), ws.backBegin,
              ws.backEnd, ws.backLagrangianMin);

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
            ws.sources.push_back(Source{lb, le, w.stepUnits[slot], w.stepCost[slot]});
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
          ws.sources.push_back(Source{ws.backBegin[nm], ws.backEnd[nm], w.stepUnits[slot], w.stepCost[slot]});
      }
      ws.backBegin[oldBase + om] = ws.pool.size;
      mergeSources(ws.pool, ws.sources, p.capUnits, spec);
      ws.backEnd[oldBase + om] = ws.pool.size;
      ws.backLagrangianMin[oldBase + om] = listMin(ws.backBegin[oldBase + om], ws.backEnd[oldBase + om]);
    }
  };
  auto frontier = [&](int k, const std::vector<std::int32_t>& begin, const std::vector<std::int32_t>& end) {
    std::int64_t entries = 0;
    for (int m = 0; m < w.masks[k]; ++m) entries += end[w.base[k] + m] - begin[w.base[k] + m];
    return entries;
  };
  int kf = 0, kb = stages - 1;
  while (kf < kb) {
    const std::int64_t forward = frontier(kf, ws.begin, ws.end), backward = frontier(kb, ws.backBegin, ws.backEnd);
    if (forward == 0 || backward == 0) return ListResult::None;  // nothing passes the bound
    if (forward <= backward) extendForward(++kf);
    else extendBackward(kb--);
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
  return ListResult::Found;
}

/// The capacity DP on a coarse grid: one (cost, exact units) per (state, cell), the
/// cheaper entry winning a cell (ties: fewer units). Flat arrays. Entries that cannot
/// finish under `limit` even ignoring the capacity (`bound`: backwardBound at mu = 0)
/// are not extended.
bool gridSolve(const Problem& p, const Weighted& w, double limit, const std::vector<double>& bound,
               std::vector<Device>& out) {
  Workspace& ws = workspace();
  const int stages = w.stages();
  const std::int64_t width = p.cells;
  const std::size_t maxStates = static_cast<std::size_t>(*std::max_element(w.masks.begin(), w.masks.end()));
  const std::size_t size = maxStates * static_cast<std::size_t>(width);
  ws.gridCost.assign(size, kInf);
  ws.gridUnits.assign(size, 0);
  ws.gridCostNext.resize(size);
  ws.gridUnitsNext.resize(size);
  ws.gridParent.resize(static_cast<std::size_t>(w.base[stages]) * width);
  for (int d = 0; d < 2; ++d) {
    const std::int64_t units = w.initUnits[d];
    if (w.init[d] == kInf || units > p.capUnits) continue;
    const std::size_t cell = d * width + p.cellOf(units);
    ws.gridCost[cell] = w.init[d];
    ws.gridUnits[cell] = units;
  }
  std::int64_t reach = 0;  // highest cell in use
  for (std::int64_t c = 0; c < 2 * width; ++c)
    if (ws.gridCost[c] < kInf) reach = std::max(reach, c % width);
  for (int k = 1; k < stages; ++k) {
    const int oldBase = w.base[k - 1];
    std::fill(ws.gridCostNext.begin(), ws.gridCostNext.begin() + w.masks[k] * width, kInf);
    std::int32_t* parent = ws.gridParent.data() + static_cast<std::size_t>(w.base[k]) * width;
    std::int64_t newReach = 0;
    for (int om = 0; om < w.masks[k - 1]; ++om) {
      const double* cost = ws.gridCost.data() + om * width;
      const std::int64_t* units = ws.gridUnits.data() + om * width;
      const double room = limit - bound[oldBase + om];
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(oldBase + om) * 2 + d;
        const double step = w.stepCost[slot];
        if (step == kInf) continue;
        const int nm = w.next[slot];
        const std::int64_t shift = w.stepUnits[slot];
        double* dstCost = ws.gridCostNext.data() + nm * width;
        std::int64_t* dstUnits = ws.gridUnitsNext.data() + nm * width;
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
    ws.gridCost.swap(ws.gridCostNext);
    ws.gridUnits.swap(ws.gridUnitsNext);
  }
  double best = kInf;
  std::int64_t bestIndex = -1;
  for (int m = 0; m < w.masks[stages - 1]; ++m) {
    if (w.tail[m] == kInf) continue;
    for (std::int64_t c = 0; c <= reach; ++c) {
      const std::size_t k = m * width + c;
      if (ws.gridCost[k] == kInf) continue;
      const std::int64_t units = ws.gridUnits[k] + w.tailUnits[m];
      if (units > p.capUnits) continue;
      const double total = ws.gridCost[k] + w.tail[m] + reloadPenalty(p, w, units);
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
    if (k > 0) index = ws.gridParent[static_cast<std::size_t>(w.base[k]) * width + index];
  }
  writeDevices(p, w, [&](int k) { return state[k]; }, out);
  return true;
}

/// What moving layer i alone to the other device changes in the weighted cost: its
/// compute, and every transfer on a tensor it reads or produces (frame_steps.h's rules).
double flipDelta(const Problem& p, const Weighted& w, const std::vector<Device>& device, int i) {
  auto x = [&](int tensor) { return w.a * p.xLat[tensor + 1] + w.b * p.xEn[tensor + 1]; };
  auto on = [&](int layer) { return layer < 0 ? 0 : static_cast<int>(device[layer] == Device::Cim); };
  const int d = on(i), e = 1 - d;
  double delta = w.a * (p.lat[e][i] - p.lat[d][i]) + w.b * (p.en[e][i] - p.en[d][i]);
  auto edge = [&](int other, int tensor) {  // a transfer between i and a layer on `other`
    delta += x(tensor) * ((other != e) - (other != d));
  };
  edge(on(i - 1), i - 1);
  if (i + 1 < p.n) edge(on(i + 1), i);
  else if (p.config.outputToNpu) edge(0, i);
  if (p.resSrc[i] >= -1) edge(on(p.resSrc[i]), p.resSrc[i]);
  for (int r = p.readerOff[i]; r < p.readerOff[i + 1]; ++r) edge(on(p.readerList[static_cast<std::size_t>(r)]), i);
  return delta;
}

/// A quick heuristic on a hard capacity, for the list DP's incumbent: from a fitting
/// `device` (its cost and CIM units given), takes the single-layer moves that save the
/// most, in order, while they fit and still save. Two sweeps, not a search to a local
/// optimum: each is one ranking of the decision layers. Returns the new cost.
double improveByMoves(const Problem& p, const Weighted& w, std::vector<Device>& device, double cost,
                      std::int64_t units) {
  thread_local std::vector<std::pair<double, int>> ranked;
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
      if (toCim && units + p.wUnits[i] > p.capUnits) continue;
      const double delta = flipDelta(p, w, device, i);  // neighbours may have moved
      if (delta >= 0.0) continue;
      cost += delta;
      units += toCim ? p.wUnits[i] : -p.wUnits[i];
      device[i] = toCim ? Device::Cim : Device::Npu;
    }
  }
  return cost;
}

/// What one weighted solve found.
struct WeightedResult {
  bool feasible = false;
  bool proven = true;          ///< optimal (false: the label budget ran out first)
  double lowerBound = 0.0;     ///< of the weighted cost (the Lagrangian dual)
  double cost = 0.0;           ///< of the weighted cost of `device`
};

/// One weighted solve: the unconstrained optimum when it fits; on a coarse grid the dense
/// capacity DP; otherwise a Lagrangian multiplier search gives the bounds and a fitting
/// incumbent (improved by move sweeps; the best of it and `seeds`), and the list DP
/// searches everything the bounds leave below it — or below `ceiling` when that is lower
/// (then only solutions under the ceiling are guaranteed to be found).
WeightedResult solveWeighted(const Problem& p, double a, double b, std::vector<Device>& out, bool& usedBuckets,
                             double ceiling = kInf, const std::vector<const std::vector<Device>*>& seeds = {}) {
  thread_local Weighted w;
  buildWeighted(p, a, b, w);
  WeightedResult r;
  DenseBest free;
  if (!denseSolve(p, w, 0.0, free)) return r;
  denseDevices(p, w, free, out);
  r.feasible = true;
  r.cost = r.lowerBound = free.cost;
  const std::int64_t capacity = p.config.cimCapacityBytes;
  auto bytes = [&](std::int64_t units) { return units * p.unitBytes; };
  if (!p.capacityMatters || bytes(free.units) <= capacity) return r;
  // The list DP's bounds use mu = 0 (tight for partial assignments with room to spare)
  // and the multiplier of the best dual.
  thread_local LagrangianValues lagrange;
  lagrange.mu = 0.0;
  lagrange.prefix[0] = lagrange.prefix[1] = workspace().value;
  usedBuckets = true;
  if (p.cells <= kDenseCells) {
    // A coarse grid: the dense DP, bounded only by the ceiling and the seeds.
    double seedCost = kInf;
    const std::vector<Device>* seed = nullptr;
    for (const std::vector<Device>* candidate : seeds) {
      const double c = trueCost(p, w, *candidate);
      if (c < seedCost) {
        seedCost = c;
        seed = candidate;
      }
    }
    thread_local std::vector<double> bound0;
    backwardBound(p, w, 0.0, bound0);
    const double limit = std::min(ceiling, seedCost + 1e-9 * std::abs(seedCost) + 1e-12);
    thread_local std::vector<Device> found;
    const double foundCost = gridSolve(p, w, limit, bound0, found) ? trueCost(p, w, found) : kInf;
    if (foundCost < seedCost) out = found;
    else if (seed) out = *seed;
    r.cost = std::min(foundCost, seedCost);
    r.feasible = r.cost < kInf;
    r.lowerBound = r.cost;
    return r;
  }

  // Multiplier search on mu >= 0 (<= the reload price when reloads are allowed): lo keeps
  // an over-capacity solution, hi a fitting one; the next mu is where their Lagrangian
  // lines cross (the dual's breakpoint), until no new solution appears.
  const bool reload = p.config.cimAllowReload;
  const double muCap = reload ? w.reloadPerByte : kInf;
  double loCost = free.cost, hiCost = 0.0, bestDual = free.cost;
  std::int64_t loW = bytes(free.units), hiW = 0;
  std::vector<Device>& incumbent = workspace().incumbent;
  thread_local std::vector<Device> trial;
  // What a Lagrangian solution really costs: over the capacity it pays the reload or
  // does not fit.
  auto priced = [&](const DenseBest& s) {
    if (reload) return s.cost + reloadPenalty(p, w, s.units);
    return s.units <= p.capUnits ? s.cost : kInf;
  };
  double incumbentCost = priced(free);
  if (incumbentCost < kInf) incumbent = out;
  std::int64_t incumbentUnits = free.units;
  double mu = muCap;
  if (!reload) {
    // A multiplier that makes every CIM byte cost more than any assignment's spread.
    double spread = 0.0;
    for (double c : w.stepCost)
      if (c < kInf) spread += std::abs(c);
    for (double c : w.init)
      if (c < kInf) spread += std::abs(c);
    for (double c : w.tail)
      if (c < kInf) spread += std::abs(c);
    mu = (spread + 1.0) * 2.0;
  }
  bool haveHi = false;
  for (int iter = 0; iter < 60; ++iter) {
    DenseBest s;
    if (!denseSolve(p, w, mu, s)) break;
    const double c = s.cost;
    const std::int64_t wt = bytes(s.units);
    const double dual = c + mu * static_cast<double>(wt - capacity);
    if (dual > bestDual) {
      bestDual = dual;
      lagrange.mu = mu;
      lagrange.prefix[1] = workspace().value;
    }
    const double tc = priced(s);
    if (tc < incumbentCost) {
      incumbentCost = tc;
      incumbentUnits = s.units;
      denseDevices(p, w, s, incumbent);
    }
    if (wt <= capacity) {
      if (haveHi && wt == hiW && c == hiCost) break;
      haveHi = true;
      hiW = wt;
      hiCost = c;
    } else {
      if (wt == loW && c == loCost) break;
      loW = wt;
      loCost = c;
      if (!haveHi) break;  // over capacity even at the largest multiplier
    }
    if (!haveHi || loW <= hiW) break;
    const double next = (hiCost - loCost) / static_cast<double>(loW - hiW);
    if (!(next > 0.0) || next >= muCap || next == mu) break;
    mu = next;
  }
  r.lowerBound = bestDual;
  // Without reload, the least-weight choice over capacity means nothing fits.
  if (incumbentCost == kInf) {
    r.feasible = false;
    return r;
  }
  if (!reload) {
    // Single-layer moves from the best fitting Lagrangian solution.
    trial = incumbent;
    const double c = improveByMoves(p, w, trial, incumbentCost, incumbentUnits);
    if (c < incumbentCost) {
      incumbentCost = c;
      incumbent = trial;
    }
  }
  auto consider = [&](const std::vector<Device>& candidate) {
    const double c = trueCost(p, w, candidate);
    if (c < incumbentCost) {
      incumbentCost = c;
      incumbent = candidate;
    }
  };
  for (const std::vector<Device>* seed : seeds) consider(*seed);
  backwardBound(p, w, 0.0, lagrange.suffix[0]);
  backwardBound(p, w, lagrange.mu, lagrange.suffix[1]);
  const double tol = 1e-9 * std::abs(incumbentCost) + 1e-12;
  const double limit = std::min(incumbentCost + tol, ceiling);
  const ListResult exact = listSolve(p, w, lagrange, limit, p.config.labelBudget, trial);
  if (exact == ListResult::Found) consider(trial);
  r.proven = exact != ListResult::OverBudget;
  r.cost = incumbentCost;
  out = incumbent;
  return r;
}

std::string noFeasibleWhy(const std::vector<Layer>& layers, const NetworkProfile& profile) {
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (!profile[i].npu.supported && !profile[i].cim.supported)
      return "layer " + std::to_string(i) + " (" + layers[i].block + " " + layerKindName(layers[i].kind) +
             ") is supported on neither device";
  return "no assignment fits the CIM capacity";
}

}  // namespace

Assignment assignExact(const std::vector<Layer>& layers, const NetworkProfile& profile,
                       const AssignConfig& config) {
  validateChain(layers, profile);
  const ErrorList errors = validateAssignConfig(config);
  if (!errors.empty()) throw InputError(errors);

  thread_local Problem p;
  buildProblem(layers, profile, config, p);
  bool usedBuckets = false;
  bool proven = true;
  std::vector<Device> device;
  auto finish = [&](const std::vector<Device>& chosen, double lowerBound) {
    Assignment result = detail::priceAssignment(layers, profile, config, chosen);
    result.bucketBytes = usedBuckets ? p.cellBytes() : 0;
    result.provenOptimal = proven;
    result.objectiveLowerBound = proven ? result.objectiveValue : std::min(lowerBound, result.objectiveValue);
    return result;
  };
  auto failed = [&]() {
    Assignment result = detail::priceAssignment(layers, profile, config, std::vector<Device>(layers.size(), Device::Npu));
    result.feasible = false;
    result.objectiveValue = kInf;
    result.objectiveLowerBound = kInf;
    result.bucketBytes = usedBuckets ? p.cellBytes() : 0;
    result.why = noFeasibleWhy(layers, profile);
    return result;
  };

  if (config.objective != Objective::Edp) {
    // Energy includes static power × latency: fold it into the latency weight.
    const bool latency = config.objective == Objective::Latency;
    const WeightedResult r = latency ? solveWeighted(p, 1.0, 0.0, device, usedBuckets)
                                     : solveWeighted(p, config.staticPowerW, 1.0, device, usedBuckets);
    if (!r.feasible) return failed();
    proven = r.proven;
    return finish(device, r.lowerBound);
  }

  // Energy·delay: L·E is quasi-concave on the positive quadrant, so its minimum over the
  // feasible (L, E) points is a vertex of their lower-left convex hull, i.e. the optimum
  // of some weighted sum wL·L + wE·E. Enumerate those vertices (NISE, Cohon 1979): solve
  // the two extremes, then for every hull edge PQ solve the weighted sum normal to it; a
  // point strictly below the edge is a new vertex. Points below PQ lie in the triangle
  // P, Q, (L_P, E_Q), where L·E >= L_P·E_Q: an edge whose corner cannot beat the best
  // product found is not searched.
  struct Point {
    std::vector<Device> device;
    double l, e;
  };
  std::vector<Point> points;
  double lastLowerBound = 0.0;
  auto solvePoint = [&](double wL, double wE, Point& out, double ceiling = kInf,
                        const std::vector<const std::vector<Device>*>& seeds = {}) {
    const WeightedResult r =
        solveWeighted(p, wL + wE * config.staticPowerW, wE, out.device, usedBuckets, ceiling, seeds);
    if (!r.feasible) return false;
    proven = proven && r.proven;
    lastLowerBound = r.lowerBound;
    const Assignment a = detail::priceAssignment(layers, profile, config, out.device);
    out.l = a.latencyNs;
    out.e = a.energyNj;
    return true;
  };
  Point fast, frugal;
  if (!solvePoint(1.0, 0.0, fast)) return failed();
  const double latencyFloor = lastLowerBound;
  if (!solvePoint(0.0, 1.0, frugal)) return failed();
  const double edpFloor = latencyFloor * lastLowerBound;  // least latency × least energy
  points.push_back(fast);
  points.push_back(frugal);
  double best = std::min(fast.l * fast.e, frugal.l * frugal.e);
  // Edges by their corner's product, most promising first, so that good points are found
  // early and more edges are cut.
  struct Edge {
    double corner;
    int i, j;
    bool operator<(const Edge& o) const { return corner > o.corner; }
  };
  std::priority_queue<Edge> edges;
  auto addEdge = [&](int i, int j) { edges.push({points[i].l * points[j].e, i, j}); };
  addEdge(0, 1);
  int solves = 2;
  while (!edges.empty() && solves < kMaxFrontSolves) {
    const auto [corner, i, j] = edges.top();
    edges.pop();
    const double wL = points[i].e - points[j].e;
    const double wE = points[j].l - points[i].l;
    if (!(wL > 0.0 && wE > 0.0)) continue;
    if (corner >= best * (1.0 - 1e-12)) break;  // so is every edge left
    Point r;
    ++solves;
    // Only a point strictly below the edge matters: search under it, seeded with its ends.
    const double line = wL * points[i].l + wE * points[i].e;
    if (!solvePoint(wL, wE, r, line * (1.0 - 1e-12), {&points[i].device, &points[j].device})) continue;
    const double value = wL * r.l + wE * r.e;
    if (value < line - 1e-12 * std::abs(line)) {
      best = std::min(best, r.l * r.e);
      points.push_back(std::move(r));
      const int k = static_cast<int>(points.size()) - 1;
      addEdge(i, k);
      addEdge(k, j);
    }
  }
  if (!edges.empty() && edges.top().corner < best * (1.0 - 1e-12)) proven = false;
  std::size_t pick = 0;
  for (std::size_t k = 1; k < points.size(); ++k)
    if (points[k].l * points[k].e < points[pick].l * points[pick].e) pick = k;
  return finish(points[pick].device, edpFloor);
}

}  // namespace h4h
