#pragma once
/// A study as a core Job: progress, cancel token, snapshots as rows complete. The
/// caller (h4h study, the Studies tab) then writes the folder (study_folder.h) and
/// stores the summary in the project (study_record.h).

#include <memory>
#include <string>
#include <vector>

#include "study/study.h"
#include "study/study_plotter.h"

namespace h4h {

class StudyJob : public Job {
public:
  /// Throws InputError for an unknown study or bad settings (naming the field).
  /// `training` is what a study that trains (Study::trains) runs with.
  StudyJob(Project project, StudySettings settings, AccuracyFactory accuracy = {},
           StudySnapshotFn onSnapshot = {}, StudyTraining training = {});
  ~StudyJob() override;

  std::string name() const override { return "study " + m_settings.study; }
  /// The result after execute(): complete when Finished, partial otherwise.
  const StudyResult& result() const { return m_result; }
  /// True when the job failed on bad input (the CLI exits 2).
  bool badInput() const { return m_badInput; }

protected:
  JobResult run(JobContext& context) override;

private:
  Project m_project;
  StudySettings m_settings;
  AccuracyFactory m_accuracy;
  StudySnapshotFn m_onSnapshot;
  StudyTraining m_training;
  const Study* m_study = nullptr;
  StudyResult m_result;
  bool m_badInput = false;
};

/// What became of a study's outcome (saveStudy).
struct StudyOutput {
  bool saved = false;                    ///< the folder was written and the record stored
  std::string folder;                    ///< as stored in the record ("" when not saved)
  std::vector<std::string> pngProblems;  ///< plots that could not be drawn
};

/// The one ending of a study run (h4h study, the Studies tab): when `status` is Finished,
/// writes `job`'s result into the folder `dir` (study_folder.h: through a temporary
/// sibling, never over an existing folder) and appends its record to the project's
/// results.studies, saved atomically; when cancelled or failed, does nothing, so a stopped
/// study leaves neither a folder nor a record. Throws like writeStudyFolder and
/// appendStudyRecord.
StudyOutput saveStudy(Project& project, const StudyResult& result, JobStatus status, const std::string& dir,
                      StudyPlotter* plotter, const std::string& argument = "--out");

}  // namespace h4h
