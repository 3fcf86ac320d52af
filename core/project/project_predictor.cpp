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
  AccuracyPredictor predictor = AccuracyPredictor::fromJson(project.space, j, path);
  try {  // its samples must be archs of this space: refitting on them is the check
    AccuracyPredictor::fit(project.space, predictor.samples(), predictor.checkpoint(), 1);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  return predictor;
}

void storePredictor(const Project& project, const AccuracyPredictor& predictor, const Json& summary) {
  const std::string path = predictorPath(project);
  if (path.empty()) return;
  fs::create_directories(fs::path(path).parent_path());
  Json j = predictor.toJson();
  if (summary.is_object() && summary.contains("quality")) j["quality"] = summary["quality"];
  writeFileAtomically(path, j.dump(1) + "\n");
}

}  // namespace h4h
