#pragma once
// The studio's main window. It only assembles: the document, the job runner,
// the menus, and one page per feature; each page owns its own behaviour.

#include <QMainWindow>
#include <QStringList>

#include "project/project_file.h"

class QMenu;
class QTabWidget;
class QAction;
class QDockWidget;

namespace h4h::ui {

class JobRunner;
class OverviewPage;
class ReportExporter;
class ProjectDocument;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ProjectDocument* document() const { return m_document; }
  JobRunner* jobRunner() const { return m_runner; }
  QTabWidget* tabs() const { return m_tabs; }

  /// Opens a project file; on failure shows the errors (unless dialogs are off)
  /// and keeps the current project.
  bool openProject(const QString& path);
  bool saveProject();
  bool saveProjectAs(const QString& path);
  void newProject();
  /// Tests turn modal dialogs off; the last errors are kept for inspection.
  void setDialogsEnabled(bool enabled) { m_dialogsEnabled = enabled; }
  QStringList lastErrors() const { return m_lastErrors; }
  /// What the last successful save did, as told in the status bar (the side folder it
  /// copied, a folder it moved aside).
  QString lastSaveMessage() const { return m_lastSaveMessage; }
  QStringList recentFiles() const;
  /// File ▸ Export report: writes `h4h run`'s report folder for the open project's
  /// saved results into `dir` in the background; false when an export is running.
  bool exportReport(const QString& dir);
  ReportExporter* reportExporter() const { return m_exporter; }

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void createMenus();
  void updateTitle();
  void rememberRecent(const QString& path);
  void rebuildRecentMenu();
  /// Save / Discard / Cancel when there are unsaved changes; false = stay.
  bool maybeSave();
  /// Asks before closing while a job runs; cancels it cleanly when confirmed.
  bool maybeStopJob();
  void showErrors(const QString& title, const QString& text, const QStringList& details);
  /// Copies the side folder for a Save As on a worker thread, with a progress dialog
  /// that can cancel; false with the reason on failure or cancel (nothing left behind).
  bool carrySideFolder(const QString& from, const QString& to, FolderCopy* copied, QString* error);
  /// Offers Reload / Keep when another program changed the open file (a window-modal
  /// box named "changedOnDiskDialog", so tests can answer it offscreen).
  void offerReload();

  ProjectDocument* m_document;
  JobRunner* m_runner;
  ReportExporter* m_exporter;
  QTabWidget* m_tabs;
  OverviewPage* m_overview;
  QMenu* m_recentMenu = nullptr;
  QDockWidget* m_treeDock = nullptr;
  bool m_dialogsEnabled = true;
  QStringList m_lastErrors;
  QString m_lastSaveMessage;
};

}  // namespace h4h::ui
