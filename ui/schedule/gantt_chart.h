#pragma once
// The Gantt chart of a pipelined schedule: lanes NPU, CIM and LINK, one bar per task
// coloured by its layer's kind group with its label inside when it fits, frames told
// apart by a strip along each bar's top edge (odd frames hatched), the NPU-only
// baseline's schedule drawn beneath on the same time axis, one steady-state period
// marked, a legend, hover details, zoom and pan along time only. A selected layer's bars
// and its transfers are outlined, with arrows producer → transfer → consumer; shift+drag
// selects a time range and shows what runs inside it. All bars of a schedule are one
// plottable (no item per bar). Exports render a fresh chart (gantt_export.h).

#include <QPointF>
#include <QString>
#include <QWidget>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"
#include "ui/schedule/schedule_stats.h"

class QCustomPlot;
class QCPItemLine;
class QCPItemRect;
class QCPItemText;
class QLabel;
class QKeyEvent;
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
  /// false: no totals line above the lanes (a compact chart whose figures are shown beside it).
  void setShowsTotals(bool on) { m_showsTotals = on; }
  /// Outlines every bar of this layer (all frames, both schedules) and its input and
  /// output transfers, with arrows along them; -1 = none.
  void setHighlightedLayer(int layerId);
  int highlightedLayer() const { return m_highlight; }
  /// Fits the time axis to the whole schedule again.
  void resetView();
  /// Shows the time range [t0Ns, t1Ns] shaded with its sums below the chart.
  void setTimeRange(double t0Ns, double t1Ns);
  void clearTimeRange();
  bool hasTimeRange() const { return m_hasRange; }
  /// What lies in the selected range (all zero without one).
  RangeStats rangeStats() const;
  QString rangeText() const;

  QCustomPlot* plot() const { return m_plot; }
  /// Bars drawn for the schedule (one per task) and for the baseline.
  int barCount() const;
  int baselineBarCount() const;
  /// Bars currently outlined: the layer's compute bars; its transfers; the arrows.
  int highlightedBars() const;
  int highlightedTransfers() const;
  int arrowCount() const { return static_cast<int>(m_arrows.size()); }
  /// The text inside a task's bar at the current zoom ("" when it does not fit).
  QString barLabel(int task, bool baseline = false) const;
  /// The marked steady-state period [from, to] in ns; to <= from when none is marked.
  std::pair<double, double> periodMarkNs() const { return m_periodMark; }
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

protected:
  void keyPressEvent(QKeyEvent* event) override;

private:
  void onMousePress(QMouseEvent* event);
  void onMouseMove(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);
  void rebuild();
  void addLaneTotals(const Schedule& s, double y, const QString& name);
  void addPeriodMark();
  void updateArrows();
  void updateRangeItems();

  QCustomPlot* m_plot;
  QLabel* m_rangeLabel;
  GanttBars* m_bars;
  GanttBars* m_baseBars;
  QCPItemText* m_message = nullptr;
  QCPItemRect* m_rangeRect = nullptr;
  std::vector<QCPItemLine*> m_arrows;
  QString m_messageText;
  Schedule m_schedule;
  Schedule m_baseline;
  bool m_hasBaseline = false;
  bool m_hasCim = true;
  bool m_showsTotals = true;
  std::vector<Layer> m_layers;
  int m_highlight = -1;
  double m_nsPerUnit = 1e3;
  std::pair<double, double> m_periodMark{0.0, 0.0};
  QPointF m_pressPos;
  bool m_dragRange = false;
  bool m_hasRange = false;
  double m_rangeFromNs = 0.0, m_rangeToNs = 0.0;
  double m_anchorNs = 0.0;  ///< where a shift+drag began
};

}  // namespace h4h::ui
