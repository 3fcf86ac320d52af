#pragma once
/// Saves a running search into its project at a cost proportional to what is new
/// (docs/project_files.md, "Search state"): each generation's step is appended to the
/// state log in the side folder and flushed; the project file (the front and the
/// summary in results.search) is rewritten when the log is started, then at most every
/// few seconds, and when the search ends. A kill at any moment leaves a log that resumes
/// and a project file that names it.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "project/project.h"
#include "search/search_job.h"
#include "search/search_state_log.h"

namespace h4h {

class SearchSaver {
public:
  /// `change` is applied with every project save (e.g. storing the search settings).
  explicit SearchSaver(Project& project, std::function<void(Project&)> change = {},
                       std::chrono::milliseconds projectInterval = std::chrono::seconds(5));

  /// Restores `job` from the project's saved search and continues its log (a version-1
  /// results.search_state is moved into a new log). InputError, with `job` and the
  /// files unchanged, when there is none or it was made with other settings.
  void resume(SearchJob& job);
  /// The checkpoint hook: appends `step` (a new search starts its own log at its first
  /// step) and rewrites the project file when it is due.
  void save(const SearchJob& job, const SearchStep& step);
  /// After the job stopped (finished or cancelled): appends what it measured since the
  /// last step and writes the project file. Nothing is written when no step was.
  void finish(SearchJob& job);

private:
  void writeProject(const SearchJob& job);

  Project& m_project;
  std::function<void(Project&)> m_change;
  std::chrono::milliseconds m_interval;
  std::optional<SearchStateLog> m_log;
  std::string m_stateFile;  ///< the log, relative to the side folder
  std::string m_replaced;   ///< a previous search's log, deleted once the project names the new one
  std::chrono::steady_clock::time_point m_lastWrite;
};

}  // namespace h4h
