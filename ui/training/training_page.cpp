#include "ui/training/training_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <mutex>
#include <optional>

#include "ui/common/job_page_controller.h"
#include "ui/common/page_layout.h"
#include "ui/common/status_line.h"
#include "ui/common/plot_style.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "train/run_history.h"
#include "train/train_status.h"
#include "ui/training/training_page_curves.h"
#include "ui/training/training_page_settings.h"
#include "ui/training/training_workers.h"
#include "model/torch_runtime.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {

constexpr int kRedrawMs = 40;  // ~25 Hz

enum RunColumn { ColRun, ColRecipe, ColStatus, ColEpochs, ColMin, ColMax, ColSpeed, ColTime,
                 ColCount };

QString top1Text(double percent) {
  return percent < 0.0 ? QStringLiteral("—") : QString::number(percent, 'f', 2) + " %";
}

Json parseJson(const QByteArray& bytes) {
  return Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

}  // namespace

/// The run record handed to onCheckpoint on the job's thread, kept for a cancelled
/// or failed job whose result carries no run.
struct TrainingPage::LatestRecord {
  std::mutex mutex;
  std::optional<RunRecord> run;
};

TrainingPage::TrainingPage(ProjectDocument* document, JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_settings(new TrainingSettingsForm(document)),
      m_curves(new TrainingCurves),
      m_runList(new QTreeWidget),
      m_start(new QPushButton(tr("Start"))),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_resume(new QPushButton(tr("Resume"))),
      m_processes(new QSpinBox),
      m_workers(new TrainingWorkers(this)),
      m_status(new StatusLine),
      m_liveStatus(new QLabel),
      m_inForce(new QLabel),
      m_redrawTimer(new QTimer(this)) {
  m_jobs = new JobPageController(runner, m_status, this);
  setObjectName("TrainingPage");
  m_factory = [](const Project& project, const TrainerOptions& options) -> std::shared_ptr<Job> {
    return std::make_shared<TrainerJob>(project, options);
  };
  m_confirm = [this](const QString& title, const QString& text) {
    return QMessageBox::warning(this, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                QMessageBox::Cancel) == QMessageBox::Yes;
  };

  m_start->setObjectName("trainStart");
  m_cancel->setObjectName("trainCancel");
  m_resume->setObjectName("trainResume");
  m_start->setToolTip(tr("Train the supernet from scratch with these settings (a new run)"));
  m_resume->setToolTip(tr("Continue the last interrupted run from its checkpoint"));
  m_processes->setObjectName("trainProcesses");
  m_processes->setRange(1, 64);
  m_processes->setToolTip(tr("Data-parallel ranks on this machine, threads split between them: the studio "
                             "trains as rank 0 (the curves are its), the others run `h4h train --rank`. "
                             "They read the saved project file. Same weights as one process."));
  m_status->setObjectName("trainStatus");
  m_liveStatus->setObjectName("trainLive");
  m_liveStatus->setWordWrap(true);
  m_inForce->setObjectName("trainInForce");
  m_inForce->setWordWrap(true);
  m_inForce->setToolTip(tr("The supernet weights the search and subnet export use "
                           "(<project>.h4h.d/supernet.pt); only a finished run replaces them"));

  // Left column: settings, buttons, status.
  auto* left = new QWidget;
  QVBoxLayout* leftLayout = jobColumnLayout(left, m_start, m_resume, m_cancel);
  auto* processesRow = new QHBoxLayout;
  auto* processesLabel = new QLabel(tr("Processes"));
  processesLabel->setBuddy(m_processes);
  processesRow->addWidget(processesLabel);
  processesRow->addWidget(m_processes);
  processesRow->addStretch(1);
  leftLayout->addLayout(processesRow);
  leftLayout->addWidget(m_inForce);
  leftLayout->addWidget(m_liveStatus);
  leftLayout->addWidget(m_status);
  leftLayout->addWidget(m_settings, 1);
  QScrollArea* scroll = scrollableColumn(left, 340);

  // Right: curves above the run list.
  m_runList->setObjectName("runList");
  m_runList->setColumnCount(ColCount);
  m_runList->setHeaderLabels({tr("Run"), tr("Recipe"), tr("Status"), tr("Epochs"),
                              tr("Min top-1"), tr("Max top-1"), tr("Images/s"), tr("Time")});
  m_runList->setRootIsDecorated(false);
  m_runList->setAlternatingRowColors(true);
  m_runList->header()->setStretchLastSection(true);
  m_runList->setColumnWidth(ColRun, 150);
  m_runList->setColumnWidth(ColRecipe, 110);
  m_runList->setMinimumHeight(110);
  m_runList->setToolTip(tr("Tick runs to overlay their curves on the same axes"));
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(m_curves);
  right->addWidget(m_runList);
  right->setStretchFactor(0, 4);
  right->setStretchFactor(1, 1);

  splitPage(this, scroll, right);

  m_redrawTimer->setSingleShot(true);
  m_redrawTimer->setInterval(kRedrawMs);
  connect(m_redrawTimer, &QTimer::timeout, this, [this] {
    if (isVisible()) redraw();
  });

  connect(m_start, &QPushButton::clicked, this, [this] { start(); });
  connect(m_resume, &QPushButton::clicked, this, [this] { resume(); });
  connect(m_cancel, &QPushButton::clicked, this, [this] { cancel(); });
  connect(m_runList, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (m_filling || column != ColRun) return;
    const QString id = item->data(ColRun, Qt::UserRole).toString();
    if (item->checkState(ColRun) == Qt::Checked) m_checked.insert(id);
    else m_checked.remove(id);
    scheduleRedraw();
  });
  connect(m_jobs, &JobPageController::event, this, &TrainingPage::onEvent);
  connect(m_jobs, &JobPageController::progress, this, &TrainingPage::onProgress);
  connect(m_jobs, &JobPageController::busyChanged, this, &TrainingPage::updateButtons);
  connect(document, &ProjectDocument::replaced, this, [this] {
    ++m_generation;
    m_checked.clear();
    m_known.clear();
    reloadRuns();
    setStatus(QString());
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "results") reloadRuns();
    updateButtons();
  });
  connect(document, &ProjectDocument::filePathChanged, this, [this] { updateButtons(); });
  reloadRuns();
}

