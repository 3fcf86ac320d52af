#pragma once
// The exact assignment's internals (assignExact, assign_exact.cpp), shared by its parts:
// the chain as flat arrays per objective (assign_problem.cpp), the Lagrangian DPs
// (assign_lagrange.cpp), the capacity DPs (assign_lists.cpp, assign_grid.cpp) and the
// incumbent's move sweeps (assign_moves.cpp). Every function writes its results and
// scratch into arguments the caller owns (the caller's AssignWorkspace): nothing is kept
// between calls. docs/scheduler.md explains the method.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sched/assign.h"

namespace h4h::assign_dp {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Tensors whose device one DP state remembers: the previous layer's output plus the
/// saved tensors still to be read by a residual layer.
constexpr int kMaxTracked = 8;
/// residualPosition of a layer that reads no residual.
constexpr int kNoResidual = -3;

/// One device's per-layer costs, copied out of the profile as flat columns.
struct DeviceColumns {
  std::vector<double> latencyNs, energyNj;
  std::vector<std::uint8_t> supported;
};

/// The chain as flat arrays, built once per assignExact call. CIM weights are counted in
/// units of their greatest common divisor (exact); capacity cells are 2^cellShift units.
struct Problem {
  int n = 0;
  DeviceColumns npu, cim;
  /// [t + 1]: moving tensor t across the link (t = -1: the network input).
  std::vector<double> transferLatencyNs, transferEnergyNj;
  std::vector<std::int64_t> weightBytes;
  std::vector<std::int64_t> weightUnits;  ///< CIM weight in units (0 where the CIM cannot run it)
  std::int64_t unitBytes = 1;
  int cellShift = 0;               ///< cell = units >> cellShift
  std::int64_t capacityUnits = 0;  ///< units that fit (reload: no limit)
  std::int64_t cells = 0;          ///< cells any assignment can reach
  bool capacityMatters = false;
  /// Layer i's residual operand: -2 none, -1 the network input, else the producing layer.
  std::vector<int> residualSource;
  /// The last layer that reads layer i's output as a residual (-1: none).
  std::vector<int> lastResidualReader;
  std::vector<int> trackedCount;  ///< |T_i|: tracked tensors after layer i (bit 0 = layer i)
  std::vector<int> gatherOffset;  ///< i >= 1: where layer i's gather list starts
  std::vector<int> gather;        ///< new position p >= 1 -> position in T_{i-1}
  /// Where layer i's residual operand sits in T_{i-1}: kNoResidual, -1 (the network
  /// input), or its bit position.
  std::vector<int> residualPosition;
  /// Residual layers reading layer i's output:
  /// residualReaders[readerOffset[i] .. readerOffset[i + 1]).
  std::vector<int> readerOffset, residualReaders;
  AssignConfig config;
  const std::vector<Layer>* layers = nullptr;
  const NetworkProfile* profile = nullptr;

