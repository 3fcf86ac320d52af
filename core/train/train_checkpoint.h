#pragma once
/// The resumable training state (<project>.h4h.d/train_state.pt): supernet weights and
/// buffers (key "model", so loadSupernetWeights reads this file too), optimiser
/// momentum ("optimizer"), the torch CPU generator ("torch_rng") and a JSON "meta"
/// string with the position (phase, epoch, step), the sandwich sampler's std RNG, the
/// settings and the run's metric history. Written atomically (temp file + rename).
/// Torch code only.

#include <torch/torch.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "model/supernet.h"
#include "model/torch_runtime.h"  // torchRngMutex
#include "train/run_record.h"
#include "train/sgd_optimizer.h"
#include "util/json_fields.h"

namespace h4h {

constexpr int kTrainStateVersion = 1;

/// Where a run stands; the data loader's position follows from epochsDone (the
/// loader's epoch number) and stepInEpoch (batches of that epoch already used).
struct TrainPosition {
  int phase = 0;               ///< 0-based index into recipePhases()
  int epochInPhase = 0;        ///< epochs of `phase` completed
  int epochsDone = 0;          ///< epochs completed over every phase
  std::int64_t stepInEpoch = 0;
  std::int64_t globalStep = 0; ///< optimiser steps over the run
  bool finished = false;
};

struct TrainState {
  TrainPosition position;
  std::string rng;   ///< std::mt19937_64 state as text (operator<<)
  Json settings;     ///< trainingConfigToJson
  Json space;        ///< spaceToJson
  RunRecord history; ///< the run record as of the checkpoint
  Json epochAccumulator = Json::object();  ///< partial sums of a cut-short epoch
};

/// Serialises model, optimiser and state; writes `path` atomically.
void saveTrainState(const std::string& path, Supernet& net, const SgdOptimizer& optimizer,
                    const TrainState& state);
/// Reads a state written by saveTrainState into net and optimizer. Throws InputError
/// naming the file when it is missing, corrupt, of a newer version or for another space.
TrainState loadTrainState(const std::string& path, Supernet& net, SgdOptimizer& optimizer);


/// torch::save of the supernet alone (what loadSupernetWeights and extract users read),
/// written atomically.
void saveSupernetWeights(const std::string& path, Supernet& net);

}  // namespace h4h
