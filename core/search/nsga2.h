#pragma once
/// NSGA-II (Deb et al. 2002) as an ask/tell engine over any genome type, and random
/// search through the same API (the baseline at an equal evaluation budget).
///
/// A Problem supplies the genome and its operators:
///   using Genome = ...;
///   Genome sample(SearchRng&);
///   void mutate(Genome&, SearchRng&);                 // per-gene probability is the problem's
///   void crossover(Genome&, Genome&, SearchRng&);     // recombines two copies in place
///   std::string key(const Genome&) const;             // equal keys = same candidate
///   Json genomeToJson(const Genome&) const;
///   Genome genomeFromJson(const Json&, const std::string& path, ErrorList&) const;
///   bool avoidRevisits() const;  // true: offspring avoid every key asked before (discrete spaces)
///
/// ask() returns the next batch (the initial population, then one generation of
/// offspring); tell() takes their Fitness in the same order and runs elitist (mu+lambda)
/// survival. Same seed, same problem, same tells -> same run. stateToJson() after a
/// tell captures everything needed to continue exactly (population, RNG, generation).

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "search/fitness.h"
#include "search/search_rng.h"
#include "util/json_fields.h"

namespace h4h {

/// One member of the population.
template <class Genome>
struct Member {
  Genome genome;
  std::string key;
  Fitness fitness;
  int rank = 0;           ///< 0 = first (non-dominated) front of the population
  double crowding = 0.0;  ///< crowding distance within its front
};

struct EvolutionOptions {
  int population = 32;
  double crossoverProb = 0.9;   ///< per offspring pair
  bool randomSearch = false;    ///< offspring are fresh samples, not variations
  int duplicateTries = 20;      ///< attempts per child before relaxing duplicate avoidance
};

template <class Problem>
class Nsga2 {
public:
  using Genome = typename Problem::Genome;
  using MemberT = Member<Genome>;

  Nsga2(Problem& problem, EvolutionOptions options, std::uint64_t seed)
      : m_problem(&problem), m_options(options), m_rng(seed) {
    if (m_options.population < 2) throw std::invalid_argument("population must be at least 2");
  }

  /// The next batch to evaluate. Calling ask() twice without tell() returns the same batch.
  const std::vector<Genome>& ask() {
    if (m_asked) return m_pending;
    m_pending.clear();
    m_pendingKeys.clear();
    if (m_generation < 0) {
      addInitialGenomes();
      fill([&] { return m_problem->sample(m_rng); }, false);
    } else if (m_options.randomSearch) fill([&] { return m_problem->sample(m_rng); }, false);
    else fill([&] { return nextVariation(); }, true);
    m_asked = true;
    return m_pending;
  }

  /// Genomes the initial population starts with, before its random samples (at most a
  /// population's worth; repeats are dropped). Takes effect at the first ask().
  void setInitialGenomes(std::vector<Genome> genomes) { m_initial = std::move(genomes); }

  /// Fitness of the batch ask() returned, in its order.
  void tell(const std::vector<Fitness>& results) {
    if (!m_asked) throw std::logic_error("tell() without ask()");
    if (results.size() != m_pending.size())
      throw std::invalid_argument("tell() needs one Fitness per asked candidate");
    std::vector<MemberT> pool = m_population;
    for (std::size_t i = 0; i < m_pending.size(); ++i)
      pool.push_back(MemberT{m_pending[i], m_pendingKeys[i], results[i], 0, 0.0});
    std::vector<Fitness> fits;
    fits.reserve(pool.size());
    for (const auto& m : pool) fits.push_back(m.fitness);
    std::vector<MemberT> next;
    for (int i : selectSurvivors(fits, m_options.population)) next.push_back(std::move(pool[i]));
    m_population = std::move(next);
    rerank();
    m_pending.clear();
    m_pendingKeys.clear();
    m_asked = false;
    ++m_generation;
  }

