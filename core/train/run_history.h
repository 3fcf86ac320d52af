#pragma once
/// The trainer's writer of a run record (run_record.h): appends steps and epochs, keeps
/// the step series bounded, and adds up time and images over every session. Also the
/// helpers that file a run into the project's `results.runs`. Torch-free.

#include <cstdint>
#include <string>
#include <vector>

#include "train/run_record.h"

namespace h4h {

struct Project;

class RunHistory {
public:
  static constexpr int kMaxStepPoints = 2000;

  RunHistory() = default;
  /// Continues a stored run (from a checkpoint or results.runs).
  explicit RunHistory(RunRecord record) : m_record(std::move(record)) {}

  RunRecord& record() { return m_record; }
  const RunRecord& record() const { return m_record; }
  const std::string& id() const { return m_record.id; }

  /// One optimiser step (global step index over the run, 0-based).
  void addStep(std::int64_t step, double loss, double lr);
  void addEpoch(RunEpoch entry) { m_record.epochs.push_back(std::move(entry)); }
  void setStatus(RunStatus status) { m_record.status = status; }
  /// Adds training seconds and images to the run's totals.
  void addTraining(double seconds, std::int64_t images);

private:
  void appendPoint(std::int64_t step, double loss, double lr);

  RunRecord m_record;
};

/// "train-<n>" with n one more than the largest number among `takenIds` of that form.
std::string nextRunId(const std::vector<std::string>& takenIds);
/// nextRunId over the ids of the project's runs.
std::string nextRunId(const Project& project);
/// Replaces the run with the same id in project.results.runs, or appends it.
void storeRunRecord(Project& project, const RunRecord& run);
/// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utcTimestamp();

}  // namespace h4h