TrainingPage::~TrainingPage() = default;

bool TrainingPage::isTraining() const { return m_jobs->ownsRunningJob(); }

bool TrainingPage::start() {
  if (m_jobs->busy()) return launch(false);  // says why it cannot start
  refreshInForce();
  if (m_hasInForce) {
    const QString text =
        tr("%1\n\nA new run trains in a folder of its own and replaces these weights only "
           "when it finishes; the search and subnet export use them until then. Cancelling "
           "the new run keeps them.\n\nStart a new training run?")
            .arg(inForceText());
    if (!m_confirm || !m_confirm(tr("Replace the trained supernet?"), text)) {
      setStatus(tr("Not started: the supernet in force stays as it is."));
      return false;
    }
  }
  return launch(false);
}
bool TrainingPage::resume() { return launch(true); }

void TrainingPage::cancel() {
  m_jobs->cancel(tr("Cancelling: the trainer finishes its step and writes a checkpoint…"));
}

bool TrainingPage::launch(bool resume) {
  if (!m_jobs->readyToStart()) return false;
  TrainerOptions options = m_baseOptions;
  options.resume = resume;
  const int processes = m_processes->value();
  if (processes > 1) {
    if (m_document->filePath().isEmpty() || m_document->isModified()) {
      setStatus(tr("Save the project first: with %1 processes the other ranks read it from its file.")
                    .arg(processes), true);
      return false;
    }
    options.threads = std::max(1, processThreads() / processes);
    try {
      options.dist = m_workers->start(m_document->filePath(), processes, options);
    } catch (const std::exception& e) {
      setStatus(tr("Cannot start training: %1").arg(QString::fromUtf8(e.what())), true);
      return false;
    }
  }
  auto latest = std::make_shared<LatestRecord>();
  auto previous = options.onCheckpoint;
  options.onCheckpoint = [latest, previous](const RunRecord& run) {
    {
      std::lock_guard<std::mutex> lock(latest->mutex);
      latest->run = run;
    }
    if (previous) previous(run);
  };
  std::shared_ptr<Job> job;
  try {
    job = m_factory(m_document->project(), options);
  } catch (const std::exception& e) {
    m_workers->finish(0);
    QString why = QString::fromUtf8(e.what());
    if (m_document->filePath().isEmpty())
      why = tr("Save the project first: checkpoints are written beside it (%1)").arg(why);
    setStatus(tr("Cannot start training: %1").arg(why), true);
    return false;
  }
  if (!m_jobs->start(job, [this](JobStatus status, const QString& message, const Json& data) {
        onFinished(status, message, data);
      })) {
    m_workers->finish(0);
    return false;
  }
  m_latest = latest;
  m_jobGeneration = m_generation;
  m_live = LiveRunSeries();
  m_etaSeconds = -1.0;
  m_fraction = 0.0;
  setStatus(resume ? tr("Resuming from the checkpoint…") : tr("Training started."));
  updateButtons();
  scheduleRedraw();
  return true;
}