  /// Replaces the population's fitness with fitnessOf(member) and re-ranks it: for values
  /// that changed after they were told (a refitted accuracy predictor). Between tell() and ask().
  template <class FitnessOf>
  void reevaluate(FitnessOf fitnessOf) {
    for (auto& m : m_population) m.fitness = fitnessOf(m);
    rerank();
  }

  /// Completed generations: -1 before the first tell, 0 after the initial population.
  int generation() const { return m_generation; }
  /// Current population, best first (rank, then crowding distance).
  const std::vector<MemberT>& population() const { return m_population; }
  /// Members of the population's first front.
  std::vector<const MemberT*> front() const {
    std::vector<const MemberT*> out;
    for (const auto& m : m_population)
      if (m.rank == 0) out.push_back(&m);
    return out;
  }
  /// Everything needed to continue exactly; valid between a tell() and the next ask().
  /// Without `withSeen` the keys asked so far are left out (a caller that logs each
  /// generation's asked keys itself puts them back as "seen" before restoreState).
  Json stateToJson(bool withSeen = true) const {
    Json pop = Json::array();
    for (const auto& m : m_population)
      pop.push_back(Json{{"genome", m_problem->genomeToJson(m.genome)},
                         {"fitness", fitnessToJson(m.fitness)}});
    Json j{{"generation", m_generation}, {"rng", rngStateToString(m_rng)}, {"population", pop}};
    if (withSeen && m_problem->avoidRevisits()) {
      std::vector<std::string> seen(m_seen.begin(), m_seen.end());
      std::sort(seen.begin(), seen.end());
      j["seen"] = seen;
    }
    return j;
  }

  /// Restores a stateToJson(); on errors (recorded under `path`) the engine is unchanged.
  void restoreState(const Json& j, const std::string& path, ErrorList& errors) {
    const std::size_t before = errors.size();
    JsonFields f(j, path, errors);
    if (!f.isObject()) return;
    const int generation = static_cast<int>(f.getInt("generation", -1, -1, 1 << 30, Need::Required));
    SearchRng rng;
    const std::string rngText = f.getString("rng", "", Need::Required);
    if (f.has("rng") && !rngStateFromString(rngText, rng))
      errors.add(f.pathOf("rng"), "is not a generator state", describeJson(rngText.substr(0, 40)));
    std::vector<MemberT> population;
    std::unordered_set<std::string> seen;
    if (const Json* pop = f.child("population", Need::Required)) {
      if (!pop->is_array()) {
        errors.add(f.pathOf("population"), "must be an array", describeJson(*pop));
      } else {
        for (std::size_t i = 0; i < pop->size(); ++i) {
          const std::string mp = joinIndex(f.pathOf("population"), i);
          JsonFields mf((*pop)[i], mp, errors);
          if (!mf.isObject()) continue;
          const Json* g = mf.child("genome", Need::Required);
          const Json* fit = mf.child("fitness", Need::Required);
          if (!g || !fit) continue;
          MemberT m;
          m.genome = m_problem->genomeFromJson(*g, mf.pathOf("genome"), errors);
          m.fitness = fitnessFromJson(*fit, mf.pathOf("fitness"), errors);
          m.key = m_problem->key(m.genome);
          seen.insert(m.key);
          population.push_back(std::move(m));
        }
      }
    }
    if (const Json* s = f.child("seen")) {
      if (!s->is_array()) errors.add(f.pathOf("seen"), "must be an array of keys", describeJson(*s));
      else
        for (const auto& k : *s)
          if (k.is_string()) seen.insert(k.get<std::string>());
    }
    if (generation >= 0 && population.empty())
      errors.add(f.pathOf("population"), "must not be empty after a generation");
    if (errors.size() != before) return;
    m_generation = generation;
    m_rng = rng;
    m_population = std::move(population);
    m_seen = std::move(seen);
    m_pending.clear();
    m_pendingKeys.clear();
    m_asked = false;
    rerank();
  }

private:
  void addInitialGenomes() {
    for (const Genome& g : m_initial) {
      if (static_cast<int>(m_pending.size()) >= m_options.population) break;
      std::string key = m_problem->key(g);
      if (std::find(m_pendingKeys.begin(), m_pendingKeys.end(), key) != m_pendingKeys.end()) continue;
      if (m_problem->avoidRevisits()) m_seen.insert(key);
      m_pending.push_back(g);
      m_pendingKeys.push_back(std::move(key));
    }
  }

