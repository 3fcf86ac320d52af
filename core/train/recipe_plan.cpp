#include "train/recipe_plan.h"

#include <algorithm>
#include <cctype>

#include "util/errors.h"

namespace h4h {

std::vector<PhasePlan> recipePhases(const TrainingConfig& c) {
  PhasePlan cnn{"cnn", true, false, false, c.epochs};
  PhasePlan hybrid{"hybrid", false, false, false, c.epochs};
  if (c.recipe == "cnn-only") return {cnn};
  if (c.recipe == "vanilla") return {hybrid};
  if (c.recipe == "vanilla-gradproj") {
    hybrid.gradProjection = true;
    return {hybrid};
  }
  cnn.epochs = c.phase1Epochs;
  hybrid.epochs = c.phase2Epochs;
  hybrid.freezeCnn = c.recipe == "tpi-freeze";
  return {cnn, hybrid};
}

bool isCnnPartTensor(const std::string& name) {
  if (name.rfind("stem.", 0) == 0) return true;
  const std::string prefix = "stages.";
  if (name.rfind(prefix, 0) != 0) return false;
  std::size_t i = prefix.size();
  if (i >= name.size() || !std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
  return name.compare(i, 4, ".mb.") == 0;
}

Json phasePlanToJson(const PhasePlan& p) {
  return Json{{"name", p.name},
              {"cnn_only", p.cnnOnly},
              {"freeze_cnn", p.freezeCnn},
              {"grad_projection", p.gradProjection},
              {"epochs", p.epochs}};
}

}  // namespace h4h

namespace h4h {

void applyTrainingOverrides(TrainingConfig& config, const std::string& recipe,
                            const std::vector<int>& epochs) {
  if (!recipe.empty()) {
    const auto& known = trainingRecipes();
    if (std::find(known.begin(), known.end(), recipe) == known.end()) {
      std::string list;
      for (const auto& r : known) list += (list.empty() ? "" : ", ") + r;
      throw InputError("--recipe: must be one of " + list + " (\"" + recipe + "\")");
    }
    config.recipe = recipe;
  }
  if (epochs.empty()) return;
  std::string given;
  for (int e : epochs) {
    given += (given.empty() ? "" : ",") + std::to_string(e);
    if (e < 1 || e > 10000) throw InputError("--epochs: each count must be in [1, 10000] (" + given + ")");
  }
  if (!isTwoPhaseRecipe(config.recipe)) {
    if (epochs.size() != 1)
      throw InputError("--epochs: recipe " + config.recipe + " has one phase; give one count (" +
                       given + ")");
    config.epochs = epochs[0];
    return;
  }
  if (epochs.size() == 1) {
    if (epochs[0] < 2)
      throw InputError("--epochs: recipe " + config.recipe +
                       " has two phases; give at least 2 epochs or E1,E2 (" + given + ")");
    config.phase1Epochs = (epochs[0] + 1) / 2;
    config.phase2Epochs = epochs[0] / 2;
  } else if (epochs.size() == 2) {
    config.phase1Epochs = epochs[0];
    config.phase2Epochs = epochs[1];
  } else {
    throw InputError("--epochs: recipe " + config.recipe + " has two phases; give E or E1,E2 (" +
                     given + ")");
  }
}

}  // namespace h4h