void TrainingPage::onEvent(const QString& kind, const QByteArray& json) {
  if (!kind.startsWith("train.")) return;
  const Json data = parseJson(json);
  if (data.is_discarded()) return;
  if (m_live.addEvent(kind, data)) scheduleRedraw();
}

void TrainingPage::onProgress(const h4h::JobProgress& progress) {
  m_etaSeconds = progress.etaSeconds;
  m_fraction = progress.fraction;
  scheduleRedraw();
}

void TrainingPage::onFinished(JobStatus st, const QString& message, const Json& data) {
  std::optional<RunRecord> run;
  if (!data.is_discarded() && data.is_object() && data.contains("run")) {
    ErrorList errors;
    RunRecord finalRecord = RunRecord::fromJson(data["run"], "run", errors);
    if (errors.empty()) run = std::move(finalRecord);
  }
  if (!run && m_latest) {
    std::lock_guard<std::mutex> lock(m_latest->mutex);
    run = m_latest->run;
  }
  m_latest.reset();
  const bool sameProject = m_jobGeneration == m_generation;
  if (run && sameProject) {
    Project scratch;
    scratch.results = m_document->project().results;
    storeRunRecord(scratch, *run);
    const QString id = QString::fromStdString(run->id);
    m_checked.insert(id);
    pushSectionEdit(m_document, &Project::results, "results", std::move(scratch.results),
                    tr("Store training run %1").arg(id));
  }
  m_live = LiveRunSeries();
  if (st == JobStatus::Finished) setStatus(tr("Training finished. %1").arg(message));
  else if (st == JobStatus::Cancelled)
    setStatus(tr("Training cancelled%1; Resume continues from the checkpoint.")
                  .arg(message.isEmpty() || message == "cancelled" ? QString() : ": " + message));
  else setStatus(tr("Training failed: %1").arg(message), true);
  refreshInForce();
  constexpr int kRanksStopMs = 15000;  // the others finish the same step, or fail after rank 0 stopped
  m_workers->finishLater(kRanksStopMs, [this](const QString& failures) {
    if (!failures.isEmpty()) m_status->appendMessage(tr("Other ranks: %1").arg(failures));
  });
  if (st != JobStatus::Finished && m_hasInForce)
    m_status->appendMessage(tr("The supernet in force (%1) is unchanged.")
                                .arg(m_inForceRun.isEmpty() ? tr("unknown run") : m_inForceRun));
  if (run && !sameProject)
    m_status->appendMessage(tr("Another project was opened meanwhile: the run was not "
                               "stored in it (its checkpoint stays beside the old one)."));
  updateButtons();
  scheduleRedraw();
}

