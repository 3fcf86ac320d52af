#pragma once
/// The search's accuracy objective (DESIGN §7): top-1 of a subnet of the trained
/// supernet on the held-out VALIDATION split (never the test split, which reports the
/// final numbers), BN statistics recalibrated per subnet on training batches, results
/// cached by arch key. Torch-free facade (pimpl) implementing search/'s
/// AccuracyEvaluator.

#include <cstddef>
#include <memory>
#include <string>

#include "eval/search_setup.h"
#include "project/project.h"
#include "search/arch_metrics.h"
#include "train/dist_config.h"

namespace h4h {

struct SupernetEvaluatorOptions {
  std::string checkpoint;  ///< "" = <artefact folder>/supernet.pt
  int batches = -1;        ///< validation batches per arch; -1 = search.accuracy_eval_batches, 0 = all
  int calibrationBatches = -1;  ///< BN recalibration batches; -1 = training.bn_recalib_batches
  /// Stop a measurement once its standard error is at most this; -1 = search.accuracy_stderr, 0 = never
  double stderrTarget = -1.0;
  /// Measure on the test split instead of the validation split: for reporting final
  /// numbers (a study's table), never for choosing among archs.
  bool testSplit = false;
  /// Data-parallel search: every rank runs the same search and measures its share of
  /// each generation's archs (top1Many); the accuracies are summed over the ranks.
  DistConfig dist;
};

class SupernetAccuracyEvaluator : public AccuracyEvaluator {
public:
  /// Loads the data and the weights. Throws InputError naming the file when there is no
  /// trained supernet (run `h4h train` first) or it was trained on another space, and
  /// naming the field when the data do not fit the space.
  explicit SupernetAccuracyEvaluator(const Project& project, SupernetEvaluatorOptions options = {});
  ~SupernetAccuracyEvaluator() override;

  /// Top-1 fraction in [0, 1]; thread-safe (calls are serialised). Throws InputError
  /// when the arch does not fit the space.
  double top1(const Arch& arch) override;
  /// With options.dist: arch i is measured on rank i mod world size, every rank gets
  /// every result (and caches it). Else the default, one after another.
  std::vector<AccuracyResult> top1Many(const std::vector<Arch>& archs) override;
  /// The checkpoint's content (CRC-32 and size), the data section and the evaluation
  /// settings: a search resumes with cached accuracies only when all are unchanged.
  Json fingerprint() const override;

  std::size_t cacheSize() const;
  /// Evaluations actually run (cache misses).
  std::size_t evaluations() const;
  /// Images per evaluation (of the validation split, or the test split with testSplit); with a
  /// standard-error target, the most an evaluation uses.
  std::size_t imagesPerEvaluation() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The search set-up's accuracy factory (eval/search_setup.h): a SupernetAccuracyEvaluator
/// of the project's trained supernet.
AccuracyFactory supernetAccuracyFactory();

}  // namespace h4h
