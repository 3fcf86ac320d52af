#include "search/fitness.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace h4h {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

Json numberOrNull(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }
}  // namespace

bool Fitness::operator==(const Fitness& o) const {
  return objectives == o.objectives && violation == o.violation && failed == o.failed;
}

Json fitnessToJson(const Fitness& f) {
  Json objs = Json::array();
  for (double x : f.objectives) objs.push_back(numberOrNull(x));
  Json j{{"objectives", objs}, {"violation", numberOrNull(f.violation)}};
  if (f.failed) j["failed"] = true;
  return j;
}

Fitness fitnessFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  Fitness f;
  JsonFields fields(j, path, errors);
  if (!fields.isObject()) return f;
  f.failed = fields.getBool("failed", false);
  const Json* objs = fields.child("objectives", Need::Required);
  if (objs && !objs->is_array()) {
    errors.add(fields.pathOf("objectives"), "must be an array", describeJson(*objs));
  } else if (objs) {
    for (std::size_t i = 0; i < objs->size(); ++i) {
      const Json& e = (*objs)[i];
      if (e.is_null()) f.objectives.push_back(kInf);  // a failed evaluation's objectives
      else if (e.is_number()) f.objectives.push_back(e.get<double>());
      else errors.add(joinIndex(fields.pathOf("objectives"), i), "must be a number", describeJson(e));
    }
  }
  if (const Json* v = fields.child("violation")) {
    if (v->is_null()) f.violation = kInf;
    else f.violation = fields.getDouble("violation", 0.0, 0.0, kInf);
  }
  return f;
}

bool paretoDominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

bool constrainedDominates(const Fitness& a, const Fitness& b) {
  if (a.failed || b.failed) return !a.failed && b.failed;
  const bool fa = a.violation <= 0.0, fb = b.violation <= 0.0;
  if (fa && fb) return paretoDominates(a.objectives, b.objectives);
  if (fa != fb) return fa;
  return a.violation < b.violation;
}

std::vector<std::vector<int>> nonDominatedSort(const std::vector<Fitness>& pool) {
  const int n = static_cast<int>(pool.size());
  std::vector<std::vector<int>> dominates(n);
  std::vector<int> dominatedBy(n, 0);
  std::vector<std::vector<int>> fronts;
  std::vector<int> current;
  for (int p = 0; p < n; ++p) {
    for (int q = p + 1; q < n; ++q) {
      if (constrainedDominates(pool[p], pool[q])) {
        dominates[p].push_back(q);
        ++dominatedBy[q];
      } else if (constrainedDominates(pool[q], pool[p])) {
        dominates[q].push_back(p);
        ++dominatedBy[p];
      }
    }
  }
  for (int p = 0; p < n; ++p)
    if (dominatedBy[p] == 0) current.push_back(p);
  while (!current.empty()) {
    std::vector<int> next;
    for (int p : current)
      for (int q : dominates[p])
        if (--dominatedBy[q] == 0) next.push_back(q);
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(current));
    current = std::move(next);
  }
  return fronts;
}

std::vector<double> crowdingDistances(const std::vector<Fitness>& pool,
                                      const std::vector<int>& front) {
  const std::size_t n = front.size();
  std::vector<double> dist(n, 0.0);
  if (n == 0) return dist;
  if (n <= 2) return std::vector<double>(n, kInf);
  std::size_t m = 0;
  for (int i : front) m = std::max(m, pool[i].objectives.size());
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < m; ++k) {
    auto value = [&](std::size_t i) {
      const auto& o = pool[front[i]].objectives;
      return k < o.size() ? o[k] : kInf;
    };
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return value(a) < value(b); });
    const double lo = value(order.front()), hi = value(order.back());
    dist[order.front()] = kInf;
    dist[order.back()] = kInf;
    const double range = hi - lo;
    if (!(range > 0.0) || !std::isfinite(range)) continue;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const double gap = value(order[i + 1]) - value(order[i - 1]);
      if (std::isfinite(gap)) dist[order[i]] += gap / range;
    }
  }
  return dist;
}

Ranking rankPool(const std::vector<Fitness>& pool) {
  Ranking r;
  r.rank.assign(pool.size(), 0);
  r.crowding.assign(pool.size(), 0.0);
  const auto fronts = nonDominatedSort(pool);
  for (std::size_t f = 0; f < fronts.size(); ++f) {
    const auto d = crowdingDistances(pool, fronts[f]);
    for (std::size_t i = 0; i < fronts[f].size(); ++i) {
      r.rank[fronts[f][i]] = static_cast<int>(f);
      r.crowding[fronts[f][i]] = d[i];
    }
  }
  return r;
}

std::vector<int> selectSurvivors(const std::vector<Fitness>& pool, int n) {
  std::vector<int> out;
  if (n <= 0) return out;
  for (const auto& front : nonDominatedSort(pool)) {
    if (static_cast<int>(out.size()) >= n) break;
    if (static_cast<int>(out.size() + front.size()) <= n) {
      out.insert(out.end(), front.begin(), front.end());
      continue;
    }
    // The last front is cut one member at a time, recomputing the crowding distances
    // after each removal (Kukkonen & Deb 2006): a much more even spread than one cut.
    std::vector<int> kept = front;
    while (static_cast<int>(out.size() + kept.size()) > n) {
      const auto d = crowdingDistances(pool, kept);
      std::size_t worst = 0;
      for (std::size_t i = 1; i < kept.size(); ++i)
        if (d[i] <= d[worst]) worst = i;
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(worst));
    }
    const auto d = crowdingDistances(pool, kept);
    std::vector<std::size_t> order(kept.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return d[a] > d[b]; });
    for (std::size_t i : order) out.push_back(kept[i]);
  }
  return out;
}

}  // namespace h4h
