#include "study/tpi_design.h"

#include <algorithm>
#include <random>
#include <set>

#include "space/arch_key.h"
#include "space/space_ops.h"
#include "util/errors.h"

namespace h4h {

const std::vector<std::string>& tpiBudgetNames() {
  static const std::vector<std::string> kNames{"standard", "full", "quick"};
  return kNames;
}

TpiBudget tpiBudget(const std::string& name) {
  TpiBudget b;
  b.name = name.empty() ? "standard" : name;
  if (b.name == "standard") {
    // docs/training.md §TPI study: what each part costs on the demo project.
    b.phase1Epochs = 4;
    b.phase2Epochs = 2;
    b.stepsPerEpoch = 128;
    b.epochEvalBatches = 0;
    b.randomSubnets = 20;
    b.randomEvalBatches = 4;
    b.calibrationBatches = 12;
    b.gradProjection = false;
  } else if (b.name == "full") {
    b.phase1Epochs = 8;
    b.phase2Epochs = 4;
    b.stepsPerEpoch = 0;
    b.epochEvalBatches = 0;
    b.randomSubnets = 30;
    b.randomEvalBatches = 0;
    b.calibrationBatches = 20;
    b.gradProjection = true;
  } else if (b.name == "quick") {
    b.phase1Epochs = 1;
    b.phase2Epochs = 1;
    b.stepsPerEpoch = 3;
    b.epochEvalBatches = 1;
    b.extremeEvalBatches = 1;
    b.randomSubnets = 4;
    b.randomEvalBatches = 1;
    b.calibrationBatches = 2;
    b.gradProjection = true;
  } else {
    throw InputError("--budget: unknown budget \"" + name + "\" (expected standard, full or quick)");
  }
  return b;
}

const std::vector<TpiRecipe>& tpiRecipes() {
  static const std::vector<TpiRecipe> kAll{TpiRecipe::Phase1,    TpiRecipe::CnnControl,
                                           TpiRecipe::TpiUnfreeze, TpiRecipe::TpiFreeze,
                                           TpiRecipe::Vanilla,   TpiRecipe::VanillaGradProj};
  return kAll;
}

const char* tpiRecipeId(TpiRecipe recipe) {
  switch (recipe) {
    case TpiRecipe::Phase1: return "phase1";
    case TpiRecipe::CnnControl: return "cnn-control";
    case TpiRecipe::TpiUnfreeze: return "tpi-unfreeze";
    case TpiRecipe::TpiFreeze: return "tpi-freeze";
    case TpiRecipe::Vanilla: return "vanilla";
    case TpiRecipe::VanillaGradProj: return "vanilla-gradproj";
  }
  return "?";
}

std::string tpiRecipeLabel(TpiRecipe recipe, const TpiBudget& b) {
  const std::string p = std::to_string(b.phase1Epochs), x = std::to_string(b.phase2Epochs),
                    total = std::to_string(b.phase1Epochs + b.phase2Epochs);
  switch (recipe) {
    case TpiRecipe::Phase1: return "CNN-only (phase 1, " + p + " ep)";
    case TpiRecipe::CnnControl: return "CNN-only control (" + p + " + " + x + " ep)";
    case TpiRecipe::TpiUnfreeze: return "Hybrid: TPI-unfreeze (" + p + " + " + x + " ep)";
    case TpiRecipe::TpiFreeze: return "Hybrid: TPI-freeze (" + p + " + " + x + " ep)";
    case TpiRecipe::Vanilla: return "Hybrid: Vanilla (" + total + " ep)";
    case TpiRecipe::VanillaGradProj: return "Hybrid: Vanilla + grad. projection (" + total + " ep)";
  }
  return "?";
}

bool tpiRecipeIsHybrid(TpiRecipe recipe) {
  return recipe != TpiRecipe::Phase1 && recipe != TpiRecipe::CnnControl;
}

bool tpiRecipeContinues(TpiRecipe recipe) {
  return recipe == TpiRecipe::CnnControl || recipe == TpiRecipe::TpiUnfreeze || recipe == TpiRecipe::TpiFreeze;
}

std::vector<TpiRecipe> tpiRecipesOf(const TpiBudget& budget) {
  std::vector<TpiRecipe> out;
  for (TpiRecipe r : tpiRecipes())
    if (r != TpiRecipe::VanillaGradProj || budget.gradProjection) out.push_back(r);
  return out;
}

std::vector<PhasePlan> tpiPhases(TpiRecipe recipe, const TpiBudget& b) {
  PhasePlan p;
  switch (recipe) {
    case TpiRecipe::Phase1:
      p = {"cnn", true, false, false, b.phase1Epochs};
      break;
    case TpiRecipe::CnnControl:
      p = {"cnn", true, false, false, b.phase2Epochs};
      break;
    case TpiRecipe::TpiUnfreeze:
      p = {"hybrid", false, false, false, b.phase2Epochs};
      break;
    case TpiRecipe::TpiFreeze:
      p = {"hybrid", false, true, false, b.phase2Epochs};
      break;
    case TpiRecipe::Vanilla:
      p = {"hybrid", false, false, false, b.phase1Epochs + b.phase2Epochs};
      break;
    case TpiRecipe::VanillaGradProj:
      p = {"hybrid", false, false, true, b.phase1Epochs + b.phase2Epochs};
      break;
  }
  return {p};
}

const char* tpiTrainerRecipe(TpiRecipe recipe) {
  switch (recipe) {
    case TpiRecipe::Phase1:
    case TpiRecipe::CnnControl: return "cnn-only";
    case TpiRecipe::TpiUnfreeze: return "tpi-unfreeze";
    case TpiRecipe::TpiFreeze: return "tpi-freeze";
    case TpiRecipe::Vanilla: return "vanilla";
    case TpiRecipe::VanillaGradProj: return "vanilla-gradproj";
  }
  return "vanilla";
}

std::string TpiUnit::id() const { return "s" + std::to_string(seed) + "-" + tpiRecipeId(recipe); }

Arch hybridMinArch(const SearchSpace& space) {
  Arch a = minArch(space);
  bool any = false;
  for (std::size_t i = 0; i < space.stages.size(); ++i) {
    const StageSpace& s = space.stages[i];
    int depth = 0;
    for (int d : s.vitDepths)
      if (d > 0 && (depth == 0 || d < depth)) depth = d;
    if (depth == 0 || s.heads.empty() || s.mlpRatios.empty()) continue;
    StageArch& st = a.stages[i];
    st.vitDepth = depth;
    st.heads.assign(static_cast<std::size_t>(depth), *std::min_element(s.heads.begin(), s.heads.end()));
    st.mlpRatios.assign(static_cast<std::size_t>(depth),
                        *std::min_element(s.mlpRatios.begin(), s.mlpRatios.end()));
    any = true;
  }
  if (!any)
    throw InputError("space.stages: no stage allows a ViT block (every vit_depths is [0]); the tpi study "
                     "compares hybrid training with CNN-only training and needs a hybrid space");
  return a;
}

Arch cnnMinArch(const SearchSpace& space) { return restrictCnnOnly(minArch(space)); }

std::vector<Arch> tpiRandomSubnets(const SearchSpace& space, int count) {
  std::mt19937_64 rng(kTpiSubnetSetSeed);
  std::vector<Arch> out;
  std::set<std::string> keys;
  // Distinct archs; a tiny space may hold fewer than `count`, so the draws are bounded.
  for (int draws = 0; static_cast<int>(out.size()) < count && draws < 100 * count; ++draws) {
    Arch a = sampleArch(space, rng);
    if (keys.insert(archKey(a)).second) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace h4h
