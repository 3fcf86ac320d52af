// The exact assignment (assign.h): per weighted objective, the unconstrained optimum, or
// under a binding capacity a multiplier search, move sweeps and a capacity DP
// (assign_dp.h); energy·delay by enumerating the supported (latency, energy) points.
// docs/scheduler.md explains the formulation, the capacity granularity and the bound it
// gives.
#include <algorithm>
#include <cstdint>
#include <queue>
#include <stdexcept>
#include <vector>

#include "sched/assign.h"
#include "sched/assign_dp.h"
#include "sched/frame_steps.h"

namespace h4h {

namespace {

using namespace assign_dp;

/// Weighted solves allowed while enumerating the (latency, energy) front for EDP.
constexpr int kMaxFrontSolves = 256;
/// Grids of up to this many cells use the dense DP (one value per state and cell); finer
/// ones use Pareto lists pruned by Lagrangian bounds.
constexpr std::int64_t kDenseCells = 64;

/// What one weighted solve found.
struct WeightedResult {
  bool feasible = false;
  bool proven = true;          ///< optimal (false: the label budget ran out first)
  double lowerBound = 0.0;     ///< of the weighted cost (the Lagrangian dual)
  double cost = 0.0;           ///< of the weighted cost of `device`
};

/// What the multiplier search found: the best dual (a lower bound of the weighted cost),
/// and the best solution it saw that fits (with reloads: the cheapest once priced), in
/// the search's `incumbent`; kInf when none fits.
struct MultiplierSearch {
  double bestDual = 0.0;
  double incumbentCost = kInf;
  std::int64_t incumbentUnits = 0;
};

/// The Lagrangian multiplier search for a binding capacity, from the capacity-free
/// optimum `free`, whose solve left its table in ws.dense (its devices `freeDevices`:
/// traced only when reloads are allowed, the one case where it can be the incumbent;
/// null otherwise). Fills ws.lagrange's prefix values (mu = 0 and the best dual's mu) and
/// ws.incumbent.
MultiplierSearch searchMultiplier(const Problem& p, const Weighted& w, const DenseBest& free,
                                  const std::vector<Device>* freeDevices, Workspace& ws) {
  LagrangianValues& lagrange = ws.lagrange;
  std::vector<Device>& incumbent = ws.incumbent;
  const std::int64_t capacity = p.config.cimCapacityBytes;
  auto bytes = [&](std::int64_t units) { return units * p.unitBytes; };
  // The list DP's bounds use mu = 0 (tight for partial assignments with room to spare)
  // and the multiplier of the best dual.
  lagrange.mu = 0.0;
  lagrange.prefix[0] = lagrange.prefix[1] = ws.dense.value;  // the capacity-free solve's
  // Multiplier search on mu >= 0 (<= the reload price when reloads are allowed): `over`
  // keeps an over-capacity solution, `fit` a fitting one; the next mu is where their
  // Lagrangian lines cross (the dual's breakpoint), until no new solution appears.
  const bool reload = p.config.cimAllowReload;
  const double muCap = reload ? w.reloadPerByte : kInf;
  double overCost = free.cost, fitCost = 0.0, bestDual = free.cost;
  std::int64_t overBytes = bytes(free.units), fitBytes = 0;
  // What a Lagrangian solution really costs: over the capacity it pays the reload or
  // does not fit.
  auto priced = [&](const DenseBest& s) {
    if (reload) return s.cost + reloadPenalty(p, w, s.units);
    return s.units <= p.capacityUnits ? s.cost : kInf;
  };
  double incumbentCost = freeDevices ? priced(free) : kInf;
  if (incumbentCost < kInf) incumbent = *freeDevices;
  std::int64_t incumbentUnits = free.units;
  double mu = muCap;
  bool haveFit = false;
  if (!reload) {
    // The NPU-only assignment, where there is one, uses no capacity and costs a sum (no
    // DP): it is the first fitting point, and the search starts where its line crosses
    // the capacity-free optimum's.
    bool npuOnly = true;
    double npuCost = 0.0;
    for (int i = 0; i < p.n; ++i) {
      npuOnly = npuOnly && p.npu.supported[i];
      npuCost += w.compute[0][i];
    }
    if (npuOnly) {
      haveFit = true;
      fitCost = npuCost;
      if (npuCost < incumbentCost) {
        incumbentCost = npuCost;
        incumbentUnits = 0;
        incumbent.assign(static_cast<std::size_t>(p.n), Device::Npu);
      }
      mu = (fitCost - overCost) / static_cast<double>(overBytes - fitBytes);
    } else {
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
  }
  for (int iter = 0; iter < 60; ++iter) {
    DenseBest s;
    if (!denseSolve(p, w, mu, ws.dense, s)) break;
    const double cost = s.cost;
    const std::int64_t bytesUsed = bytes(s.units);
    const double dual = cost + mu * static_cast<double>(bytesUsed - capacity);
    if (dual > bestDual) {
      bestDual = dual;
      lagrange.mu = mu;
      lagrange.prefix[1] = ws.dense.value;
    }
    const double pricedCost = priced(s);
    if (pricedCost < incumbentCost) {
      incumbentCost = pricedCost;
      incumbentUnits = s.units;
      denseDevices(p, w, ws.dense, s, incumbent);
    }
    if (bytesUsed <= capacity) {
      if (haveFit && bytesUsed == fitBytes && cost == fitCost) break;
      haveFit = true;
      fitBytes = bytesUsed;
      fitCost = cost;
    } else {
      if (bytesUsed == overBytes && cost == overCost) break;
      overBytes = bytesUsed;
      overCost = cost;
      if (!haveFit) break;  // over capacity even at the largest multiplier
    }
    if (!haveFit || overBytes <= fitBytes) break;
    const double next = (fitCost - overCost) / static_cast<double>(overBytes - fitBytes);
    if (!(next > 0.0) || next >= muCap || next == mu) break;
    mu = next;
  }
  return MultiplierSearch{bestDual, incumbentCost, incumbentUnits};
}

/// One weighted solve: the unconstrained optimum when it fits; on a coarse grid the dense
/// capacity DP; otherwise a Lagrangian multiplier search gives the bounds and a fitting
/// incumbent (improved by move sweeps; the best of it and `seeds`), and the list DP
/// searches everything the bounds leave below it — or below `ceiling` when that is lower
/// (then only solutions under the ceiling are guaranteed to be found).
WeightedResult solveWeighted(Workspace& ws, double latencyWeight, double energyWeight,
                             std::vector<Device>& out, bool& usedBuckets, double ceiling = kInf,
                             const std::vector<const std::vector<Device>*>& seeds = {}) {
  const Problem& p = ws.problem;
  Weighted& w = ws.weighted;
  buildWeighted(p, latencyWeight, energyWeight, w);
  WeightedResult r;
  DenseBest free;
  if (!denseSolve(p, w, 0.0, ws.dense, free)) return r;
  r.feasible = true;
  r.cost = r.lowerBound = free.cost;
  const std::int64_t capacity = p.config.cimCapacityBytes;
  auto bytes = [&](std::int64_t units) { return units * p.unitBytes; };
  const bool fits = !p.capacityMatters || bytes(free.units) <= capacity;
  // Over the capacity, the optimum's devices matter only if it may pay for reloads.
  if (fits || p.config.cimAllowReload) denseDevices(p, w, ws.dense, free, out);
  if (fits) return r;
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
    backwardBound(p, w, 0.0, ws.gridBound);
    const double limit = std::min(ceiling, seedCost + 1e-9 * std::abs(seedCost) + 1e-12);
    std::vector<Device>& found = ws.gridFound;
    const double foundCost =
        gridSolve(p, w, limit, ws.gridBound, ws.grid, found) ? trueCost(p, w, found) : kInf;
    if (foundCost < seedCost) out = found;
    else if (seed) out = *seed;
    r.cost = std::min(foundCost, seedCost);
    r.feasible = r.cost < kInf;
    r.lowerBound = r.cost;
    return r;
  }

  LagrangianValues& lagrange = ws.lagrange;
  std::vector<Device>& incumbent = ws.incumbent;
  std::vector<Device>& trial = ws.trial;
  const MultiplierSearch search =
      searchMultiplier(p, w, free, p.config.cimAllowReload ? &out : nullptr, ws);
  r.lowerBound = search.bestDual;
  double incumbentCost = search.incumbentCost;
  // Without reload, the least-weight choice over capacity means nothing fits.
  if (incumbentCost == kInf) {
    r.feasible = false;
    return r;
  }
  // Single-layer moves from the best fitting Lagrangian solution (each one saves).
  if (!p.config.cimAllowReload)
    incumbentCost =
        improveByMoves(p, w, incumbent, incumbentCost, search.incumbentUnits, ws.rankedMoves);
  for (const std::vector<Device>* seed : seeds) {
    const double c = trueCost(p, w, *seed);
    if (c < incumbentCost) {
      incumbentCost = c;
      incumbent = *seed;
    }
  }
  backwardBound(p, w, 0.0, lagrange.suffix[0]);
  backwardBound(p, w, lagrange.mu, lagrange.suffix[1]);
  const double tol = 1e-9 * std::abs(incumbentCost) + 1e-12;
  const double limit = std::min(incumbentCost + tol, ceiling);
  double trialCost = kInf;
  const ListResult exact =
      listSolve(p, w, lagrange, limit, p.config.labelBudget, ws.lists, trial, trialCost);
  if (exact == ListResult::Found && trialCost < incumbentCost) {
    incumbentCost = trialCost;
    incumbent.swap(trial);
  }
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

AssignWorkspace::AssignWorkspace() : m_tables(std::make_unique<assign_dp::Workspace>()) {}
AssignWorkspace::~AssignWorkspace() = default;
AssignWorkspace::AssignWorkspace(const AssignWorkspace&) : AssignWorkspace() {}
AssignWorkspace& AssignWorkspace::operator=(const AssignWorkspace&) { return *this; }
assign_dp::Workspace& AssignWorkspace::tables() {
  if (!m_tables) m_tables = std::make_unique<assign_dp::Workspace>();
  return *m_tables;
}
AssignWorkspace::AssignWorkspace(AssignWorkspace&&) noexcept = default;
AssignWorkspace& AssignWorkspace::operator=(AssignWorkspace&&) noexcept = default;

Assignment assignExact(const std::vector<Layer>& layers, const NetworkProfile& profile,
                       const AssignConfig& config) {
  AssignWorkspace workspace;
  return assignExact(layers, profile, config, workspace);
}

Assignment assignExact(const std::vector<Layer>& layers, const NetworkProfile& profile,
                       const AssignConfig& config, AssignWorkspace& workspace) {
  const ErrorList errors = validateAssignConfig(config);
  if (!errors.empty()) {
    validateChain(layers, profile);  // the chain's errors first
    throw InputError(errors);
  }
  Workspace& ws = workspace.tables();
  const Problem& p = ws.problem;
  if (!buildProblem(layers, profile, config, ws.problem, ws.readerCursor)) {
    validateChain(layers, profile);  // says which field is wrong
    throw std::logic_error("assignExact: the chain failed a check validateChain passes");
  }
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
    const WeightedResult r = latency
                                 ? solveWeighted(ws, 1.0, 0.0, device, usedBuckets)
                                 : solveWeighted(ws, config.staticPowerW, 1.0, device, usedBuckets);
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
    const WeightedResult r = solveWeighted(ws, wL + wE * config.staticPowerW, wE, out.device,
                                           usedBuckets, ceiling, seeds);
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