  const DeviceColumns& on(int device) const { return device ? cim : npu; }
  std::int64_t cellOf(std::int64_t units) const { return units >> cellShift; }
  std::int64_t cellBytes() const { return unitBytes << cellShift; }
  int readers(int i) const { return readerOffset[i + 1] - readerOffset[i]; }
};

/// One weighted objective's chain, compressed to its decision layers. A layer that can
/// run on one device only (or whose CIM choice is dominated) is folded into the step
/// that reaches the next decision layer: its state map is deterministic, so a run of
/// such layers composes into one (cost, units, new state) per old state. Stage 0 is
/// layer 0; stage k >= 1 is the k-th decision layer after it; the tail holds what
/// follows the last stage (fixed layers and the output transfer). A state is a mask of
/// the tracked tensors' devices (bit 0: the stage's own layer); its slot is
/// base[stage] + mask.
struct Weighted {
  double latencyWeight = 1.0, energyWeight = 0.0;  ///< cost = latencyWeight·L + energyWeight·E
  double reloadPerByte = 0.0;      ///< the weighted reload price of one byte over the capacity
  std::vector<double> compute[2];  ///< per device (0 NPU, 1 CIM) and layer: weighted compute cost
  std::vector<double> transfer;   ///< [t + 1]: moving tensor t (-1 = network input)
  std::vector<double> residual;   ///< per layer: moving its residual operand (0: none)
  std::vector<std::uint8_t> cim;  ///< layer i may go to the CIM (supported and not dominated)
  std::vector<std::int8_t> fixed; ///< per layer: -1 decision, 0 NPU, 1 CIM, 2 neither
  std::vector<int> layer;         ///< stage k -> its layer
  std::vector<int> base;          ///< stage k -> first state slot; base[stages] = all slots
  std::vector<int> masks;         ///< stage k -> states (2^|T| of its layer)
  double init[2] = {kInf, kInf};  ///< layer 0 on NPU / CIM
  std::int64_t initUnits[2] = {0, 0};
  /// Per step slot (base[k-1] + fromMask) * 2 + device of stage k's layer: the cost
  /// (kInf when impossible), the state mask reached, the CIM units added.
  std::vector<double> stepCost;
  std::vector<std::uint16_t> next;
  std::vector<std::int64_t> stepUnits;
  /// The possible steps in stage order, as global state slots with their cost and CIM
  /// units (as a double, the Lagrangian DPs' term): one flat loop over sequential memory
  /// for the Lagrangian DPs, with no per-stage loop bounds to mispredict.
  struct Move {
    std::int32_t fromSlot, toSlot;
    double cost, units;
    std::uint16_t fromMask;
  };
  std::vector<Move> moves;
  std::vector<double> tail;             ///< per state of the last stage
  std::vector<std::int64_t> tailUnits;

  int stages() const { return static_cast<int>(layer.size()); }
  int lastBase() const { return base[layer.size() - 1]; }
};

/// Builds `p` from a valid config. Returns false, having built nothing usable, when the
/// layers and profile fail validateChain's checks (which then says why). `readerCursor`
/// is scratch.
bool buildProblem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                  const AssignConfig& config, Problem& p, std::vector<int>& readerCursor);
void buildWeighted(const Problem& p, double latencyWeight, double energyWeight, Weighted& w);

/// Starts `out` for a chosen path: the fixed layers' devices (the stages' follow with
/// setStageDevice).
void startDevices(const Problem& p, const Weighted& w, std::vector<Device>& out);
inline void setStageDevice(const Weighted& w, int stage, int mask, std::vector<Device>& out) {
  out[w.layer[stage]] = (mask & 1) ? Device::Cim : Device::Npu;
}

/// The exact weighted cost of a choice (true bytes for the reload penalty).
double trueCost(const Problem& p, const Weighted& w, const std::vector<Device>& device);
/// What CIM weights over the capacity cost per frame (0 unless reloads are allowed).
double reloadPenalty(const Problem& p, const Weighted& w, std::int64_t units);

/// One Lagrangian solve's table: per state slot, the least cost + mu · (CIM bytes) of
/// reaching it, and the state of the stage before on that path.
struct DenseTable {
  std::vector<double> value;
  std::vector<std::uint16_t> parent;
};

/// The best of one Lagrangian solve: its weighted cost without the mu term, its CIM
/// units, and its state at the last stage (devices follow with denseDevices).
struct DenseBest {
  double cost = 0.0;
  std::int64_t units = 0;
  int state = -1;
};

/// Minimises cost + mu · (CIM weight bytes) ignoring the capacity, filling `table`. The
/// best path's own cost and units come from following it back (no pass over the
/// layers). Returns false when no assignment exists.
bool denseSolve(const Problem& p, const Weighted& w, double mu, DenseTable& table, DenseBest& best);
/// The devices of `best`, the best path of the solve that filled `table`.
void denseDevices(const Problem& p, const Weighted& w, const DenseTable& table,
                  const DenseBest& best, std::vector<Device>& out);
/// bound[base[k] + m]: the least cost + mu · (CIM weight bytes) of everything after
/// stage k (and the output transfer) from its state m, capacity ignored.
void backwardBound(const Problem& p, const Weighted& w, double mu, std::vector<double>& bound);

enum class ListResult { Found, None, OverBudget };

/// Values for the list DP's bounds, per state, at mu = 0 (index 0: the capacity ignored)
/// and at the multiplier mu of the best dual (index 1): `prefix` the least cost + mu · (CIM
/// bytes) of reaching the state (denseSolve's values), `suffix` that of finishing from it
/// (backwardBound's).
struct LagrangianValues {
  double mu = 0.0;
  std::vector<double> prefix[2], suffix[2];
};

