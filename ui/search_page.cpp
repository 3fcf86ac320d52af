#include "search_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "job_runner.h"
#include "model/subnet_export.h"
#include "pareto_rescore.h"
#include "pareto_table.h"
#include "project_document.h"
#include "search_page_commands.h"
#include "search_page_export.h"
#include "search_page_settings.h"
#include "space_commands.h"

namespace h4h::ui {

namespace {

constexpr int kRedrawMs = 40;  // ~25 Hz

Json parseJson(const QByteArray& bytes) {
  return Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

QComboBox* metricCombo(bool withNone) {
  auto* c = new QComboBox;
  if (withNone) c->addItem(QObject::tr("(one colour)"), QString());
  const auto& metrics = paretoMetrics();
  for (std::size_t i = 0; i < metrics.size(); ++i)
    c->addItem(paretoMetricTitle(static_cast<int>(i)), QString::fromLatin1(metrics[i].key));
  return c;
}

QString formatDuration(double s) {
  if (!(s >= 0)) return QStringLiteral("—");
  if (s < 60) return QString::number(s, 'f', 1) + " s";
  return QString("%1 min %2 s").arg(int(s) / 60).arg(int(s) % 60);
}

}  // namespace

SearchPage::SearchPage(ProjectDocument* document, JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_runner(runner),
      m_accuracyFactory(supernetAccuracyFactory()),
      m_settings(new SearchSettingsForm(document)),
      m_plot(new ParetoPlot),
      m_model(new ParetoTableModel(this)),
      m_proxy(new ParetoFilterProxy(this)),
      m_table(new QTableView),
      m_rescorer(new ParetoRescorer(this)),
      m_redrawTimer(new QTimer(this)) {
  setObjectName("SearchPage");
  m_model->setPoints(&m_points);
  m_proxy->setSourceModel(m_model);
  m_plot->setPoints(&m_points, &m_previous);

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(buildLeftColumn());
  split->addWidget(buildPlotArea());
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(split);

  m_redrawTimer->setSingleShot(true);
  m_redrawTimer->setInterval(kRedrawMs);
  connect(m_redrawTimer, &QTimer::timeout, this, [this] {
    drain();
    if (isVisible()) redrawPlot();
  });

  connect(m_plot, &ParetoPlot::archClicked, this, &SearchPage::selectArch);
  connect(m_plot, &ParetoPlot::archActivated, this, [this](const QString& key) {
    selectArch(key);
    emit scheduleRequested(key);
  });
  connect(m_runner, &JobRunner::event, this, &SearchPage::onEvent);
  connect(m_runner, &JobRunner::progress, this, [this] {
    if (m_job) scheduleRedraw();
  });
  connect(m_runner, &JobRunner::finished, this, &SearchPage::onFinished);
  connect(m_runner, &JobRunner::started, this, [this] { updateButtons(); });
  connect(m_rescorer, &ParetoRescorer::finished, this, &SearchPage::onRescored);

  connect(document, &ProjectDocument::replaced, this, [this] {
    if (m_job) {  // results of a search of the previous project do not belong here
      m_runner->cancelAndWait();
      m_job.reset();
      m_feed.reset();
    }
    m_previous.clear();
    m_runs = 0;
    m_rescoresApplied = 0;
    m_cleanPareto = m_document->project().results.pareto;
    m_shownResults = Json();
    axesForObjectives();
    reloadFromResults();
    setStatus(QString());
  });
  connect(document, &ProjectDocument::filePathChanged, this, [this] {
    m_cleanPareto = m_document->project().results.pareto;  // saved
    updateButtons();
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "results") onResultsChanged();
    if (section == "search" && m_document->project().search.objectives != m_axesObjectives)
      axesForObjectives();  // new objectives: show them
    if (section == "search" && !m_job) {
      m_shownResults = Json();  // budgets may have changed: feasibility again
      reloadFromResults();
    }
  });
  connect(document, &ProjectDocument::hardwareChanged, this, &SearchPage::onHardwareChanged);

  m_cleanPareto = m_document->project().results.pareto;
  axesForObjectives();
  reloadFromResults();
}

void SearchPage::axesForObjectives() {
  m_axesObjectives = m_document->project().search.objectives;
  std::vector<QString> keys;
  bool accuracy = false;
  for (const std::string& o : m_document->project().search.objectives) {
    const QString key = QString::fromStdString(objectiveMetricKey(o));
    if (key == "accuracy") accuracy = true;
    else if (!key.isEmpty()) keys.push_back(key);
  }
  QString x = keys.empty() ? QStringLiteral("latency_ms") : keys[0];
  QString y, colour;
  if (accuracy) {
    y = "accuracy";
    colour = keys.size() > 1 ? keys[1] : QStringLiteral("vit_mbconv_ratio");
  } else {
    y = keys.size() > 1 ? keys[1] : (x == "energy_mj" ? QStringLiteral("latency_ms") : QStringLiteral("energy_mj"));
    colour = keys.size() > 2 ? keys[2] : QStringLiteral("vit_mbconv_ratio");
  }
  setAxes(x, y, colour);
}

SearchPage::~SearchPage() = default;

QWidget* SearchPage::buildLeftColumn() {
  m_start = new QPushButton(tr("Start search"));
  m_resume = new QPushButton(tr("Resume"));
  m_cancel = new QPushButton(tr("Cancel"));
  m_start->setObjectName("searchStart");
  m_resume->setObjectName("searchResume");
  m_cancel->setObjectName("searchCancel");
  m_start->setToolTip(tr("A new search with these settings; the current points stay as a faded earlier run"));
  m_resume->setToolTip(tr("Continue the search saved in the project (more generations, or after a cancel)"));
  m_status = new QLabel;
  m_status->setObjectName("searchStatus");
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_live = new QLabel;
  m_live->setObjectName("searchLive");
  m_live->setWordWrap(true);

  auto* settingsBox = new QGroupBox(tr("Search settings"));
  auto* sl = new QVBoxLayout(settingsBox);
  sl->addWidget(m_settings);

  auto* selBox = new QGroupBox(tr("Selected arch"));
  auto* sel = new QVBoxLayout(selBox);
  m_selection = new QLabel(tr("Click a point or a row to select an arch."));
  m_selection->setObjectName("searchSelection");
  m_selection->setWordWrap(true);
  m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_showSchedule = new QPushButton(tr("Show schedule"));
  m_export = new QPushButton(tr("Export subnet…"));
  m_export->setObjectName("exportSubnet");
  m_export->setToolTip(tr("Write the selected subnet's weights (from the trained supernet), "
                          "arch.json and layers.csv into a folder"));
  auto* selButtons = new QHBoxLayout;
  selButtons->addWidget(m_showSchedule);
  selButtons->addWidget(m_export);
  sel->addWidget(m_selection);
  sel->addLayout(selButtons);

  auto* left = new QWidget;
  auto* l = new QVBoxLayout(left);
  l->setContentsMargins(0, 0, 6, 0);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_start);
  buttons->addWidget(m_resume);
  buttons->addWidget(m_cancel);
  l->addLayout(buttons);
  l->addWidget(m_live);
  l->addWidget(m_status);
  l->addWidget(settingsBox);
  l->addWidget(selBox);
  l->addStretch(1);

