#include "search/search_config.h"

#include <cmath>
#include <set>

namespace h4h {

namespace {
struct ObjectiveInfo {
  const char* name;
  const char* key;
  const char* unit;
};
constexpr ObjectiveInfo kObjectives[] = {
    {"accuracy", "accuracy", ""},   {"latency", "latency_ms", "ms"},
    {"energy", "energy_mj", "mJ"},  {"period", "period_ms", "ms"},
    {"params", "params_m", "M"},    {"macs", "macs_m", "M"},
};

std::string listText(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

/// Accepts a metric key or an objective name; returns the metric key or "".
std::string canonicalMetric(const std::string& name) {
  for (const auto& o : kObjectives)
    if (name == o.key || name == o.name) return o.key;
  return {};
}
}  // namespace

const std::vector<std::string>& searchObjectiveNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& o : kObjectives) v.push_back(o.name);
    return v;
  }();
  return kNames;
}

const std::vector<std::string>& searchMetricKeys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> v;
    for (const auto& o : kObjectives) v.push_back(o.key);
    return v;
  }();
  return kKeys;
}

std::string objectiveMetricKey(const std::string& objective) {
  for (const auto& o : kObjectives)
    if (objective == o.name) return o.key;
  return {};
}

std::string metricUnit(const std::string& metricKey) {
  for (const auto& o : kObjectives)
    if (metricKey == o.key) return o.unit;
  return {};
}

bool isMaximisedMetric(const std::string& metricKey) { return metricKey == "accuracy"; }

