#include "project/search_saver.h"

#include <cstdio>
#include <filesystem>

#include "project/project_io.h"
#include "project/project_predictor.h"
#include "project/project_search_state.h"

namespace h4h {

namespace fs = std::filesystem;

SearchSaver::SearchSaver(Project& project, std::function<void(Project&)> change,
                         std::chrono::milliseconds projectInterval)
    : m_project(project), m_change(std::move(change)), m_interval(projectInterval) {}

void SearchSaver::resume(SearchJob& job) {
  if (const auto& inMemory = m_project.results.searchState) {
    job.restore(*inMemory, "results.search_state");
    m_stateFile = newSearchStateFile();
    m_log = SearchStateLog::create((fs::path(m_project.artifactDir()) / m_stateFile).string(),
                                   inMemory->header, {inMemory->wholeStep()});
    writeProject(job);  // names the new log; the in-memory state is dropped
    return;
  }
  const std::string path = searchStatePath(m_project);
  if (path.empty()) throw InputError("results.search: no saved search to resume in " + m_project.filePath);
  const SearchStateLoad load = readSearchStateLog(path);
  job.restore(load.state, path);
  m_log = SearchStateLog::openForAppend(path, load.validBytes);
  m_stateFile = m_project.results.search.stateFile;
}

void SearchSaver::save(const SearchJob& job, const SearchStep& step) {
  if (!m_log) {
    // A new search: its own log, so that the saved one stays whole until this one is named.
    if (!m_project.results.search.stateFile.empty()) m_replaced = searchStatePath(m_project);
    m_stateFile = newSearchStateFile();
    m_log = SearchStateLog::create((fs::path(m_project.artifactDir()) / m_stateFile).string(),
                                   job.header(), {step});
    writeProject(job);
    return;
  }
  m_log->append(step);
  if (std::chrono::steady_clock::now() - m_lastWrite >= m_interval) writeProject(job);
}

void SearchSaver::finish(SearchJob& job) {
  const SearchStep rest = job.takeStep();
  if (!m_log) {
    if (rest.empty()) return;
    save(job, rest);
    return;
  }
  if (!rest.empty()) m_log->append(rest);
  writeProject(job);
  storeSearchPredictor(m_project, job);
}

void SearchSaver::writeProject(const SearchJob& job) {
  const SearchSummary summary{m_stateFile, job.generation(), job.evaluations()};
  const ParetoFront pareto = job.pareto();
  updateProjectFile(m_project, [&](Project& p) {
    if (m_change) m_change(p);
    p.results.search = summary;
    p.results.searchState.reset();
    p.results.pareto = pareto;
  });
  m_lastWrite = std::chrono::steady_clock::now();
  if (!m_replaced.empty() && m_replaced != m_log->path()) {
    std::remove(m_replaced.c_str());
    m_replaced.clear();
  }
}

}  // namespace h4h
