#pragma once
/// The metric history of one training run, as stored in the project's `results.runs`
/// (DESIGN §8; train/ owns this schema). Torch-free so the studio and the CLI can read
/// and store it.
///
/// A run object:
///   id, kind ("train"), recipe, seed, status ("running", "finished", "cancelled",
///   "failed"), started (UTC ISO time), settings (the training section used), data
///   (dataset description), phases [phasePlanToJson], checkpoint (path of supernet.pt),
///   wall_s (training time over every session), images_per_s (mean training throughput),
///   epochs [{phase, phase_epoch, epoch (1-based over the run), loss (mean max-net loss),
///            min_top1, max_top1 (fractions on the test split), min_arch, max_arch,
///            images_per_s, seconds, lr}],
///   steps {every, step [], loss [], lr []}: per-step max-net loss and learning rate,
///        each point the mean of `every` consecutive steps (every doubles whenever the
///        series would exceed kMaxStepPoints points), pending {sum_loss, sum_lr, count, step}.

#include <cstdint>
#include <string>

#include "util/json_fields.h"

namespace h4h {

struct Project;

class RunHistory {
public:
  static constexpr int kMaxStepPoints = 2000;

  RunHistory();
  /// Continues a stored run object (from a checkpoint or results.runs).
  explicit RunHistory(Json record);

  Json& record() { return m_record; }
  const Json& record() const { return m_record; }
  std::string id() const;

  /// One optimiser step (global step index over the run, 0-based).
  void addStep(std::int64_t step, double loss, double lr);
  void addEpoch(const Json& entry);
  void setStatus(const std::string& status);
  /// Adds training seconds and images to the run's totals.
  void addTraining(double seconds, std::int64_t images);

private:
  void appendPoint(std::int64_t step, double loss, double lr);

  Json m_record;
};

/// "train-<n>" with n one more than the largest number among the project's run ids.
std::string nextRunId(const Project& project);
/// Replaces the run with the same id in project.results.runs, or appends it.
void storeRunRecord(Project& project, const Json& run);
/// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utcTimestamp();

}  // namespace h4h
