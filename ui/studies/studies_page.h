#pragma once
// The Studies tab (issue 21): pick a study and its settings, Run drives core's StudyJob
// through the shared JobRunner (a JobPageController: progress, cancel, one job at a
// time); the study's table and plots fill in as it publishes rows (a StudyFeed drained
// on a ~25 Hz single-shot timer, not while the tab is hidden). A finished study's folder
// (study.md, CSVs, PNGs drawn by ui/study) is written and its record stored in
// results.studies as an undoable edit; a cancelled or failed one writes and stores
// nothing. The list of stored studies reopens one from its folder; Export folder…
// copies the folder of the study shown to a place the user chooses.
// Files, one job each: studies_page.cpp runs and stores; studies_page_layout.cpp builds
// the widgets; studies_page_stored.cpp shows and exports stored studies.

#include <QWidget>
#include <memory>
#include <optional>

#include "jobs/job.h"
#include "study/study.h"

class QLabel;
class QPushButton;
class QTimer;

namespace h4h {
class StudyJob;
}

namespace h4h::ui {

class JobPageController;
class JobRunner;
class ProjectDocument;
class StatusLine;
class StudyFeed;
class StudyFolderExporter;
class StudyHistoryList;
class StudyResultView;
class StudySettingsForm;

class StudiesPage : public QWidget {
  Q_OBJECT
public:
  StudiesPage(ProjectDocument* document, JobRunner* runner, QWidget* parent = nullptr);
  ~StudiesPage() override;

  /// Runs the study chosen in the form; false with statusText() saying why when nothing started.
  bool start();
  void cancel();
  bool isRunning() const { return m_job != nullptr; }

  /// Shows results.studies[index], read back from its folder; false with the reason on
  /// the status line (and in the view) when the folder is missing or unreadable.
  bool openStored(int index);
  /// Copies the folder of the study shown to `dir` (which becomes the copy) on a worker
  /// thread; false with the reason when it cannot start.
  bool exportShown(const QString& dir);
  /// The folder of the study shown ("" when none: a running or cancelled one).
  QString shownFolder() const { return m_shownFolder; }

  /// Replaces how the accuracy evaluator is built (tests; default: the trained supernet).
  /// Replaces the study's own accuracy signal (studyAccuracyFactory); tests pass a fake or none.
  void setAccuracyFactory(AccuracyFactory factory) { m_accuracy = std::move(factory); }
  /// Called on the study's thread after each snapshot was handed over for display
  /// (tests hold the study there to watch its table fill in while it runs).
  void setSnapshotHook(StudySnapshotFn hook) { m_snapshotHook = std::move(hook); }
  /// Redraws now from the newest snapshot (normally on the timer).
  void flush();

  StudySettingsForm* settingsForm() const { return m_settings; }
  StudyResultView* resultView() const { return m_view; }
  StudyHistoryList* historyList() const { return m_history; }
  StudyFolderExporter* exporter() const { return m_exporter; }
  /// Snapshots of running studies shown so far (each one more row or plot).
  int snapshotsShown() const { return m_snapshotsShown; }
  QString statusText() const;
  QString liveText() const;

protected:
  void showEvent(QShowEvent* event) override;

private:
  QWidget* buildLeftColumn();
  void onProgress(const h4h::JobProgress& progress);
  void onFinished(JobStatus status, const QString& message);
  /// Writes the finished study's folder and stores its record, saying so (or why not).
  void storeFinished(const StudyResult& result);
  void reloadHistory();
  /// An opened project shows its newest stored study.
  void showLatestStored();
  void scheduleRedraw();
  void redraw();
  void updateButtons();
  void setStatus(const QString& text, bool error = false);
  /// Where the study about to run writes its folder; "" with `why` when nowhere.
  QString runFolder(const std::string& study, QString* why) const;

  ProjectDocument* m_document;
  JobPageController* m_jobs = nullptr;
  std::optional<AccuracyFactory> m_accuracy;  ///< unset: studyAccuracyFactory(study)
  StudySnapshotFn m_snapshotHook;
  StudySettingsForm* m_settings = nullptr;
  StudyResultView* m_view = nullptr;
  StudyHistoryList* m_history = nullptr;
  StudyFolderExporter* m_exporter = nullptr;
  QPushButton* m_start = nullptr;
  QPushButton* m_cancel = nullptr;
  QPushButton* m_export = nullptr;
  StatusLine* m_status = nullptr;
  QLabel* m_live = nullptr;
  QTimer* m_redrawTimer = nullptr;

  std::shared_ptr<StudyFeed> m_feed;
  std::shared_ptr<StudyJob> m_job;
  QString m_runFolder;     // where the running study's folder goes
  QString m_shownFolder;   // the folder of the study shown, absolute ("" = none)
  bool m_dirty = false;
  int m_snapshotsShown = 0;
};

}  // namespace h4h::ui
