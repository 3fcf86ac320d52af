#include "report/report_schedule.h"

#include <cstdio>

#include "eval/eval_context.h"
#include "report/report_comparison.h"
#include "space/arch_key.h"

namespace h4h {

void scheduleChosenArch(const Project& project, RunReport& report) {
  report.chosenKey = chooseArch(project, report.chosenWhy);
  if (report.chosenKey.empty()) {
    report.notes.push_back("schedule: no arch to schedule (" + report.chosenWhy + ")");
    return;
  }
  report.evaluation = evaluateArch(evalContextFor(project), parseArchKey(report.chosenKey),
                                   EvalRequest{EvalDepth::Full, kReportFrames});
  const ArchEvaluation& e = report.evaluation;
  if (!e.feasible()) {
    report.notes.push_back("schedule: " + report.chosenKey + " has no feasible schedule: " + e.eval.hetero.why);
    return;
  }
  report.scheduled = true;
  char buf[200];
  std::snprintf(buf, sizeof buf, "schedule: %d layers, %d on CIM, %.4f ms per frame (NPU-only %.4f ms)",
                static_cast<int>(e.layers.size()), e.eval.hetero.countOn(Device::Cim),
                e.eval.hetero.latencyNs / 1e6, e.eval.npuOnly.latencyNs / 1e6);
  report.notes.push_back(buf);
  compareChosenSchedule(project, report);
}

RunReport reportOfProject(const Project& project) {
  RunReport report;
  report.project = &project;
  report.projectPath = project.filePath;
  scheduleChosenArch(project, report);
  return report;
}

std::vector<std::string> writeReportFolder(const RunReport& report, const std::string& dir,
                                           ReportPlotter* plotter) {
  writeReportTexts(report, dir);
  return plotter ? plotter->drawPngs(report, dir) : std::vector<std::string>{};
}

}  // namespace h4h
