#include "search/real_problem.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace h4h {

RealProblem::RealProblem(std::vector<double> lower, std::vector<double> upper, RealCoding coding)
    : m_lower(std::move(lower)), m_upper(std::move(upper)), m_coding(coding) {
  if (m_lower.size() != m_upper.size() || m_lower.empty())
    throw std::invalid_argument("lower and upper bounds need the same, non-zero size");
  for (std::size_t i = 0; i < m_lower.size(); ++i)
    if (!(m_lower[i] < m_upper[i])) throw std::invalid_argument("every lower bound must be < upper");
  if (m_coding.mutationProb < 0.0) m_coding.mutationProb = 1.0 / static_cast<double>(m_lower.size());
}

RealProblem::Genome RealProblem::sample(SearchRng& rng) const {
  Genome g(size());
  for (std::size_t i = 0; i < g.size(); ++i)
    g[i] = m_lower[i] + uniform01(rng) * (m_upper[i] - m_lower[i]);
  return g;
}

void RealProblem::mutate(Genome& g, SearchRng& rng) const {
  const double eta = m_coding.mutationEta;
  const double power = 1.0 / (eta + 1.0);
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!bernoulli(rng, m_coding.mutationProb)) continue;
    const double lo = m_lower[i], hi = m_upper[i], range = hi - lo;
    const double y = g[i];
    const double d1 = (y - lo) / range, d2 = (hi - y) / range;
    const double u = uniform01(rng);
    double dq;
    if (u < 0.5) {
      const double v = 2.0 * u + (1.0 - 2.0 * u) * std::pow(1.0 - d1, eta + 1.0);
      dq = std::pow(v, power) - 1.0;
    } else {
      const double v = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * std::pow(1.0 - d2, eta + 1.0);
      dq = 1.0 - std::pow(v, power);
    }
    g[i] = std::clamp(y + dq * range, lo, hi);
  }
}

namespace {
/// SBX spread factor for one side, bounded so the child stays inside the box.
double sbxBeta(double u, double beta, double eta) {
  const double alpha = 2.0 - std::pow(beta, -(eta + 1.0));
  if (u <= 1.0 / alpha) return std::pow(u * alpha, 1.0 / (eta + 1.0));
  return std::pow(1.0 / (2.0 - u * alpha), 1.0 / (eta + 1.0));
}
}  // namespace

void RealProblem::crossover(Genome& a, Genome& b, SearchRng& rng) const {
  const double eta = m_coding.crossoverEta;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (!bernoulli(rng, m_coding.crossoverPerVar)) continue;
    if (std::fabs(a[i] - b[i]) <= 1e-14) continue;
    const double lo = m_lower[i], hi = m_upper[i];
    const double y1 = std::min(a[i], b[i]), y2 = std::max(a[i], b[i]);
    const double u = uniform01(rng);
    const double bq1 = sbxBeta(u, 1.0 + 2.0 * (y1 - lo) / (y2 - y1), eta);
    const double bq2 = sbxBeta(u, 1.0 + 2.0 * (hi - y2) / (y2 - y1), eta);
    double c1 = std::clamp(0.5 * ((y1 + y2) - bq1 * (y2 - y1)), lo, hi);
    double c2 = std::clamp(0.5 * ((y1 + y2) + bq2 * (y2 - y1)), lo, hi);
    if (bernoulli(rng, 0.5)) std::swap(c1, c2);
    a[i] = c1;
    b[i] = c2;
  }
}

std::string RealProblem::key(const Genome& g) const {
  std::string k(g.size() * sizeof(double), '\0');
  if (!g.empty()) std::memcpy(&k[0], g.data(), k.size());
  return k;
}

RealProblem::Genome RealProblem::genomeFromJson(const Json& j, const std::string& path,
                                                ErrorList& errors) const {
  Genome g;
  if (!j.is_array() || j.size() != size()) {
    errors.add(path, "must be an array of " + std::to_string(size()) + " numbers", describeJson(j));
    return g;
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number()) {
      errors.add(joinIndex(path, i), "must be a number", describeJson(j[i]));
      continue;
    }
    g.push_back(j[i].get<double>());
  }
  return g;
}

}  // namespace h4h