  connect(m_start, &QPushButton::clicked, this, [this] { start(); });
  connect(m_resume, &QPushButton::clicked, this, [this] { resume(); });
  connect(m_cancel, &QPushButton::clicked, this, [this] { cancel(); });
  connect(m_showSchedule, &QPushButton::clicked, this, [this] {
    const std::string& key = m_document->project().results.selected;
    if (!key.empty()) emit scheduleRequested(QString::fromStdString(key));
  });
  connect(m_export, &QPushButton::clicked, this, [this] {
    if (!subnetExportProblem(m_document->project()).isEmpty()) {
      exportSelectedSubnet(QString());  // explains why
      return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the subnet into"));
    if (!dir.isEmpty()) exportSelectedSubnet(dir);
  });

  auto* scroll = new QScrollArea;
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumWidth(qMax(300, left->sizeHint().width() + 24));
  return scroll;
}

QWidget* SearchPage::buildPlotArea() {
  m_xCombo = metricCombo(false);
  m_yCombo = metricCombo(false);
  m_colourCombo = metricCombo(true);
  m_xCombo->setObjectName("paretoX");
  m_yCombo->setObjectName("paretoY");
  m_colourCombo->setObjectName("paretoColour");
  m_xCombo->setCurrentIndex(m_xCombo->findData("latency_ms"));
  m_yCombo->setCurrentIndex(m_yCombo->findData("energy_mj"));
  m_colourCombo->setCurrentIndex(m_colourCombo->findData("vit_mbconv_ratio"));
  auto* reset = new QPushButton(tr("Reset view"));
  reset->setToolTip(tr("Fit the axes to the points again (or double-click empty space)"));
  auto* clearRuns = new QPushButton(tr("Clear earlier runs"));
  auto* savePlot = new QPushButton(tr("Save plot…"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("X")));
  bar->addWidget(m_xCombo);
  bar->addWidget(new QLabel(tr("Y")));
  bar->addWidget(m_yCombo);
  bar->addWidget(new QLabel(tr("Colour")));
  bar->addWidget(m_colourCombo);
  bar->addStretch(1);
  bar->addWidget(reset);
  bar->addWidget(clearRuns);
  bar->addWidget(savePlot);

  m_filter = new QLineEdit;
  m_filter->setPlaceholderText(tr("Filter by arch key…"));
  m_filter->setClearButtonEnabled(true);
  m_showCombo = new QComboBox;
  m_showCombo->addItem(tr("All archs"), int(ParetoFilterProxy::Show::All));
  m_showCombo->addItem(tr("Within budget"), int(ParetoFilterProxy::Show::Feasible));
  m_showCombo->addItem(tr("Front only"), int(ParetoFilterProxy::Show::Front));
  auto* filterRow = new QHBoxLayout;
  filterRow->addWidget(m_filter, 1);
  filterRow->addWidget(m_showCombo);

  m_table->setObjectName("paretoTable");
  m_table->setModel(m_proxy);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(ParetoTableModel::ColStatus, Qt::AscendingOrder);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setAlternatingRowColors(true);
  m_table->verticalHeader()->setVisible(false);
  m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
  m_table->setColumnWidth(ParetoTableModel::ColStatus, 84);
  m_table->setColumnWidth(ParetoTableModel::keyColumn(), 420);
  m_table->horizontalHeader()->setDefaultSectionSize(88);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_table->setWordWrap(false);

  auto* tableBox = new QWidget;
  auto* tl = new QVBoxLayout(tableBox);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addLayout(filterRow);
  tl->addWidget(m_table);

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(m_plot);
  split->addWidget(tableBox);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({600, 420});

  auto* area = new QWidget;
  auto* al = new QVBoxLayout(area);
  al->setContentsMargins(0, 0, 0, 0);
  al->addLayout(bar);
  al->addWidget(split, 1);

  for (QComboBox* c : {m_xCombo, m_yCombo, m_colourCombo})
    connect(c, &QComboBox::currentIndexChanged, this, &SearchPage::updateAxesFromCombos);
  connect(reset, &QPushButton::clicked, m_plot, &ParetoPlot::resetView);
  connect(clearRuns, &QPushButton::clicked, this, [this] {
    m_previous.clear();
    scheduleRedraw();
  });
  connect(savePlot, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the Pareto plot"), "pareto.png",
                                                      tr("PNG image (*.png);;PDF (*.pdf)"));
    if (path.isEmpty()) return;
    const bool ok = path.endsWith(".pdf", Qt::CaseInsensitive) ? m_plot->plot()->savePdf(path)
                                                                : m_plot->plot()->savePng(path);
    setStatus(ok ? tr("Saved %1").arg(path) : tr("Cannot write %1").arg(path), !ok);
  });
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &ParetoFilterProxy::setKeyFilter);
  connect(m_showCombo, &QComboBox::currentIndexChanged, this, [this] {
    m_proxy->setShow(static_cast<ParetoFilterProxy::Show>(m_showCombo->currentData().toInt()));
    syncSelection();
  });
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid()) return;
            selectArch(current.data(ParetoTableModel::KeyRole).toString());
          });
  connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    emit scheduleRequested(index.data(ParetoTableModel::KeyRole).toString());
  });
  updateAxesFromCombos();
  return area;
}

