#include "project/project_search_state.h"

#include <chrono>
#include <filesystem>
#include <random>

#include "search/search_state_log.h"

namespace h4h {

namespace fs = std::filesystem;

std::string searchStatePath(const Project& project) {
  if (project.results.search.stateFile.empty() || project.filePath.empty()) return {};
  return (fs::path(project.artifactDir()) / project.results.search.stateFile).lexically_normal().string();
}

std::shared_ptr<const SearchState> loadSearchState(const Project& project) {
  if (project.results.searchState) return project.results.searchState;
  const std::string path = searchStatePath(project);
  if (path.empty()) return nullptr;
  return std::make_shared<const SearchState>(readSearchStateLog(path).state);
}

std::string newSearchStateFile() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  std::random_device rd;
  char name[64];
  std::snprintf(name, sizeof name, "search/state-%lld-%08x.log", ms, static_cast<unsigned>(rd()));
  return name;
}

void persistSearchState(Project& project, const std::string& projectPath) {
  if (!project.results.searchState || projectPath.empty()) return;
  const SearchState& state = *project.results.searchState;
  const std::string file = newSearchStateFile();
  writeSearchStateLog((fs::path(projectPath + ".d") / file).string(), state);
  project.results.search =
      SearchSummary{file, state.generation(), static_cast<long long>(state.cache.size())};
  project.results.searchState.reset();
}

}  // namespace h4h