void TrainingPage::scheduleRedraw() {
  m_dirty = true;
  if (!m_redrawTimer->isActive()) m_redrawTimer->start();
}

void TrainingPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_dirty) m_redrawTimer->start();
  updateButtons();
}

void TrainingPage::redraw() {
  m_dirty = false;
  QVector<TrainingCurves::Run> runs;
  const RunRecords& stored = m_document->project().results.runs;
  for (std::size_t i = 0; i < m_stored.size(); ++i) {
    const RunSeries& s = m_stored[i];
    if (!m_checked.contains(s.id)) continue;
    runs.push_back({&s, seriesColor(int(i)), s.id.isEmpty() ? tr("run %1").arg(i + 1) : s.id, false});
  }
  if (isTraining()) {
    const int index = int(stored.size());
    runs.push_back({&m_live.series(), seriesColor(index), tr("current run"), true});
  }
  m_curves->draw(runs);
  updateLiveStatus();
}

void TrainingPage::updateLiveStatus() {
  if (!isTraining()) {
    m_liveStatus->clear();
    m_liveStatus->setVisible(false);
    return;
  }
  QString text = tr("<b>Phase %1</b>%2 · epoch %3 · step %4/%5 · %6 images/s · ETA %7")
                     .arg(qMax(1, m_live.phase()))
                     .arg(m_live.phaseName().isEmpty() ? QString() : " (" + m_live.phaseName() + ")")
                     .arg(qMax(1, m_live.epoch()))
                     .arg(m_live.stepInEpoch() + 1)
                     .arg(m_live.stepsPerEpoch() > 0 ? QString::number(m_live.stepsPerEpoch()) : "?")
                     .arg(m_live.imagesPerS(), 0, 'f', 0)
                     .arg(formatDuration(m_etaSeconds));
  text += tr(" · %1 % done").arg(m_fraction * 100.0, 0, 'f', 0);
  m_liveStatus->setText(text);
  m_liveStatus->setVisible(true);
}

