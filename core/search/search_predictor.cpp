#include "search/search_predictor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

Json SearchPredictor::seedFingerprint() const {
  if (m_seed.empty()) return Json();
  // FNV-1a over the samples' text: stable across runs and builds, unlike std::hash.
  std::uint64_t hash = 1469598103934665603ULL;
  char value[32];
  for (const AccuracySample& s : m_seed) {
    std::snprintf(value, sizeof value, "=%.17g;", s.accuracy);
    for (const std::string& part : {s.key, std::string(value)})
      for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ULL;
  }
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return Json{{"count", m_seed.size()}, {"hash", hex}};
}

}  // namespace h4h
