#pragma once
/// Where training results live in a project's artefact folder (<project>.h4h.d/), and the
/// small torch-free JSON records that say what they hold.
///
///   supernet.pt              the supernet in force: what the search, `h4h export` and
///                            `h4h run` use. Replaced (atomically) only when a run finishes.
///   supernet.json            which run supernet.pt came from (a TrainingStatus, finished).
///   runs/<run-id>/           one folder per training run: train_state.pt (resume state),
///                            supernet.pt (the run's latest weights) and train_status.json
///                            (how far it got), rewritten at every checkpoint.
///
/// Folders written before runs had their own folder keep train_state.pt,
/// train_status.json and supernet.pt directly in the artefact folder; they are still read
/// (resume, in-force record) and left alone.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

struct Project;

/// File names inside the artefact folder.
constexpr const char* kSupernetFile = "supernet.pt";      ///< latest weights (loadSupernetWeights)
constexpr const char* kTrainStateFile = "train_state.pt"; ///< weights + optimiser + RNG + position
constexpr const char* kTrainStatusFile = "train_status.json";
constexpr const char* kInForceFile = "supernet.json";     ///< record of the in-force supernet.pt
constexpr const char* kRunsFolder = "runs";               ///< runs/<run-id>/ per training run

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
  std::string runFolder;       ///< the run's checkpoint folder, relative to the artefact folder
};

Json trainingStatusToJson(const TrainingStatus& status);
/// Throws InputError naming the file and field when malformed.
TrainingStatus trainingStatusFromJson(const Json& j, const std::string& file);

/// Reads <artifactDir>/train_status.json; nullopt when there is none. Throws InputError
/// when it exists but cannot be parsed.
std::optional<TrainingStatus> readTrainingStatus(const std::string& artifactDir);
void writeTrainingStatus(const std::string& artifactDir, const TrainingStatus& status);

/// <artifactDir>/runs/<runId>: where a run's checkpoints go.
std::string runCheckpointFolder(const std::string& artifactDir, const std::string& runId);

/// Which run <artifactDir>/supernet.pt holds: supernet.json, or in a folder of the older
/// layout the train_status.json beside it (then `finished` may be false: an older build
/// wrote unfinished weights there). nullopt when there is no supernet.pt. Throws
/// InputError when the record exists but is malformed.
std::optional<TrainingStatus> inForceSupernet(const std::string& artifactDir);
/// Writes supernet.json atomically (call after supernet.pt is in place).
void writeInForceRecord(const std::string& artifactDir, const TrainingStatus& status);

/// A run's checkpoint as found on disk.
struct RunCheckpoint {
  std::string folder;     ///< holds train_state.pt, supernet.pt, train_status.json
  TrainingStatus status;
  bool legacy = false;    ///< the older layout: files directly in the artefact folder
};
/// Every run with a train_status.json, oldest first (by run number); a legacy checkpoint
/// is listed unless a run folder has its id. Malformed records are skipped.
std::vector<RunCheckpoint> listRunCheckpoints(const std::string& artifactDir);
/// The checkpoint `--resume` continues: runId's when given (nullopt when it has none),
/// else the latest unfinished run, else the latest run (resuming a finished run
/// reports it done, or extends it when the epoch counts grew).
std::optional<RunCheckpoint> findRunCheckpoint(const std::string& artifactDir,
                                               const std::string& runId = {});

/// Makes `folder` (and its parents) and checks that files can be created and removed in
/// it (a probe file is created and removed); a folder whose mode lacks owner-write is
/// refused too, since root ignores modes. Throws InputError naming the folder.
void checkWritableFolder(const std::string& folder);
/// Throws InputError naming the file when it exists and its mode lacks owner-write.
void checkReplaceableFile(const std::string& file);

/// True when the supernet in force in the project's artefact folder is a finished
/// training of the project's current space and training settings (epochs included,
/// checkpoint_minutes not), i.e. `h4h run` may skip training.
bool trainingFinished(const Project& project);

}  // namespace h4h
