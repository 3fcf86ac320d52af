#include "search/choice_problem.h"

#include <stdexcept>
#include <utility>

namespace h4h {

ChoiceProblem::ChoiceProblem(std::vector<int> optionCounts, double mutationProb)
    : m_counts(std::move(optionCounts)), m_mutationProb(mutationProb) {
  for (int c : m_counts)
    if (c < 1) throw std::invalid_argument("every gene needs at least one option");
}

long long ChoiceProblem::spaceSize() const {
  long long n = 1;
  for (int c : m_counts) {
    if (n > (1LL << 62) / c) return 1LL << 62;
    n *= c;
  }
  return n;
}

ChoiceProblem::Genome ChoiceProblem::sample(SearchRng& rng) const {
  Genome g(m_counts.size());
  for (std::size_t i = 0; i < g.size(); ++i)
    g[i] = static_cast<int>(uniformIndex(rng, static_cast<std::size_t>(m_counts[i])));
  return g;
}

void ChoiceProblem::mutate(Genome& g, SearchRng& rng) const {
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!bernoulli(rng, m_mutationProb) || m_counts[i] < 2) continue;
    const int shift = 1 + static_cast<int>(uniformIndex(rng, static_cast<std::size_t>(m_counts[i] - 1)));
    g[i] = (g[i] + shift) % m_counts[i];
  }
}

void ChoiceProblem::crossover(Genome& a, Genome& b, SearchRng& rng) const {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (bernoulli(rng, 0.5)) std::swap(a[i], b[i]);
}

std::string ChoiceProblem::key(const Genome& g) const {
  std::string k;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (i) k += ',';
    k += std::to_string(g[i]);
  }
  return k;
}

ChoiceProblem::Genome ChoiceProblem::genomeFromJson(const Json& j, const std::string& path,
                                                    ErrorList& errors) const {
  Genome g;
  if (!j.is_array() || j.size() != m_counts.size()) {
    errors.add(path, "must be an array of " + std::to_string(m_counts.size()) + " choice indices",
               describeJson(j));
    return g;
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number_integer() || j[i].get<long long>() < 0 ||
        j[i].get<long long>() >= m_counts[i]) {
      errors.add(joinIndex(path, i),
                 "must be an integer in [0, " + std::to_string(m_counts[i] - 1) + "]",
                 describeJson(j[i]));
      continue;
    }
    g.push_back(j[i].get<int>());
  }
  return g;
}

}  // namespace h4h
