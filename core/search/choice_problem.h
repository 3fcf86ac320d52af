#pragma once
/// A genome of integer choice indices (gene i picks one of optionCounts[i] options):
/// the integer-coded Problem for Nsga2, with uniform crossover and per-gene resampling.
/// Used directly for enumerable toy spaces and as a reference for the Arch problem.

#include <string>
#include <vector>

#include "search/search_rng.h"
#include "util/json_fields.h"

namespace h4h {

class ChoiceProblem {
public:
  using Genome = std::vector<int>;

  /// Every count must be >= 1; mutationProb is per gene.
  ChoiceProblem(std::vector<int> optionCounts, double mutationProb);

  const std::vector<int>& optionCounts() const { return m_counts; }
  /// Number of distinct genomes (saturates at 2^62).
  long long spaceSize() const;

  Genome sample(SearchRng& rng) const;
  /// Each gene, with probability mutationProb, moves to a different option.
  void mutate(Genome& g, SearchRng& rng) const;
  /// Uniform crossover: each gene swapped with probability 1/2.
  void crossover(Genome& a, Genome& b, SearchRng& rng) const;
  std::string key(const Genome& g) const;
  Json genomeToJson(const Genome& g) const { return g; }
  Genome genomeFromJson(const Json& j, const std::string& path, ErrorList& errors) const;
  bool avoidRevisits() const { return true; }

private:
  std::vector<int> m_counts;
  double m_mutationProb;
};

}  // namespace h4h
