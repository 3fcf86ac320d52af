#pragma once
// The Gantt chart as a picture for slides and reports: a fresh offscreen chart (so the
// studio's selection outline, arrows and time range never appear in it) with an
// optional title block above (gantt_title.h), written as PNG or vector PDF.

#include <QImage>
#include <QSize>
#include <QString>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"
#include "ui/schedule/gantt_title.h"

namespace h4h::ui {

struct GanttRenderOptions {
  QSize size = QSize(1400, 600);       ///< the chart; a title block adds its height above
  const Schedule* baseline = nullptr;  ///< the NPU-only schedule drawn beneath
  bool hasCim = true;                  ///< false: lanes labelled as in an NPU-only system
  const GanttTitle* title = nullptr;
  double fromNs = 0.0, toNs = 0.0;     ///< time range shown; the whole schedule when toNs <= fromNs
};

QImage renderGanttImage(const Schedule& schedule, const std::vector<Layer>& layers, const GanttRenderOptions& options);
bool writeGanttPdf(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path,
                   const GanttRenderOptions& options);

/// A PNG without a window: for reports (`h4h run`), screenshots and exports.
bool renderGanttPng(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path,
                    QSize size = QSize(1400, 600), const Schedule* baseline = nullptr,
                    const GanttTitle* title = nullptr);

}  // namespace h4h::ui
