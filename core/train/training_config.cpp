#include "train/training_config.h"

namespace h4h {

const std::vector<std::string>& trainingRecipes() {
  static const std::vector<std::string> kRecipes = {"cnn-only", "vanilla", "tpi-unfreeze",
                                                    "tpi-freeze", "vanilla-gradproj"};
  return kRecipes;
}

bool isTwoPhaseRecipe(const std::string& recipe) {
  return recipe == "tpi-freeze" || recipe == "tpi-unfreeze";
}

std::vector<int> TrainingConfig::phaseEpochs() const {
  if (isTwoPhaseRecipe(recipe)) return {phase1Epochs, phase2Epochs};
  return {epochs};
}

TrainingConfig trainingConfigFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  TrainingConfig c;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return c;
  c.recipe = f.getEnum("recipe", c.recipe, trainingRecipes());
  c.epochs = static_cast<int>(f.getInt("epochs", c.epochs, 1, 10000));
  c.phase1Epochs = static_cast<int>(f.getInt("phase1_epochs", c.phase1Epochs, 1, 10000));
  c.phase2Epochs = static_cast<int>(f.getInt("phase2_epochs", c.phase2Epochs, 1, 10000));
  c.learningRate = f.getDouble("learning_rate", c.learningRate, 1e-7, 10.0);
  c.momentum = f.getDouble("momentum", c.momentum, 0.0, 0.999);
  c.nesterov = f.getBool("nesterov", c.nesterov);
  c.weightDecay = f.getDouble("weight_decay", c.weightDecay, 0.0, 0.1);
  c.warmupEpochs = f.getDouble("warmup_epochs", c.warmupEpochs, 0.0, 1000.0);
  c.labelSmoothing = f.getDouble("label_smoothing", c.labelSmoothing, 0.0, 0.5);
  c.gradClip = f.getDouble("grad_clip", c.gradClip, 0.0, 1e6);
  c.sandwichRandom = static_cast<int>(f.getInt("sandwich_random", c.sandwichRandom, 0, 16));
  c.distill = f.getBool("distill", c.distill);
  c.bnRecalibBatches = static_cast<int>(f.getInt("bn_recalib_batches", c.bnRecalibBatches, 1, 10000));
  c.seed = static_cast<std::uint64_t>(f.getInt("seed", static_cast<long long>(c.seed), 0, (1LL << 53)));
  c.device = f.getEnum("device", c.device, {"cpu", "cuda"});
  c.checkpointMinutes = f.getDouble("checkpoint_minutes", c.checkpointMinutes, 0.0, kMaxCheckpointMinutes);
  return c;
}

Json trainingConfigToJson(const TrainingConfig& c) {
  return Json{{"recipe", c.recipe},
              {"epochs", c.epochs},
              {"phase1_epochs", c.phase1Epochs},
              {"phase2_epochs", c.phase2Epochs},
              {"learning_rate", c.learningRate},
              {"momentum", c.momentum},
              {"nesterov", c.nesterov},
              {"weight_decay", c.weightDecay},
              {"warmup_epochs", c.warmupEpochs},
              {"label_smoothing", c.labelSmoothing},
              {"grad_clip", c.gradClip},
              {"sandwich_random", c.sandwichRandom},
              {"distill", c.distill},
              {"bn_recalib_batches", c.bnRecalibBatches},
              {"seed", c.seed},
              {"device", c.device},
              {"checkpoint_minutes", c.checkpointMinutes}};
}

bool isBookkeepingTrainingSetting(const std::string& key) { return key == "checkpoint_minutes"; }

Json weightShapingSettings(const Json& settings) {
  if (!settings.is_object()) return settings;
  Json out = Json::object();
  for (auto it = settings.begin(); it != settings.end(); ++it)
    if (!isBookkeepingTrainingSetting(it.key())) out[it.key()] = it.value();
  return out;
}

}  // namespace h4h
