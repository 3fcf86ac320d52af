#pragma once
/// A real-coded genome in a box (lower[i] <= x[i] <= upper[i]) with simulated binary
/// crossover (SBX) and polynomial mutation, Deb's bounded variants: the real-coded
/// Problem for Nsga2 (used for ZDT benchmarks that validate the engine).

#include <string>
#include <vector>

#include "search/search_rng.h"
#include "util/json_fields.h"

namespace h4h {

struct RealCoding {
  double crossoverEta = 15.0;   ///< SBX distribution index
  double crossoverPerVar = 0.5; ///< probability that SBX recombines a given variable
  double mutationEta = 20.0;    ///< polynomial-mutation distribution index
  double mutationProb = -1.0;   ///< per variable; negative = 1 / number of variables
};

class RealProblem {
public:
  using Genome = std::vector<double>;

  RealProblem(std::vector<double> lower, std::vector<double> upper, RealCoding coding = {});

  std::size_t size() const { return m_lower.size(); }
  Genome sample(SearchRng& rng) const;
  void mutate(Genome& g, SearchRng& rng) const;
  void crossover(Genome& a, Genome& b, SearchRng& rng) const;
  /// Exact bit pattern of the values (two genomes are duplicates only if identical).
  std::string key(const Genome& g) const;
  Json genomeToJson(const Genome& g) const { return g; }
  Genome genomeFromJson(const Json& j, const std::string& path, ErrorList& errors) const;
  bool avoidRevisits() const { return false; }

private:
  std::vector<double> m_lower, m_upper;
  RealCoding m_coding;
};

}  // namespace h4h
