#pragma once
/// A search's resumable state as typed values (DESIGN §7, §8): what it was made with (the
/// header, checked on resume), every arch measured so far, the engine after the last
/// completed generation and the per-generation history. It lives in the project's side
/// folder as an append-only log (search_state_log.h); version-1 project files carried it
/// as the JSON object `results.search_state`, read here for migration.

#include <map>
#include <string>
#include <vector>

#include "search/arch_metrics.h"
#include "util/json_fields.h"

namespace h4h {

/// What a saved search must match to be resumed, and its fixed normalisation.
struct SearchStateHeader {
  Json settings;   ///< the search settings without `generations` (which may differ)
  Json space;      ///< the search space as JSON
  Json evaluator;  ///< the hardware evaluator's fingerprint
  Json accuracy;   ///< the accuracy evaluator's fingerprint (null when unused)
  std::vector<double> reference, ideal;  ///< hypervolume normalisation, minimised space
};

/// What one generation (or a cancelled part of one) adds to the state: one log record.
struct SearchStep {
  std::vector<std::pair<std::string, ArchMetrics>> evaluations;  ///< archs measured since the last step
  Json engine;   ///< the engine after the step's generation without "seen"; null when it did not complete
  std::vector<std::string> seenAdded;  ///< keys the engine asked for in the step's generation
  Json history = Json::array();  ///< history entries since the last step

  bool empty() const { return evaluations.empty() && engine.is_null() && history.empty(); }
};

struct SearchState {
  SearchStateHeader header;
  std::map<std::string, ArchMetrics> cache;  ///< arch key -> metrics (ordered: deterministic files)
  Json engine;                        ///< without "seen"; null before the initial population completed
  std::vector<std::string> seen;      ///< every key the engine asked for (its "seen"; may repeat)
  Json history = Json::array();       ///< {generation, evaluations, hypervolume, front} per generation

  /// Adds a step's evaluations, engine and history.
  void apply(SearchStep step);
  /// Completed generations (-1 when the initial population did not complete).
  int generation() const;
  /// The whole state as one step (a log's only record after the header).
  SearchStep wholeStep() const;
  /// The engine's state as Nsga2::restoreState reads it ("seen" put back); null when none.
  Json engineState() const;
};

/// The version-1 JSON form (`results.search_state`). Reading validates the framing and
/// records problems under `path`; the engine and fingerprints are checked on resume.
constexpr int kSearchStateVersion = 1;
SearchState searchStateFromJson(const Json& j, const std::string& path, ErrorList& errors);
Json searchStateToJson(const SearchState& state);

/// Header <-> JSON (the log's first record).
Json searchHeaderToJson(const SearchStateHeader& header);
SearchStateHeader searchHeaderFromJson(const Json& j, const std::string& path, ErrorList& errors);

/// A step as compact JSON text (every later record of the log), written without building
/// the JSON object, and read back.
std::string searchStepText(const SearchStep& step);
SearchStep searchStepFromJson(const Json& j, const std::string& path, ErrorList& errors);

}  // namespace h4h
