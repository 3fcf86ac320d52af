#pragma once
// The archs a search evaluated, as the Search tab's plot and table see them: one point
// per arch key with every metric as a number, whether it is within the budgets and
// whether it is on the Pareto front. Plain data (no widgets), filled from a running
// search's feed or from the project's results (search_state.cache + pareto).

#include <QString>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "project/project.h"
#include "search/search_config.h"
#include "util/json_fields.h"

namespace h4h::ui {

/// A metric the plot can put on an axis or use as colour.
struct ParetoMetricInfo {
  const char* key;     ///< metric key in results.pareto ("latency_ms", "accuracy", ...)
  const char* label;   ///< axis label without unit
  const char* unit;    ///< "ms", "mJ", "M", "%" (accuracy shown in percent), "" (ratios)
  bool maximised;      ///< better when larger
};

/// Accuracy is a top-1 fraction in the results and shown in percent (accuracy points).
constexpr double kAccuracyPointsPerFraction = 100.0;

/// Every metric of an evaluated arch, in a fixed order (index = metric id).
const std::vector<ParetoMetricInfo>& paretoMetrics();
/// Index of a metric key in paretoMetrics(); -1 when unknown.
int paretoMetricIndex(const std::string& key);
/// "Latency (ms)".
QString paretoMetricTitle(int metric);
/// The value as shown (accuracy in %, 4 significant digits, unit appended); "—" for NaN.
QString formatParetoMetric(int metric, double value);
/// Axis value of a metric (accuracy scaled to percent).
double paretoDisplayValue(int metric, double value);

struct ParetoPoint {
  std::string key;
  std::vector<double> values;  ///< per paretoMetrics(); NaN when absent
  bool failed = false;         ///< evaluation failed (error set)
  bool feasible = true;        ///< within every budget (and not failed)
  bool onFront = false;        ///< non-dominated (a member of the Pareto archive)
  bool accuracyPredicted = false;  ///< its accuracy is the predictor's estimate (search.accuracy)
  std::string error;
  Json metrics;                ///< the metrics object as measured
  std::string objectivesText;  ///< its objective values as text ("" when one is missing): groups identical archs
  int identicalCount = 1;      ///< archs with exactly these objective values (itself included)
  int identicalLead = -1;      ///< the first of them (lowest index); -1 when it has no twin
};

/// formatParetoMetric of the point's value, "88.40 % (pred.)" for a predicted accuracy.
QString formatPointMetric(const ParetoPoint& point, int metric);
/// Where the point's accuracy comes from, for tooltips ("" without an accuracy).
QString accuracySourceText(const ParetoPoint& point);

/// Whether the point's marker is drawn hollow: its accuracy is predicted and accuracy is
/// on an axis or the colour, so where (or how) it is drawn is an estimate.
bool paretoMarkerHollow(const ParetoPoint& point, int xMetric, int yMetric, int colourMetric);

class ParetoPointSet {
public:
  int size() const { return static_cast<int>(m_points.size()); }
  bool empty() const { return m_points.empty(); }
  const ParetoPoint& at(int i) const { return m_points[static_cast<std::size_t>(i)]; }
  const std::vector<ParetoPoint>& points() const { return m_points; }
  /// -1 when the key is not in the set.
  int indexOf(const std::string& key) const;
  /// True when some point's accuracy is predicted.
  bool hasPredictedAccuracy() const { return m_predicted > 0; }
  /// True when some point has a finite value of the metric.
  bool hasMetric(int metric) const {
    return metric >= 0 && metric < static_cast<int>(m_seen.size()) && m_seen[static_cast<std::size_t>(metric)];
  }
  double value(int i, int metric) const {
    return m_points[static_cast<std::size_t>(i)].values[static_cast<std::size_t>(metric)];
  }

  /// The archs with exactly this point's objective values (itself included, ascending);
  /// one entry when it has no twin.
  std::vector<int> identical(int i) const;
  int identicalCount(int i) const { return at(i).identicalCount; }

  /// Adds the arch, or replaces its metrics when present (feasibility under `config`'s
  /// budgets, identical-objective group under its objectives). Returns its index.
  int upsert(const std::string& key, const Json& metrics, const SearchConfig& config);
  /// Marks exactly these keys as the front; returns the indices whose mark changed.
  std::vector<int> setFront(const std::unordered_set<std::string>& keys);
  void clear();

private:
  std::vector<ParetoPoint> m_points;
  std::unordered_map<std::string, int> m_index;
  std::vector<bool> m_seen;  // per metric
  int m_predicted = 0;       // points whose accuracy is predicted
  std::unordered_map<std::string, std::vector<int>> m_identical;  // objectivesText -> members
  void markIdentical(const std::string& text);  // members' count and lead from m_identical
};

/// Every arch the project's results know: the search state's evaluation cache (all
/// evaluated archs; none when `state` is null), each replaced by its what-if re-score
/// when `rescored` has it, overridden by results.pareto (the front). Front membership:
/// the pareto entries no other pareto entry constraint-dominates under `config`.
ParetoPointSet pointsFromResults(const ProjectResults& results, const SearchConfig& config,
                                 const SearchState* state = nullptr,
                                 const std::map<std::string, ArchMetrics>* rescored = nullptr);
/// pointsFromResults with the project's search state (in memory or read from its log).
ParetoPointSet pointsFromProject(const Project& project, const std::map<std::string, ArchMetrics>* rescored = nullptr);

/// Keys of the non-dominated members of a results.pareto array under `config`.
std::unordered_set<std::string> nonDominatedKeys(const ParetoFront& pareto, const SearchConfig& config);

/// The 2-D Pareto front of the feasible points in the (x, y) metrics (each minimised or
/// maximised as its metric is), sorted by x ascending: indices into the set.
std::vector<int> frontIn2d(const ParetoPointSet& points, int xMetric, int yMetric);

}  // namespace h4h::ui
