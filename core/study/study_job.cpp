#include "study/study_job.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "study/study_folder.h"
#include "study/study_record.h"

namespace h4h {

namespace {

std::string utcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string hashText(const FileFingerprint& file) {
  if (!file.exists) return "";
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(file.hash));
  return text;
}

}  // namespace

StudyJob::StudyJob(Project project, StudySettings settings, AccuracyFactory accuracy,
                   StudySnapshotFn onSnapshot, StudyTraining training)
    : m_project(std::move(project)),
      m_settings(std::move(settings)),
      m_accuracy(std::move(accuracy)),
      m_onSnapshot(std::move(onSnapshot)),
      m_training(std::move(training)) {
  m_study = &studyOrThrow(m_settings.study);
  validateStudySettings(m_settings);
  if (m_settings.quick && !m_settings.budget.empty() && m_settings.budget != "quick")
    throw InputError("--budget: --quick already chooses the quick budget; give one or the other (\"" +
                     m_settings.budget + "\")");
  const std::vector<std::string> budgets = m_study->budgets();
  if (!m_settings.budget.empty() &&
      std::find(budgets.begin(), budgets.end(), m_settings.budget) == budgets.end()) {
    std::string valid;
    for (const std::string& b : budgets) valid += (valid.empty() ? "" : ", ") + b;
    throw InputError("--budget: the " + m_settings.study + " study has " +
                     (valid.empty() ? std::string("no budgets") : "the budgets " + valid) + " (\"" +
                     m_settings.budget + "\")");
  }
  m_result.study = m_study->name();
  m_result.title = m_study->title();
  m_result.settings = m_settings;
  m_result.provenance.projectPath = m_project.filePath;
  m_result.provenance.projectHash = hashText(m_project.diskState);
  m_result.provenance.codeVersion = studyCodeVersion();
  m_result.provenance.seeds = m_settings.seedList();
}

StudyJob::~StudyJob() = default;

JobResult StudyJob::run(JobContext& context) {
  m_result.provenance.date = utcNow();
  StudyRun run(context, m_result, m_onSnapshot);
  const StudyInput input{m_project, m_settings, m_accuracy, m_training};
  try {
    m_study->run(input, run);
  } catch (const InputError&) {
    m_badInput = true;
    m_result.provenance.wallSeconds = context.elapsedSeconds();
    throw;
  } catch (...) {
    m_result.provenance.wallSeconds = context.elapsedSeconds();
    throw;
  }
  m_result.provenance.wallSeconds = context.elapsedSeconds();
  run.publish();
  return {JobStatus::Finished, "study " + m_result.study + " finished", {}};
}

StudyOutput saveStudy(Project& project, const StudyResult& result, JobStatus status, const std::string& dir,
                      StudyPlotter* plotter, const std::string& argument) {
  StudyOutput out;
  if (status != JobStatus::Finished) return out;
  out.pngProblems = writeStudyFolder(result, dir, plotter, argument);
  out.folder = studyRecordFolder(project, dir);
  appendStudyRecord(project, studyRecordOf(result, out.folder, "finished"));
  out.saved = true;
  return out;
}

}  // namespace h4h
