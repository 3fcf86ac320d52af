#pragma once
// The Schedule tab: the Gantt chart of the selected arch (results.selected) on the
// project's hardware, pipelined over 1–8 frames, with the NPU-only schedule beneath,
// the totals and the improvement; the scheduler objective (latency / energy / EDP);
// a per-layer table whose selected row highlights that layer's bars and transfers (and a
// clicked bar selects its row); exports to PNG and PDF with a title block, CSV and Chrome
// trace JSON (with the NPU-only baseline and data-flow arrows). It follows
// the document: a new selection, hardware or space recomputes it (deferred, and not
// while the tab is hidden).

#include <QWidget>

#include "ui/schedule/gantt_title.h"
#include "ui/schedule/schedule_page_data.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace h4h::ui {

class CompareView;
class GanttChart;
class NetworkView;
class ProjectDocument;
class StatusLine;

class SchedulePage : public QWidget {
  Q_OBJECT
public:
  explicit SchedulePage(ProjectDocument* document, QWidget* parent = nullptr);

  void setObjective(Objective objective);
  void setFrames(int frames);
  /// Recomputes now (normally deferred to the next event-loop turn / next show).
  void refresh();
  /// Selects a layer's row and highlights its bars (-1 = none).
  void selectLayer(int layerId);

  /// Exports; false with statusText() saying why.
  bool exportPng(const QString& path);
  bool exportPdf(const QString& path);
  bool exportTrace(const QString& path);
  bool exportCsv(const QString& path);
  /// The title block of the PNG and PDF exports.
  GanttTitle exportTitle() const;

  const ScheduleView& view() const { return m_view; }
  GanttChart* chart() const { return m_chart; }
  QTableWidget* table() const { return m_table; }
  QString summaryText() const;
  QString statusText() const;
  void setDialogsEnabled(bool on) { m_dialogs = on; }

protected:
  void showEvent(QShowEvent* event) override;

private:
  void scheduleRefresh();
  void fillTable();
  void exportWithDialog(const QString& title, const QString& filter, const QString& suffix,
                        bool (SchedulePage::*fn)(const QString&));
  void setStatus(const QString& text, bool error = false);
  bool exportPicture(const QString& path, bool pdf);
  /// The NPU-only schedule drawn and exported beside the system's (null when none or the same).
  const Schedule* exportBaseline() const;

  ProjectDocument* m_document;
  QLabel* m_arch;
  QComboBox* m_objective;
  QSpinBox* m_frames;
  QLabel* m_summary;
  StatusLine* m_status;
  GanttChart* m_chart;
  QTableWidget* m_table;
  NetworkView* m_network;
  CompareView* m_compare;
  QTimer* m_refreshTimer;
  ScheduleView m_view;
  bool m_dirty = true;
  bool m_filling = false;
  bool m_dialogs = true;
};

}  // namespace h4h::ui
