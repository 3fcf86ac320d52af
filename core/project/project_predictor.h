#pragma once
/// The project's stored accuracy predictor (docs/project_files.md, "Accuracy predictor"):
/// search/predictor.json in the side folder, written when a search in a predictor mode
/// finishes, read by the next one as the measurements it starts from.

#include <optional>
#include <string>

#include "project/project.h"
#include "search/accuracy_predictor.h"
#include "search/search_job.h"

namespace h4h {

/// Absolute path of the stored predictor ("" for a project without a file).
std::string predictorPath(const Project& project);

/// A stored predictor and the held-out figures written beside it (absent in a file without them).
struct StoredPredictor {
  AccuracyPredictor predictor;
  std::optional<PredictorQuality> quality;
};

/// The stored predictor; nullopt when there is none. InputError naming the file and field
/// when it is malformed, too large or was fitted for another search space.
std::optional<StoredPredictor> loadStoredPredictor(const Project& project);

/// Writes `predictor` (with the held-out figures of `summary`, SearchPredictor::summary())
/// atomically, creating the folder.
void storePredictor(const Project& project, const AccuracyPredictor& predictor, const Json& summary);

/// Stores `job`'s predictor when the search completed with one (a stopped search's is not
/// stored: the next search, a resume included, starts from the samples it started with).
void storeSearchPredictor(const Project& project, const SearchJob& job);

}  // namespace h4h
