#pragma once
/// The whole document a user edits and saves (DESIGN §8): search space, hardware,
/// data, training and search settings, and the results of every run.
/// Plain data; reading and writing live in project_json.h and project_io.h.

#include <memory>
#include <string>

#include "data/data_config.h"
#include "hw/hardware_config.h"
#include "project/project_file.h"
#include "sched/schedule_record.h"
#include "search/pareto_record.h"
#include "search/search_config.h"
#include "search/search_state.h"
#include "space/search_space.h"
#include "study/study_record.h"
#include "train/run_record.h"
#include "train/training_config.h"
#include "util/json_fields.h"

namespace h4h {

/// The file format this build writes, and the newest it reads.
constexpr int kProjectFormatVersion = 1;
constexpr const char* kProjectFormatName = "h4h-project";

/// Where a search's resumable state lives and how far it got (`results.search`): the
/// state itself, every evaluated arch, is an append-only log in the side folder
/// (search/search_state_log.h), so that the project file stays small.
struct SearchSummary {
  std::string stateFile;  ///< the log, relative to the side folder ("" = no saved search)
  int generations = -1;   ///< completed generations (-1: the initial population did not complete)
  long long evaluations = 0;  ///< distinct archs measured

  bool operator==(const SearchSummary& o) const {
    return stateFile == o.stateFile && generations == o.generations && evaluations == o.evaluations;
  }
};

/// Results of runs, kept in the project so that reopening restores every view.
/// Each module owns the schema of its part (train/: runs, search/: pareto and
/// search state, sched/: schedules, study/: studies).
struct ProjectResults {
  RunRecords runs;                 ///< training runs: settings, per-step and per-epoch metrics
  ParetoFront pareto;              ///< the last search's Pareto archive, every metric per arch
  std::string selected;            ///< arch key the user selected ("" = none)
  ScheduleRecords schedules;       ///< schedules computed for selected archs
  SearchSummary search;            ///< the saved search state's place and progress
  StudyRecords studies;            ///< every study run (study/: summary and folder), oldest first
  /// A search state held in memory until the next save writes it into the side folder
  /// (and sets `search`): a version-1 file's `results.search_state`, or a search the
  /// studio ran. Shared, never copied: it holds every evaluation.
  std::shared_ptr<const SearchState> searchState;

  /// Whether a search can be resumed (a saved or an in-memory state).
  bool hasSearchState() const { return searchState || !search.stateFile.empty(); }
  bool operator==(const ProjectResults& o) const;
};

struct Project {
  std::string name = "untitled";
  std::string description;
  SearchSpace space;
  HardwareConfig hardware;
  DataConfig data;
  TrainingConfig training;
  SearchConfig search;
  ProjectResults results;

  /// The document as last loaded or saved; fields this build does not know are
  /// written back from it.
  Json original = Json::object();
  /// Absolute path of the file; empty until the project is saved.
  std::string filePath;
  /// The file as this project last read or wrote it: a whole-document save refuses to
  /// overwrite a file whose content has changed since (another writer's results).
  FileFingerprint diskState;

  /// Folder of the file ("" when unsaved).
  std::string directory() const;
  /// A path from the file, made absolute against the file's folder.
  std::string resolvePath(const std::string& path) const;
  /// Where large artefacts (checkpoints, reports) live: "<file>.d".
  std::string artifactDir() const;
};

}  // namespace h4h
