#include "ui/window/main_window.h"
#include "ui/window/redo_keys.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <atomic>
#include <exception>
#include <filesystem>
#include <memory>
#include <thread>

#include "ui/hardware/hardware_editor.h"
#include "ui/common/job_runner.h"
#include "ui/common/job_status_widget.h"
#include "ui/project/overview_page.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/project/project_tree.h"
#include "ui/report/report_export.h"
#include "ui/schedule/schedule_page.h"
#include "ui/search/search_page.h"
#include "ui/space/space_editor.h"
#include "ui/studies/studies_page.h"
#include "ui/training/training_page.h"

namespace h4h::ui {

namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentFiles";
const char* kGeometryKey = "mainWindow/geometry";
const char* kStateKey = "mainWindow/state";
const char* kFileFilter = "H4H projects (*.h4h);;All files (*)";
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_document(new ProjectDocument(this)),
      m_runner(new JobRunner(this)),
      m_exporter(new ReportExporter(this)),
      m_tabs(new QTabWidget(this)) {
  setObjectName("MainWindow");
  m_tabs->setDocumentMode(true);
  setCentralWidget(m_tabs);
  m_overview = new OverviewPage(m_document, m_tabs);
  m_tabs->addTab(m_overview, tr("Overview"));
  m_tabs->addTab(new SpaceEditor(m_document, m_tabs), tr("Search Space"));
  m_tabs->addTab(new HardwareEditor(m_document, m_tabs), tr("Hardware"));
  m_tabs->addTab(new TrainingPage(m_document, m_runner, m_tabs), tr("Training"));
  auto* search = new SearchPage(m_document, m_runner, m_tabs);
  auto* schedule = new SchedulePage(m_document, m_tabs);
  m_tabs->addTab(search, tr("Search"));
  m_tabs->addTab(schedule, tr("Schedule"));
  auto* studies = new StudiesPage(m_document, m_runner, m_tabs);
  m_tabs->addTab(studies, tr("Studies"));
  connect(search, &SearchPage::scheduleRequested, this, [this, schedule] { m_tabs->setCurrentWidget(schedule); });
  auto* tree = new ProjectTree(m_document);
  m_treeDock = new QDockWidget(tr("Project"), this);
  m_treeDock->setObjectName("projectTreeDock");
  m_treeDock->setWidget(tree);
  addDockWidget(Qt::LeftDockWidgetArea, m_treeDock);
  const auto showTab = [this](const QString& title) {
    for (int i = 0; i < m_tabs->count(); ++i)
      if (m_tabs->tabText(i) == title) m_tabs->setCurrentIndex(i);
  };
  connect(tree, &ProjectTree::tabRequested, this, showTab);
  connect(m_overview, &OverviewPage::tabRequested, this, showTab);
  connect(tree, &ProjectTree::studyRequested, studies, &StudiesPage::openStored);
  statusBar()->addPermanentWidget(new JobStatusWidget(m_runner, this), 1);

  createMenus();
  connect(m_document, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
  connect(m_document, &ProjectDocument::replaced, this, &MainWindow::updateTitle);
  connect(m_document, &ProjectDocument::filePathChanged, this, &MainWindow::updateTitle);
  connect(m_document, &ProjectDocument::changed, this, &MainWindow::updateTitle);
  connect(m_document, &ProjectDocument::changedOnDisk, this, &MainWindow::offerReload);

  QSettings settings;
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1280, 820);
  if (!restoreState(settings.value(kStateKey).toByteArray())) {
    // Dock sizes only take once the window is laid out.
    QTimer::singleShot(0, this, [this] { resizeDocks({m_treeDock}, {230}, Qt::Horizontal); });
  }
  m_document->reset(newProjectFromTemplate());
}

MainWindow::~MainWindow() {
  m_runner->cancelAndWait();
  // The document is a child: its undo stack, destroyed after this object's own part,
  // reports "clean" once more, which must not reach this half-destroyed window.
  m_document->disconnect(this);
  m_document->undoStack()->disconnect(this);
}

bool MainWindow::exportReport(const QString& dir) {
  if (!m_exporter->start(m_document->project(), dir)) {
    statusBar()->showMessage(tr("A report is being exported; wait for it to finish."), 5000);
    return false;
  }
  return true;
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New"), QKeySequence::New, this, [this] {
    if (maybeSave()) newProject();
  });
  file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(), kFileFilter);
    if (!path.isEmpty()) openProject(path);
  });
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { saveProject(); });
  file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save project as"),
                                                      m_document->filePath(), kFileFilter);
    if (!path.isEmpty()) saveProjectAs(path);
  });
  file->addSeparator();
  file->addAction(tr("&Export Report…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export report into folder"), m_document->dialogPath());
    if (!dir.isEmpty()) exportReport(dir);
  });
  connect(m_exporter, &ReportExporter::progress, this,
          [this](const QString& message) { statusBar()->showMessage(message); });
  connect(m_exporter, &ReportExporter::finished, this, [this](bool ok, const QString& message) {
    statusBar()->showMessage(message, 10000);
    if (!m_dialogsEnabled) return;
    auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Export report"),
                                message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts(redoKeys());
  edit->addAction(undo);
  edit->addAction(redo);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(m_treeDock->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About H4H Studio"), this, [this] {
    QMessageBox::about(this, tr("About H4H Studio"),
                       tr("<b>H4H Studio %1</b><p>Hardware-aware search of hybrid CNN/ViT "
                          "models for NPU + compute-in-memory systems.</p>")
                           .arg(QStringLiteral(H4H_VERSION)));
  });
}

