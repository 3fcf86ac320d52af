#pragma once
// The PNGs of the `h4h run` report, drawn offscreen with the studio's plotting code
// (plot_style, TrainingCurves, ParetoPlot; the Gantt is gantt_export.h's renderGanttPng)
// so the report looks like the studio. Each needs a QApplication (the offscreen platform
// is enough) and returns false when the file could not be written.

#include <QSize>
#include <QString>
#include <string>

#include "project/project.h"

namespace h4h::ui {

/// Loss, learning rate and min/max-net top-1 of every run in results.runs, stacked.
bool renderTrainingReportPng(const RunRecords& runs, const QString& path, QSize size = QSize(1000, 1050));

/// The Search tab's scatter of the project's results: accuracy against latency when
/// accuracy was measured, else energy against latency; `selectedKey` ringed.
bool renderParetoReportPng(const Project& project, const std::string& selectedKey,
                           const QString& path, QSize size = QSize(1000, 700));

}  // namespace h4h::ui
