#include "study/study_types.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace h4h {

std::vector<std::uint64_t> StudySettings::seedList() const {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < seeds; ++i) out.push_back(baseSeed + static_cast<std::uint64_t>(i));
  return out;
}

Json StudySettings::toJson() const {
  Json j{{"study", study}, {"seeds", seeds}, {"quick", quick}, {"base_seed", baseSeed}};
  if (!budget.empty()) j["budget"] = budget;  // absent for studies without budgets
  return j;
}

StudySettings StudySettings::fromJson(const Json& value, const std::string& path, ErrorList& errors) {
  StudySettings s;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return s;
  s.study = f.getString("study", "", Need::Required);
  s.seeds = static_cast<int>(f.getInt("seeds", 1, 1, kMaxStudySeeds));
  s.quick = f.getBool("quick", false);
  s.baseSeed = static_cast<std::uint64_t>(f.getInt("base_seed", 1, 0, 1LL << 53));
  s.budget = f.getString("budget", "");
  return s;
}

void validateStudySettings(const StudySettings& settings) {
  if (settings.seeds < 1 || settings.seeds > kMaxStudySeeds)
    throw InputError("--seeds: must be in [1, " + std::to_string(kMaxStudySeeds) + "] (" +
                     std::to_string(settings.seeds) + ")");
}

int StudyTable::columnIndex(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

double StudyTable::number(std::size_t row, const std::string& column) const {
  const int c = columnIndex(column);
  if (c < 0 || row >= rows.size()) return std::nan("");
  const auto* v = std::get_if<double>(&rows[row][static_cast<std::size_t>(c)]);
  return v ? *v : std::nan("");
}

std::string StudyTable::text(std::size_t row, const std::string& column) const {
  const int c = columnIndex(column);
  if (c < 0 || row >= rows.size()) return {};
  const auto* v = std::get_if<std::string>(&rows[row][static_cast<std::size_t>(c)]);
  return v ? *v : std::string();
}

namespace {

/// Cells compare equal when both are NaN (an infeasible row equals itself).
bool sameCell(const StudyCell& a, const StudyCell& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    return (std::isnan(*x) && std::isnan(y)) || *x == y;
  }
  return std::get<std::string>(a) == std::get<std::string>(b);
}

bool sameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

bool StudyTable::operator==(const StudyTable& o) const {
  if (name != o.name || title != o.title || notes != o.notes || columns.size() != o.columns.size() ||
      rows.size() != o.rows.size())
    return false;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name != o.columns[i].name || columns[i].unit != o.columns[i].unit) return false;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != o.rows[r].size()) return false;
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (!sameCell(rows[r][c], o.rows[r][c])) return false;
  }
  return true;
}

const char* studyPlotKindName(StudyPlotKind kind) {
  switch (kind) {
    case StudyPlotKind::Bars: return "bars";
    case StudyPlotKind::Histogram: return "histogram";
    case StudyPlotKind::Scatter: return "scatter";
    case StudyPlotKind::Line: return "line";
  }
  return "bars";
}

StudyHistogram studyHistogramBins(const StudyPlot& plot) {
  StudyHistogram h;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : plot.series)
    for (double v : s.y)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const int bins = std::max(1, plot.bins);
  if (!std::isfinite(lo)) lo = 0.0, hi = 1.0;
  if (hi <= lo) hi = lo + 1.0;  // one value: one bin of width 1 around it
  const double width = (hi - lo) / bins;
  for (int i = 0; i <= bins; ++i) h.edges.push_back(lo + width * i);
  for (const auto& s : plot.series) {
    std::vector<int> counts(static_cast<std::size_t>(bins), 0);
    for (double v : s.y) {
      if (!std::isfinite(v)) continue;
      const int b = std::clamp(static_cast<int>((v - lo) / width), 0, bins - 1);
      ++counts[static_cast<std::size_t>(b)];
    }
    h.counts.push_back(std::move(counts));
  }
  return h;
}

namespace {

/// NaN is written as null (JSON has no NaN) and read back as NaN.
Json numberJson(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

double numberFrom(JsonFields& f, const std::string& key) {
  const Json* v = f.child(key);
  if (!v || v->is_null()) return std::nan("");
  if (!v->is_number()) {
    f.errors().add(f.pathOf(key), "must be a number or null", describeJson(*v));
    return std::nan("");
  }
  return v->get<double>();
}

}  // namespace

Json StudyHeadline::toJson() const {
  return Json{{"name", name}, {"value", numberJson(value)}, {"unit", unit}, {"seed", numberJson(seed)}};
}

StudyHeadline StudyHeadline::fromJson(const Json& value, const std::string& path, ErrorList& errors) {
  StudyHeadline h;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return h;
  h.name = f.getString("name", "", Need::Required);
  h.value = numberFrom(f, "value");
  h.unit = f.getString("unit", "");
  h.seed = numberFrom(f, "seed");
  return h;
}

bool StudyHeadline::operator==(const StudyHeadline& o) const {
  return name == o.name && unit == o.unit && sameNumber(value, o.value) && sameNumber(seed, o.seed);
}

std::string studyCodeVersion() {
#ifdef H4H_GIT_DESCRIBE
  return std::string("h4h ") + H4H_VERSION + " (" + H4H_GIT_DESCRIBE + ")";
#else
  return std::string("h4h ") + H4H_VERSION;
#endif
}

const StudyTable* StudyResult::table(const std::string& name) const {
  for (const auto& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

StudyTable* StudyResult::table(const std::string& name) {
  for (auto& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

std::string headlineText(double value, const std::string& unit) {
  if (std::isnan(value)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, unit == "%" ? "%+.1f" : "%.4g", value == 0.0 ? 0.0 : value);
  return unit.empty() ? std::string(buf) : std::string(buf) + " " + unit;
}

}  // namespace h4h