void SearchPage::updateAxesFromCombos() {
  m_plot->setAxes(paretoMetricIndex(m_xCombo->currentData().toString().toStdString()),
                  paretoMetricIndex(m_yCombo->currentData().toString().toStdString()),
                  paretoMetricIndex(m_colourCombo->currentData().toString().toStdString()));
  scheduleRedraw();
}

void SearchPage::setAxes(const QString& x, const QString& y, const QString& colour) {
  auto pick = [](QComboBox* c, const QString& key) {
    const int i = c->findData(key);
    if (i >= 0) c->setCurrentIndex(i);
  };
  pick(m_xCombo, x);
  pick(m_yCombo, y);
  pick(m_colourCombo, colour);
  updateAxesFromCombos();
}

bool SearchPage::start() { return launch(false); }
bool SearchPage::resume() { return launch(true); }

void SearchPage::cancel() {
  if (!m_job) return;
  m_runner->cancel();
  setStatus(tr("Cancelling: the search stops after the arch being measured…"));
}

bool SearchPage::launch(bool resume) {
  if (m_runner->isRunning()) {
    setStatus(tr("Another job (%1) is running; wait for it or cancel it first.").arg(m_runner->jobName()), true);
    return false;
  }
  const Project& project = m_document->project();
  if (resume && !project.results.hasSearchState()) {
    setStatus(tr("There is no saved search to resume; Start begins a new one."), true);
    return false;
  }
  if (searchNeedsAccuracy(project.search) && !m_customAccuracy) {
    const QString ckpt = project.filePath.empty() ? QString()
                                                  : QString::fromStdString(defaultCheckpointPath(project));
    if (ckpt.isEmpty() || !QFileInfo::exists(ckpt)) {
      setStatus(tr("The accuracy objective needs a trained supernet (%1). Train it in the Training "
                   "tab, or untick “accuracy” to search the hardware objectives only.")
                    .arg(ckpt.isEmpty() ? tr("the project is not saved yet") : tr("%1 not found").arg(ckpt)),
                true);
      return false;
    }
  }
  auto feed = std::make_shared<SearchFeed>();
  auto job = std::make_shared<SearchRunJob>(project, feed, m_accuracyFactory,
                                            resume);
  if (!m_runner->start(job)) {
    setStatus(tr("Cannot start the search: another job is running."), true);
    return false;
  }
  drain();
  if (!resume && !m_points.empty())
    pushPreviousRun(m_runs == 0 ? tr("saved search") : tr("run %1").arg(m_runs));
  if (!resume) {
    m_points.clear();
    m_model->pointsReset();
    ++m_runs;
  }
  m_feed = feed;
  m_job = job;
  m_runConfig = project.search;
  m_liveFront.clear();
  m_frontDirty = false;
  m_plot->setBudgets(m_runConfig.budgets);
  m_live->setText(tr("Preparing: measuring the largest and smallest arch…"));
  setStatus(resume ? tr("Search resumed.") : tr("Search started."));
  updateButtons();
  scheduleRedraw();
  return true;
}

