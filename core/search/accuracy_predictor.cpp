#include "search/accuracy_predictor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "search/rank_correlation.h"
#include "space/arch_key.h"
#include "space/space_validate.h"
#include "util/errors.h"

namespace h4h {

namespace {

constexpr const char* kFormat = "h4h-accuracy-predictor";
// Ridge strengths tried by cross-validation (features are 0/1, targets fractions).
constexpr double kLambdas[] = {0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0};
constexpr int kFolds = 5;

using Matrix = std::vector<std::vector<double>>;

Arch archOfKey(const SearchSpace& space, const std::string& key, const std::string& path) {
  Arch arch;
  try {
    arch = parseArchKey(key);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  ErrorList errors;
  validateArch(space, arch, errors, path);
  if (!errors.empty()) throw InputError(errors);
  return arch;
}

/// Solves (A + λI) w = b for a symmetric positive semi-definite A by Cholesky.
std::vector<double> solveRidge(Matrix a, std::vector<double> b, double lambda) {
  const std::size_t n = b.size();
  for (std::size_t i = 0; i < n; ++i) a[i][i] += lambda;
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j][j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j][k] * a[j][k];
    d = std::sqrt(std::max(d, 1e-12));
    a[j][j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i][j];
      for (std::size_t k = 0; k < j; ++k) s -= a[i][k] * a[j][k];
      a[i][j] = s / d;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    for (std::size_t k = 0; k < i; ++k) b[i] -= a[i][k] * b[k];
    b[i] /= a[i][i];
  }
  for (std::size_t i = n; i-- > 0;) {  // Lᵀ w = y
    for (std::size_t k = i + 1; k < n; ++k) b[i] -= a[k][i] * b[k];
    b[i] /= a[i][i];
  }
  return b;
}

struct RidgeFit {
  double intercept = 0.0;
  std::vector<double> weights;
  double predict(const std::vector<double>& x) const {
    double y = intercept;
    for (std::size_t i = 0; i < x.size(); ++i) y += weights[i] * x[i];
    return y;
  }
};

/// Ridge on centred features and targets: the intercept is not shrunk.
RidgeFit fitRidge(const Matrix& x, const std::vector<double>& y, const std::vector<std::size_t>& rows,
                  double lambda) {
  const std::size_t p = x.empty() ? 0 : x.front().size();
  std::vector<double> meanX(p, 0.0);
  double meanY = 0.0;
  for (std::size_t r : rows) {
    for (std::size_t i = 0; i < p; ++i) meanX[i] += x[r][i];
    meanY += y[r];
  }
  const double n = static_cast<double>(rows.size());
  for (double& m : meanX) m /= n;
  meanY /= n;
  Matrix gram(p, std::vector<double>(p, 0.0));
  std::vector<double> rhs(p, 0.0);
  std::vector<double> c(p);
  for (std::size_t r : rows) {
    for (std::size_t i = 0; i < p; ++i) c[i] = x[r][i] - meanX[i];
    const double t = y[r] - meanY;
    for (std::size_t i = 0; i < p; ++i) {
      if (c[i] == 0.0) continue;
      rhs[i] += c[i] * t;
      for (std::size_t j = 0; j <= i; ++j) gram[i][j] += c[i] * c[j];
    }
  }
  for (std::size_t i = 0; i < p; ++i)
    for (std::size_t j = 0; j < i; ++j) gram[j][i] = gram[i][j];
  RidgeFit fit;
  fit.weights = solveRidge(std::move(gram), std::move(rhs), lambda);
  fit.intercept = meanY;
  for (std::size_t i = 0; i < p; ++i) fit.intercept -= fit.weights[i] * meanX[i];
  return fit;
}

/// The λ with the lowest k-fold cross-validated squared error.
double pickLambda(const Matrix& x, const std::vector<double>& y, std::uint64_t seed) {
  std::vector<std::size_t> order(y.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const int folds = std::min<int>(kFolds, static_cast<int>(y.size()));
  double best = kLambdas[0], bestError = INFINITY;
  for (double lambda : kLambdas) {
    double error = 0.0;
    for (int f = 0; f < folds; ++f) {
      std::vector<std::size_t> train, test;
      for (std::size_t i = 0; i < order.size(); ++i)
        (static_cast<int>(i % static_cast<std::size_t>(folds)) == f ? test : train).push_back(order[i]);
      const RidgeFit fit = fitRidge(x, y, train, lambda);
      for (std::size_t r : test) error += std::pow(fit.predict(x[r]) - y[r], 2);
    }
    if (error < bestError) {
      bestError = error;
      best = lambda;
    }
  }
  return best;
}

}  // namespace

Json PredictorQuality::toJson() const {
  return {{"train", trainCount}, {"held_out", heldOutCount}, {"rmse", rmse},
          {"kendall_tau", kendallTau}, {"spearman_rho", spearmanRho}};
}

PredictorQuality PredictorQuality::fromJson(const Json& j, const std::string& path, ErrorList& errors) {
  JsonFields f(j, path, errors);
  PredictorQuality q;
  q.trainCount = static_cast<int>(f.getInt("train", 0, 0, 1 << 30));
  q.heldOutCount = static_cast<int>(f.getInt("held_out", 0, 0, 1 << 30));
  q.rmse = f.getDouble("rmse", 0.0, 0.0, 1.0);
  q.kendallTau = f.getDouble("kendall_tau", 0.0, -1.0, 1.0);
  q.spearmanRho = f.getDouble("spearman_rho", 0.0, -1.0, 1.0);
  return q;
}

AccuracyPredictor AccuracyPredictor::fit(const SearchSpace& space, std::vector<AccuracySample> samples,
                                         const Json& checkpoint, std::uint64_t seed) {
  if (samples.size() < 4)
    throw InputError("accuracy predictor: needs at least 4 measured archs to fit (" +
                     std::to_string(samples.size()) + " given)");
  AccuracyPredictor p(space);
  Matrix x;
  std::vector<double> y;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const AccuracySample& s = samples[i];
    if (!std::isfinite(s.accuracy) || s.accuracy < 0.0 || s.accuracy > 1.0)
      throw InputError("accuracy predictor: samples[" + std::to_string(i) + "].accuracy must be in [0, 1] (" +
                       std::to_string(s.accuracy) + ")");
    x.push_back(p.m_encoding.encode(archOfKey(space, s.key, "samples[" + std::to_string(i) + "].key")));
    y.push_back(s.accuracy);
  }
  p.m_lambda = pickLambda(x, y, seed);
  std::vector<std::size_t> all(y.size());
  std::iota(all.begin(), all.end(), 0);
  const RidgeFit fit = fitRidge(x, y, all, p.m_lambda);
  p.m_intercept = fit.intercept;
  p.m_weights = fit.weights;
  p.m_samples = std::move(samples);
  p.m_checkpoint = checkpoint;
  p.m_seed = seed;
  return p;
}

