#pragma once
/// A Pareto archive: the candidates no other evaluated candidate constraint-dominates,
/// each with its key and every metric, independent of insertion order. It is what a
/// search reports as its result (`results.pareto`) and what its hypervolume measures.

#include <string>
#include <unordered_set>
#include <vector>

#include "search/fitness.h"
#include "util/json_fields.h"

namespace h4h {

struct ParetoEntry {
  std::string key;   ///< the candidate's identity (an arch key)
  Fitness fitness;   ///< minimised objectives and constraint violation
  Json metrics;      ///< every metric of the candidate (an object)
};

class ParetoArchive {
public:
  /// Adds the entry unless its key is present or a member constraint-dominates it;
  /// removes the members it dominates. Returns whether it was added.
  bool insert(ParetoEntry entry);
  /// Whether insert() would add an entry with this key and fitness (without building it).
  bool admits(const std::string& key, const Fitness& fitness) const;
  bool contains(const std::string& key) const { return m_keys.count(key) != 0; }
  void clear();

  /// Members sorted by objectives (lexicographic), then key: a deterministic order.
  std::vector<ParetoEntry> sorted() const;
  std::size_t size() const { return m_entries.size(); }
  bool empty() const { return m_entries.empty(); }
  /// Objective vectors of the feasible members (what the hypervolume measures).
  std::vector<std::vector<double>> feasiblePoints() const;
  /// Metrics of each member (sorted order), each with "key" and "feasible" added.
  Json toJson() const;

private:
  std::vector<ParetoEntry> m_entries;
  std::unordered_set<std::string> m_keys;
};

}  // namespace h4h