  template <class Make>
  void fill(Make make, bool variation) {
    std::unordered_set<std::string> inPopulation;
    for (const auto& m : m_population) inPopulation.insert(m.key);
    std::unordered_set<std::string> batch(m_pendingKeys.begin(), m_pendingKeys.end());
    const int tries = std::max(1, m_options.duplicateTries);
    int failures = 0;
    // Duplicate avoidance relaxes step by step so that a small space cannot stall the
    // search: first unseen variations, then unseen samples, then samples new to the
    // population, then samples new to the batch, then anything.
    while (static_cast<int>(m_pending.size()) < m_options.population) {
      const int level = failures / tries + (variation ? 0 : 1);
      Genome g = level == 0 ? make() : m_problem->sample(m_rng);
      std::string key = m_problem->key(g);
      bool ok;
      if (level <= 1) ok = !m_seen.count(key) && !batch.count(key) && !inPopulation.count(key);
      else if (level == 2) ok = !batch.count(key) && !inPopulation.count(key);
      else if (level == 3) ok = !batch.count(key);
      else ok = true;
      if (!ok) {
        ++failures;
        continue;
      }
      failures = 0;
      batch.insert(key);
      if (m_problem->avoidRevisits()) m_seen.insert(key);
      m_pending.push_back(std::move(g));
      m_pendingKeys.push_back(std::move(key));
    }
  }

  /// One child from two tournament winners; the second child of a pair is kept for the
  /// next call so that both children of a crossover are used.
  Genome nextVariation() {
    if (m_hasSpare) {
      m_hasSpare = false;
      return std::move(m_spare);
    }
    Genome a = m_population[tournament()].genome;
    Genome b = m_population[tournament()].genome;
    if (bernoulli(m_rng, m_options.crossoverProb)) m_problem->crossover(a, b, m_rng);
    m_problem->mutate(a, m_rng);
    m_problem->mutate(b, m_rng);
    m_spare = std::move(b);
    m_hasSpare = true;
    return a;
  }

  std::size_t tournament() {
    const std::size_t n = m_population.size();
    const std::size_t a = uniformIndex(m_rng, n), b = uniformIndex(m_rng, n);
    const auto& ma = m_population[a];
    const auto& mb = m_population[b];
    if (ma.rank != mb.rank) return ma.rank < mb.rank ? a : b;
    if (ma.crowding != mb.crowding) return ma.crowding > mb.crowding ? a : b;
    return std::min(a, b);
  }

  void rerank() {
    std::vector<Fitness> fits;
    for (const auto& m : m_population) fits.push_back(m.fitness);
    const Ranking r = rankPool(fits);
    for (std::size_t i = 0; i < m_population.size(); ++i) {
      m_population[i].rank = r.rank[i];
      m_population[i].crowding = r.crowding[i];
    }
    m_hasSpare = false;
  }

  Problem* m_problem;
  EvolutionOptions m_options;
  SearchRng m_rng;
  int m_generation = -1;
  std::vector<MemberT> m_population;
  std::vector<Genome> m_pending;
  std::vector<std::string> m_pendingKeys;
  bool m_asked = false;
  std::unordered_set<std::string> m_seen;
  std::vector<Genome> m_initial;
  Genome m_spare{};
  bool m_hasSpare = false;
};

}  // namespace h4h
