#pragma once
/// A study's folder: study.md (question, method, settings, provenance, every table in
/// Markdown, the headline numbers beside the seed paper's), one CSV per table, one
/// PNG per plot, and study.json (the result as data, read back by the Studies tab:
/// study_result_json.h). Written into a temporary sibling and renamed into place, so a
/// cancelled or failed study never leaves a half folder nor replaces a finished one.

#include <chrono>
#include <string>
#include <vector>

#include "project/project.h"
#include "study/study_plotter.h"
#include "study/study_types.h"

namespace h4h {

/// `<project>.h4h.d/studies/<study>-<UTC yyyymmddThhmmssZ>/`.
std::string defaultStudyFolder(const Project& project, const std::string& study,
                               std::chrono::system_clock::time_point when);

/// The table as CSV: a header of `name` or `name [unit]`, numbers with full precision
/// (round-trip), NaN as an empty field, text quoted when needed.
std::string studyTableCsv(const StudyTable& table);

/// study.md.
std::string studyMarkdown(const StudyResult& result);

/// Writes the folder `dir` (which must not exist: InputError naming `argument`) through
/// a temporary sibling renamed into place; PNGs through `plotter` (null: none). Returns
/// the PNG file names that could not be drawn. Throws std::runtime_error naming the
/// file on I/O errors (nothing is left at `dir` then).
std::vector<std::string> writeStudyFolder(const StudyResult& result, const std::string& dir,
                                          StudyPlotter* plotter, const std::string& argument = "--out");

}  // namespace h4h
