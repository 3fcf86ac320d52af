#pragma once
/// The report's comparison section: the chosen arch's schedule against the NPU-only
/// baseline and against its schedules under the other scheduler objectives, as tables
/// of differences (sched/schedule_comparison.h, the function the studio's Compare view
/// uses). Shared by `h4h run` and File ▸ Export report through scheduleChosenArch.

#include <string>

#include "project/project.h"
#include "report/run_report.h"

namespace h4h {

/// Fills report.comparisons for a scheduled report: chosen vs NPU-only, then chosen vs
/// the same arch scheduled under each other objective (through the one pipeline).
/// A comparison that cannot be made is a note, not an error.
void compareChosenSchedule(const Project& project, RunReport& report);

/// "## Comparison" in Markdown ("" when the report has no comparison).
std::string comparisonMarkdown(const RunReport& report);

}  // namespace h4h