/// One partial assignment in the list DP: its cost, exact CIM units, where it came from
/// (pool index; -1 at either end of the chain) and its state mask.
struct ListEntry {
  double cost;
  std::int64_t units;
  std::int32_t parent;
  std::uint16_t mask;
};

/// The list DP's entries, each list a contiguous run built at the end. A list is written
/// past `size` before it is committed, so the storage is a plain array with a fill count.
struct EntryPool {
  std::vector<ListEntry> slots;
  std::int32_t size = 0;

  /// Room for `more` entries after `size`; returns the storage.
  ListEntry* reserve(std::int64_t more) {
    const std::size_t need = static_cast<std::size_t>(size + more);
    if (slots.size() < need) slots.resize(std::max(need, slots.size() * 2));
    return slots.data();
  }
  ListEntry& operator[](std::int32_t i) { return slots[static_cast<std::size_t>(i)]; }
  const ListEntry& operator[](std::int32_t i) const { return slots[static_cast<std::size_t>(i)]; }
};

/// One list feeding a state: pool entries [next, end), a Pareto list sorted by units,
/// shifted by `shift` units and `add` cost on the way.
struct ListSource {
  std::int32_t next, end;
  std::int64_t shift;
  double add;

  // Constructed in place by emplace_back (docs/scheduler.md, "store forwarding").
  ListSource(std::int32_t n, std::int32_t e, std::int64_t s, double a)
      : next(n), end(e), shift(s), add(a) {}
};

/// The list DP's tables: the entry pool and, per state slot, where its lists lie.
struct ListTables {
  EntryPool pool;
  std::vector<std::int32_t> prefixBegin, prefixEnd;          ///< forward lists, per state slot
  std::vector<std::int32_t> completionBegin, completionEnd;  ///< backward lists, per state slot
  /// Per list: the least cost + mu · units of its entries, to skip a list whose every
  /// entry would fail the bound.
  std::vector<double> prefixLagrangianMin, completionLagrangianMin;
  std::vector<ListSource> sources;  ///< the lists feeding the state being built
};

/// The capacity DP on a fine grid (assign_lists.cpp says how). Entries whose bound
/// exceeds `limit` are dropped (no solution under the limit is lost by that); `budget` >
/// 0 gives up once that many entries were stored. Found: `out` and its weighted cost.
ListResult listSolve(const Problem& p, const Weighted& w, const LagrangianValues& lagrange,
                     double limit, std::int64_t budget, ListTables& tables,
                     std::vector<Device>& out, double& cost);

/// The coarse-grid DP's tables: per (state, cell) of the current and next stage the
/// cost and exact units, and per (state slot, cell) the (state, cell) it came from.
struct GridTables {
  std::vector<double> cost, costNext;
  std::vector<std::int64_t> units, unitsNext;
  std::vector<std::int32_t> parent;
};

/// The capacity DP on a coarse grid (assign_grid.cpp). Entries that cannot finish under
/// `limit` even ignoring the capacity (`bound`: backwardBound at mu = 0) are not extended.
bool gridSolve(const Problem& p, const Weighted& w, double limit, const std::vector<double>& bound,
               GridTables& tables, std::vector<Device>& out);

/// What moving layer i alone to the other device changes in the weighted cost.
double flipDelta(const Problem& p, const Weighted& w, const std::vector<Device>& device, int i);
/// Single-layer move sweeps on a fitting assignment (assign_moves.cpp); returns the cost.
/// `ranked` is scratch.
double improveByMoves(const Problem& p, const Weighted& w, std::vector<Device>& device, double cost,
                      std::int64_t units, std::vector<std::pair<double, int>>& ranked);

/// Everything assignExact reuses from one call to the next (AssignWorkspace's contents).
struct Workspace {
  Problem problem;
  std::vector<int> readerCursor;
  Weighted weighted;
  DenseTable dense;
  std::vector<double> gridBound;  ///< backwardBound at mu = 0 for the grid DP
  GridTables grid;
  LagrangianValues lagrange;
  ListTables lists;
  std::vector<Device> gridFound, incumbent, trial;
  std::vector<std::pair<double, int>> rankedMoves;
};

}  // namespace h4h::assign_dp
