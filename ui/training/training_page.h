#pragma once
// The Training tab: the training and data settings (undoable, validated), Start /
// Cancel / Resume driving the core TrainerJob through the shared JobRunner (a
// JobPageController), live
// curves fed by the trainer's events (buffered and redrawn on a ~25 Hz timer,
// not while the tab is hidden), and the project's stored runs with a checkbox each
// to overlay them on the same axes. A finished or cancelled run is stored in
// results.runs (as an undoable edit), so Save keeps it. The tab says which run's
// weights are in force (<project>.h4h.d/supernet.pt, what search and export use) and
// asks before Start when a new run would replace them on finishing; a cancelled run
// keeps its own checkpoint and leaves them in force. "Processes" above 1 trains
// data-parallel: this job is rank 0, the other ranks are `h4h train` processes
// (training_workers.h).

#include <QSet>
#include <QWidget>
#include <functional>
#include <memory>

#include "jobs/job.h"
#include "train/trainer.h"
#include "ui/training/training_page_data.h"

class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace h4h::ui {

class JobPageController;
class JobRunner;
class ProjectDocument;
class TrainingCurves;
class StatusLine;
class TrainingSettingsForm;
class TrainingWorkers;

class TrainingPage : public QWidget {
  Q_OBJECT
public:
  /// Makes the job Start and Resume run; the default builds a TrainerJob.
  using JobFactory =
      std::function<std::shared_ptr<Job>(const Project& project, const TrainerOptions& options)>;

  TrainingPage(ProjectDocument* document, JobRunner* runner, QWidget* parent = nullptr);
  ~TrainingPage() override;

  void setJobFactory(JobFactory factory) { m_factory = std::move(factory); }
  /// Asks the user (title, text) whether to go on; the default shows a QMessageBox.
  /// Tests set one that answers without a dialog.
  using ConfirmHook = std::function<bool(const QString& title, const QString& text)>;
  void setConfirmHook(ConfirmHook hook) { m_confirm = std::move(hook); }
  /// Options every Start / Resume begins from (tools and tests cap steps per epoch).
  TrainerOptions& baseOptions() { return m_baseOptions; }

  /// What the buttons do; false with statusText() saying why when nothing started.
  bool start();
  bool resume();
  void cancel();
  bool isTraining() const;

  TrainingCurves* curves() const { return m_curves; }
  /// Data-parallel ranks on this machine (1: the studio trains alone).
  QSpinBox* processesBox() const { return m_processes; }
  TrainingWorkers* workers() const { return m_workers; }
  TrainingSettingsForm* settingsForm() const { return m_settings; }
  QTreeWidget* runList() const { return m_runList; }
  /// Ids of the stored runs whose checkbox is ticked.
  QStringList checkedRuns() const;
  void setRunChecked(const QString& id, bool checked);
  QString statusText() const;
  /// Id of the run whose weights are in force ("" when none or of unknown origin).
  QString inForceRun() const { return m_inForceRun; }
  /// The line saying which weights are in force.
  QString inForceText() const;
  /// The live run's data (empty when no run of this page is going).
  const RunSeries& liveSeries() const { return m_live.series(); }

protected:
  void showEvent(QShowEvent* event) override;

private:
  struct LatestRecord;

  bool launch(bool resume);
  void onEvent(const QString& kind, const QByteArray& json);
  void onProgress(const h4h::JobProgress& progress);
  void onFinished(JobStatus status, const QString& message, const Json& data);
  void scheduleRedraw();
  void redraw();
  void reloadRuns();
  void updateButtons();
  void updateLiveStatus();
  void setStatus(const QString& text, bool error = false);
  void refreshInForce();

  ProjectDocument* m_document;
  JobPageController* m_jobs;
  JobFactory m_factory;
  ConfirmHook m_confirm;
  TrainerOptions m_baseOptions;
  TrainingSettingsForm* m_settings;
  TrainingCurves* m_curves;
  QTreeWidget* m_runList;
  QPushButton* m_start;
  QPushButton* m_cancel;
  QPushButton* m_resume;
  QSpinBox* m_processes;
  TrainingWorkers* m_workers;
  StatusLine* m_status;
  QLabel* m_liveStatus;
  QLabel* m_inForce;
  QString m_inForceRun;
  bool m_hasInForce = false;
  QTimer* m_redrawTimer;
  bool m_dirty = true;
  int m_generation = 0;     // bumped when the document is replaced
  int m_jobGeneration = 0;  // generation the running job was started in
  bool m_filling = false;
  LiveRunSeries m_live;
  double m_etaSeconds = -1.0;
  double m_fraction = 0.0;
  std::shared_ptr<LatestRecord> m_latest;
  std::vector<RunSeries> m_stored;   // parallel to results.runs
  QSet<QString> m_checked;
  QSet<QString> m_known;             // run ids seen, so new runs start checked
};

}  // namespace h4h::ui
