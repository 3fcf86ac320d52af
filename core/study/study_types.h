#pragma once
/// The typed values a study produces (DESIGN §9, issue 21): its settings, its tables
/// (named columns with units, numbers kept as numbers), its plots as data (so the studio
/// draws them on screen and into PNGs with the same code, ui/study/study_plot.h), its
/// headline numbers beside the seed paper's, notes, and where the numbers came from.
/// Plain data: running lives in study.h / study_job.h, files in study_folder.h.

#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// What a user chooses for one run of a study (`h4h study ... --seeds N --quick`).
struct StudySettings {
  std::string study;            ///< the registry name ("system", "compute-units", ...)
  int seeds = 1;                ///< independent searches/samples, seeded baseSeed, baseSeed+1, ...
  bool quick = false;           ///< smaller samples and searches (tests, a first look)
  std::uint64_t baseSeed = 1;
  std::string budget;           ///< a study's named budget (Study::budgets); "" = its default

  /// baseSeed, baseSeed + 1, ..., one per seed.
  std::vector<std::uint64_t> seedList() const;
  Json toJson() const;
  /// Reads `{"study", "seeds", "quick", "base_seed", "budget"}` ("budget" only where set);
  /// problems go to `errors` under `path`.
  static StudySettings fromJson(const Json& value, const std::string& path, ErrorList& errors);
  bool operator==(const StudySettings& o) const {
    return study == o.study && seeds == o.seeds && quick == o.quick && baseSeed == o.baseSeed &&
           budget == o.budget;
  }
};

/// Limits of the settings, checked by validateStudySettings.
constexpr int kMaxStudySeeds = 64;
/// Throws InputError naming the field (`--seeds: must be in [1, 64] (0)`).
void validateStudySettings(const StudySettings& settings);

/// One column of a study table. `unit` is "" for counts and text, else e.g. "ms", "%".
struct StudyColumn {
  std::string name;
  std::string unit;
};

/// A cell: a number (NaN = not applicable/infeasible) or text (row labels).
using StudyCell = std::variant<double, std::string>;

/// One table of a study; written as `<name>.csv` and as Markdown in study.md.
struct StudyTable {
  std::string name;                          ///< file stem, [a-z0-9_-]
  std::string title;                         ///< the heading in study.md
  std::vector<StudyColumn> columns;
  std::vector<std::vector<StudyCell>> rows;  ///< each as long as columns
  std::vector<std::string> notes;            ///< lines printed under the table

  /// The column's index, -1 when absent.
  int columnIndex(const std::string& name) const;
  /// The number in (row, column name); NaN when absent or text.
  double number(std::size_t row, const std::string& column) const;
  /// The text in (row, column name); "" when absent or a number.
  std::string text(std::size_t row, const std::string& column) const;
  bool operator==(const StudyTable& o) const;
};

enum class StudyPlotKind { Bars, Histogram, Scatter, Line };
const char* studyPlotKindName(StudyPlotKind kind);

/// One named series of a plot.
/// - Bars: y[i] is the bar of categories[i] (x unused); series side by side.
/// - Histogram: y holds the samples (x unused), binned by studyHistogramBins.
/// - Scatter / Line: points (x[i], y[i]).
struct StudyPlotSeries {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
};

/// A horizontal line across the plot at `y` (the seed paper's figure beside ours).
struct StudyReferenceLine {
  std::string label;
  double y = 0.0;
};

/// A plot as data; written as `<name>.png` through a StudyPlotter.
struct StudyPlot {
  std::string name;                  ///< file stem, [a-z0-9_-]
  std::string title;
  StudyPlotKind kind = StudyPlotKind::Bars;
  std::string xLabel, yLabel;
  std::vector<std::string> categories;  ///< Bars: one label per bar group
  int bins = 10;                         ///< Histogram: equal-width bins over all samples
  std::vector<StudyPlotSeries> series;
  std::vector<StudyReferenceLine> references;
};

/// A histogram's bins: `edges` (bins + 1 values over the range of every series' samples)
/// and one count vector per series. The one binning both the screen and the PNG use.
struct StudyHistogram {
  std::vector<double> edges;
  std::vector<std::vector<int>> counts;
};
StudyHistogram studyHistogramBins(const StudyPlot& plot);

/// A headline number of the study beside the seed paper's (NaN = the seed reports none).
struct StudyHeadline {
  std::string name;   ///< e.g. "latency improvement, front, average"
  double value = std::numeric_limits<double>::quiet_NaN();
  std::string unit;   ///< e.g. "%"
  double seed = std::numeric_limits<double>::quiet_NaN();

  Json toJson() const;
  static StudyHeadline fromJson(const Json& value, const std::string& path, ErrorList& errors);
  bool operator==(const StudyHeadline& o) const;
};

/// A headline value as study.md and `h4h study` print it: unit "%" is a change against a
/// reference, signed to one decimal ("+5.5 %"); other units to 4 digits ("13.2 % of
/// front archs"); "-" for NaN.
std::string headlineText(double value, const std::string& unit);

/// Where the numbers came from: enough to re-run the study and get the same tables.
struct StudyProvenance {
  std::string projectPath;               ///< as the user named it
  std::string projectHash;               ///< FNV-1a 64 of the project file's bytes, hex
  std::string codeVersion;               ///< studyCodeVersion()
  std::string date;                      ///< UTC, ISO 8601, when the study started
  std::vector<std::uint64_t> seeds;
  double wallSeconds = 0.0;
};

/// The code version written into every study: the build's version string.
std::string studyCodeVersion();

/// Everything a study found; complete or partial (a snapshot while it runs).
struct StudyResult {
  std::string study;       ///< the registry name
  std::string title;       ///< one line
  std::string question;    ///< what the study answers (study.md's first paragraph)
  std::string method;      ///< how (study.md's second paragraph)
  StudySettings settings;
  std::vector<StudyTable> tables;
  std::vector<StudyPlot> plots;
  std::vector<StudyHeadline> headlines;
  std::vector<std::string> notes;
  StudyProvenance provenance;

  /// The table by name; null when absent.
  const StudyTable* table(const std::string& name) const;
  StudyTable* table(const std::string& name);
};

}  // namespace h4h
