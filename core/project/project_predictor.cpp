#include "project/project_predictor.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "project/project_io.h"
#include "util/errors.h"

namespace h4h {

namespace fs = std::filesystem;

std::string predictorPath(const Project& project) {
  if (project.filePath.empty()) return {};
  return (fs::path(project.artifactDir()) / "search" / "predictor.json").lexically_normal().string();
}

std::optional<AccuracyPredictor> loadStoredPredictor(const Project& project) {
  const std::string path = predictorPath(project);
  if (path.empty() || !fs::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  const Json j = Json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) throw InputError(path + ": is not valid JSON");
  return AccuracyPredictor::fromJson(project.space, j, path);  // checks that its samples are archs of the space
}

void storePredictor(const Project& project, const AccuracyPredictor& predictor, const Json& summary) {
  const std::string path = predictorPath(project);
  if (path.empty()) return;
  fs::create_directories(fs::path(path).parent_path());
  Json j = predictor.toJson();
  if (summary.is_object() && summary.contains("quality")) j["quality"] = summary["quality"];
  writeFileAtomically(path, j.dump(1) + "\n");
}

void storeSearchPredictor(const Project& project, const SearchJob& job) {
  if (job.completed() && job.predictor()) storePredictor(project, *job.predictor(), job.predictorSummary());
}

}  // namespace h4h
