#pragma once
/// The one search set-up (DESIGN §7) used by `h4h search`, `h4h run` and the studio's
/// Search tab: the search settings after overrides, the one accuracy policy, and the
/// evaluators, the hardware one built through the evaluation context (eval_context.h).
///
/// The accuracy policy: accuracy is *needed* when an objective or a budget names it.
/// It is *available* when the accuracy factory builds an evaluator (a trained supernet).
/// - AsConfigured (`h4h search`, Search tab): the settings are the user's explicit
///   request: needed but unavailable is an InputError; nothing is added or dropped.
/// - WhenTrained (`h4h run`): accuracy is measured whenever it is available (added as
///   the first objective, reference 0); when it is not, the accuracy objective, its
///   reference point and the accuracy budgets are dropped. Notes say what was done.
/// The factory is a callback so that eval/ stays free of LibTorch: the supernet
/// evaluator (train/supernet_evaluator.h) provides supernetAccuracyFactory().

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eval/eval_context.h"
#include "project/project.h"
#include "search/accuracy_predictor.h"
#include "search/arch_metrics.h"
#include "search/hardware_evaluator.h"
#include "search/search_config.h"

namespace h4h {

/// Builds the accuracy evaluator of a project (whose search section is the one in
/// force); throws InputError with the reason when it cannot (no trained supernet).
using AccuracyFactory = std::function<std::shared_ptr<AccuracyEvaluator>(const Project& project)>;

enum class AccuracyMode { AsConfigured, WhenTrained };

struct SearchSetupOptions {
  std::optional<SearchConfig> config;  ///< replaces project.search (CLI options); default: the project's
  AccuracyMode accuracyMode = AccuracyMode::AsConfigured;
  AccuracyFactory accuracy;            ///< null: accuracy is never available
  EvalOverrides eval;                  ///< default: the project's hardware settings
};

struct SearchSetup {
  SearchConfig config;                           ///< what the search runs (and is saved with)
  std::shared_ptr<HardwareEvaluator> hardware;
  std::shared_ptr<AccuracyEvaluator> accuracy;   ///< null = accuracy not measured
  std::vector<std::string> notes;                ///< what the policy changed, and why
  /// search.accuracy predictor modes: the stored predictor's measurements when it belongs to
  /// the same supernet and measurement settings (SearchJob::setPredictorSamples); a stored
  /// predictor that does not is left out with a note.
  std::vector<AccuracySample> predictorSamples;
};

/// True when the config's objectives or budgets name accuracy.
bool searchNeedsAccuracy(const SearchConfig& config);

/// Applies the policy above and builds the evaluators. Throws InputError (naming the
/// field) for a bad schedule objective or measured table, and in AsConfigured mode when
/// accuracy is needed but unavailable.
SearchSetup setUpSearch(const Project& project, const SearchSetupOptions& options = {});

}  // namespace h4h
