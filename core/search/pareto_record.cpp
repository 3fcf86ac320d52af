#include "search/pareto_record.h"

#include <limits>

#include "util/json_array.h"

namespace h4h {

namespace {

/// The metric keys a measured arch writes, with a value of the type each holds.
const Json& metricTemplate() {
  static const Json kTemplate = [] {
    ArchMetrics m;
    m.accuracy = 0.0;
    return m.toJson();
  }();
  return kTemplate;
}

bool isOwnKey(const std::string& k) {
  return k == "key" || k == "feasible" || k == "error" || metricTemplate().contains(k);
}

}  // namespace

Json ParetoRecord::toJson() const {
  Json row = metrics.toJson();
  row["key"] = key;
  row["feasible"] = feasible;
  addUnknownFields(row, unknown);
  return row;
}

ParetoRecord ParetoRecord::fromJson(const Json& row, const std::string& path, ErrorList& errors) {
  ParetoRecord r;
  JsonFields f(row, path, errors);
  if (!f.isObject()) return r;
  r.key = f.getString("key", "", Need::Required);
  r.feasible = f.getBool("feasible", true);
  if (f.has("error")) {
    r.metrics.ok = false;
    r.metrics.error = f.getString("error", "");
  } else {
    constexpr double kMax = std::numeric_limits<double>::max();
    for (const auto& [k, example] : metricTemplate().items()) {
      if (!f.has(k)) continue;
      if (example.is_number_integer()) f.getInt(k, 0, 0, std::numeric_limits<int>::max());
      else f.getDouble(k, 0.0, -kMax, kMax);
    }
    // Validated above; ArchMetrics owns the key-to-member table.
    r.metrics = ArchMetrics::fromJson(row);
  }
  for (const auto& [k, v] : row.items())
    if (!isOwnKey(k)) r.unknown[k] = v;
  return r;
}

Json paretoFrontToJson(const ParetoFront& front) { return writeJsonArray(front); }

ParetoFront paretoFrontFromJson(const Json& rows, const std::string& path, ErrorList& errors) {
  return readJsonArray(rows, path, errors, &ParetoRecord::fromJson);
}

ParetoFront paretoFrontFromTrustedJson(const Json& rows) {
  ErrorList errors;
  ParetoFront front = paretoFrontFromJson(rows, "pareto", errors);
  if (!errors.empty()) throw std::logic_error("search front: " + errors.joined());
  return front;
}

}  // namespace h4h
