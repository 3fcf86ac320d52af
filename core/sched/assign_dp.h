#pragma once
// The exact assignment's internals (assignExact, assign_exact.cpp), shared by its parts:
// the chain as flat arrays per objective (assign_problem.cpp), the Lagrangian DPs
// (assign_lagrange.cpp), the capacity DPs (assign_lists.cpp, assign_grid.cpp) and the
// incumbent's move sweeps (assign_moves.cpp). docs/scheduler.md explains the method.
#include <cstdint>
#include <limits>
#include <vector>

#include "sched/assign.h"

namespace h4h::assign_dp {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Tensors whose device one DP state remembers: the previous layer's output plus the
/// saved tensors still to be read by a residual layer.
constexpr int kMaxTracked = 8;
constexpr int kNone = -3;

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
  std::vector<int> readerOff, readerList;  ///< residual layers reading layer i's output:
                                           ///< readerList[readerOff[i] .. readerOff[i + 1])
  AssignConfig config;
  const std::vector<Layer>* layers = nullptr;
  const NetworkProfile* profile = nullptr;

  std::int64_t cellOf(std::int64_t units) const { return units >> cellShift; }
  std::int64_t cellBytes() const { return unitBytes << cellShift; }
  int readers(int i) const { return readerOff[i + 1] - readerOff[i]; }
};

/// One weighted objective's chain, compressed to its decision layers. A layer that can
/// run on one device only (or whose CIM choice is dominated) is folded into the step
/// that reaches the next decision layer: its state map is deterministic, so a run of
/// such layers composes into one (cost, units, new state) per old state. Stage 0 is
/// layer 0; stage k >= 1 is the k-th decision layer after it; the tail holds what
/// follows the last stage (fixed layers and the output transfer).
struct Weighted {
  double a = 1.0, b = 0.0;        ///< cost = a·latency + b·energy
  double reloadPerByte = 0.0;     ///< a·reloadNs + b·reloadNj
  std::vector<double> compute[2]; ///< per layer and device: a·latency + b·energy
  std::vector<double> transfer;   ///< [t + 1]: moving tensor t (-1 = network input)
  std::vector<double> residual;   ///< per layer: moving its residual operand (0: none)
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
  /// The possible steps in stage order, as global state indices with their cost and CIM
  /// units (as a double, the Lagrangian DPs' term): one flat loop over sequential memory
  /// for the Lagrangian DPs, with no per-stage loop bounds to mispredict.
  struct Move {
    std::int32_t from, to;
    double cost, units;
    std::uint16_t om;
  };
  std::vector<Move> moves;
  std::vector<double> tail;             ///< per state of the last stage
  std::vector<std::int64_t> tailUnits;

  int stages() const { return static_cast<int>(layer.size()); }
  int lastBase() const { return base[layer.size() - 1]; }
};

/// Builds `p` from a valid config. Returns false, having built nothing usable, when the
/// layers and profile fail validateChain's checks (which then says why).
bool buildProblem(const std::vector<Layer>& layers, const NetworkProfile& profile, const AssignConfig& config,
                  Problem& p);
void buildWeighted(const Problem& p, double a, double b, Weighted& w);

/// Writes the devices of a chosen state per stage (`stateOf(k)`: the state mask of
/// stage k) and the fixed layers.
template <typename StateOf>
void writeDevices(const Problem& p, const Weighted& w, StateOf stateOf, std::vector<Device>& out) {
  out.resize(p.n);
  for (int i = 0; i < p.n; ++i) out[i] = w.fixed[i] == 1 ? Device::Cim : Device::Npu;
  for (int k = 0; k < w.stages(); ++k) out[w.layer[k]] = (stateOf(k) & 1) ? Device::Cim : Device::Npu;
}

/// The exact weighted cost of a choice (true bytes for the reload penalty).
double trueCost(const Problem& p, const Weighted& w, const std::vector<Device>& device);
/// What CIM weights over the capacity cost per frame (0 unless reloads are allowed).
double reloadPenalty(const Problem& p, const Weighted& w, std::int64_t units);

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
bool denseSolve(const Problem& p, const Weighted& w, double mu, DenseBest& best);
/// Per state, the last denseSolve's least cost + mu · (CIM bytes) of reaching it.
const std::vector<double>& denseValues();
/// The devices of the last denseSolve's best path.
void denseDevices(const Problem& p, const Weighted& w, const DenseBest& best, std::vector<Device>& out);
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

/// The capacity DP on a fine grid (assign_lists.cpp says how). Entries whose bound
/// exceeds `limit` are dropped (no solution under the limit is lost by that); `budget` >
/// 0 gives up once that many entries were stored. Found: `out` and its weighted cost.
ListResult listSolve(const Problem& p, const Weighted& w, const LagrangianValues& lagrange, double limit,
                     std::int64_t budget, std::vector<Device>& out, double& cost);

/// The capacity DP on a coarse grid (assign_grid.cpp). Entries that cannot finish under
/// `limit` even ignoring the capacity (`bound`: backwardBound at mu = 0) are not extended.
bool gridSolve(const Problem& p, const Weighted& w, double limit, const std::vector<double>& bound,
               std::vector<Device>& out);

/// What moving layer i alone to the other device changes in the weighted cost.
double flipDelta(const Problem& p, const Weighted& w, const std::vector<Device>& device, int i);
/// Single-layer move sweeps on a fitting assignment (assign_moves.cpp); returns the cost.
double improveByMoves(const Problem& p, const Weighted& w, std::vector<Device>& device, double cost,
                      std::int64_t units);

}  // namespace h4h::assign_dp
