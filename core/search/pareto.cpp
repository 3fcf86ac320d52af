#include "search/pareto.h"

#include <algorithm>

namespace h4h {

bool ParetoArchive::admits(const std::string& key, const Fitness& fitness) const {
  if (m_keys.count(key)) return false;
  for (const auto& e : m_entries)
    if (constrainedDominates(e.fitness, fitness)) return false;
  return true;
}

bool ParetoArchive::insert(ParetoEntry entry) {
  if (!admits(entry.key, entry.fitness)) return false;
  auto dominated = [&](const ParetoEntry& e) {
    if (!constrainedDominates(entry.fitness, e.fitness)) return false;
    m_keys.erase(e.key);
    return true;
  };
  m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(), dominated), m_entries.end());
  m_keys.insert(entry.key);
  m_entries.push_back(std::move(entry));
  return true;
}

void ParetoArchive::clear() {
  m_entries.clear();
  m_keys.clear();
}

std::vector<ParetoEntry> ParetoArchive::sorted() const {
  std::vector<ParetoEntry> out = m_entries;
  std::sort(out.begin(), out.end(), [](const ParetoEntry& a, const ParetoEntry& b) {
    if (a.fitness.objectives != b.fitness.objectives)
      return a.fitness.objectives < b.fitness.objectives;
    return a.key < b.key;
  });
  return out;
}

std::vector<std::vector<double>> ParetoArchive::feasiblePoints() const {
  std::vector<std::vector<double>> pts;
  for (const auto& e : m_entries)
    if (e.fitness.feasible()) pts.push_back(e.fitness.objectives);
  return pts;
}

Json ParetoArchive::toJson() const {
  Json out = Json::array();
  for (const auto& e : sorted()) {
    Json m = e.metrics.is_object() ? e.metrics : Json::object();
    m["key"] = e.key;
    m["feasible"] = e.fitness.feasible();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace h4h