double AccuracyPredictor::predict(const Arch& arch) const {
  const std::vector<double> x = m_encoding.encode(arch);
  double y = m_intercept;
  for (std::size_t i = 0; i < x.size(); ++i) y += m_weights[i] * x[i];
  return std::clamp(y, 0.0, 1.0);
}

std::vector<double> AccuracyPredictor::predictMany(const std::vector<Arch>& archs) const {
  std::vector<double> out;
  out.reserve(archs.size());
  for (const Arch& a : archs) out.push_back(predict(a));
  return out;
}

void AccuracyPredictor::requireCheckpoint(const Json& checkpoint) const {
  if (checkpoint != m_checkpoint)
    throw InputError("accuracy predictor: fitted on the supernet " + clipText(m_checkpoint.dump(), 160) +
                     ", not on the current one " + clipText(checkpoint.dump(), 160) +
                     "; refit it on the current supernet's measurements");
}

Json AccuracyPredictor::toJson() const {
  Json samples = Json::array();
  for (const AccuracySample& s : m_samples) samples.push_back({{"key", s.key}, {"accuracy", s.accuracy}});
  return {{"format", kFormat},          {"version", kVersion},         {"model", "ridge"},
          {"checkpoint", m_checkpoint}, {"seed", m_seed},              {"lambda", m_lambda},
          {"intercept", m_intercept},   {"features", m_encoding.size()}, {"weights", m_weights},
          {"samples", samples}};
}

