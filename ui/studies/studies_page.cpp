#include "ui/studies/studies_page.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <chrono>

#include "study/study_folder.h"
#include "study/study_job.h"
#include "study/study_record.h"
#include "train/study_accuracy.h"
#include "train/study_training_backend.h"
#include "ui/common/job_page_controller.h"
#include "ui/common/page_layout.h"
#include "ui/common/status_line.h"
#include "ui/common/units.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "ui/studies/study_feed.h"
#include "ui/studies/study_folder_export.h"
#include "ui/studies/study_history.h"
#include "ui/studies/study_result_view.h"
#include "ui/studies/study_settings_form.h"
#include "ui/study/study_png_plotter.h"

namespace h4h::ui {

namespace {
constexpr int kRedrawMs = 40;  // ~25 Hz
}  // namespace

StudiesPage::StudiesPage(ProjectDocument* document, JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_settings(new StudySettingsForm),
      m_view(new StudyResultView),
      m_history(new StudyHistoryList),
      m_exporter(new StudyFolderExporter(this)),
      m_redrawTimer(new QTimer(this)) {
  setObjectName("StudiesPage");
  splitPage(this, buildLeftColumn(), m_view);  // the column makes m_status, which the controller reports on
  m_jobs = new JobPageController(runner, m_status, this);

  m_redrawTimer->setSingleShot(true);
  m_redrawTimer->setInterval(kRedrawMs);
  connect(m_redrawTimer, &QTimer::timeout, this, [this] {
    if (isVisible()) redraw();
    // A snapshot may come without progress (a study that trains for minutes between
    // reports): keep looking while the study runs.
    if (m_job) m_redrawTimer->start();
  });
  connect(m_jobs, &JobPageController::progress, this, &StudiesPage::onProgress);
  connect(m_jobs, &JobPageController::busyChanged, this, &StudiesPage::updateButtons);
  connect(m_exporter, &StudyFolderExporter::finished, this, [this](bool ok, const QString& message) {
    setStatus(message, !ok);
    updateButtons();
  });
  connect(m_history, &StudyHistoryList::recordChosen, this, [this](int index) { openStored(index); });

  connect(document, &ProjectDocument::replaced, this, [this] {
    if (m_job) {  // a study of the previous project does not belong to this one: dropped unstored
      m_jobs->abandon();
      m_job.reset();
      m_feed.reset();
    }
    m_shownFolder.clear();
    m_history->choose(-1);
    reloadHistory();
    m_view->showMessage(tr("Run a study, or pick an earlier one from the list."));
    setStatus(QString());
    m_live->clear();
    showLatestStored();
    updateButtons();
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "results") reloadHistory();
  });
  reloadHistory();
  showLatestStored();
  updateButtons();
}

StudiesPage::~StudiesPage() = default;

void StudiesPage::showLatestStored() {
  const int count = int(m_document->project().results.studies.size());
  if (count > 0) openStored(count - 1);
}

QString StudiesPage::runFolder(const std::string& study, QString* why) const {
  const QString typed = m_settings->outputFolder();
  QString dir;
  if (!typed.isEmpty()) {
    // Relative to the project's folder, like every path in the project.
    dir = QDir::cleanPath(QDir().absoluteFilePath(
        QString::fromStdString(m_document->project().resolvePath(typed.toStdString()))));
  } else if (m_document->filePath().isEmpty()) {
    *why = tr("Save the project first, or choose a folder: a study's folder goes beside the project.");
    return {};
  } else {
    dir = QString::fromStdString(
        defaultStudyFolder(m_document->project(), study, std::chrono::system_clock::now()));
  }
  if (QFileInfo::exists(dir)) {
    *why = tr("The folder %1 already exists; choose a new one (a study never writes into an old folder).").arg(dir);
    return {};
  }
  return dir;
}

bool StudiesPage::start() {
  if (!m_jobs->readyToStart()) return false;
  const StudySettings settings = m_settings->settings();
  QString why;
  const QString dir = runFolder(settings.study, &why);
  if (dir.isEmpty()) {
    setStatus(why, true);
    return false;
  }
  auto feed = std::make_shared<StudyFeed>();
  std::shared_ptr<StudyJob> job;
  try {
    const Study& study = studyOrThrow(settings.study);
    const AccuracyFactory accuracy = m_accuracy ? *m_accuracy : studyAccuracyFactory(study);
    job = std::make_shared<StudyJob>(
        m_document->project(), settings, accuracy,
        [feed, hook = m_snapshotHook](const StudyResult& snapshot) {
          feed->publish(snapshot);
          if (hook) hook(snapshot);
        },
        study.trains() ? studyTraining() : StudyTraining());
  } catch (const std::exception& e) {
    setStatus(tr("Cannot start the study: %1").arg(QString::fromUtf8(e.what())), true);
    return false;
  }
  if (!m_jobs->start(job, [this](JobStatus status, const QString& message, const Json&) {
        onFinished(status, message);
      }))
    return false;
  m_feed = feed;
  m_job = job;
  m_runFolder = dir;
  m_shownFolder.clear();
  m_history->choose(-1);
  m_view->showMessage(tr("Running the %1 study: its tables and plots appear as rows complete…")
                          .arg(QString::fromStdString(settings.study)));
  m_live->setText(tr("Starting…"));
  setStatus(tr("Study %1 started; its folder will be %2.").arg(QString::fromStdString(settings.study), dir));
  if (m_document->isModified())
    m_status->appendMessage(tr("The project has unsaved changes: the study runs on them, but the project hash "
                               "in its study.md names the saved file. Save first for a record that "
                               "reproduces."));
  updateButtons();
  return true;
}

void StudiesPage::cancel() {
  if (!m_job) return;
  m_jobs->cancel(tr("Cancelling: the study stops after the evaluation in progress…"));
}

void StudiesPage::onProgress(const h4h::JobProgress& p) {
  if (!m_job) return;
  QString text = tr("<b>%1</b> · %2 % done").arg(QString::fromStdString(p.stage).toHtmlEscaped())
                     .arg(100.0 * p.fraction, 0, 'f', 0);
  if (!p.message.empty()) text += " · " + QString::fromStdString(p.message).toHtmlEscaped();
  text += tr(" · %1 elapsed · ETA %2").arg(formatDuration(p.elapsedSeconds), formatDuration(p.etaSeconds));
  m_live->setText(text);
  scheduleRedraw();
}

void StudiesPage::onFinished(JobStatus status, const QString& message) {
  if (!m_job) return;
  const std::shared_ptr<StudyJob> job = std::move(m_job);
  redraw();  // the last snapshot
  m_feed.reset();
  m_live->clear();
  const QString study = QString::fromStdString(job->result().study);
  if (status == JobStatus::Finished) {
    m_view->setResult(job->result());
    storeFinished(job->result());
  } else if (status == JobStatus::Cancelled) {
    QString text = tr("Study %1 cancelled: the rows shown are partial; no folder was written and the project's "
                      "results are unchanged.").arg(study);
    if (const Study* s = findStudy(job->result().study); s && s->trains())
      text += tr(" The supernets it finished are kept: Run with the same settings resumes without retraining "
                 "them.");
    setStatus(text);
  } else {
    setStatus(tr("Study %1 failed: %2. No folder was written.").arg(study, message), true);
  }
  updateButtons();
}

void StudiesPage::storeFinished(const StudyResult& result) {
  const QString study = QString::fromStdString(result.study);
  const std::string dir = m_runFolder.toStdString();
  std::vector<std::string> undrawn;
  try {
    StudioStudyPlotter plotter;  // the PNGs are widgets drawn here, on the GUI thread
    undrawn = writeStudyFolder(result, dir, &plotter);
  } catch (const std::exception& e) {
    setStatus(tr("Study %1 finished, but its folder could not be written: %2; nothing was stored.")
                  .arg(study, QString::fromUtf8(e.what())),
              true);
    return;
  }
  m_shownFolder = m_runFolder;
  ProjectResults results = m_document->project().results;
  results.studies.push_back(studyRecordOf(result, studyRecordFolder(m_document->project(), dir), "finished"));
  pushSectionEdit(m_document, &Project::results, "results", std::move(results), tr("Store study %1").arg(study));
  m_history->choose(int(m_document->project().results.studies.size()) - 1);
  setStatus(tr("Study %1 finished in %2; its folder is %3.")
                .arg(study, formatDuration(result.provenance.wallSeconds), m_runFolder));
  if (!undrawn.empty()) {
    QStringList names;
    for (const std::string& n : undrawn) names << QString::fromStdString(n);
    m_status->appendMessage(tr("It lacks %1 (could not be drawn).").arg(names.join(", ")), true);
  }
}

void StudiesPage::reloadHistory() {
  m_history->setRecords(m_document->project().results.studies);
}

void StudiesPage::scheduleRedraw() {
  m_dirty = true;
  if (!m_redrawTimer->isActive()) m_redrawTimer->start();
}

void StudiesPage::flush() { redraw(); }

void StudiesPage::redraw() {
  m_dirty = false;
  if (!m_feed) return;
  if (std::optional<StudyResult> snapshot = m_feed->take()) {
    m_view->setResult(*snapshot);
    ++m_snapshotsShown;
  }
}

void StudiesPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_dirty || m_job) scheduleRedraw();
  updateButtons();
}

void StudiesPage::updateButtons() {
  const bool busy = m_jobs->busy();
  m_start->setEnabled(!busy);
  m_cancel->setEnabled(m_job != nullptr);
  m_settings->setEnabled(!m_job);
  m_export->setEnabled(!m_shownFolder.isEmpty() && !m_exporter->isRunning());
}

QString StudiesPage::statusText() const { return m_status->text(); }
QString StudiesPage::liveText() const { return m_live->text(); }

void StudiesPage::setStatus(const QString& text, bool error) { m_status->setMessage(text, error); }

}  // namespace h4h::ui