void SearchPage::pushPreviousRun(const QString& label) {
  ParetoRun run;
  run.label = label;
  run.points = m_points;
  m_previous.push_back(std::move(run));
}

void SearchPage::onEvent(const QString& kind, const QByteArray& json) {
  if (!m_job || kind != QLatin1String("search.generation")) return;
  const Json d = parseJson(json);
  if (!d.is_object()) return;
  m_liveFront.clear();
  if (d.contains("front") && d["front"].is_array())
    for (const Json& e : d["front"])
      if (e.is_object() && e.contains("key") && e["key"].is_string()) m_liveFront.insert(e["key"].get<std::string>());
  m_frontDirty = true;
  const double hv = d.value("hypervolume", Json()).is_number() ? d["hypervolume"].get<double>() : NAN;
  m_live->setText(tr("<b>Generation %1/%2</b> · %3 archs measured (%4/s) · front %5 · hypervolume %6 · %7")
                      .arg(d.value("generation", 0))
                      .arg(d.value("generations", 0))
                      .arg(d.value("evaluations", 0))
                      .arg(d.value("evaluations_per_s", 0.0), 0, 'f', 1)
                      .arg(m_liveFront.size())
                      .arg(std::isfinite(hv) ? QString::number(hv, 'f', 4) : QStringLiteral("—"))
                      .arg(formatDuration(d.value("elapsed_s", 0.0))));
  scheduleRedraw();
}

void SearchPage::drain() {
  if (!m_feed) return;
  auto batch = m_feed->take();
  std::vector<int> changed;
  const int before = m_points.size();
  for (auto& [key, metrics] : batch) {
    const int i = m_points.upsert(key, metrics, m_runConfig);
    if (i < before) changed.push_back(i);
  }
  if (m_frontDirty) {
    m_frontDirty = false;
    const std::vector<int> moved = m_points.setFront(m_liveFront);
    changed.insert(changed.end(), moved.begin(), moved.end());
  }
  if (m_points.size() > before) m_model->pointsAppended();
  m_model->rowsChanged(changed);
  if (!batch.empty() || !changed.empty()) m_plotDirty = true;
}

