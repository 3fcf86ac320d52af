#pragma once
// The Gantt chart of a pipelined schedule: lanes NPU, CIM and LINK, one bar per task
// coloured by its layer's kind group (odd frames lighter), the NPU-only baseline's
// schedule drawn beneath on the same time axis, a legend of the kind groups, hover
// details (layer, kind, shapes, MACs, device, frame, start, duration, energy), zoom
// and pan along time only, and one layer's bars highlighted. All bars of a schedule
// are one plottable (no item per bar). Renders offscreen too (renderGanttPng).

#include <QPointF>
#include <QSize>
#include <QString>
#include <QWidget>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"

class QCustomPlot;
class QCPItemText;
class QMouseEvent;

namespace h4h::ui {

class GanttBars;

class GanttChart : public QWidget {
  Q_OBJECT
public:
  explicit GanttChart(QWidget* parent = nullptr);

  /// What to draw (copied). `baseline` (the NPU-only schedule) may be null.
  void setSchedules(const Schedule& schedule, const std::vector<Layer>& layers,
                    const Schedule* baseline = nullptr);
  void clear(const QString& message = {});
  /// false: an NPU-only system; the CIM and LINK lanes stay, labelled as absent.
  void setSystemHasCim(bool hasCim);
  /// Outlines every bar of this layer (all frames, both schedules); -1 = none.
  void setHighlightedLayer(int layerId);
  int highlightedLayer() const { return m_highlight; }
  /// Fits the time axis to the whole schedule again.
  void resetView();

  QCustomPlot* plot() const { return m_plot; }
  /// Bars drawn for the schedule (one per task) and for the baseline.
  int barCount() const;
  int baselineBarCount() const;
  /// Bars currently outlined.
  int highlightedBars() const;
  /// Task under a pixel of the plot: index into the schedule's tasks (baseline: set
  /// *inBaseline); -1 when none.
  int taskAt(const QPointF& pixel, bool* inBaseline = nullptr) const;
  /// Centre pixel of a task's bar (tests).
  QPointF pixelOfTask(int task, bool baseline = false) const;
  QString tooltipFor(int task, bool baseline) const;
  /// Time unit of the axis: 1e3 (µs) or 1e6 (ms) ns per unit.
  double nsPerUnit() const { return m_nsPerUnit; }

signals:
  /// A bar was clicked: its layer (-1 for the network input's transfer and reloads).
  void layerClicked(int layerId);

private:
  void onMouseMove(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);
  void rebuild();

  QCustomPlot* m_plot;
  GanttBars* m_bars;
  GanttBars* m_baseBars;
  QCPItemText* m_message = nullptr;
  QString m_messageText;
  Schedule m_schedule;
  Schedule m_baseline;
  bool m_hasBaseline = false;
  bool m_hasCim = true;
  std::vector<Layer> m_layers;
  int m_highlight = -1;
  double m_nsPerUnit = 1e3;
  QPointF m_pressPos;
};

/// Renders a schedule's Gantt chart (and its baseline beneath, when given) into a PNG
/// without a window: for reports (`h4h run`) and screenshots.
bool renderGanttPng(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path,
                    QSize size = QSize(1400, 600), const Schedule* baseline = nullptr);

}  // namespace h4h::ui