void MainWindow::updateTitle() {
  const QString path = m_document->filePath();
  const QString file = path.isEmpty() ? tr("unsaved") : QFileInfo(path).fileName();
  setWindowTitle(QString("%1 (%2)[*] — H4H Studio").arg(m_document->displayName(), file));
  setWindowModified(m_document->isModified());
}

void MainWindow::newProject() { m_document->reset(newProjectFromTemplate()); }

bool MainWindow::openProject(const QString& path) {
  QStringList errors;
  if (!m_document->load(path, &errors)) {
    m_lastErrors = errors;
    showErrors(tr("Cannot open project"),
               tr("%1 could not be opened: %n problem(s). The current project is unchanged.", "",
                  errors.size())
                   .arg(path),
               errors);
    return false;
  }
  m_lastErrors.clear();
  rememberRecent(m_document->filePath());
  return true;
}

bool MainWindow::saveProject() {
  if (m_document->filePath().isEmpty()) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save project"), QString(), kFileFilter);
    if (path.isEmpty()) return false;
    return saveProjectAs(path);
  }
  return saveProjectAs(m_document->filePath());
}

bool MainWindow::saveProjectAs(const QString& path) {
  namespace fs = std::filesystem;
  const QString oldPath = m_document->filePath();
  const QString newPath = QString::fromStdString(fs::absolute(path.toStdString()).lexically_normal().string());
  FolderCopy carried;
  QString error;
  if (!oldPath.isEmpty() && newPath != oldPath && !carrySideFolder(oldPath, newPath, &carried, &error)) {
    m_lastErrors = {error};
    showErrors(tr("Cannot save project"), tr("The project was not saved."), {error});
    return false;
  }
  SaveOptions options;
  options.sideFolderFollows = carried.copied();
  bool changedOnDisk = false;
  bool saved = m_document->save(newPath, &error, options, &changedOnDisk);
  if (!saved && changedOnDisk && m_dialogsEnabled) {
    const auto answer = QMessageBox::warning(
        this, tr("Project changed on disk"),
        tr("%1 was changed on disk by another program since it was loaded (for example an "
           "h4h search or train saving results). Overwrite it with this version, losing those "
           "changes?").arg(newPath),
        QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Save) {
      options.overwriteChanged = true;
      saved = m_document->save(newPath, &error, options, &changedOnDisk);
    } else {
      error = tr("not saved: %1").arg(error);
    }
  }
  if (!saved) {
    undoFolderCopy(carried);
    m_lastErrors = {error};
    if (!changedOnDisk || !m_dialogsEnabled)
      showErrors(tr("Cannot save project"), tr("The project was not saved."), {error});
    return false;
  }
  rememberRecent(m_document->filePath());
  QString message = tr("Saved %1").arg(m_document->filePath());
  if (carried.copied())
    message += tr("; copied the side folder %1 to %2 (%n file(s), %3 MB)", "", static_cast<int>(carried.files))
                   .arg(QString::fromStdString(carried.from), QString::fromStdString(carried.to))
                   .arg(static_cast<double>(carried.bytes) / 1e6, 0, 'f', 1);
  if (!carried.movedAside.empty())
    message += tr("; the folder that was at %1 is kept as %2")
                   .arg(QString::fromStdString(carried.to), QString::fromStdString(carried.movedAside));
  m_lastSaveMessage = message;
  statusBar()->showMessage(message, carried.copied() || !carried.movedAside.empty() ? 15000 : 4000);
  return true;
}

