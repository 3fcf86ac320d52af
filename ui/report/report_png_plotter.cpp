#include "ui/report/report_png_plotter.h"

#include <QString>
#include <filesystem>

#include "ui/schedule/gantt_export.h"
#include "report/run_report.h"
#include "ui/report/report_plots.h"

namespace h4h::ui {

std::vector<std::string> StudioReportPlotter::drawPngs(const RunReport& report, const std::string& dir) {
  const auto at = [&dir](const char* name) {
    return QString::fromStdString((std::filesystem::path(dir) / name).string());
  };
  std::vector<std::string> problems;
  if (!renderTrainingReportPng(report.project->results.runs, at("training.png")))
    problems.push_back("training.png");
  if (!renderParetoReportPng(*report.project, report.chosenKey, at("pareto.png")))
    problems.push_back("pareto.png");
  const ArchEvaluation& e = report.evaluation;
  const Schedule* npuOnly = e.hasNpuOnlySchedule ? &e.npuOnly : nullptr;
  const GanttTitle title =
      ganttTitle(report.project->name, report.chosenKey, report.project->hardware, e.hybrid, npuOnly);
  if (report.scheduled && !renderGanttPng(e.hybrid, e.layers, at("gantt.png"), QSize(1400, 600), npuOnly, &title))
    problems.push_back("gantt.png");
  return problems;
}

}  // namespace h4h::ui
