#pragma once
/// The project's `search` section (DESIGN §7): which algorithm, how many generations,
/// which objectives and budgets. Torch-free (project/ loads it).
///
/// Metric units, everywhere in search/ and in `results.pareto`:
///   accuracy   top-1 on the held-out split, a fraction in [0, 1] (maximised)
///   latency    single-frame latency in ms          (metric key "latency_ms")
///   energy     energy per frame in mJ              (metric key "energy_mj")
///   period     steady-state pipeline period in ms  (metric key "period_ms")
///   params     parameters in millions              (metric key "params_m")
///   macs       multiply-accumulates in millions    (metric key "macs_m")

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// "accuracy", "latency", "energy", "period", "params", "macs".
const std::vector<std::string>& searchObjectiveNames();
/// The metric key of an objective name ("latency" -> "latency_ms"); "" when unknown.
std::string objectiveMetricKey(const std::string& objective);
/// The metric keys a budget may bound: "accuracy", "latency_ms", "energy_mj",
/// "period_ms", "params_m", "macs_m".
const std::vector<std::string>& searchMetricKeys();
/// The unit shown beside a metric key ("ms", "mJ", "M", "" for accuracy).
std::string metricUnit(const std::string& metricKey);
/// True for metrics that are maximised (accuracy).
bool isMaximisedMetric(const std::string& metricKey);

struct SearchConfig {
  std::string algorithm = "nsga2";  ///< "nsga2" or "random"
  int population = 32;
  int generations = 20;
  double crossoverProb = 0.9;       ///< per offspring pair
  double mutationProb = 0.1;        ///< per gene
  std::uint64_t seed = 1;
  /// Objective names from searchObjectiveNames(), distinct, 1 to 6 of them.
  std::vector<std::string> objectives{"latency", "energy"};
  std::string scheduleObjective = "latency";  ///< the scheduler's objective: latency|energy|edp
  bool cnnOnly = false;             ///< search the CNN-only subspace (every ViT depth 0)

  /// A constraint on one metric: min <= value <= max (either bound may be absent).
  struct Budget {
    std::string metric;  ///< a metric key, e.g. "latency_ms"
    double max = std::numeric_limits<double>::infinity();
    double min = -std::numeric_limits<double>::infinity();
  };
  std::vector<Budget> budgets;
  /// Hypervolume reference point, one value per objective in the objective's unit
  /// (accuracy as a fraction); empty = automatic (see SearchJob).
  std::vector<double> referencePoint;
  /// Held-out batches used per accuracy evaluation; 0 = the whole split.
  int accuracyEvalBatches = 10;
  /// With a value above 0, a supernet measurement instead adds batches until the standard
  /// error of its top-1 is at most this fraction or the split is used up
  /// (accuracy_eval_batches then does not apply).
  double accuracyStderr = 0.0;
  /// Where the accuracy objective's values come from (issue 25): "supernet" measures every
  /// arch; "predictor" measures the initial population and predicts the rest with a
  /// regressor fitted on those measurements; "predictor+verify" also measures the archive's
  /// predicted members every `verifyEvery` generations and at the end, refitting each time,
  /// so that the final front holds measured accuracies only.
  std::string accuracySource = "supernet";
  int verifyEvery = 2;
  /// Archs the initial population starts with before its random samples: arch keys,
  /// "max" or "min" (space/arch_spec.h), e.g. the two ends of the space so that the
  /// front spans it from the first generation. Empty: all random.
  std::vector<std::string> initialArchs;
};

/// Reads and validates; every problem goes to `errors` with its path (e.g.
/// "search.objectives[1]: must be one of accuracy, latency, ..."). `{}` gives the defaults.
SearchConfig searchConfigFromJson(const Json& j, const std::string& path, ErrorList& errors);
Json searchConfigToJson(const SearchConfig& config);

}  // namespace h4h
