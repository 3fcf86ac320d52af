#pragma once
/// The ranking machinery of NSGA-II (Deb et al. 2002), independent of what is searched:
/// constraint-domination, fast non-dominated sorting, crowding distance and elitist
/// (mu + lambda) survival. Every objective is minimised (maximised metrics are negated
/// by the caller).

#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// The outcome of evaluating one candidate (the "tell" of ask/tell).
struct Fitness {
  std::vector<double> objectives;  ///< all minimised
  double violation = 0.0;          ///< total constraint violation, >= 0; 0 = feasible
  bool failed = false;             ///< evaluation failed: ranked after every other candidate

  bool feasible() const { return !failed && violation <= 0.0; }
  bool operator==(const Fitness& o) const;
};

Json fitnessToJson(const Fitness& f);
/// Inverse of fitnessToJson; records problems under `path`.
Fitness fitnessFromJson(const Json& j, const std::string& path, ErrorList& errors);

/// Plain Pareto dominance: no worse in every objective and better in one.
bool paretoDominates(const std::vector<double>& a, const std::vector<double>& b);

/// Deb's constraint-domination: a feasible candidate beats an infeasible one; of two
/// infeasible ones the smaller total violation wins; two feasible ones compare by
/// Pareto dominance. A failed candidate is beaten by every candidate that did not fail.
bool constrainedDominates(const Fitness& a, const Fitness& b);

/// Fronts of indices into `pool`, best first (fast non-dominated sort under
/// constraint-domination). Indices within a front are ascending.
std::vector<std::vector<int>> nonDominatedSort(const std::vector<Fitness>& pool);

/// Crowding distance of each member of `front` (same order); the extremes of each
/// objective get +infinity.
std::vector<double> crowdingDistances(const std::vector<Fitness>& pool,
                                      const std::vector<int>& front);

/// Rank (0 = first front) and crowding distance of every member of a pool.
struct Ranking {
  std::vector<int> rank;
  std::vector<double> crowding;
};
Ranking rankPool(const std::vector<Fitness>& pool);

/// NSGA-II's crowded comparison: lower rank, then larger crowding distance.
inline bool crowdedBetter(const Ranking& r, int a, int b) {
  if (r.rank[a] != r.rank[b]) return r.rank[a] < r.rank[b];
  return r.crowding[a] > r.crowding[b];
}

/// Elitist survival: the indices of the `n` best members of `pool` (whole fronts
/// first, the last front cut by crowding distance), best first. Deterministic.
std::vector<int> selectSurvivors(const std::vector<Fitness>& pool, int n);

}  // namespace h4h
