#pragma once
/// The phases a training recipe runs (DESIGN §6, issue 7), and which supernet tensors
/// make up the "CNN part" that tpi-freeze freezes in its second phase. Torch-free, so
/// the studio can show the plan and tests can check it without LibTorch.
///
///   recipe            phases
///   cnn-only          1: CNN-only subspace                      (epochs)
///   vanilla           1: whole space                            (epochs)
///   vanilla-gradproj  1: whole space, NASViT gradient projection (epochs)
///   tpi-unfreeze      1: CNN-only subspace (phase1_epochs), 2: whole space, all trainable
///   tpi-freeze        1: CNN-only subspace (phase1_epochs), 2: whole space, CNN part frozen
///
/// Phase 2 continues from phase 1's weights with a fresh optimiser state and its own
/// warm-up + cosine schedule.

#include <string>
#include <vector>

#include "train/training_config.h"
#include "util/json_fields.h"

namespace h4h {

struct PhasePlan {
  std::string name;             ///< "cnn" or "hybrid"
  bool cnnOnly = false;         ///< sandwich samples (max, min, random) from the CNN-only subspace
  bool freezeCnn = false;       ///< CNN-part parameters get no update, their BN running stats stay
  bool gradProjection = false;  ///< NASViT projection of the subnets' gradient against the max net's
  int epochs = 1;
};

/// The phases of config.recipe with the config's epoch counts.
std::vector<PhasePlan> recipePhases(const TrainingConfig& config);

/// True for the supernet tensors (parameters and buffers, by registered name) of the
/// CNN part: the stem ("stem.*") and every MBConv layer of every stage
/// ("stages.<i>.mb.*", including their squeeze-excite). Not in it: the positional
/// convs and ViT blocks ("stages.<i>.pos.*", "stages.<i>.vit.*"), the head conv, the
/// feature layer and the classifier, which keep training in tpi-freeze's phase 2
/// (the head has to adapt to the features the new ViT blocks produce).
bool isCnnPartTensor(const std::string& name);

Json phasePlanToJson(const PhasePlan& phase);

}  // namespace h4h

namespace h4h {

/// Applies `h4h train` overrides to a training section: a recipe name ("" keeps the
/// section's) and epochs (empty keeps them): one value for a single-phase recipe, one
/// (split ⌈E/2⌉ + ⌊E/2⌋, E ≥ 2) or two values for a two-phase recipe. Throws InputError
/// naming the option and the value when it does not fit.
void applyTrainingOverrides(TrainingConfig& config, const std::string& recipe,
                            const std::vector<int>& epochs);

}  // namespace h4h
