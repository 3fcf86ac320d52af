#pragma once
// The Compare view of the Schedule tab: the tab's schedule and a variant of it (another
// objective, a hardware preset or file, another arch of the Pareto front) as two Gantt
// charts on one time axis (zoom or pan one, the other follows), with the differences
// beside them (sched/schedule_comparison.h: latency, period, frames/s, energy, busy
// time per lane, link bytes, layers moved NPU <-> CIM) in words. The variant is
// computed on a worker thread, and only while the view is shown.

#include <QString>
#include <QWidget>
#include <memory>

#include "sched/schedule_comparison.h"
#include "ui/schedule/compare_variant.h"
#include "ui/schedule/schedule_page_data.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QThread;
class QTimer;

namespace h4h::ui {

class GanttChart;
class ProjectDocument;

class CompareView : public QWidget {
  Q_OBJECT
 public:
  explicit CompareView(ProjectDocument* document, QWidget* parent = nullptr);
  ~CompareView() override;

  /// The tab's schedule (copied); the variant is recomputed for it.
  void setCurrent(const ScheduleView& view);
  /// What to compare with; recomputes.
  void setVariant(const CompareVariant& variant);
  const CompareVariant& variant() const { return m_variant; }
  /// Starts computing the variant now, shown or not (normally deferred until shown).
  void recompute();
  bool isComputing() const { return m_thread != nullptr; }

  /// Outlines the layer in both charts (in the variant's only when it runs the same layers).
  void setHighlightedLayer(int layerId);

  const ScheduleView& variantView() const { return m_other; }
  const ScheduleComparison& comparison() const { return m_comparison; }
  GanttChart* currentChart() const { return m_currentChart; }
  GanttChart* variantChart() const { return m_variantChart; }
  QString summaryHtml() const;

 signals:
  void layerClicked(int layerId);
  /// A variant finished computing (and is shown).
  void computed();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void scheduleRecompute();
  void fillChoices();
  void onKindChanged();
  void onChoiceChanged();
  void chooseFile();
  void showResult(const ScheduleView& other);
  void syncRange(GanttChart* from, GanttChart* to);

  ProjectDocument* m_document;
  QComboBox* m_kind;
  QComboBox* m_choice;
  QPushButton* m_file;
  QLabel* m_state;
  QLabel* m_currentTitle;
  QLabel* m_variantTitle;
  GanttChart* m_currentChart;
  GanttChart* m_variantChart;
  QTextBrowser* m_summary;
  QTimer* m_timer;
  QThread* m_thread = nullptr;
  ScheduleView m_current;
  ScheduleView m_other;
  ScheduleComparison m_comparison;
  CompareVariant m_variant;
  bool m_dirty = false;
  bool m_pending = false;  // asked again while a computation ran
  bool m_syncing = false;
  bool m_filling = false;
};

}  // namespace h4h::ui
