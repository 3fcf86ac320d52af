#pragma once
// The report's PNGs drawn with the studio's plots (report_plots.h, gantt_export.h):
// core's ReportPlotter (report/report_plotter.h) for `h4h run` and File ▸ Export
// report. Needs a QApplication and the GUI thread (the plots are widgets).

#include "report/report_plotter.h"

namespace h4h::ui {

class StudioReportPlotter : public ReportPlotter {
public:
  /// training.png, pareto.png and, when the report has a schedule, gantt.png.
  std::vector<std::string> drawPngs(const RunReport& report, const std::string& dir) override;
};

}  // namespace h4h::ui
