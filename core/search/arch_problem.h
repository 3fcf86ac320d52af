#pragma once
/// The Nsga2 Problem whose genome is an Arch of a SearchSpace: sampling, mutation and
/// crossover are the space's own operators (space/space_ops.h), so every candidate is
/// a member of the space; the key is the canonical arch key (space/arch_key.h).

#include <string>

#include "search/search_rng.h"
#include "space/search_space.h"
#include "util/json_fields.h"

namespace h4h {

class ArchProblem {
public:
  using Genome = Arch;

  /// `space` must outlive the problem and be valid; mutationProb is per gene.
  ArchProblem(const SearchSpace& space, double mutationProb, bool cnnOnly);

  Arch sample(SearchRng& rng) const;
  void mutate(Arch& arch, SearchRng& rng) const;
  /// Two children, each gene from either parent with probability 1/2.
  void crossover(Arch& a, Arch& b, SearchRng& rng) const;
  std::string key(const Arch& arch) const;
  /// Saved as the arch key.
  Json genomeToJson(const Arch& arch) const;
  /// Parses a key and checks the arch belongs to the space (and to the CNN-only subspace
  /// when searching it).
  Arch genomeFromJson(const Json& j, const std::string& path, ErrorList& errors) const;
  bool avoidRevisits() const { return true; }

private:
  const SearchSpace& m_space;
  double m_mutationProb;
  bool m_cnnOnly;
};

}  // namespace h4h
