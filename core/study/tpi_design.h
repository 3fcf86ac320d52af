#pragma once
/// The design of the `tpi` study (issue 22): which supernets it trains per seed, from
/// what, for how long, and which subnets it measures. Plain data and rules, no training
/// (tpi_study.cpp runs them).
///
/// Per seed, paired on that seed (the same initial weights, data order and sampler):
///   phase1          CNN-only subspace from scratch, P epochs   -> the "CNN-only" row
///   cnn-control     from phase1, CNN-only subspace, X epochs   (a fresh schedule, as phase 2)
///   tpi-unfreeze    from phase1, whole space, X epochs, everything trains
///   tpi-freeze      from phase1, whole space, X epochs, CNN part frozen
///   vanilla         whole space from scratch, P + X epochs
///   vanilla-gradproj whole space with NASViT's projection, P + X epochs (budgets that include it)
/// Phase 1 is trained once per seed and every continuation starts from its weights.

#include <cstdint>
#include <string>
#include <vector>

#include "space/search_space.h"
#include "train/recipe_plan.h"

namespace h4h {

/// The sizes of one run of the study (`--budget`).
struct TpiBudget {
  std::string name;
  int phase1Epochs = 4;        ///< P
  int phase2Epochs = 2;        ///< X: the continuations' epochs
  int stepsPerEpoch = 0;       ///< optimiser steps per epoch; 0 = every training batch
  /// Validation batches of phase 1's per-epoch check (0 = all); the other supernets log
  /// their epochs on randomEvalBatches batches (nothing is decided on them).
  int epochEvalBatches = 0;
  int extremeEvalBatches = 0;  ///< test batches for the max, CNN min and hybrid min nets; 0 = all
  int randomSubnets = 20;      ///< the fixed set whose mean is a column
  int randomEvalBatches = 0;   ///< test batches per random subnet; 0 = all
  int calibrationBatches = 20; ///< BN recalibration batches per measured subnet
  bool gradProjection = true;  ///< train vanilla-gradproj too
  /// Phase 1 counts as converged when its max net gained less than this on the
  /// validation split (percentage points) in its last epoch.
  double convergedGainPoints = 0.3;
};

/// "standard" (the default; sized for the demo project on 2 cores within an hour),
/// "full" (every training image, longer phases, every test image) and "quick" (what
/// tests and a first look run; also what StudySettings::quick selects).
const std::vector<std::string>& tpiBudgetNames();
/// The budget called `name` ("" = standard); InputError `--budget: ...` otherwise.
TpiBudget tpiBudget(const std::string& name);

enum class TpiRecipe { Phase1, CnnControl, TpiUnfreeze, TpiFreeze, Vanilla, VanillaGradProj };

/// Every recipe, in table order.
const std::vector<TpiRecipe>& tpiRecipes();
/// "phase1", "cnn-control", "tpi-unfreeze", "tpi-freeze", "vanilla", "vanilla-gradproj".
const char* tpiRecipeId(TpiRecipe recipe);
/// The table's row label, e.g. "CNN-only (phase 1)".
std::string tpiRecipeLabel(TpiRecipe recipe, const TpiBudget& budget);
/// True when the recipe trains the whole space (its supernet has trained ViT blocks).
bool tpiRecipeIsHybrid(TpiRecipe recipe);
/// True when the recipe starts from the seed's phase-1 weights.
bool tpiRecipeContinues(TpiRecipe recipe);
/// The recipes this budget trains (vanilla-gradproj only with gradProjection).
std::vector<TpiRecipe> tpiRecipesOf(const TpiBudget& budget);
/// The trainer's phase plan of a recipe (TrainerOptions::phases).
std::vector<PhasePlan> tpiPhases(TpiRecipe recipe, const TpiBudget& budget);
/// The trainer's recipe name recorded in the run ("cnn-only", "tpi-freeze", ...).
const char* tpiTrainerRecipe(TpiRecipe recipe);

/// One supernet the study trains: a recipe on a seed. id(): "s<seed>-<recipe id>".
struct TpiUnit {
  std::uint64_t seed = 1;
  TpiRecipe recipe = TpiRecipe::Phase1;
  std::string id() const;
};

/// The smallest subnet with ViT blocks: minArch, except that every stage whose ViT
/// depth may be non-zero takes its smallest non-zero depth (smallest heads and MLP
/// ratio). Throws InputError when no stage of the space allows a ViT block.
Arch hybridMinArch(const SearchSpace& space);
/// The smallest subnet without ViT blocks: minArch with every ViT depth 0.
Arch cnnMinArch(const SearchSpace& space);
/// The fixed set of `count` distinct random subnets of the whole space whose mean is a
/// column: the same for every seed and recipe (drawn with kTpiSubnetSetSeed).
std::vector<Arch> tpiRandomSubnets(const SearchSpace& space, int count);
constexpr std::uint64_t kTpiSubnetSetSeed = 22;

}  // namespace h4h