bool MainWindow::carrySideFolder(const QString& from, const QString& to, FolderCopy* copied,
                                 QString* error) {
  std::atomic<bool> cancel{false};
  std::atomic<std::uint64_t> done{0}, total{0};
  std::exception_ptr failure;
  FolderCopy result;
  QEventLoop loop;
  const std::string fromPath = from.toStdString(), toPath = to.toStdString();
  std::thread worker([&] {
    try {
      result = h4h::carrySideFolder(fromPath, toPath, [&](std::uint64_t d, std::uint64_t t) {
        done = d;
        total = t;
        return !cancel.load();
      });
    } catch (...) {
      failure = std::current_exception();
    }
    QMetaObject::invokeMethod(&loop, "quit", Qt::QueuedConnection);
  });
  std::unique_ptr<QProgressDialog> progress;
  if (m_dialogsEnabled) {
    progress = std::make_unique<QProgressDialog>(tr("Copying the project's side folder (checkpoints, "
                                                    "reports) to %1…").arg(to + ".d"),
                                                 tr("Cancel"), 0, 1000, this);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(400);
    connect(progress.get(), &QProgressDialog::canceled, this, [&cancel] { cancel = true; });
  }
  QTimer tick;
  connect(&tick, &QTimer::timeout, this, [&] {
    const std::uint64_t t = total.load();
    if (progress && t > 0) progress->setValue(static_cast<int>(1000.0 * static_cast<double>(done.load()) / static_cast<double>(t)));
  });
  tick.start(100);
  loop.exec();
  worker.join();
  tick.stop();
  progress.reset();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const OperationCancelled&) {
      *error = tr("Save As cancelled while copying the side folder %1 (nothing was copied)").arg(from + ".d");
    } catch (const std::exception& e) {
      *error = tr("cannot copy the side folder %1: %2").arg(from + ".d", QString::fromStdString(e.what()));
    }
    return false;
  }
  *copied = result;
  return true;
}

void MainWindow::offerReload() {
  if (findChild<QMessageBox*>("changedOnDiskDialog")) return;  // one question at a time
  auto* box = new QMessageBox(
      QMessageBox::Warning, tr("Project changed on disk"),
      tr("%1 was changed on disk by another program (for example an h4h search or train "
         "saving results).").arg(m_document->filePath()),
      QMessageBox::NoButton, this);
  box->setObjectName("changedOnDiskDialog");
  box->setInformativeText(m_document->isModified()
                              ? tr("Reload it and lose your unsaved changes, or keep your version "
                                   "(saving it will replace the file on disk).")
                              : tr("Reload it, or keep the version shown (saving it will replace "
                                   "the file on disk)."));
  QPushButton* reload = box->addButton(tr("Reload"), QMessageBox::AcceptRole);
  reload->setObjectName("reloadButton");
  QPushButton* keep = box->addButton(tr("Keep my version"), QMessageBox::RejectRole);
  keep->setObjectName("keepButton");
  box->setDefaultButton(reload);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  connect(box, &QMessageBox::buttonClicked, this, [this, reload](QAbstractButton* button) {
    if (button == reload) {
      QStringList errors;
      if (!m_document->reloadFromDisk(&errors)) {
        m_lastErrors = errors;
        showErrors(tr("Cannot reload project"),
                   tr("%1 could not be reloaded; your version is kept.").arg(m_document->filePath()),
                   errors);
        m_document->keepOwnVersion();
      } else {
        statusBar()->showMessage(tr("Reloaded %1").arg(m_document->filePath()), 4000);
      }
    } else {
      m_document->keepOwnVersion();
      statusBar()->showMessage(tr("Kept your version; saving will replace %1").arg(m_document->filePath()), 6000);
    }
  });
  box->open();
}

QStringList MainWindow::recentFiles() const {
  return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::rememberRecent(const QString& path) {
  QStringList list = recentFiles();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  QSettings().setValue(kRecentKey, list);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  m_recentMenu->clear();
  const QStringList list = recentFiles();
  for (const QString& path : list) {
    m_recentMenu->addAction(QFileInfo(path).fileName() + "  —  " + path, this, [this, path] {
      if (maybeSave()) openProject(path);
    });
  }
  m_recentMenu->setEnabled(!list.isEmpty());
}

bool MainWindow::maybeSave() {
  if (!m_document->isModified() || !m_dialogsEnabled) return true;
  const auto answer = QMessageBox::warning(
      this, tr("Unsaved changes"),
      tr("%1 has unsaved changes. Save them?").arg(m_document->displayName()),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Save) return saveProject();
  return answer == QMessageBox::Discard;
}

bool MainWindow::maybeStopJob() {
  if (!m_runner->isRunning()) return true;
  if (m_dialogsEnabled) {
    const auto answer = QMessageBox::question(
        this, tr("A job is running"),
        tr("%1 is still running. Cancel it and close?").arg(m_runner->jobName()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return false;
  }
  m_runner->cancelAndWait();
  return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeStopJob() || !maybeSave()) {
    event->ignore();
    return;
  }
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
  event->accept();
}

void MainWindow::showErrors(const QString& title, const QString& text, const QStringList& details) {
  if (!m_dialogsEnabled) return;
  QMessageBox box(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
  box.setInformativeText(details.mid(0, 12).join("\n") +
                         (details.size() > 12 ? tr("\n… and %1 more").arg(details.size() - 12) : QString()));
  box.setDetailedText(details.join("\n"));
  box.exec();
}

}  // namespace h4h::ui
