#include "search/arch_metrics.h"

#include <algorithm>
#include <cmath>

namespace h4h {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }

/// Every key toJson writes for a measured arch (accuracy aside: it is optional), with
/// where its value lives: the one list that toJson, fromJson, value and the log's text
/// writer share.
struct MetricField {
  const char* key;
  double ArchMetrics::*real;
  int ArchMetrics::*count;
  double (*derived)(const ArchMetrics&);

  double get(const ArchMetrics& m) const {
    return real ? m.*real : count ? static_cast<double>(m.*count) : derived(m);
  }
};

const MetricField kFields[] = {
    {"latency_ms", &ArchMetrics::latencyMs, nullptr, nullptr},
    {"energy_mj", &ArchMetrics::energyMj, nullptr, nullptr},
    {"period_ms", &ArchMetrics::periodMs, nullptr, nullptr},
    {"params_m", &ArchMetrics::paramsM, nullptr, nullptr},
    {"macs_m", &ArchMetrics::macsM, nullptr, nullptr},
    {"mbconv_layers", nullptr, &ArchMetrics::mbconvLayers, nullptr},
    {"vit_layers", nullptr, &ArchMetrics::vitLayers, nullptr},
    {"vit_mbconv_ratio", nullptr, nullptr, [](const ArchMetrics& m) { return ratio(m.vitLayers, m.mbconvLayers); }},
    {"npu_layers", nullptr, &ArchMetrics::npuLayers, nullptr},
    {"cim_layers", nullptr, &ArchMetrics::cimLayers, nullptr},
    {"npu_only_latency_ms", &ArchMetrics::npuOnlyLatencyMs, nullptr, nullptr},
    {"npu_only_energy_mj", &ArchMetrics::npuOnlyEnergyMj, nullptr, nullptr},
    {"latency_improvement", nullptr, nullptr,
     [](const ArchMetrics& m) { return ratio(m.npuOnlyLatencyMs, m.latencyMs); }},
    {"energy_improvement", nullptr, nullptr,
     [](const ArchMetrics& m) { return ratio(m.npuOnlyEnergyMj, m.energyMj); }},
};

std::string errorText(const ArchMetrics& m) {
  return m.error.empty() ? std::string("evaluation failed") : m.error;
}

void appendNumber(std::string& out, double v) {
  char buf[32];
  // 17 significant digits read back as the same double; JSON has no NaN or infinity.
  const int n = std::isfinite(v) ? std::snprintf(buf, sizeof buf, "%.17g", v) : std::snprintf(buf, sizeof buf, "null");
  out.append(buf, static_cast<std::size_t>(n));
}
}  // namespace

Json ArchMetrics::toJson() const {
  if (!ok) return Json{{"error", errorText(*this)}};
  Json j = Json::object();
  for (const MetricField& f : kFields) {
    if (f.count) j[f.key] = this->*f.count;
    else j[f.key] = f.get(*this);
  }
  if (std::isfinite(accuracy)) j["accuracy"] = accuracy;
  if (accuracyPredicted) j["accuracy_predicted"] = true;
  return j;
}

void ArchMetrics::appendJson(std::string& out) const {
  if (!ok) {
    out += "{\"error\":";
    out += Json(errorText(*this)).dump(-1, ' ', false, Json::error_handler_t::replace);
    out += '}';
    return;
  }
  out += '{';
  for (const MetricField& f : kFields) {
    out += '"';
    out += f.key;
    out += "\":";
    if (f.count) out += std::to_string(this->*f.count);
    else appendNumber(out, f.get(*this));
    out += ',';
  }
  if (std::isfinite(accuracy)) {
    out += "\"accuracy\":";
    appendNumber(out, accuracy);
    out += ',';
  }
  if (accuracyPredicted) out += "\"accuracy_predicted\":true,";
  out.back() = '}';
}

double ArchMetrics::value(const std::string& key) const {
  if (!ok) return std::nan("");
  if (key == "accuracy") return accuracy;
  for (const MetricField& f : kFields)
    if (key == f.key) return f.get(*this);
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
  for (const MetricField& f : kFields) {
    auto it = j.find(f.key);
    if (it == j.end() || !it->is_number()) continue;
    if (f.real) m.*f.real = it->get<double>();
    else if (f.count) m.*f.count = it->get<int>();
  }
  auto acc = j.find("accuracy");
  if (acc != j.end() && acc->is_number()) m.accuracy = acc->get<double>();
  auto predicted = j.find("accuracy_predicted");
  m.accuracyPredicted = predicted != j.end() && predicted->is_boolean() && predicted->get<bool>();
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

std::vector<AccuracyResult> AccuracyEvaluator::top1Many(const std::vector<Arch>& archs) {
  std::vector<AccuracyResult> results(archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) {
    try {
      results[i].top1 = top1(archs[i]);
    } catch (const std::exception& e) {
      results[i].error = e.what();
    }
  }
  return results;
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
