#pragma once
// What `h4h run` found, and the torch- and Qt-free parts of its report folder:
// summary.md, training.csv, pareto.csv and the schedule exports. The PNGs are drawn
// by ui/report/report_plots.h.

#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"
#include "project/project.h"
#include "sched/evaluate.h"
#include "sched/pipeline.h"

namespace h4h::cli {

struct RunReport {
  const Project* project = nullptr;
  std::string projectPath;
  /// Why the report is partial ("" = complete): summary.md then starts with INCOMPLETE.
  std::string incomplete;
  std::vector<std::string> notes;  ///< one line per stage: what ran, what was skipped
  std::string chosenKey;           ///< "" = no arch could be chosen
  std::string chosenWhy;
  bool scheduled = false;          ///< layers..schedule below are set
  std::vector<Layer> layers;
  NetworkProfile profile;
  SystemEval eval;
  Schedule schedule;
  bool hasNpuOnly = false;         ///< npuOnlySchedule is set (drawn beneath in gantt.png)
  Schedule npuOnlySchedule;
};

/// The arch `h4h run` schedules: the project's results.selected when set, else among the
/// feasible members of results.pareto the most accurate one (accuracy measured) or the
/// lowest-latency one. Returns "" when the front has no feasible member; `why` says
/// how it was chosen.
std::string chooseArch(const Project& project, std::string& why);

/// One row per epoch of every run in results.runs: run,recipe,status,phase,epoch,loss,
/// min_top1,max_top1,images_per_s,seconds,lr (accuracies as fractions).
std::string trainingCsv(const Json& runs);

/// The Markdown summary: project, hardware, training table, Pareto front, chosen arch
/// with its per-layer assignment, and the system comparison with NPU-only.
std::string summaryMarkdown(const RunReport& report);

/// Writes summary.md, training.csv, pareto.csv and, when scheduled, schedule.json,
/// schedule.csv and schedule.trace.json into `dir` (created). Throws InputError naming
/// the file when one cannot be written.
void writeReportTexts(const RunReport& report, const std::string& dir);

}  // namespace h4h::cli
