#include "search/arch_metrics.h"

#include <algorithm>
#include <cmath>

namespace h4h {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }
}  // namespace

Json ArchMetrics::toJson() const {
  if (!ok) return Json{{"error", error.empty() ? std::string("evaluation failed") : error}};
  Json j{{"latency_ms", latencyMs},
         {"energy_mj", energyMj},
         {"period_ms", periodMs},
         {"params_m", paramsM},
         {"macs_m", macsM},
         {"mbconv_layers", mbconvLayers},
         {"vit_layers", vitLayers},
         {"vit_mbconv_ratio", ratio(vitLayers, mbconvLayers)},
         {"npu_layers", npuLayers},
         {"cim_layers", cimLayers},
         {"npu_only_latency_ms", npuOnlyLatencyMs},
         {"npu_only_energy_mj", npuOnlyEnergyMj},
         {"latency_improvement", ratio(npuOnlyLatencyMs, latencyMs)},
         {"energy_improvement", ratio(npuOnlyEnergyMj, energyMj)}};
  if (std::isfinite(accuracy)) j["accuracy"] = accuracy;
  return j;
}

void countArchBlocks(const Arch& arch, ArchMetrics& metrics) {
  metrics.mbconvLayers = 0;
  metrics.vitLayers = 0;
  for (const auto& s : arch.stages) {
    metrics.mbconvLayers += s.mbDepth;
    metrics.vitLayers += s.vitDepth;
  }
}

double metricValue(const Json& metrics, const std::string& key) {
  if (!metrics.is_object()) return std::nan("");
  auto it = metrics.find(key);
  if (it == metrics.end() || !it->is_number()) return std::nan("");
  return it->get<double>();
}

double metricToObjective(const std::string& objective, double metric) {
  return isMaximisedMetric(objectiveMetricKey(objective)) ? -metric : metric;
}

double objectiveToMetric(const std::string& objective, double minimised) {
  return isMaximisedMetric(objectiveMetricKey(objective)) ? -minimised : minimised;
}

Fitness fitnessFromMetrics(const Json& metrics, const SearchConfig& config) {
  Fitness f;
  f.objectives.reserve(config.objectives.size());
  bool failed = !metrics.is_object() || metrics.contains("error");
  for (const auto& o : config.objectives) {
    const double v = metricValue(metrics, objectiveMetricKey(o));
    if (!std::isfinite(v)) failed = true;
    f.objectives.push_back(metricToObjective(o, v));
  }
  if (failed) {
    f.failed = true;
    f.objectives.assign(config.objectives.size(), kInf);
    f.violation = 0.0;
    return f;
  }
  for (const auto& b : config.budgets) {
    const double v = metricValue(metrics, b.metric);
    if (!std::isfinite(v)) {
      f.violation += 1.0;
      continue;
    }
    if (v > b.max) f.violation += (v - b.max) / std::max(std::fabs(b.max), 1e-12);
    if (v < b.min) f.violation += (b.min - v) / std::max(std::fabs(b.min), 1e-12);
  }
  return f;
}

}  // namespace h4h
