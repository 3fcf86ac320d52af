#include "ui/search/pareto_points.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "project/project_search_state.h"
#include "search/arch_metrics.h"
#include "search/pareto.h"

namespace h4h::ui {

const std::vector<ParetoMetricInfo>& paretoMetrics() {
  static const std::vector<ParetoMetricInfo> kMetrics = {
      {"accuracy", "Top-1 accuracy", "%", true},
      {"latency_ms", "Latency", "ms", false},
      {"energy_mj", "Energy / frame", "mJ", false},
      {"period_ms", "Pipeline period", "ms", false},
      {"params_m", "Parameters", "M", false},
      {"macs_m", "MACs", "M", false},
      {"vit_mbconv_ratio", "ViT / MBConv ratio", "", false},
      {"vit_layers", "ViT blocks", "", false},
      {"mbconv_layers", "MBConv blocks", "", false},
      {"cim_layers", "Layers on CIM", "", false},
      {"latency_improvement", "Latency gain vs NPU-only", "x", true},
      {"energy_improvement", "Energy gain vs NPU-only", "x", true},
  };
  return kMetrics;
}

int paretoMetricIndex(const std::string& key) {
  const auto& m = paretoMetrics();
  for (std::size_t i = 0; i < m.size(); ++i)
    if (key == m[i].key) return static_cast<int>(i);
  return -1;
}

QString paretoMetricTitle(int metric) {
  const ParetoMetricInfo& m = paretoMetrics()[static_cast<std::size_t>(metric)];
  const QString unit = QString::fromLatin1(m.unit);
  if (unit.isEmpty() || unit == "x") return QString::fromLatin1(m.label);
  return QString("%1 (%2)").arg(QString::fromLatin1(m.label), unit);
}

double paretoDisplayValue(int metric, double value) {
  static const int accuracy = paretoMetricIndex("accuracy");  // called per point per redraw: no string compare
  return metric == accuracy ? kAccuracyPointsPerFraction * value : value;
}

QString formatParetoMetric(int metric, double value) {
  if (!std::isfinite(value)) return QStringLiteral("—");
  const ParetoMetricInfo& m = paretoMetrics()[static_cast<std::size_t>(metric)];
  const QString unit = QString::fromLatin1(m.unit);
  const double shown = paretoDisplayValue(metric, value);
  if (unit == "%") return QString::number(shown, 'f', 2) + " %";
  if (unit == "x") return QString::number(shown, 'f', 2) + "×";
  const bool integral = std::floor(shown) == shown && std::fabs(shown) < 1e9;
  const QString text = integral && unit.isEmpty() ? QString::number(qint64(shown))
                                                  : QString::number(shown, 'g', 4);
  return unit.isEmpty() ? text : text + " " + unit;
}

QString formatPointMetric(const ParetoPoint& point, int metric) {
  static const int accuracy = paretoMetricIndex("accuracy");
  const double v = point.values[static_cast<std::size_t>(metric)];
  const QString text = formatParetoMetric(metric, v);
  return metric == accuracy && point.accuracyPredicted && std::isfinite(v) ? text + QObject::tr(" (pred.)") : text;
}

QString accuracySourceText(const ParetoPoint& point) {
  static const int accuracy = paretoMetricIndex("accuracy");
  if (point.failed || !std::isfinite(point.values[static_cast<std::size_t>(accuracy)])) return {};
  return point.accuracyPredicted ? QObject::tr("accuracy predicted by the accuracy predictor")
                                 : QObject::tr("accuracy measured on the supernet");
}

bool paretoMarkerHollow(const ParetoPoint& point, int xMetric, int yMetric, int colourMetric) {
  static const int accuracy = paretoMetricIndex("accuracy");
  return point.accuracyPredicted && (xMetric == accuracy || yMetric == accuracy || colourMetric == accuracy);
}

int ParetoPointSet::indexOf(const std::string& key) const {
  auto it = m_index.find(key);
  return it == m_index.end() ? -1 : it->second;
}

int ParetoPointSet::upsert(const std::string& key, const Json& metrics, const SearchConfig& config) {
  int i = indexOf(key);
  if (i < 0) {
    i = size();
    m_points.emplace_back();
    m_points.back().key = key;
    m_index.emplace(key, i);
  }
  ParetoPoint& p = m_points[static_cast<std::size_t>(i)];
  const auto& catalogue = paretoMetrics();
  p.values.assign(catalogue.size(), std::nan(""));
  m_seen.resize(catalogue.size(), false);
  for (std::size_t m = 0; m < catalogue.size(); ++m) {
    p.values[m] = metricValue(metrics, catalogue[m].key);
    if (std::isfinite(p.values[m])) m_seen[m] = true;
  }
  p.failed = !metrics.is_object() || metrics.contains("error");
  p.error = p.failed && metrics.is_object() ? metrics.value("error", std::string("evaluation failed"))
                                            : std::string();
  p.feasible = fitnessFromMetrics(metrics, config).feasible();
  const auto flag = p.failed ? metrics.end() : metrics.find("accuracy_predicted");
  const bool predicted = flag != metrics.end() && flag->is_boolean() && flag->get<bool>();
  m_predicted += int(predicted) - int(p.accuracyPredicted);
  p.accuracyPredicted = predicted;
  p.metrics = metrics;
  // Group by identical objective values (exact: the same numbers as measured).
  std::string text;
  for (const std::string& objective : config.objectives) {
    const double v = metricValue(metrics, objectiveMetricKey(objective));
    if (p.failed || !std::isfinite(v)) {
      text.clear();
      break;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g;", v);
    text += buffer;
  }
  if (text != p.objectivesText) {
    if (!p.objectivesText.empty()) {
      std::vector<int>& old = m_identical[p.objectivesText];
      old.erase(std::remove(old.begin(), old.end(), i), old.end());
      markIdentical(p.objectivesText);
      if (old.empty()) m_identical.erase(p.objectivesText);
    }
    p.identicalCount = 1;
    p.identicalLead = -1;
    if (!text.empty()) {
      std::vector<int>& group = m_identical[text];
      group.insert(std::upper_bound(group.begin(), group.end(), i), i);
      markIdentical(text);
    }
    p.objectivesText = std::move(text);
  }
  return i;
}

void ParetoPointSet::markIdentical(const std::string& text) {
  const auto it = m_identical.find(text);
  if (it == m_identical.end()) return;
  const std::vector<int>& group = it->second;
  for (int member : group) {
    ParetoPoint& q = m_points[static_cast<std::size_t>(member)];
    q.identicalCount = static_cast<int>(group.size());
    q.identicalLead = group.size() > 1 ? group.front() : -1;
  }
}

std::vector<int> ParetoPointSet::identical(int i) const {
  const ParetoPoint& p = at(i);
  const auto it = p.objectivesText.empty() ? m_identical.end() : m_identical.find(p.objectivesText);
  return it == m_identical.end() ? std::vector<int>{i} : it->second;
}


std::vector<int> ParetoPointSet::setFront(const std::unordered_set<std::string>& keys) {
  std::vector<int> changed;
  for (std::size_t i = 0; i < m_points.size(); ++i) {
    ParetoPoint& p = m_points[i];
    const bool on = keys.count(p.key) != 0;
    if (on != p.onFront) changed.push_back(static_cast<int>(i));
    p.onFront = on;
  }
  return changed;
}

void ParetoPointSet::clear() {
  m_identical.clear();
  m_points.clear();
  m_index.clear();
  m_seen.clear();
  m_predicted = 0;
}

namespace {
/// The row's metrics as the plot and table show them (unknown fields included).
Json metricsOf(const ParetoRecord& record) {
  Json m = record.toJson();
  m.erase("key");
  m.erase("feasible");
  return m;
}
}  // namespace

std::unordered_set<std::string> nonDominatedKeys(const ParetoFront& pareto, const SearchConfig& config) {
  ParetoArchive archive;
  for (const ParetoRecord& e : pareto)
    archive.insert(ParetoEntry{e.key, fitnessFromMetrics(e.metrics, config), Json::object()});
  std::unordered_set<std::string> keys;
  for (const ParetoEntry& e : archive.sorted()) keys.insert(e.key);
  return keys;
}

ParetoPointSet pointsFromResults(const ProjectResults& results, const SearchConfig& config,
                                 const SearchState* state, const std::map<std::string, ArchMetrics>* rescored) {
  ParetoPointSet set;
  if (state)
    for (const auto& [key, metrics] : state->cache) {
      const ArchMetrics* shown = &metrics;
      if (rescored) {
        const auto it = rescored->find(key);
        if (it != rescored->end()) shown = &it->second;
      }
      set.upsert(key, shown->toJson(), config);
    }
  for (const ParetoRecord& e : results.pareto) set.upsert(e.key, metricsOf(e), config);
  set.setFront(nonDominatedKeys(results.pareto, config));
  return set;
}

ParetoPointSet pointsFromProject(const Project& project, const std::map<std::string, ArchMetrics>* rescored) {
  std::shared_ptr<const SearchState> state;
  try {
    state = loadSearchState(project);
  } catch (const std::exception&) {
    // A missing or unreadable log: the front still shows.
  }
  return pointsFromResults(project.results, project.search, state.get(), rescored);
}

std::vector<int> frontIn2d(const ParetoPointSet& points, int xMetric, int yMetric) {
  const auto& catalogue = paretoMetrics();
  const double sx = catalogue[static_cast<std::size_t>(xMetric)].maximised ? -1.0 : 1.0;
  const double sy = catalogue[static_cast<std::size_t>(yMetric)].maximised ? -1.0 : 1.0;
  struct Cand {
    double x, y;
    int index;
  };
  std::vector<Cand> all;
  all.reserve(static_cast<std::size_t>(points.size()));
  double xLo = std::numeric_limits<double>::infinity(), xHi = -xLo;
  for (int i = 0; i < points.size(); ++i) {
    const ParetoPoint& p = points.at(i);
    const double x = p.values[static_cast<std::size_t>(xMetric)];
    const double y = p.values[static_cast<std::size_t>(yMetric)];
    if (!p.feasible || !std::isfinite(x) || !std::isfinite(y)) continue;
    all.push_back({sx * x, sy * y, i});
    xLo = std::min(xLo, sx * x);
    xHi = std::max(xHi, sx * x);
  }
  // Before sorting, drop what is surely dominated (O(n)): a point whose y is no better
  // than the best y of a bucket of strictly smaller x. Only a few per bucket are left.
  constexpr int kBuckets = 1024;
  const double width = xHi > xLo ? (xHi - xLo) / kBuckets : 1.0;
  auto bucketOf = [&](double x) { return std::min(kBuckets - 1, static_cast<int>((x - xLo) / width)); };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> bestIn(kBuckets, inf);  // best y of each bucket
  for (const Cand& k : all) {
    double& best = bestIn[static_cast<std::size_t>(bucketOf(k.x))];
    best = std::min(best, k.y);
  }
  std::vector<double> before(kBuckets, inf);  // best y of the buckets left of each bucket
  for (std::size_t b = 1; b < before.size(); ++b) before[b] = std::min(before[b - 1], bestIn[b - 1]);
  std::vector<Cand> c;
  for (const Cand& k : all)
    if (k.y < before[static_cast<std::size_t>(bucketOf(k.x))]) c.push_back(k);
  std::sort(c.begin(), c.end(), [](const Cand& a, const Cand& b) {
    return a.x != b.x ? a.x < b.x : a.y < b.y;
  });
  std::vector<int> front;
  double best = std::numeric_limits<double>::infinity();
  for (const Cand& k : c)
    if (k.y < best) {
      best = k.y;
      front.push_back(k.index);
    }
  if (sx < 0) std::reverse(front.begin(), front.end());
  return front;
}

}  // namespace h4h::ui
