#pragma once
/// The small JSON file `train_status.json` beside the checkpoints in a project's
/// artefact folder: what was trained, how far, and whether it finished. `h4h run`
/// and the studio read it (torch-free) to skip training that is already done or to
/// offer a resume; the trainer rewrites it atomically after every checkpoint.

#include <cstdint>
#include <optional>
#include <string>

#include "util/json_fields.h"

namespace h4h {

struct Project;

/// File names inside the artefact folder.
constexpr const char* kSupernetFile = "supernet.pt";      ///< latest weights (loadSupernetWeights)
constexpr const char* kTrainStateFile = "train_state.pt"; ///< weights + optimiser + RNG + position
constexpr const char* kTrainStatusFile = "train_status.json";

struct TrainingStatus {
  std::string runId;
  std::string recipe;
  bool finished = false;
  int phase = 0;               ///< phase the next step belongs to (0-based)
  int epochsDone = 0;          ///< completed epochs over all phases
  int totalEpochs = 0;
  std::int64_t stepInEpoch = 0;  ///< > 0 when stopped mid-epoch (cancel)
  double minTop1 = -1.0;       ///< last evaluation (fractions); -1 before the first
  double maxTop1 = -1.0;
  Json settings;               ///< trainingConfigToJson of the run
  Json space;                  ///< spaceToJson of the trained space
  std::string updated;         ///< UTC time of the last write
};

Json trainingStatusToJson(const TrainingStatus& status);
/// Throws InputError naming the file and field when malformed.
TrainingStatus trainingStatusFromJson(const Json& j, const std::string& file);

/// Reads <artifactDir>/train_status.json; nullopt when there is none. Throws InputError
/// when it exists but cannot be parsed.
std::optional<TrainingStatus> readTrainingStatus(const std::string& artifactDir);
void writeTrainingStatus(const std::string& artifactDir, const TrainingStatus& status);

/// True when the project's artefact folder holds a finished training of the project's
/// current space and training settings (epochs included), i.e. `h4h run` may skip it.
bool trainingFinished(const Project& project);

}  // namespace h4h