AccuracyPredictor AccuracyPredictor::fromJson(const SearchSpace& space, const Json& j, const std::string& path) {
  ErrorList errors;
  JsonFields f(j, path, errors);
  if (f.isObject()) {
    f.getEnum("format", "", {kFormat}, Need::Required);
    const long long version = f.getInt("version", 0, 1, 1000, Need::Required);
    if (version > kVersion)
      errors.add(f.pathOf("version"), "written by a newer H4H (this one reads version " +
                                          std::to_string(kVersion) + ")", std::to_string(version));
    f.getEnum("model", "ridge", {"ridge"});
  }
  AccuracyPredictor p(space);
  if (errors.empty()) {
    p.m_seed = static_cast<std::uint64_t>(f.getInt("seed", 0, 0, std::numeric_limits<long long>::max()));
    p.m_lambda = f.getDouble("lambda", 1.0, 0.0, 1e12, Need::Required);
    p.m_intercept = f.getDouble("intercept", 0.0, -1e6, 1e6, Need::Required);
    p.m_weights = f.getDoubleList("weights", {}, -1e6, 1e6, Need::Required, false);
    if (errors.empty() && static_cast<int>(p.m_weights.size()) != p.m_encoding.size())
      errors.add(f.pathOf("weights"), "has " + std::to_string(p.m_weights.size()) +
                                          " values; this search space encodes " +
                                          std::to_string(p.m_encoding.size()) + " features (the space changed)");
    if (const Json* c = f.child("checkpoint", Need::Required)) p.m_checkpoint = *c;
    if (const Json* s = f.child("samples", Need::Required)) {
      if (!s->is_array()) errors.add(f.pathOf("samples"), "must be an array");
      else
        for (std::size_t i = 0; i < s->size(); ++i) {
          JsonFields row((*s)[i], joinIndex(f.pathOf("samples"), i), errors);
          AccuracySample sample;
          sample.key = row.getString("key", "", Need::Required);
          sample.accuracy = row.getDouble("accuracy", 0.0, 0.0, 1.0, Need::Required);
          p.m_samples.push_back(sample);
        }
      validateSamples(space, p.m_samples, f.pathOf("samples"), errors);
    }
  }
  if (!errors.empty()) throw InputError(errors);
  return p;
}

void validateSamples(const SearchSpace& space, const std::vector<AccuracySample>& samples, const std::string& path,
                     ErrorList& errors) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::string keyPath = joinIndex(path, i) + ".key";
    try {
      validateArch(space, parseArchKey(samples[i].key), errors, keyPath);
    } catch (const InputError& e) {
      errors.add(keyPath, e.what(), describeJson(clipText(samples[i].key)));
    }
  }
}

PredictorQuality heldOutQuality(const SearchSpace& space, const std::vector<AccuracySample>& samples,
                                double heldOutFraction, std::uint64_t seed) {
  std::vector<std::size_t> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const auto heldOut = static_cast<std::size_t>(std::lround(heldOutFraction * static_cast<double>(samples.size())));
  std::vector<AccuracySample> train, test;
  for (std::size_t i = 0; i < order.size(); ++i) (i < heldOut ? test : train).push_back(samples[order[i]]);
  const AccuracyPredictor predictor = AccuracyPredictor::fit(space, train, Json(), seed);
  std::vector<double> predicted, measured;
  double squared = 0.0;
  for (const AccuracySample& s : test) {
    predicted.push_back(predictor.predict(archOfKey(space, s.key, "held-out key")));
    measured.push_back(s.accuracy);
    squared += std::pow(predicted.back() - measured.back(), 2);
  }
  PredictorQuality q;
  q.trainCount = static_cast<int>(train.size());
  q.heldOutCount = static_cast<int>(test.size());
  q.rmse = test.empty() ? 0.0 : std::sqrt(squared / static_cast<double>(test.size()));
  q.kendallTau = kendallTauB(predicted, measured);
  q.spearmanRho = spearmanRho(predicted, measured);
  return q;
}

}  // namespace h4h
