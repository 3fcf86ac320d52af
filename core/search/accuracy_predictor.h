#pragma once
/// Predicts a subnet's top-1 accuracy from its choices (issue 25): ridge regression on the
/// depth-masked one-hot encoding (search/arch_encoding.h), fitted in closed form on
/// accuracies the supernet measured; the ridge strength is picked by k-fold
/// cross-validation. Microseconds per arch, so a search can rank thousands per second.
/// The predictor belongs to one supernet checkpoint: it stores that checkpoint's
/// fingerprint and its training data, and refuses to serve other weights.

#include <cstdint>
#include <string>
#include <vector>

#include "search/arch_encoding.h"
#include "util/json_fields.h"

namespace h4h {

/// One measured arch: the predictor's training (or held-out) data.
struct AccuracySample {
  std::string key;  ///< canonical arch key
  double accuracy;  ///< top-1 fraction as the supernet measured it
};

/// How well predictions order and match measurements on archs the fit did not see.
struct PredictorQuality {
  int trainCount = 0;
  int heldOutCount = 0;
  double rmse = 0.0;         ///< in accuracy fractions
  double kendallTau = 0.0;   ///< τ-b between predicted and measured
  double spearmanRho = 0.0;
  Json toJson() const;
  static PredictorQuality fromJson(const Json& j, const std::string& path, ErrorList& errors);
};

class AccuracyPredictor {
public:
  static constexpr int kVersion = 1;

  /// Fits on `samples` (keys of archs of `space`); `checkpoint` is the fingerprint of the
  /// supernet that measured them. Deterministic for a seed (it orders the CV folds).
  /// Throws InputError when a key is not an arch of the space or fewer than 4 samples.
  static AccuracyPredictor fit(const SearchSpace& space, std::vector<AccuracySample> samples,
                               const Json& checkpoint, std::uint64_t seed);

  double predict(const Arch& arch) const;
  /// Predictions for many archs (one encoding buffer).
  std::vector<double> predictMany(const std::vector<Arch>& archs) const;

  const std::vector<AccuracySample>& samples() const { return m_samples; }
  const Json& checkpoint() const { return m_checkpoint; }
  double lambda() const { return m_lambda; }
  /// Throws InputError naming both fingerprints unless `checkpoint` is the one it was fitted for.
  void requireCheckpoint(const Json& checkpoint) const;

  /// {"format": "h4h-accuracy-predictor", "version", "model": "ridge", "checkpoint", "lambda",
  ///  "intercept", "weights", "features", "samples": [{"key", "accuracy"}], "seed"}
  Json toJson() const;
  /// Reads a stored predictor for `space`; problems name their field under `path`.
  static AccuracyPredictor fromJson(const SearchSpace& space, const Json& j, const std::string& path);

private:
  AccuracyPredictor(const SearchSpace& space) : m_encoding(space) {}

  ArchEncoding m_encoding;
  std::vector<AccuracySample> m_samples;
  Json m_checkpoint;
  std::uint64_t m_seed = 0;
  double m_lambda = 1.0;
  double m_intercept = 0.0;
  std::vector<double> m_weights;
};

/// Records under `path` every sample whose key is not an arch of `space` ("path[i].key").
void validateSamples(const SearchSpace& space, const std::vector<AccuracySample>& samples, const std::string& path,
                     ErrorList& errors);

/// Fits on a seeded random (1 − heldOutFraction) of `samples` and scores the rest.
PredictorQuality heldOutQuality(const SearchSpace& space, const std::vector<AccuracySample>& samples,
                                double heldOutFraction, std::uint64_t seed);

}  // namespace h4h
