#include "search/search_predictor.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace h4h {

namespace {
// Share of the samples held out when the predictor's quality is reported.
constexpr double kHeldOutFraction = 0.25;
}  // namespace

SearchPredictor::SearchPredictor(const SearchSpace& space, Json checkpoint, std::uint64_t seed)
    : m_space(space), m_checkpoint(std::move(checkpoint)), m_rngSeed(seed) {}

void SearchPredictor::setSeedSamples(std::vector<AccuracySample> samples) { m_seed = std::move(samples); }

bool SearchPredictor::refit(const std::unordered_map<std::string, ArchMetrics>& cache) {
  // Ordered by key, so that the fit (its cross-validation folds) does not depend on the
  // order the archs were measured in: a resumed search refits to the same predictor.
  std::map<std::string, double> byKey;
  for (const AccuracySample& s : m_seed) byKey[s.key] = s.accuracy;
  for (const auto& [key, m] : cache)
    if (m.ok && !m.accuracyPredicted && std::isfinite(m.accuracy)) byKey[key] = m.accuracy;
  if (static_cast<int>(byKey.size()) < kMinSamples) return ready();
  std::vector<AccuracySample> samples;
  samples.reserve(byKey.size());
  for (const auto& [key, accuracy] : byKey) samples.push_back({key, accuracy});
  m_quality.reset();
  if (static_cast<int>(samples.size()) >= kMinSamplesForQuality)
    m_quality = heldOutQuality(m_space, samples, kHeldOutFraction, m_rngSeed);
  m_predictor = AccuracyPredictor::fit(m_space, std::move(samples), m_checkpoint, m_rngSeed);
  return true;
}

Json SearchPredictor::summary() const {
  if (!m_predictor) return Json();
  Json j{{"model", "ridge"},
         {"samples", m_predictor->samples().size()},
         {"seed_samples", m_seed.size()},
         {"lambda", m_predictor->lambda()}};
  if (m_quality) j["quality"] = m_quality->toJson();
  return j;
}

Json SearchPredictor::seedToJson() const {
  if (m_seed.empty()) return Json();
  Json samples = Json::array();
  for (const AccuracySample& s : m_seed) samples.push_back({{"key", s.key}, {"accuracy", s.accuracy}});
  return samples;
}

std::vector<AccuracySample> SearchPredictor::seedFromJson(const Json& j, const std::string& path,
                                                          ErrorList& errors) {
  std::vector<AccuracySample> samples;
  if (j.is_null()) return samples;
  if (!j.is_array()) {
    errors.add(path, "must be an array of {key, accuracy}", describeJson(j));
    return samples;
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    JsonFields row(j[i], joinIndex(path, i), errors);
    if (!row.isObject()) continue;
    AccuracySample s;
    s.key = row.getString("key", "", Need::Required);
    s.accuracy = row.getDouble("accuracy", 0.0, 0.0, 1.0, Need::Required);
    samples.push_back(std::move(s));
  }
  return samples;
}

}  // namespace h4h
