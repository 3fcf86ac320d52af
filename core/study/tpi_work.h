#pragma once
/// The `tpi` study's work folder: the supernets it trains and what it measured on each,
/// kept between sessions so that a cancelled or killed study resumes without retraining
/// finished supernets (issue 22).
///
///   <project>.h4h.d/study-work/tpi-<16 hex>/     one folder per design (the hex names it)
///     state.json                                 {format, design, units: {id: TpiUnitResult}}
///     s<seed>-<recipe>/                          the unit's trainer folder (supernet.pt, runs/)
///
/// The design is everything that shapes the numbers: the space, the data and training
/// sections (paths and bookkeeping left out) and the budget. Seeds are per unit, so
/// adding seeds reuses the finished ones.

#include <map>
#include <string>
#include <vector>

#include "project/project.h"
#include "study/tpi_design.h"
#include "util/json_fields.h"

namespace h4h {

/// What one trained supernet gave. Top-1s in percent; NaN where not applicable (the
/// hybrid min net of a CNN-only supernet).
struct TpiUnitResult {
  std::string id;
  std::uint64_t seed = 0;
  std::string recipe;             ///< tpiRecipeId
  double maxNet = 0.0;            ///< the max net (CNN-only supernets: the CNN max net)
  double cnnMin = 0.0;
  double hybridMin = 0.0;
  double randomMean = 0.0;        ///< the fixed set (CNN-only supernets: its CNN projections)
  std::vector<double> random;     ///< per subnet of the set, in order
  std::vector<double> epochMax;   ///< per training epoch, max net on the validation split
  std::vector<double> epochMin;   ///< per training epoch, min net on the validation split
  std::string startedFrom;        ///< the phase-1 weights a continuation started from ("" = scratch)
  double trainSeconds = 0.0;      ///< this session's training wall time (0 when trained earlier)
  double measureSeconds = 0.0;
  double imagesPerSecond = 0.0;

  Json toJson() const;
  static TpiUnitResult fromJson(const Json& value, const std::string& path, ErrorList& errors);
};

/// The design's JSON (what the folder's name hashes).
Json tpiDesignJson(const Project& project, const TpiBudget& budget);

class TpiWorkFolder {
public:
  /// Opens (creating when needed) the work folder of `project` under `budget`; reads
  /// the finished units. Throws InputError naming the folder when it cannot be written
  /// or its state file is unreadable.
  TpiWorkFolder(const Project& project, const TpiBudget& budget);

  const std::string& path() const { return m_path; }
  /// The unit's trainer folder.
  std::string unitFolder(const TpiUnit& unit) const;
  /// The finished unit's result; null when not finished.
  const TpiUnitResult* finished(const std::string& id) const;
  /// Records a finished unit and rewrites state.json atomically. Not thread-safe.
  void store(const TpiUnitResult& result);
  std::size_t finishedCount() const { return m_units.size(); }

private:
  void save() const;
  std::string m_path;
  Json m_design;
  std::map<std::string, TpiUnitResult> m_units;
};

}  // namespace h4h
