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

double ArchMetrics::value(const std::string& key) const {
  if (!ok) return std::nan("");
  if (key == "latency_ms") return latencyMs;
  if (key == "energy_mj") return energyMj;
  if (key == "period_ms") return periodMs;
  if (key == "params_m") return paramsM;
  if (key == "macs_m") return macsM;
  if (key == "accuracy") return accuracy;
  if (key == "mbconv_layers") return mbconvLayers;
  if (key == "vit_layers") return vitLayers;
  if (key == "vit_mbconv_ratio") return ratio(vitLayers, mbconvLayers);
  if (key == "npu_layers") return npuLayers;
  if (key == "cim_layers") return cimLayers;
  if (key == "npu_only_latency_ms") return npuOnlyLatencyMs;
  if (key == "npu_only_energy_mj") return npuOnlyEnergyMj;
  if (key == "latency_improvement") return ratio(npuOnlyLatencyMs, latencyMs);
  if (key == "energy_improvement") return ratio(npuOnlyEnergyMj, energyMj);
  return std::nan("");
}

ArchMetrics ArchMetrics::fromJson(const Json& j) {
  ArchMetrics m;
  if (!j.is_object() || j.contains("error")) {
    m.ok = false;
    auto e = j.is_object() ? j.find("error") : j.end();
    m.error = e != j.end() && e->is_string() ? e->get<std::string>() : std::string("evaluation failed");
    return m;
  }
  auto number = [&](const char* key, double fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
  };
  auto count = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  m.latencyMs = number("latency_ms", 0.0);
  m.energyMj = number("energy_mj", 0.0);
  m.periodMs = number("period_ms", 0.0);
  m.paramsM = number("params_m", 0.0);
  m.macsM = number("macs_m", 0.0);
  m.mbconvLayers = count("mbconv_layers");
  m.vitLayers = count("vit_layers");
  m.npuLayers = count("npu_layers");
  m.cimLayers = count("cim_layers");
  m.npuOnlyLatencyMs = number("npu_only_latency_ms", 0.0);
  m.npuOnlyEnergyMj = number("npu_only_energy_mj", 0.0);
  m.accuracy = number("accuracy", std::numeric_limits<double>::quiet_NaN());
  return m;
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

namespace {

/// One rule for both forms of the metrics: `value(key)` is NaN when absent.
template <class ValueOf>
Fitness fitnessFrom(bool failed, const ValueOf& value, const SearchConfig& config) {
  Fitness f;
  f.objectives.reserve(config.objectives.size());
  for (const auto& o : config.objectives) {
    const double v = value(objectiveMetricKey(o));
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
    const double v = value(b.metric);
    if (!std::isfinite(v)) {
      f.violation += 1.0;
      continue;
    }
    if (v > b.max) f.violation += (v - b.max) / std::max(std::fabs(b.max), 1e-12);
    if (v < b.min) f.violation += (b.min - v) / std::max(std::fabs(b.min), 1e-12);
  }
  return f;
}

}  // namespace

Fitness fitnessFromMetrics(const Json& metrics, const SearchConfig& config) {
  return fitnessFrom(!metrics.is_object() || metrics.contains("error"),
                     [&](const std::string& key) { return metricValue(metrics, key); }, config);
}

Fitness fitnessFromMetrics(const ArchMetrics& metrics, const SearchConfig& config) {
  return fitnessFrom(!metrics.ok, [&](const std::string& key) { return metrics.value(key); }, config);
}

}  // namespace h4h
