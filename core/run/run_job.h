#pragma once
/// `h4h run` as a core Job (DESIGN §9): train the supernet when no finished checkpoint
/// for the current settings exists, search, choose and schedule an arch, and build the
/// report model (report/run_report.h). Results are stored in the project file as each
/// stage makes them; the report folder itself is written by the caller
/// (writeReportFolder), because its PNGs are drawn by the studio's plotting code.
///
/// Events, besides the stages' own (train.epoch, search.generation, ...):
///   "run.stage" {index, count, what}   a stage starts
///   "run.note"  {text}                 a line of the report's notes, as it is made
/// Cancel checkpoints the running stage; the report is then marked incomplete.
/// Lives in h4h_torch (core/CMakeLists.txt): the training stage needs LibTorch.

#include <string>

#include "jobs/job.h"
#include "project/project.h"
#include "report/run_report.h"

namespace h4h {

struct RunOptions {
  bool train = true;
  bool search = true;
  bool schedule = true;
  bool resume = false;  ///< continue an interrupted training and search where they stopped
};

class RunJob : public Job {
public:
  /// `project` is edited and saved (updateProjectFile) by the stages; it must outlive the job.
  RunJob(Project& project, RunOptions options);

  std::string name() const override { return "run"; }

  /// The report model, complete once execute() returned (also when cancelled or failed).
  const RunReport& report() const { return m_report; }
  /// A stage failed (the report says which).
  bool stageFailed() const { return m_failed; }
  /// execute() failed on bad input (an InputError: a settings problem, not a failure).
  bool badInput() const { return m_badInput; }

protected:
  JobResult run(JobContext& context) override;

private:
  void note(JobContext& context, const std::string& line);
  void train(JobContext& context);
  void search(JobContext& context);
  void schedule(JobContext& context);

  Project& m_project;
  RunOptions m_options;
  RunReport m_report;
  bool m_failed = false;
  bool m_badInput = false;
  bool m_trainedNow = false;  ///< training ran in this job (cached accuracies are stale)
};

}  // namespace h4h