void SearchPage::onFinished(int status, const QString& message, const QByteArray&) {
  if (!m_job) return;
  drain();
  const std::shared_ptr<SearchRunJob> job = std::move(m_job);
  m_feed.reset();
  const auto st = static_cast<JobStatus>(status);
  std::shared_ptr<const SearchState> state;
  Json pareto;
  job->takeFinal(state, pareto);
  const bool stored = state != nullptr;
  if (stored) {
    const SearchConfig& config = m_document->project().search;
    if (sectionEquals(config, m_runConfig)) {
      // The live points are exactly the stored evaluations: no rebuild, only the final front.
      ProjectResults shown;
      shown.pareto = pareto;
      shown.searchState = state;
      m_shownResults = searchResultsSignature(shown);
      m_model->rowsChanged(m_points.setFront(nonDominatedKeys(pareto, config)));
      m_plotDirty = true;
    }
    m_document->undoStack()->push(new StoreSearchCommand(
        m_document, std::move(pareto), std::move(state),
        st == JobStatus::Finished ? tr("Search results") : tr("Search results (stopped)")));
  }
  if (st == JobStatus::Finished) setStatus(tr("Search finished: %1.").arg(message));
  else if (st == JobStatus::Cancelled)
    setStatus(tr("Search cancelled; its archs are kept and Resume continues it."));
  else setStatus(tr("Search failed: %1").arg(message), true);
  updateButtons();
  if (!stored) m_shownResults = Json();  // show what the results hold again
  reloadFromResults();
}

void SearchPage::onResultsChanged() {
  if (m_job) {
    syncSelection();
    updateSelectionBox();
    return;
  }
  reloadFromResults();
}

void SearchPage::reloadFromResults() {
  const Project& p = m_document->project();
  Json signature = searchResultsSignature(p.results);
  if (!m_job && signature != m_shownResults) {
    m_shownResults = std::move(signature);
    m_points = pointsFromProject(p);
    m_model->pointsReset();
    m_plot->setBudgets(p.search.budgets);
    m_plotDirty = true;
  }
  syncSelection();
  updateSelectionBox();
  updateButtons();
  scheduleRedraw();
}

void SearchPage::selectArch(const QString& key) {
  const std::string k = key.toStdString();
  const std::string& current = m_document->project().results.selected;
  if (k == current) {
    syncSelection();
    return;
  }
  m_document->undoStack()->push(new SelectArchCommand(m_document, current, k));
}

