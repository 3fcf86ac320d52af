// h4h predictor PROJECT: fit the accuracy predictor on the accuracies the project's last
// search measured with the supernet and report how well it ranks archs it did not see.

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "project/project_io.h"
#include "project/project_search_state.h"
#include "search/accuracy_predictor.h"
#include "search/search_state.h"

namespace h4h::cli {

namespace {

int runPredictor(const ParsedArgs& args) {
  const Project project = loadProjectOrThrow(args.project());
  const double heldOut = args.doubleOr("held-out", 0.25, 0.05, 0.9);
  const auto seed = static_cast<std::uint64_t>(args.intOr("seed", 1, 0, 1LL << 62));
  const auto state = loadSearchState(project);
  std::vector<AccuracySample> samples;
  if (state)
    for (const auto& [key, m] : state->cache)
      if (m.ok && !m.accuracyPredicted && std::isfinite(m.accuracy)) samples.push_back({key, m.accuracy});
  if (samples.size() < 8)
    throw InputError(args.project() + ": the saved search holds " + std::to_string(samples.size()) +
                     " archs with a measured accuracy; the predictor needs at least 8 (run `h4h search` "
                     "with the accuracy objective first)");
  const PredictorQuality q = heldOutQuality(project.space, samples, heldOut, seed);
  std::printf("accuracy predictor (ridge on the depth-masked one-hot encoding), seed %llu\n",
              static_cast<unsigned long long>(seed));
  std::printf("measured archs %zu: fitted on %d, held out %d\n", samples.size(), q.trainCount, q.heldOutCount);
  std::printf("held-out RMSE %.2f points of top-1, Kendall tau %.3f, Spearman rho %.3f\n", 100.0 * q.rmse,
              q.kendallTau, q.spearmanRho);
  return 0;
}

}  // namespace

Command predictorCommand() {
  return {"predictor",
          "fit the accuracy predictor on the last search's measured accuracies; held-out RMSE, Kendall tau and "
          "Spearman rho",
          "PROJECT [--held-out F] [--seed S]",
          {{"held-out", "F", "fraction of the measured archs held out for scoring (default 0.25)"},
           {"seed", "S", "seed of the held-out split and the cross-validation folds (default 1)"}},
          runPredictor};
}

}  // namespace h4h::cli
