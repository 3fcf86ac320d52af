#include "ui/search/search_page.h"

#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "model/subnet_export.h"
#include "project/project_search_state.h"
#include "ui/common/job_page_controller.h"
#include "ui/common/page_layout.h"
#include "ui/common/status_line.h"
#include "ui/common/units.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "ui/search/parallel_coords_view.h"
#include "ui/search/pareto_rescore.h"
#include "ui/search/pareto_table.h"
#include "ui/search/predictor_summary.h"
#include "ui/search/search_page_commands.h"
#include "ui/search/search_history_plot.h"
#include "ui/search/search_page_settings.h"

namespace h4h::ui {

namespace {

constexpr int kRedrawMs = 40;  // ~25 Hz

Json parseJson(const QByteArray& bytes) {
  return Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

}  // namespace

SearchPage::SearchPage(ProjectDocument* document, JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_accuracyFactory(supernetAccuracyFactory()),
      m_settings(new SearchSettingsForm(document)),
      m_plot(new ParetoPlot),
      m_history(new SearchHistoryPlot),
      m_parallel(new ParallelCoordsView),
      m_model(new ParetoTableModel(this)),
      m_proxy(new ParetoFilterProxy(this)),
      m_table(new QTableView),
      m_rescorer(new ParetoRescorer(this)),
      m_redrawTimer(new QTimer(this)),
      m_rescoreTick(new QTimer(this)) {
  setObjectName("SearchPage");
  m_model->setPoints(&m_points);
  m_proxy->setSourceModel(m_model);
  m_plot->setPoints(&m_points, &m_previous);
  m_parallel->setPoints(&m_points, {});

  splitPage(this, buildLeftColumn(), buildPlotArea());  // the column makes m_status, which the controller reports on
  m_jobs = new JobPageController(runner, m_status, this);

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
  connect(m_jobs, &JobPageController::event, this, &SearchPage::onEvent);
  connect(m_jobs, &JobPageController::progress, this, [this] {
    if (m_job) scheduleRedraw();
  });
  connect(m_jobs, &JobPageController::busyChanged, this, &SearchPage::updateButtons);
  connect(m_rescorer, &ParetoRescorer::finished, this, &SearchPage::onRescored);
  m_rescoreTick->setInterval(250);
  connect(m_rescoreTick, &QTimer::timeout, this, &SearchPage::showRescoreProgress);

  connect(document, &ProjectDocument::replaced, this, [this] {
    if (m_job) {  // results of a search of the previous project do not belong here
      m_jobs->abandon();
      m_job.reset();
      m_feed.reset();
    }
    m_previous.clear();
    m_runs = 0;
    m_rescoresApplied = 0;
    m_rescored.reset();
    m_cleanPareto = m_document->project().results.pareto;
    m_shownResults = Json();
    axesForObjectives();
    reloadFromResults();
    setStatus(QString());
    showStoredPredictor();
    rescoreIfMeasuredElsewhere();
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
  showStoredPredictor();
  rescoreIfMeasuredElsewhere();
}

SearchPage::~SearchPage() = default;

bool SearchPage::start() { return launch(false); }
bool SearchPage::resume() { return launch(true); }

void SearchPage::cancel() {
  if (!m_job) return;
  m_jobs->cancel(tr("Cancelling: the search stops after the arch being measured…"));
}

bool SearchPage::launch(bool resume) {
  if (!m_jobs->readyToStart()) return false;
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
  auto job = std::make_shared<SearchRunJob>(project, feed, m_accuracyFactory, resume);
  if (!m_jobs->start(job, [this](JobStatus status, const QString& message, const Json&) {
        onFinished(status, message);
      }))
    return false;
  drain();
  if (!resume && !m_points.empty())
    pushPreviousRun(m_runs == 0 ? tr("saved search") : tr("run %1").arg(m_runs));
  if (!resume) {
    m_points.clear();
    m_model->pointsReset();
    m_history->clear();
    ++m_runs;
  }
  m_feed = feed;
  m_job = job;
  m_rescored.reset();  // the new search measures on the project's hardware
  m_rescoreTick->stop();
  m_plot->setStale(false);  // a re-score still running is ignored when it ends
  m_model->setStale(false);
  m_runConfig = project.search;
  m_liveFront.clear();
  m_frontDirty = false;
  m_plot->setBudgets(m_runConfig.budgets);
  m_live->setText(tr("Preparing: measuring the largest and smallest arch…"));
  if (m_runConfig.accuracySource != "supernet" && searchNeedsAccuracy(m_runConfig)) {
    m_predictor->setMessage(tr("Accuracy predictor: not fitted yet (the supernet measures the first archs)"));
    m_predictor->show();
  }
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
  m_history->addGeneration(d.value("generation", 0), hv, static_cast<int>(m_liveFront.size()));
  m_live->setText(tr("<b>Generation %1/%2</b> · %3 archs measured (%4/s) · front %5 · hypervolume %6 · %7")
                      .arg(d.value("generation", 0))
                      .arg(d.value("generations", 0))
                      .arg(d.value("evaluations", 0))
                      .arg(d.value("evaluations_per_s", 0.0), 0, 'f', 1)
                      .arg(m_liveFront.size())
                      .arg(std::isfinite(hv) ? QString::number(hv, 'f', 4) : QStringLiteral("—"))
                      .arg(formatDuration(d.value("elapsed_s", 0.0))));
  if (const QString predictor = predictorSummaryText(d.value("predictor", Json())); !predictor.isEmpty()) {
    m_predictor->setMessage(predictor + tr(" · accuracy of %n archs measured on the supernet", "",
                                           d.value("measured_accuracies", 0)));
    m_predictor->show();
  }
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

void SearchPage::onFinished(JobStatus st, const QString& message) {
  if (!m_job) return;
  drain();
  const std::shared_ptr<SearchRunJob> job = std::move(m_job);
  m_feed.reset();
  std::shared_ptr<const SearchState> state;
  ParetoFront pareto;
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
    std::shared_ptr<const SearchState> state;
    try {
      state = loadSearchState(p);
    } catch (const std::exception&) {
      // A missing or unreadable log: the front still shows.
    }
    m_points = pointsFromResults(p.results, p.search, state.get(), m_rescored ? &m_rescored->metrics : nullptr);
    m_model->pointsReset();
    m_history->setHistory(state ? state->history : Json::array());
    m_plot->setBudgets(p.search.budgets);
    m_plotDirty = true;
  }
  syncSelection();
  updateSelectionBox();
  updateButtons();
  scheduleRedraw();
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
  bool identical = false;  // the column only when some archs share their objective values
  for (const ParetoPoint& p : m_points.points())
    if ((identical = p.identicalCount > 1)) break;
  m_table->setColumnHidden(ParetoTableModel::ColIdentical, !identical);
  m_plot->redraw();
  if (m_views->currentWidget() == m_parallel) {
    std::vector<int> objectives;
    for (const std::string& o : m_document->project().search.objectives)
      if (const int m = paretoMetricIndex(objectiveMetricKey(o)); m >= 0) objectives.push_back(m);
    m_parallel->setPoints(&m_points, std::move(objectives));
    m_parallel->rebuild();
  }
  updateSelectionBox();
}

void SearchPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_plotDirty || m_job) scheduleRedraw();
  updateButtons();
}

void SearchPage::updateButtons() {
  const bool busy = m_jobs->busy();
  m_start->setEnabled(!busy);
  m_cancel->setEnabled(m_job != nullptr);
  m_resume->setEnabled(!busy && m_document->project().results.hasSearchState());
  m_settings->setEnabled(!m_job);
  const std::string& key = m_document->project().results.selected;
  m_export->setEnabled(!key.empty() && !busy);
}

QString SearchPage::statusText() const { return m_status->text(); }
QString SearchPage::liveText() const { return m_live->text(); }
QString SearchPage::predictorText() const { return m_predictor->isHidden() ? QString() : m_predictor->text(); }

void SearchPage::showStoredPredictor() {
  const PredictorLine line = storedPredictorLine(m_document->project());
  m_predictor->setMessage(line.text, line.error);
  m_predictor->setVisible(!line.text.isEmpty());
}

void SearchPage::setStatus(const QString& text, bool error) {
  m_status->setMessage(text, error);
}

}  // namespace h4h::ui