SearchConfig searchConfigFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  SearchConfig c;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return c;
  c.algorithm = f.getEnum("algorithm", c.algorithm, {"nsga2", "random"});
  c.population = static_cast<int>(f.getInt("population", c.population, 2, 100000));
  c.generations = static_cast<int>(f.getInt("generations", c.generations, 0, 1000000));
  c.crossoverProb = f.getDouble("crossover_prob", c.crossoverProb, 0.0, 1.0);
  c.mutationProb = f.getDouble("mutation_prob", c.mutationProb, 0.0, 1.0);
  c.seed = static_cast<std::uint64_t>(
      f.getInt("seed", static_cast<long long>(c.seed), 0, (1LL << 53)));
  c.scheduleObjective =
      f.getEnum("schedule_objective", c.scheduleObjective, {"latency", "energy", "edp"});
  c.cnnOnly = f.getBool("cnn_only", c.cnnOnly);
  c.accuracyEvalBatches =
      static_cast<int>(f.getInt("accuracy_eval_batches", c.accuracyEvalBatches, 0, 1000000));
  c.accuracyStderr = f.getDouble("accuracy_stderr", c.accuracyStderr, 0.0, 0.5);
  c.accuracySource = f.getEnum("accuracy", c.accuracySource, {"supernet", "predictor", "predictor+verify"});
  c.verifyEvery = static_cast<int>(f.getInt("verify_every", c.verifyEvery, 1, 1000000));
  if (const Json* initial = f.child("initial_archs")) {
    const std::string ipath = f.pathOf("initial_archs");
    if (!initial->is_array()) errors.add(ipath, "must be an array of arch keys, \"max\" or \"min\"",
                                         describeJson(*initial));
    else
      for (std::size_t i = 0; i < initial->size(); ++i) {
        const Json& spec = (*initial)[i];
        if (spec.is_string() && !spec.get<std::string>().empty()) c.initialArchs.push_back(spec.get<std::string>());
        else errors.add(joinIndex(ipath, i), "must be an arch key, \"max\" or \"min\"", describeJson(spec));
      }
  }

  if (const Json* objs = f.child("objectives")) {
    const std::string opath = f.pathOf("objectives");
    if (!objs->is_array()) {
      errors.add(opath, "must be an array of objective names", describeJson(*objs));
    } else if (objs->empty()) {
      errors.add(opath, "must name at least one objective (" +
                            listText(searchObjectiveNames()) + ")", "[]");
    } else {
      std::vector<std::string> out;
      std::set<std::string> seen;
      bool ok = true;
      for (std::size_t i = 0; i < objs->size(); ++i) {
        const Json& e = (*objs)[i];
        const std::string ep = joinIndex(opath, i);
        if (!e.is_string()) {
          errors.add(ep, "must be a string", describeJson(e));
          ok = false;
          continue;
        }
        std::string name = e.get<std::string>();
        if (objectiveMetricKey(name).empty()) {
          errors.add(ep, "unknown objective; must be one of " + listText(searchObjectiveNames()),
                     describeJson(e));
          ok = false;
        } else if (!seen.insert(name).second) {
          errors.add(ep, "objective listed twice", describeJson(e));
          ok = false;
        } else {
          out.push_back(name);
        }
      }
      if (ok) c.objectives = out;
    }
  }

  if (const Json* budgets = f.child("budgets")) {
    const std::string bpath = f.pathOf("budgets");
    if (!budgets->is_array()) {
      errors.add(bpath, "must be an array of {metric, max} / {metric, min} objects",
                 describeJson(*budgets));
    } else {
      for (std::size_t i = 0; i < budgets->size(); ++i) {
        JsonFields b((*budgets)[i], joinIndex(bpath, i), errors);
        if (!b.isObject()) continue;
        SearchConfig::Budget budget;
        const std::string metric = b.getString("metric", "", Need::Required);
        if (b.has("metric") && (*budgets)[i]["metric"].is_string()) {
          budget.metric = canonicalMetric(metric);
          if (budget.metric.empty())
            errors.add(b.pathOf("metric"),
                       "unknown metric; must be one of " + listText(searchMetricKeys()),
                       describeJson(metric));
        }
        const double big = 1e300;
        budget.max = b.getDouble("max", budget.max, -big, big);
        budget.min = b.getDouble("min", budget.min, -big, big);
        if (!b.has("max") && !b.has("min"))
          errors.add(b.path(), "needs a \"max\" or a \"min\" bound");
        else if (std::isfinite(budget.max) && std::isfinite(budget.min) && budget.min > budget.max)
          errors.add(b.pathOf("min"), "must not exceed max", describeJson(budget.min));
        if (!budget.metric.empty()) c.budgets.push_back(budget);
      }
    }
  }

  c.referencePoint = f.getDoubleList("reference_point", c.referencePoint, -1e300, 1e300,
                                     Need::Optional, false);
  if (!c.referencePoint.empty() && c.referencePoint.size() != c.objectives.size())
    errors.add(f.pathOf("reference_point"),
               "needs one value per objective (" + std::to_string(c.objectives.size()) +
                   "), or [] for automatic",
               describeJson(f.has("reference_point") ? j["reference_point"] : Json()));
  return c;
}

Json searchConfigToJson(const SearchConfig& c) {
  Json budgets = Json::array();
  for (const auto& b : c.budgets) {
    Json o{{"metric", b.metric}};
    if (std::isfinite(b.max)) o["max"] = b.max;
    if (std::isfinite(b.min)) o["min"] = b.min;
    budgets.push_back(o);
  }
  Json j{{"algorithm", c.algorithm},
              {"population", c.population},
              {"generations", c.generations},
              {"crossover_prob", c.crossoverProb},
              {"mutation_prob", c.mutationProb},
              {"seed", c.seed},
              {"objectives", c.objectives},
              {"schedule_objective", c.scheduleObjective},
              {"cnn_only", c.cnnOnly},
              {"budgets", budgets},
              {"reference_point", c.referencePoint},
              {"accuracy_eval_batches", c.accuracyEvalBatches}};
  // Written only when set, so that files and saved searches from before they existed are unchanged.
  if (!c.initialArchs.empty()) j["initial_archs"] = c.initialArchs;
  if (c.accuracyStderr > 0.0) j["accuracy_stderr"] = c.accuracyStderr;
  if (c.accuracySource != "supernet") {
    j["accuracy"] = c.accuracySource;
    j["verify_every"] = c.verifyEvery;
  }
  return j;
}

}  // namespace h4h
