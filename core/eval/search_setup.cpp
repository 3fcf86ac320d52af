#include "eval/search_setup.h"

#include <algorithm>

#include "project/project_predictor.h"
#include "util/errors.h"

namespace h4h {

namespace {

constexpr const char* kAccuracy = "accuracy";

bool isAccuracyBudget(const SearchConfig::Budget& b) { return b.metric == kAccuracy; }

/// Adds accuracy as the first objective (reference 0: no accuracy) when missing.
void addAccuracyObjective(SearchConfig& config, std::vector<std::string>& notes) {
  if (std::find(config.objectives.begin(), config.objectives.end(), kAccuracy) != config.objectives.end())
    return;
  config.objectives.insert(config.objectives.begin(), kAccuracy);
  if (!config.referencePoint.empty()) config.referencePoint.insert(config.referencePoint.begin(), 0.0);
  notes.push_back("search: accuracy added as an objective (a trained supernet is available)");
}

/// Removes every mention of accuracy; the search keeps at least latency and energy.
void dropAccuracy(SearchConfig& config, const std::string& why, std::vector<std::string>& notes) {
  std::vector<std::string> dropped;
  const auto at = std::find(config.objectives.begin(), config.objectives.end(), kAccuracy);
  if (at != config.objectives.end()) {
    const auto index = static_cast<std::size_t>(at - config.objectives.begin());
    config.objectives.erase(at);
    if (index < config.referencePoint.size())
      config.referencePoint.erase(config.referencePoint.begin() + static_cast<long>(index));
    dropped.push_back("the accuracy objective");
  }
  const auto budgets = static_cast<std::size_t>(
      std::count_if(config.budgets.begin(), config.budgets.end(), isAccuracyBudget));
  if (budgets > 0) {
    config.budgets.erase(std::remove_if(config.budgets.begin(), config.budgets.end(), isAccuracyBudget),
                         config.budgets.end());
    dropped.push_back(std::to_string(budgets) + " accuracy budget" + (budgets > 1 ? "s" : ""));
  }
  if (config.objectives.empty()) {
    config.objectives = {"latency", "energy"};
    config.referencePoint.clear();
    dropped.push_back("(objectives now latency, energy)");
  }
  std::string what;
  for (const auto& d : dropped) what += (what.empty() ? "" : ", ") + d;
  notes.push_back("search: accuracy not measured (" + why + ")" + (what.empty() ? "" : "; dropped " + what));
}

}  // namespace

bool searchNeedsAccuracy(const SearchConfig& config) {
  return std::find(config.objectives.begin(), config.objectives.end(), kAccuracy) != config.objectives.end() ||
         std::any_of(config.budgets.begin(), config.budgets.end(), isAccuracyBudget);
}

SearchSetup setUpSearch(const Project& project, const SearchSetupOptions& options) {
  SearchSetup setup;
  setup.config = options.config ? *options.config : project.search;
  // The evaluators read their settings (schedule objective, accuracy evaluation) from
  // the search section in force.
  Project inForce = project;
  inForce.search = setup.config;
  const bool needed = searchNeedsAccuracy(setup.config);
  const bool tryAccuracy = needed || options.accuracyMode == AccuracyMode::WhenTrained;
  std::string unavailable = "no accuracy evaluator";
  if (tryAccuracy && options.accuracy) {
    try {
      setup.accuracy = options.accuracy(inForce);
    } catch (const InputError& e) {
      if (options.accuracyMode == AccuracyMode::AsConfigured) throw;
      unavailable = e.what();
    }
  }
  if (options.accuracyMode == AccuracyMode::AsConfigured) {
    if (needed && !setup.accuracy)
      throw InputError("search.objectives: accuracy needs a trained supernet");
  } else if (setup.accuracy) {
    addAccuracyObjective(setup.config, setup.notes);
  } else if (needed) {
    dropAccuracy(setup.config, unavailable, setup.notes);
  }
  if (setup.accuracy && setup.config.accuracySource != "supernet" && searchNeedsAccuracy(setup.config)) {
    try {
      if (const auto stored = loadStoredPredictor(project)) {
        stored->predictor.requireCheckpoint(setup.accuracy->fingerprint());
        setup.predictorSamples = stored->predictor.samples();
        setup.notes.push_back("search: a new search's predictor starts from the " +
                              std::to_string(setup.predictorSamples.size()) + " stored measurements of " +
                              predictorPath(project) + " (a resumed one from those it started with)");
      }
    } catch (const InputError& e) {
      setup.notes.push_back(std::string("search: the stored accuracy predictor is not used: ") + e.what());
    }
  }
  setup.hardware = std::make_shared<HardwareEvaluator>(
      std::make_shared<const EvalContext>(evalContextFor(inForce, options.eval)));
  return setup;
}

}  // namespace h4h
