#pragma once
/// What the search measures per arch, and the evaluators that measure it. Metrics are
/// carried as a JSON object (the evaluation cache, the Pareto archive, `results.pareto`
/// all hold the same object), keys and units as in search_config.h plus the analyses
/// of the paper: ViT/MBConv layer counts and the improvement over an NPU-only system.

#include <limits>
#include <string>
#include <vector>

#include "search/fitness.h"
#include "search/search_config.h"
#include "space/search_space.h"
#include "util/json_fields.h"

namespace h4h {

/// Metrics of one arch. Failed evaluations keep `error` and no numbers.
struct ArchMetrics {
  bool ok = true;
  std::string error;
  double latencyMs = 0.0;  ///< single frame, scheduled NPU+CIM system
  double energyMj = 0.0;   ///< per frame
  double periodMs = 0.0;   ///< steady-state pipeline period
  double paramsM = 0.0;
  double macsM = 0.0;
  int mbconvLayers = 0;    ///< MBConv blocks
  int vitLayers = 0;       ///< ViT blocks
  int npuLayers = 0;       ///< hardware layers the scheduler put on the NPU
  int cimLayers = 0;       ///< ... and on the CIM
  double npuOnlyLatencyMs = 0.0;  ///< the same net on the NPU alone
  double npuOnlyEnergyMj = 0.0;
  double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< top-1 fraction; NaN = not measured
  /// The accuracy is the predictor's estimate (search.accuracy), not a supernet measurement.
  bool accuracyPredicted = false;

  /// Keys: latency_ms, energy_mj, period_ms, params_m, macs_m, [accuracy], [accuracy_predicted:
  /// true, only when predicted], mbconv_layers,
  /// vit_layers, vit_mbconv_ratio, npu_layers, cim_layers, npu_only_latency_ms,
  /// npu_only_energy_mj, latency_improvement and energy_improvement (NPU-only / hybrid,
  /// > 1 = better); {"error": ...} when not ok.
  Json toJson() const;
  /// The inverse of toJson for the keys it writes (others are ignored; derived ratios are
  /// recomputed), so that toJson(fromJson(toJson())) == toJson().
  static ArchMetrics fromJson(const Json& j);
  /// toJson() as compact JSON text appended to `out`, without building the object (the
  /// search's state log writes one per arch measured).
  void appendJson(std::string& out) const;
  /// A metric by its toJson key (derived ratios included); NaN when absent or not ok.
  double value(const std::string& key) const;
};

/// MBConv and ViT block counts of an arch.
void countArchBlocks(const Arch& arch, ArchMetrics& metrics);

/// Hardware-side metrics of an arch (everything but accuracy). Must be deterministic:
/// the evaluation cache and exact resume rely on it.
class ArchEvaluator {
public:
  virtual ~ArchEvaluator() = default;
  virtual ArchMetrics evaluate(const Arch& arch) = 0;
  /// The settings its results depend on (hardware, scheduler objective); a saved search
  /// resumes only under an equal fingerprint.
  virtual Json fingerprint() const { return Json(); }
};

/// What an accuracy evaluator's values are, for every table, CSV header and plot label
/// that shows them: trained top-1, or a named training-free proxy that must never be
/// shown as accuracy.
struct AccuracySignal {
  std::string name = "top-1 accuracy";  ///< the label, e.g. "synflow (proxy, not accuracy)"
  bool proxy = false;                   ///< true: a training-free proxy, not an accuracy
  std::string citation;                 ///< the proxy's published source ("" for accuracy)
  std::string input;                    ///< what it is computed on (data split, stand-in input)
};

/// Top-1 accuracy of a subnet, a fraction in [0, 1] (the supernet evaluation lives in
/// train/; search/ only sees this interface, so it never includes torch). A proxy
/// evaluator returns a monotone map of its score into [0, 1] instead and says so in
/// signal().
/// One arch's accuracy from AccuracyEvaluator::top1Many: the value, or why not.
struct AccuracyResult {
  double top1 = std::numeric_limits<double>::quiet_NaN();
  std::string error;  ///< empty when top1 holds the value
};

class AccuracyEvaluator {
public:
  virtual ~AccuracyEvaluator() = default;
  virtual double top1(const Arch& arch) = 0;
  /// The archs of one generation at once, in order: an evaluator spread over processes
  /// measures them in parallel. Default: top1 for each, an exception becoming the
  /// result's error.
  virtual std::vector<AccuracyResult> top1Many(const std::vector<Arch>& archs);
  /// What top1() measures (default: trained top-1 accuracy).
  virtual AccuracySignal signal() const { return {}; }
  /// What the accuracies depend on (e.g. the checkpoint's identity and the evaluation
  /// split); a saved search resumes only under an equal fingerprint.
  virtual Json fingerprint() const { return Json(); }
};

/// A metric of a metrics object; NaN when absent.
double metricValue(const Json& metrics, const std::string& key);

/// Minimised objectives (maximised metrics negated) in the config's objective order,
/// and the total relative budget violation: sum over budgets of the excess divided by
/// the bound's magnitude. Metrics with "error" (or a missing objective) give a failed Fitness.
Fitness fitnessFromMetrics(const Json& metrics, const SearchConfig& config);
Fitness fitnessFromMetrics(const ArchMetrics& metrics, const SearchConfig& config);

/// A point in minimised objective space back to metric units (accuracy un-negated).
double objectiveToMetric(const std::string& objective, double minimised);
double metricToObjective(const std::string& objective, double metric);

}  // namespace h4h
