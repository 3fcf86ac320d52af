#pragma once
/// Per-layer NPU/CIM assignment (DESIGN §5): the exact optimum of a chain under the
/// CIM weight capacity, the baselines it is compared with, and a brute-force reference
/// for tests. Every function prices an assignment with the same rules (frame_steps.h):
/// one frame runs its layers one after another; a tensor crossing devices pays the
/// producer's outputTransfer; the network input lives on the NPU side.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "sched/device.h"
#include "sched/objective.h"
#include "util/errors.h"

namespace h4h {

namespace assign_dp {
struct Workspace;
}

/// The memory assignExact works in: its tables grow to the largest chain seen and are
/// reused, so that a caller that keeps one (one per thread: the search keeps one per
/// evaluator) allocates nothing per call once warm. It carries no results from one call
/// to the next. Not shareable between threads at once. Copying gives empty tables (it
/// is scratch, not state), so objects that hold one stay copyable.
class AssignWorkspace {
public:
  AssignWorkspace();
  ~AssignWorkspace();
  AssignWorkspace(const AssignWorkspace&);
  AssignWorkspace& operator=(const AssignWorkspace&);
  AssignWorkspace(AssignWorkspace&&) noexcept;
  AssignWorkspace& operator=(AssignWorkspace&&) noexcept;

  /// The tables (made again if this object was moved from).
  assign_dp::Workspace& tables();

private:
  std::unique_ptr<assign_dp::Workspace> m_tables;
};

/// Everything about the system the scheduler needs beyond the per-layer profile; plain
/// numbers so that sched/ does not depend on the hardware models.
struct AssignConfig {
  Objective objective = Objective::Latency;
  std::int64_t cimCapacityBytes = 0;  ///< total weight bytes the CIM macros hold
  /// Weights beyond the capacity may be rewritten every frame (the excess bytes pay
  /// reloadNsPerByte / reloadNjPerByte on the CIM lane); false: they must fit.
  bool cimAllowReload = false;
  double reloadNsPerByte = 0.0;
  double reloadNjPerByte = 0.0;
  /// Capacity granularity: the DP keeps at most one partial assignment per state and
  /// capacity cell, with at most this many cells (docs/scheduler.md gives the bound on
  /// lost optimality). Range [0, 65536]; 0 = one cell per byte unit: exact. Up to 64
  /// cells use a dense DP; finer grids Pareto lists built from both ends of the chain and
  /// pruned by Lagrangian bounds.
  int capacityBuckets = 1024;
  /// Work limit of the exact capacity DP, in stored entries (0 = none: always exact).
  /// When it runs out, the best assignment found so far is returned with
  /// provenOptimal = false and a lower bound (the search's inner loop may set one).
  std::int64_t labelBudget = 0;
  TransferCost inputTransfer;      ///< moving the network input (NPU side) to the CIM
  bool outputToNpu = true;         ///< the network output is delivered on the NPU side
  /// System static power charged over the frame latency (W × ns = nJ); 0 when the
  /// profile's per-layer energies already include it.
  double staticPowerW = 0.0;
};

/// Problems with a config, each naming the field (path prefix `prefix`).
ErrorList validateAssignConfig(const AssignConfig& config, const std::string& prefix = "assign");

/// One assignment and its single-frame totals.
struct Assignment {
  std::vector<Device> device;       ///< per layer
  double latencyNs = 0.0;           ///< one frame, devices used one after another
  double energyNj = 0.0;            ///< compute + transfers + reload + static
  double objectiveValue = 0.0;      ///< of config.objective; +inf when infeasible
  std::int64_t cimWeightBytes = 0;  ///< weights of the CIM layers
  bool feasible = false;
  std::string why;                  ///< why not feasible (empty when feasible)

  // Breakdown of the totals.
  int transfers = 0;
  double transferLatencyNs = 0.0, transferEnergyNj = 0.0;
  std::int64_t reloadBytes = 0;     ///< rewritten per frame (cimAllowReload only)
  double reloadLatencyNs = 0.0, reloadEnergyNj = 0.0;
  double staticEnergyNj = 0.0;

  /// Capacity bucket size the exact DP used (0: capacity never bound, no buckets).
  std::int64_t bucketBytes = 0;
  /// assignExact: whether the result is proven optimal (false only when labelBudget ran
  /// out), and a lower bound of the optimum's objective (equal to objectiveValue when
  /// proven).
  bool provenOptimal = true;
  double objectiveLowerBound = 0.0;
  AssignConfig config;              ///< the settings it was priced under

  int countOn(Device d) const;
};

/// Prices a given per-layer device choice (validates inputs; infeasible choices come
/// back with feasible = false and a reason naming the layer).
Assignment evaluateAssignment(const std::vector<Layer>& layers, const NetworkProfile& profile,
                              const AssignConfig& config, const std::vector<Device>& device);

/// The optimal assignment: DP over the chain with state (device of the previous layer,
/// devices of the residual tensors still to be read, CIM capacity used), capacity in
/// buckets whose weights are rounded up (never infeasible). Energy·delay is solved
/// exactly by enumerating the supported points of the (latency, energy) front with
/// weighted-sum DPs (the minimum of L·E lies on one). Throws InputError on bad input.
/// Works in `workspace`; the overload without one makes a fresh one per call.
Assignment assignExact(const std::vector<Layer>& layers, const NetworkProfile& profile,
                       const AssignConfig& config, AssignWorkspace& workspace);
Assignment assignExact(const std::vector<Layer>& layers, const NetworkProfile& profile,
                       const AssignConfig& config);

/// Enumerates all 2^n assignments (n <= 20) with exact weight bytes: the test reference.
Assignment bruteForceAssign(const std::vector<Layer>& layers, const NetworkProfile& profile,
                            const AssignConfig& config);

/// Baselines.
Assignment assignNpuOnly(const std::vector<Layer>& layers, const NetworkProfile& profile,
                         const AssignConfig& config);
/// Feasible only if every layer runs on the CIM and the weights fit (or reload is allowed).
Assignment assignCimOnly(const std::vector<Layer>& layers, const NetworkProfile& profile,
                         const AssignConfig& config);
/// Each layer on its own best device for the objective ignoring transfers (EDP: per-layer
/// latency × energy), taken in chain order while the CIM capacity lasts; then priced
/// with transfers.
Assignment assignGreedy(const std::vector<Layer>& layers, const NetworkProfile& profile,
                        const AssignConfig& config);

/// Throws InputError when layers and profile do not describe the same valid chain.
void validateChain(const std::vector<Layer>& layers, const NetworkProfile& profile);

}  // namespace h4h
