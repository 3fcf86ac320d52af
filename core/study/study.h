#pragma once
/// A study (issue 21): one of the seed paper's findings re-run as a seeded, deterministic
/// experiment on a project. A Study fills a StudyResult through a StudyRun, publishing a
/// snapshot as rows complete so that the Studies tab fills in its table while it runs.
/// The registry lists every study by name (`h4h study PROJECT NAME`).

#include <functional>
#include <string>
#include <vector>

#include "eval/search_setup.h"
#include "jobs/job.h"
#include "project/project.h"
#include "study/study_training.h"
#include "study/study_types.h"

namespace h4h {

/// What a study runs on. `accuracy` is the project's accuracy signal when it has one
/// (null: none; a study that needs one says so in its notes or takes a named proxy).
struct StudyInput {
  const Project& project;
  StudySettings settings;
  AccuracyFactory accuracy;
  StudyTraining training;  ///< empty where the caller offers no training (Study::trains)
};

/// Called on the study's thread with the result so far, after every published change.
using StudySnapshotFn = std::function<void(const StudyResult& snapshot)>;

/// What a running study writes into and reports through.
class StudyRun {
public:
  StudyRun(JobContext& context, StudyResult& result, StudySnapshotFn onSnapshot = {});

  StudyResult& result() { return m_result; }
  JobContext& context() { return m_context; }
  /// Hands a snapshot of the result to the watcher (after a row or a plot was added).
  void publish();
  /// Progress of the whole study in [0, 1].
  void progress(double fraction, const std::string& stage, const std::string& message = {});
  /// Throws JobCancelled when the user cancelled.
  void throwIfCancelled() const { m_context.throwIfCancelled(); }
  bool cancelled() const { return m_context.cancelled(); }

private:
  JobContext& m_context;
  StudyResult& m_result;
  StudySnapshotFn m_onSnapshot;
};

class Study {
public:
  virtual ~Study() = default;
  /// The registry name: lower case, words joined by '-'.
  virtual std::string name() const = 0;
  /// One line for `h4h study --help` and the Studies tab.
  virtual std::string title() const = 0;
  /// Fills run.result()'s question, method, tables, plots, headlines and notes (the job
  /// sets the settings and provenance), publishing as rows complete. Throws InputError
  /// when the project cannot run the study, JobCancelled when cancelled.
  virtual void run(const StudyInput& input, StudyRun& run) const = 0;
  /// True when the study needs an accuracy signal on every project: callers then pass a
  /// factory that falls back to a named training-free proxy where the project has no
  /// trained supernet (train/synflow_proxy.h, trainedOrProxyFactory).
  virtual bool needsAccuracySignal() const { return false; }
  /// The named budgets the study offers (`--budget`), its default first; none: empty.
  virtual std::vector<std::string> budgets() const { return {}; }
  /// Seeds when the user names none (a study reporting confidence intervals needs several).
  virtual int defaultSeeds() const { return 1; }
  /// True when the study trains supernets: callers then pass StudyInput::training.
  virtual bool trains() const { return false; }
};

/// Every study, in the order `h4h study --help` lists them.
const std::vector<const Study*>& allStudies();
/// The names of allStudies(), in order.
std::vector<std::string> studyNames();
/// The study called `name`; null when none.
const Study* findStudy(const std::string& name);
/// findStudy, or InputError `<argument>: unknown study "x" (expected system, compute-units, ...)`.
const Study& studyOrThrow(const std::string& name, const std::string& argument = "NAME");

}  // namespace h4h
