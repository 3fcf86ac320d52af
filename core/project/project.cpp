#include "project/project.h"

#include <filesystem>

namespace h4h {

namespace fs = std::filesystem;

bool ProjectResults::operator==(const ProjectResults& o) const {
  return runs == o.runs && pareto == o.pareto && selected == o.selected &&
         schedules == o.schedules && search == o.search && searchState == o.searchState &&
         studies == o.studies;
}

std::string Project::directory() const {
  if (filePath.empty()) return {};
  return fs::path(filePath).parent_path().string();
}

std::string Project::resolvePath(const std::string& path) const {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute() || filePath.empty()) return p.lexically_normal().string();
  return (fs::path(directory()) / p).lexically_normal().string();
}

std::string Project::artifactDir() const {
  if (filePath.empty()) return {};
  return filePath + ".d";
}

}  // namespace h4h