void TrainingPage::reloadRuns() {
  refreshInForce();
  m_stored.clear();
  for (const RunRecord& r : m_document->project().results.runs) m_stored.push_back(runSeriesFromRecord(r));
  // Newly seen runs start ticked only when nothing is ticked (the latest one).
  bool fresh = false;
  for (const RunSeries& s : m_stored)
    if (!m_known.contains(s.id)) fresh = true;
  if (fresh && m_checked.isEmpty() && !m_stored.empty()) m_checked.insert(m_stored.back().id);
  for (const RunSeries& s : m_stored) m_known.insert(s.id);

  m_filling = true;
  m_runList->clear();
  for (std::size_t i = 0; i < m_stored.size(); ++i) {
    const RunSeries& s = m_stored[i];
    auto* item = new QTreeWidgetItem(m_runList);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setData(ColRun, Qt::UserRole, s.id);
    item->setText(ColRun, s.id.isEmpty() ? tr("run %1").arg(i + 1) : s.id);
    item->setCheckState(ColRun, m_checked.contains(s.id) ? Qt::Checked : Qt::Unchecked);
    item->setForeground(ColRun, seriesColor(int(i)));
    item->setToolTip(ColRun, s.started.isEmpty() ? s.id : tr("%1, started %2").arg(s.id, s.started));
    item->setText(ColRecipe, s.recipe);
    item->setText(ColStatus, !m_inForceRun.isEmpty() && s.id == m_inForceRun
                                 ? tr("%1 · in force").arg(s.status)
                                 : s.status);
    if (!m_inForceRun.isEmpty() && s.id == m_inForceRun) {
      QFont bold = item->font(ColStatus);
      bold.setBold(true);
      item->setFont(ColStatus, bold);
      item->setToolTip(ColStatus, tr("Its weights are the supernet in force"));
    }
    item->setText(ColEpochs, s.totalEpochs > 0 ? QStringLiteral("%1/%2").arg(s.epochsDone()).arg(s.totalEpochs)
                                               : QString::number(s.epochsDone()));
    item->setText(ColMin, top1Text(s.lastMinTop1()));
    item->setText(ColMax, top1Text(s.lastMaxTop1()));
    item->setText(ColSpeed, s.imagesPerS > 0 ? QString::number(s.imagesPerS, 'f', 0) : "—");
    item->setText(ColTime, formatDuration(s.wallSeconds));
    for (int c = ColEpochs; c < ColCount; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
  }
  m_filling = false;
  scheduleRedraw();
}

void TrainingPage::updateButtons() {
  const bool busy = m_jobs->busy();
  m_start->setEnabled(!busy);
  m_cancel->setEnabled(isTraining());
  m_settings->setEnabled(!isTraining());
  bool resumable = false;
  QString why = tr("Save the project first: checkpoints live beside it");
  if (!m_document->filePath().isEmpty()) {
    try {
      const auto run = findRunCheckpoint(m_document->project().artifactDir());
      resumable = run && !run->status.finished;
      why = !run ? tr("No checkpoint yet")
            : run->status.finished ? tr("The last run finished; Start begins a new one")
                                   : tr("Continue %1 (%2 of %3 epochs done)")
                                         .arg(QString::fromStdString(run->status.runId))
                                         .arg(run->status.epochsDone)
                                         .arg(run->status.totalEpochs);
    } catch (const std::exception& e) {
      why = QString::fromUtf8(e.what());
    }
  }
  const QString shown = m_inForceRun;
  refreshInForce();
  if (m_inForceRun != shown) reloadRuns();  // trained elsewhere (the CLI): mark the new run
  m_resume->setEnabled(!busy && resumable);
  m_resume->setToolTip(why);
}

QStringList TrainingPage::checkedRuns() const {
  QStringList out;
  for (const RunSeries& s : m_stored)
    if (m_checked.contains(s.id)) out << s.id;
  return out;
}

void TrainingPage::setRunChecked(const QString& id, bool checked) {
  for (int i = 0; i < m_runList->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = m_runList->topLevelItem(i);
    if (item->data(ColRun, Qt::UserRole).toString() == id)
      item->setCheckState(ColRun, checked ? Qt::Checked : Qt::Unchecked);
  }
}

QString TrainingPage::statusText() const { return m_status->text(); }

QString TrainingPage::inForceText() const { return m_inForce->text(); }

void TrainingPage::refreshInForce() {
  m_inForceRun.clear();
  m_hasInForce = false;
  QString text = tr("No trained supernet yet.");
  if (m_document->filePath().isEmpty()) {
    text = tr("No trained supernet: the project has no file yet.");
  } else {
    try {
      const auto status = inForceSupernet(m_document->project().artifactDir());
      if (status) {
        m_hasInForce = true;
        m_inForceRun = QString::fromStdString(status->runId);
        const QString run = m_inForceRun.isEmpty() ? tr("a run of unknown origin") : m_inForceRun;
        QString detail = status->finished
                             ? tr("finished, epochs: %1").arg(status->epochsDone)
                             : tr("unfinished, epochs: %1 of %2, written by an older version")
                                   .arg(status->epochsDone)
                                   .arg(status->totalEpochs);
        if (status->maxTop1 >= 0.0)
          detail += tr(", max net %1, min net %2")
                        .arg(top1Text(100.0 * status->maxTop1), top1Text(100.0 * status->minTop1));
        text = tr("Supernet in force: %1 (%2).").arg(run, detail);
      }
    } catch (const std::exception& e) {
      m_hasInForce = true;
      text = tr("Supernet in force: unknown (%1).").arg(QString::fromUtf8(e.what()));
    }
  }
  m_inForce->setText(text);
}

void TrainingPage::setStatus(const QString& text, bool error) {
  m_status->setMessage(text, error);
}

}  // namespace h4h::ui
