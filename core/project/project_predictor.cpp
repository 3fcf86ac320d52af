#include "project/project_predictor.h"

#include <filesystem>

#include "project/project_io.h"
#include "util/errors.h"
#include "util/file_read.h"

namespace h4h {

namespace fs = std::filesystem;

std::string predictorPath(const Project& project) {
  if (project.filePath.empty()) return {};
  return (fs::path(project.artifactDir()) / "search" / "predictor.json").lexically_normal().string();
}

std::optional<StoredPredictor> loadStoredPredictor(const Project& project) {
  const std::string path = predictorPath(project);
  if (path.empty() || !fs::exists(path)) return std::nullopt;
  const Json j = Json::parse(readInputFile(path, kMaxJsonSideFileBytes), nullptr, false);
  if (j.is_discarded()) throw InputError(path + ": is not valid JSON");
  // fromJson checks that the samples are archs of the space.
  StoredPredictor stored{AccuracyPredictor::fromJson(project.space, j, path), std::nullopt};
  if (j.contains("quality")) {
    ErrorList errors;
    stored.quality = PredictorQuality::fromJson(j.at("quality"), joinPath(path, "quality"), errors);
    if (!errors.empty()) throw InputError(errors);
  }
  return stored;
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
