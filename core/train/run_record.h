#pragma once
/// One training run as the project stores it in `results.runs` (DESIGN §8; train/ owns
/// this schema), typed. Torch-free, so the studio, the CLI and the report read it.
/// Reading validates each field with its path (`results.runs[2].epochs[0].loss: must be
/// a number`); fields this build does not know are kept and written back, so a load/save
/// round trip of a file this program wrote keeps its content. RunHistory (run_history.h)
/// is the trainer's writer of this record.
///
/// A run object (fields marked * are written only once the run has reached them):
///   id, kind ("train"), recipe, seed, status (running, finished, cancelled, failed),
///   started and *updated (UTC ISO time), settings (the training section used),
///   *data (dataset description), phases [PhasePlan], *checkpoint (path of the run's
///   supernet.pt), wall_s and images (training time and images over every session),
///   images_per_s (their ratio), *epochs_done, *steps_per_epoch, *threads,
///   *processes (data-parallel ranks of the last session),
///   *min_top1 / *max_top1 (the last evaluation), epochs [RunEpoch], steps (StepSeries).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "train/recipe_plan.h"
#include "util/json_fields.h"

namespace h4h {

enum class RunStatus { Running, Finished, Cancelled, Failed };

/// "running", "finished", "cancelled", "failed": the only statuses a run record holds.
const std::vector<std::string>& runStatusNames();
const std::string& runStatusName(RunStatus status);

/// One finished epoch (`epochs[j]`), also the payload of the trainer's train.epoch event.
struct RunEpoch {
  int phase = 1;                 ///< 1-based phase of the recipe
  int phaseEpoch = 1;            ///< 1-based epoch within the phase
  int epoch = 1;                 ///< 1-based epoch over the run
  double loss = 0.0;             ///< mean max-net loss over the epoch's steps
  double subLoss = 0.0;          ///< mean loss of the sandwich's smaller nets
  double minTop1 = 0.0;          ///< min-net top-1 on the test split (fraction)
  double maxTop1 = 0.0;          ///< max-net top-1 on the test split (fraction)
  std::string minArch, maxArch;  ///< the evaluated extremes' arch keys
  double imagesPerSecond = 0.0;  ///< training throughput of the epoch
  double seconds = 0.0;          ///< training time of the epoch (evaluation excluded)
  double evalSeconds = 0.0;      ///< time of the two evaluations
  double lr = 0.0;               ///< learning rate of the epoch's last step
  Json unknown = Json::object();

  Json toJson() const;
  static RunEpoch fromJson(const Json& json, const std::string& path, ErrorList& errors);
  /// The payload of a train.epoch event, which the trainer wrote: a malformed one is an
  /// internal error (std::logic_error).
  static RunEpoch fromEvent(const Json& data);
};

/// Per-step max-net loss and learning rate, each point the mean of `every` consecutive
/// steps (RunHistory doubles `every` and merges pairs whenever the series would exceed
/// RunHistory::kMaxStepPoints); `pending` sums the steps not yet in a point.
struct StepSeries {
  struct Pending {
    double sumLoss = 0.0, sumLr = 0.0;
    int count = 0;          ///< steps summed
    std::int64_t step = 0;  ///< global index of the last step summed
    Json unknown = Json::object();
  };

  int every = 1;
  std::vector<std::int64_t> step;  ///< global step index (0-based) of each point's last step
  std::vector<double> loss, lr;    ///< parallel to `step`
  Pending pending;
  Json unknown = Json::object();

  Json toJson() const;
  static StepSeries fromJson(const Json& json, const std::string& path, ErrorList& errors);
};

/// A phase of the run's recipe as it ran (`phases[k]`).
struct RunPhase {
  PhasePlan plan;
  Json unknown = Json::object();
};

struct RunRecord {
  std::string id;  ///< "train-<n>"
  std::string kind = "train";
  std::string recipe;
  std::uint64_t seed = 0;
  RunStatus status = RunStatus::Running;
  std::string started;
  std::optional<std::string> updated;
  /// The training section as the run used it (trainingConfigToJson), kept as written: it
  /// is shown and compared, never edited, and an older run's settings must not gain
  /// today's defaults.
  Json settings = Json::object();
  std::optional<std::string> data;
  std::vector<RunPhase> phases;
  std::optional<std::string> checkpoint;
  double wallSeconds = 0.0;
  std::int64_t images = 0;
  double imagesPerSecond = 0.0;
  std::optional<int> epochsDone;
  std::optional<std::int64_t> stepsPerEpoch;
  std::optional<int> threads;    ///< intra-op threads of each process
  std::optional<int> processes;  ///< data-parallel ranks (1: one process)
  std::optional<double> minTop1, maxTop1;
  std::vector<RunEpoch> epochs;
  StepSeries steps;
  Json unknown = Json::object();  ///< fields this build does not know, written back as read

  /// Planned epochs over every phase.
  int plannedEpochs() const;
  Json toJson() const;
  /// Reads a run object; problems are recorded in `errors` under `path`.
  static RunRecord fromJson(const Json& json, const std::string& path, ErrorList& errors);

  bool operator==(const RunRecord& o) const { return toJson() == o.toJson(); }
  bool operator!=(const RunRecord& o) const { return !(*this == o); }
};

/// `results.runs`, oldest first.
using RunRecords = std::vector<RunRecord>;

Json runRecordsToJson(const RunRecords& runs);
/// Reads an array of runs (each validated as `path[i]`).
RunRecords runRecordsFromJson(const Json& json, const std::string& path, ErrorList& errors);
/// Reads a record stored at `path` of another file this program wrote (a checkpoint's
/// "history"); throws InputError naming the file and the fields when it is malformed.
RunRecord runRecordFromFile(const Json& json, const std::string& file, const std::string& path);

}  // namespace h4h
