#pragma once
/// What `h4h run` found (the report model), the policy that chooses the arch to
/// schedule, and the text files of its report folder: summary.md, training.csv,
/// pareto.csv and the schedule exports. The PNGs are drawn through a ReportPlotter
/// (report/report_plotter.h), which the studio's plotting code implements.

#include <string>
#include <vector>

#include "eval/arch_evaluation.h"
#include "project/project.h"
#include "sched/schedule_comparison.h"

namespace h4h {

struct RunReport {
  const Project* project = nullptr;
  std::string projectPath;
  /// Why the report is partial ("" = complete): summary.md then starts with INCOMPLETE.
  std::string incomplete;
  std::vector<std::string> notes;  ///< one line per stage: what ran, what was skipped
  std::string chosenKey;           ///< "" = no arch could be chosen
  std::string chosenWhy;
  bool scheduled = false;          ///< evaluation holds the chosen arch's full evaluation
  ArchEvaluation evaluation;       ///< its hybrid schedule and (when feasible) the NPU-only one
  /// The chosen schedule vs NPU-only and vs the other objectives (report/report_comparison.h).
  std::vector<ScheduleComparison> comparisons;
};

/// The arch `h4h run` schedules: the project's results.selected when set, else among the
/// feasible members of results.pareto the most accurate one (accuracy measured) or the
/// lowest-latency one. Returns "" when the front has no feasible member; `why` says
/// how it was chosen.
std::string chooseArch(const Project& project, std::string& why);

/// One row per epoch of every run in results.runs: run,recipe,status,phase,epoch,loss,
/// min_top1,max_top1,images_per_s,seconds,lr (accuracies as fractions).
std::string trainingCsv(const RunRecords& runs);

/// The Markdown summary: project, hardware, training table, Pareto front, chosen arch
/// with its per-layer assignment, the system comparison with NPU-only and the comparison
/// section (chosen vs NPU-only and vs the other objectives).
std::string summaryMarkdown(const RunReport& report);

/// Writes summary.md, training.csv, pareto.csv and, when scheduled, schedule.json,
/// schedule.csv and schedule.trace.json into `dir` (created). Throws InputError naming
/// the file when one cannot be written.
void writeReportTexts(const RunReport& report, const std::string& dir);

}  // namespace h4h
