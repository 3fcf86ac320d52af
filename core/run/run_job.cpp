#include "run/run_job.h"

#include <algorithm>
#include <vector>

#include "eval/search_setup.h"
#include "project/project_io.h"
#include "project/search_saver.h"
#include "report/report_schedule.h"
#include "sched/schedule_record.h"
#include "search/search_job.h"
#include "train/run_history.h"
#include "train/supernet_evaluator.h"
#include "train/train_status.h"
#include "train/trainer.h"
#include "util/errors.h"

namespace h4h {

namespace {

/// A context for a stage's own job: the run's cancel token, progress and events passed on.
JobContext stageContext(JobContext& run) {
  return JobContext(
      run.cancelToken(),
      [&run](const JobProgress& p) { run.progress(p.fraction, p.stage, p.message); },
      [&run](const JobEvent& e) { run.event(e.kind, e.data); });
}

}  // namespace

RunJob::RunJob(Project& project, RunOptions options) : m_project(project), m_options(options) {
  m_report.project = &m_project;
  m_report.projectPath = m_project.filePath;
}

void RunJob::note(JobContext& context, const std::string& line) {
  m_report.notes.push_back(line);
  context.event("run.note", nlohmann::json{{"text", line}});
}

JobResult RunJob::run(JobContext& context) {
  struct Stage {
    bool wanted;
    const char* what;
    void (RunJob::*step)(JobContext&);
  };
  const std::vector<Stage> stages = {{m_options.train, "train the supernet", &RunJob::train},
                                     {m_options.search, "search", &RunJob::search},
                                     {m_options.schedule, "choose and schedule an arch", &RunJob::schedule}};
  int count = 0;
  for (const Stage& s : stages) count += s.wanted;
  int index = 0;
  try {
    for (const Stage& s : stages) {
      if (!s.wanted || !m_report.incomplete.empty()) continue;
      context.event("run.stage", nlohmann::json{{"index", ++index}, {"count", count}, {"what", s.what}});
      (this->*s.step)(context);
    }
  } catch (const InputError&) {
    m_badInput = true;
    throw;
  }
  if (!m_report.incomplete.empty() && m_report.chosenKey.empty()) {
    std::string why;
    m_report.chosenKey = chooseArch(m_project, why);
    m_report.chosenWhy = why + " (not scheduled: the run stopped early)";
  }
  if (m_failed) return {JobStatus::Failed, m_report.incomplete, {}};
  if (!m_report.incomplete.empty()) return {JobStatus::Cancelled, m_report.incomplete, {}};
  return {JobStatus::Finished, "report model ready", {}};
}

void RunJob::train(JobContext& context) {
  if (trainingFinished(m_project)) {
    note(context, "training: skipped, a finished checkpoint for the current settings is in " +
                      m_project.artifactDir());
    return;
  }
  TrainerOptions options;
  options.resume = m_options.resume && findRunCheckpoint(m_project.artifactDir()).has_value();
  // Every checkpoint and the final run record go into the project file, as `h4h train` does.
  options.onCheckpoint = [this](const RunRecord& run) {
    updateProjectFile(m_project, [&run](Project& p) { storeRunRecord(p, run); });
  };
  TrainerJob job(m_project, options);
  job.prepare();
  m_trainedNow = true;
  JobContext stage = stageContext(context);
  const JobResult result = job.execute(stage);
  const RunRecord& record = job.runRecord();
  updateProjectFile(m_project, [&record](Project& p) { storeRunRecord(p, record); });
  if (result.status == JobStatus::Finished) {
    note(context, std::string("training: ") + (options.resume ? "resumed and finished" : "finished") +
                      " (recipe " + job.config().recipe + "): " + result.message);
  } else if (result.status == JobStatus::Cancelled) {
    m_report.incomplete = "cancelled during training (checkpoint saved)";
    note(context, "training: cancelled, checkpoint in " + job.runFolder());
  } else {
    m_report.incomplete = "training failed: " + result.message;
    note(context, "training: failed: " + result.message);
    m_failed = true;
  }
}

void RunJob::search(JobContext& context) {
  SearchSetupOptions options;
  options.accuracyMode = AccuracyMode::WhenTrained;
  options.accuracy = supernetAccuracyFactory();
  const SearchSetup setup = setUpSearch(m_project, options);
  for (const std::string& line : setup.notes) note(context, line);
  const SearchConfig& config = setup.config;
  SearchJob job(m_project.space, config, setup.hardware, setup.accuracy);
  job.setPredictorSamples(setup.predictorSamples);
  // Searches are deterministic for a given seed, so a saved one with the same settings
  // ends exactly as a new one would: continue it, unless the supernet just changed.
  bool resumed = false;
  SearchSaver saver(m_project, [&config](Project& p) { p.search = config; });
  if ((m_options.resume || !m_trainedNow) && m_project.results.hasSearchState()) {
    try {
      saver.resume(job);
      resumed = true;
    } catch (const InputError& e) {
      if (m_options.resume)
        note(context, std::string("search: the saved search does not fit the settings, starting over (") +
                          e.what() + ")");
    }
  }
  // Each generation appends to the search-state log; the project file is rewritten at
  // most every few seconds and at the end (project/search_saver.h).
  m_project.search = config;
  job.setCheckpoint([&](const SearchStep& step) { saver.save(job, step); });
  JobContext stage = stageContext(context);
  const JobResult result = job.execute(stage);
  if (result.status != JobStatus::Failed) saver.finish(job);
  std::string objectives;
  for (const auto& o : config.objectives) objectives += (objectives.empty() ? "" : ", ") + o;
  if (result.status == JobStatus::Finished) {
    note(context, std::string("search: ") + (resumed ? "continued the saved search" : "finished") +
                      " (objectives " + objectives + "): " + job.evaluationsText() + ", " +
                      std::to_string(job.pareto().size()) + " on the front");
  } else if (result.status == JobStatus::Cancelled) {
    m_report.incomplete = "cancelled during the search after generation " +
                          std::to_string(job.generation()) + " (state saved)";
    note(context, "search: cancelled");
  } else {
    m_report.incomplete = "search failed: " + result.message;
    note(context, "search: failed: " + result.message);
    m_failed = true;
  }
}

void RunJob::schedule(JobContext& context) {
  const std::size_t notesBefore = m_report.notes.size();
  scheduleChosenArch(m_project, m_report);
  // The chosen arch and its schedule replace any earlier schedule of that arch.
  if (m_report.scheduled) {
    const std::string key = m_report.chosenKey;
    ScheduleRecord scheduled{m_report.evaluation.hybrid};
    updateProjectFile(m_project, [&key, &scheduled](Project& p) {
      p.results.selected = key;
      ScheduleRecords& kept = p.results.schedules;
      kept.erase(std::remove_if(kept.begin(), kept.end(),
                                [&key](const ScheduleRecord& s) { return s.arch() == key; }),
                 kept.end());
      kept.push_back(scheduled);
    });
  }
  for (std::size_t i = notesBefore; i < m_report.notes.size(); ++i)
    context.event("run.note", nlohmann::json{{"text", m_report.notes[i]}});
}

}  // namespace h4h
