#pragma once
/// The accuracy predictor as a search uses it (search.accuracy "predictor" and
/// "predictor+verify", issue 25): fitted on every accuracy the supernet measured during the
/// search, plus the samples of a stored predictor of the same supernet, and refitted when
/// measurements arrive. It answers once it holds kMinSamples measurements; until then the
/// search measures.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/accuracy_predictor.h"
#include "search/arch_metrics.h"
#include "space/search_space.h"

namespace h4h {

class SearchPredictor {
public:
  /// Measurements needed before it predicts (the cross-validation needs several per fold).
  static constexpr int kMinSamples = 8;
  /// Measurements needed before held-out figures are reported (a quarter is held out).
  static constexpr int kMinSamplesForQuality = 16;

  /// `checkpoint`: the fingerprint of the supernet whose measurements it learns from.
  SearchPredictor(const SearchSpace& space, Json checkpoint, std::uint64_t seed);

  /// Measurements that come with the search (a stored predictor's samples). Call before the
  /// first refit; the search's own measurement of a key replaces a seed sample's.
  void setSeedSamples(std::vector<AccuracySample> samples);
  const std::vector<AccuracySample>& seedSamples() const { return m_seed; }

  /// Refits on the seed samples and the measured (not predicted) accuracies of `cache`.
  /// Returns whether it now predicts.
  bool refit(const std::unordered_map<std::string, ArchMetrics>& cache);
  bool ready() const { return m_predictor.has_value(); }
  /// Predicted top-1 fraction; only when ready().
  double predict(const Arch& arch) const { return m_predictor->predict(arch); }
  /// The fitted predictor (null before it is ready): what the project stores.
  const AccuracyPredictor* predictor() const { return m_predictor ? &*m_predictor : nullptr; }

  /// {"samples", "seed_samples", "lambda", "quality": PredictorQuality::toJson()} (quality
  /// from kMinSamplesForQuality samples on); null before it is ready.
  Json summary() const;
  /// The seed samples as [{"key", "accuracy"}] (null without any): a saved search keeps them
  /// in its header and resumes from them, whatever the stored predictor holds by then.
  Json seedToJson() const;
  /// Reads seedToJson()'s form; problems name their field under `path`.
  static std::vector<AccuracySample> seedFromJson(const Json& j, const std::string& path, ErrorList& errors);

private:
  SearchSpace m_space;
  Json m_checkpoint;
  std::uint64_t m_rngSeed;
  std::vector<AccuracySample> m_seed;
  std::optional<AccuracyPredictor> m_predictor;
  std::optional<PredictorQuality> m_quality;
};

}  // namespace h4h
