#pragma once
/// One row of `results.pareto`: an arch of the last search's front, its feasibility and
/// every metric, typed. Reading validates each field with its path
/// (`results.pareto[3].latency_ms: must be a number`); fields this build does not know
/// are kept and written back, so a load/save round trip keeps the row's content.

#include <string>
#include <vector>

#include "search/arch_metrics.h"
#include "util/json_fields.h"

namespace h4h {

struct ParetoRecord {
  std::string key;        ///< the arch key
  bool feasible = true;   ///< within every budget of the search
  ArchMetrics metrics;    ///< `{"error": ...}` rows are metrics with ok == false
  Json unknown = Json::object();  ///< fields this build does not know, written back as read

  /// The metric by its `results.pareto` key (ArchMetrics::value); NaN when absent.
  double value(const std::string& metricKey) const { return metrics.value(metricKey); }
  /// The row: metrics.toJson() with "key", "feasible" and the unknown fields.
  Json toJson() const;
  /// Reads a row; problems are recorded in `errors` under `path`.
  static ParetoRecord fromJson(const Json& row, const std::string& path, ErrorList& errors);

  bool operator==(const ParetoRecord& o) const { return toJson() == o.toJson(); }
  bool operator!=(const ParetoRecord& o) const { return !(*this == o); }
};

/// `results.pareto`: the front in the search's deterministic order.
using ParetoFront = std::vector<ParetoRecord>;

Json paretoFrontToJson(const ParetoFront& front);
/// Reads an array of rows (each validated as `path[i]`).
ParetoFront paretoFrontFromJson(const Json& rows, const std::string& path, ErrorList& errors);
/// Reads rows this program wrote (the search's archive); a malformed row is an internal error.
ParetoFront paretoFrontFromTrustedJson(const Json& rows);

}  // namespace h4h
