#include "search/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace h4h {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Ranks 1..n, tied values sharing the average of the ranks they span.
std::vector<double> averageRanks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> rank(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = average;
    i = j + 1;
  }
  return rank;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0.0 || syy <= 0.0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

bool usable(const std::vector<double>& x, const std::vector<double>& y) {
  return x.size() == y.size() && x.size() >= 2;
}

}  // namespace

double spearmanRho(const std::vector<double>& x, const std::vector<double>& y) {
  if (!usable(x, y)) return kNaN;
  return pearson(averageRanks(x), averageRanks(y));
}

double kendallTauB(const std::vector<double>& x, const std::vector<double>& y) {
  if (!usable(x, y)) return kNaN;
  // O(n²): the samples are a few dozen archs.
  double concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0, pairs = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      pairs += 1.0;
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0.0) tiesX += 1.0;
      if (dy == 0.0) tiesY += 1.0;
      if (dx == 0.0 || dy == 0.0) continue;
      (dx * dy > 0.0 ? concordant : discordant) += 1.0;
    }
  }
  const double denominator = std::sqrt((pairs - tiesX) * (pairs - tiesY));
  if (!(denominator > 0.0)) return kNaN;
  return (concordant - discordant) / denominator;
}

}  // namespace h4h
