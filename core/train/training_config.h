#pragma once
/// The project's `training` section: which recipe trains the supernet and with
/// what optimiser settings. Torch-free (project/ loads it).

#include <cstdint>
#include <string>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// "cnn-only", "vanilla", "tpi-unfreeze", "tpi-freeze", "vanilla-gradproj".
const std::vector<std::string>& trainingRecipes();
/// True for the two-phase recipes (phase 1: CNN subspace, phase 2: whole space).
bool isTwoPhaseRecipe(const std::string& recipe);

struct TrainingConfig {
  std::string recipe = "tpi-freeze";
  int epochs = 4;            ///< single-phase recipes
  int phase1Epochs = 2;      ///< two-phase recipes: CNN subspace
  int phase2Epochs = 2;      ///< two-phase recipes: whole space
  double learningRate = 0.1;
  double momentum = 0.9;
  bool nesterov = true;
  double weightDecay = 4e-5;
  double warmupEpochs = 0.5;
  double labelSmoothing = 0.1;
  double gradClip = 5.0;     ///< max global gradient norm; 0 disables clipping
  int sandwichRandom = 2;    ///< random subnets per step besides max and min
  bool distill = true;       ///< in-place distillation from the max net
  int bnRecalibBatches = 20; ///< batches used to re-estimate BN statistics per subnet
  std::uint64_t seed = 1;
  std::string device = "cpu";  ///< "cpu" or "cuda"
  /// Minutes between mid-epoch checkpoints (a killed run loses at most this much);
  /// 0 = checkpoints at epoch ends only. Does not change the trained weights.
  double checkpointMinutes = 5.0;

  /// Epochs of each phase for this recipe (one entry for single-phase recipes).
  std::vector<int> phaseEpochs() const;
};

TrainingConfig trainingConfigFromJson(const Json& j, const std::string& path, ErrorList& errors);
Json trainingConfigToJson(const TrainingConfig& config);

/// Limits of training.checkpoint_minutes (one day at most).
constexpr double kMaxCheckpointMinutes = 1440.0;

/// Settings that do not shape the trained weights (training.checkpoint_minutes): resume
/// and "already trained" checks ignore them.
bool isBookkeepingTrainingSetting(const std::string& key);
/// trainingConfigToJson-style settings without the bookkeeping keys, for comparisons.
Json weightShapingSettings(const Json& settings);

}  // namespace h4h