void SearchPage::syncSelection() {
  const std::string& key = m_document->project().results.selected;
  if (m_plot->selectedKey() != key) {
    m_plot->setSelectedKey(key);
    m_plotDirty = true;
    scheduleRedraw();
  }
  const int row = m_points.indexOf(key);
  m_syncing = true;
  if (row < 0) {
    m_table->clearSelection();
  } else {
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (index.isValid()) {
      m_table->selectionModel()->setCurrentIndex(
          index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      m_table->scrollTo(index);
    } else {
      m_table->clearSelection();
    }
  }
  m_syncing = false;
}

void SearchPage::updateSelectionBox() {
  const std::string& key = m_document->project().results.selected;
  const int i = m_points.indexOf(key);
  m_showSchedule->setEnabled(!key.empty());
  m_export->setEnabled(!key.empty() && !m_runner->isRunning());
  if (key.empty()) {
    m_selection->setText(tr("Click a point or a row to select an arch."));
    return;
  }
  QString text = QString("<code>%1</code>").arg(QString::fromStdString(key).toHtmlEscaped());
  if (i >= 0) {
    const ParetoPoint& p = m_points.at(i);
    QStringList parts;
    for (const char* metric : {"accuracy", "latency_ms", "energy_mj", "period_ms", "params_m", "macs_m"}) {
      const int m = paretoMetricIndex(metric);
      if (std::isfinite(p.values[static_cast<std::size_t>(m)]))
        parts << QString("%1 %2").arg(QString::fromLatin1(paretoMetrics()[static_cast<std::size_t>(m)].label).toLower(),
                                      formatParetoMetric(m, p.values[static_cast<std::size_t>(m)]));
    }
    text += "<br>" + parts.join(" · ").toHtmlEscaped();
    if (!p.feasible) text += "<br><i>" + tr("over budget").toHtmlEscaped() + "</i>";
  }
  m_selection->setText(text);
}

bool SearchPage::exportSelectedSubnet(const QString& dir) {
  const Project& p = m_document->project();
  const QString problem = subnetExportProblem(p);
  if (!problem.isEmpty()) {
    setStatus(problem, true);
    if (m_dialogs && !p.results.selected.empty()) QMessageBox::information(this, tr("Export subnet"), problem);
    return false;
  }
  if (m_runner->isRunning()) {
    setStatus(tr("Another job (%1) is running; export when it has finished.").arg(m_runner->jobName()), true);
    return false;
  }
  auto* done = new QObject(this);
  connect(m_runner, &JobRunner::finished, done, [this, done](int status, const QString& message) {
    done->deleteLater();
    if (static_cast<JobStatus>(status) == JobStatus::Finished) setStatus(tr("Subnet exported: %1").arg(message));
    else setStatus(tr("Export failed: %1").arg(message), true);
    updateButtons();
  });
  if (!m_runner->start(makeSubnetExportJob(p, dir.toStdString()))) {
    done->deleteLater();
    setStatus(tr("Cannot start the export: another job is running."), true);
    return false;
  }
  setStatus(tr("Exporting %1 into %2…").arg(QString::fromStdString(p.results.selected), dir));
  return true;
}

void SearchPage::onHardwareChanged() {
  const Project& p = m_document->project();
  if (m_job || !p.results.pareto.is_array() || p.results.pareto.empty()) return;
  m_rescorer->request(p);
  setStatus(tr("Hardware changed: re-scoring the %n arch(s) of the front…", "", int(p.results.pareto.size())));
}

void SearchPage::onRescored(const QByteArray& pareto, const QByteArray& hardware, const QString& error) {
  const Project& p = m_document->project();
  if (m_job) return;
  if (!error.isEmpty()) {
    setStatus(tr("What-if re-score failed: %1").arg(error), true);
    return;
  }
  if (QByteArray::fromStdString(hardwareToJson(p.hardware).dump()) != hardware) return;  // stale
  Json fresh = parseJson(pareto);
  if (!fresh.is_array()) return;
  ++m_rescoresApplied;
  if (fresh == p.results.pareto) {
    setStatus(tr("Hardware changed: the front's metrics are unchanged."));
    return;
  }
  // Keep where the front was as a faded series, then move it.
  ParetoRun before;
  before.label = tr("front before the hardware change");
  for (const Json& e : p.results.pareto)
    if (e.is_object() && e.contains("key") && e["key"].is_string()) {
      Json m = e;
      m.erase("key");
      m.erase("feasible");
      before.points.upsert(e["key"].get<std::string>(), m, p.search);
    }
  m_previous.erase(std::remove_if(m_previous.begin(), m_previous.end(),
                                  [&](const ParetoRun& r) { return r.label == before.label; }),
                   m_previous.end());
  m_previous.push_back(std::move(before));
  applyRescoredPareto(m_document, std::move(fresh), m_cleanPareto);
  setStatus(tr("Hardware changed: the %n arch(s) of the front were re-scored (accuracy kept); "
               "the faded points show where they were.", "",
               int(m_document->project().results.pareto.size())));
}

void SearchPage::scheduleRedraw() {
  if (!m_redrawTimer->isActive()) m_redrawTimer->start();
}

void SearchPage::flush() {
  drain();
  redrawPlot();
}

void SearchPage::redrawPlot() {
  m_plotDirty = false;
  for (int m = 0; m < static_cast<int>(paretoMetrics().size()); ++m)  // e.g. accuracy when not searched
    m_table->setColumnHidden(ParetoTableModel::ColFirstMetric + m, !m_points.hasMetric(m));
  m_plot->redraw();
  updateSelectionBox();
}

void SearchPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_plotDirty || m_job) scheduleRedraw();
  updateButtons();
}

void SearchPage::updateButtons() {
  const bool busy = m_runner->isRunning();
  m_start->setEnabled(!busy);
  m_cancel->setEnabled(m_job != nullptr);
  m_resume->setEnabled(!busy && m_document->project().results.hasSearchState());
  m_settings->setEnabled(!m_job);
  const std::string& key = m_document->project().results.selected;
  m_export->setEnabled(!key.empty() && !busy);
}

QString SearchPage::statusText() const { return m_status->text(); }
QString SearchPage::liveText() const { return m_live->text(); }

void SearchPage::setStatus(const QString& text, bool error) {
  m_status->setText(text);
  m_status->setStyleSheet(error ? "color: rgb(180, 20, 20);" : QString());
}

}  // namespace h4h::ui
