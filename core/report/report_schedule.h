#pragma once
/// The report's schedule step, shared by `h4h run` and the studio's File ▸ Export
/// report: choose the arch (chooseArch) and evaluate it at full depth through the one
/// pipeline on the project's settings. It only fills the report model; storing the
/// schedule in the project is the run job's business (an export never edits the project).

#include <string>
#include <vector>

#include "project/project.h"
#include "report/report_plotter.h"
#include "report/run_report.h"

namespace h4h {

/// Frames in the report's schedules: enough to show frames overlapping in the Gantt.
constexpr int kReportFrames = 3;

/// Sets report.chosenKey/chosenWhy and, when a feasible schedule exists, evaluation and
/// scheduled; appends one "schedule: ..." note saying what happened. Throws InputError
/// when the project's settings (measured table, objective) cannot be used.
void scheduleChosenArch(const Project& project, RunReport& report);

/// The report model of a project's saved results with the chosen arch scheduled: what
/// `h4h run --stages schedule` reports, without touching the project (the studio's
/// File ▸ Export report).
RunReport reportOfProject(const Project& project);

/// Writes the report folder: the texts (writeReportTexts) and, with a plotter, the PNGs.
/// Returns the PNGs that could not be drawn.
std::vector<std::string> writeReportFolder(const RunReport& report, const std::string& dir,
                                           ReportPlotter* plotter);

}  // namespace h4h
