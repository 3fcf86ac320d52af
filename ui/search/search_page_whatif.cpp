// The Search tab's hardware what-if: after a hardware edit (or on opening a project
// saved after one) every arch shown is measured again on the project's hardware on the
// rescorer's thread, the points greyed meanwhile; then the front is recomputed from all
// of them and replaces results.pareto (no undo step of its own: undoing the hardware
// edit re-scores back), and the status says what changed.

#include <QTimer>
#include <algorithm>
#include <cmath>
#include <limits>

#include "project/project_search_state.h"
#include "search/arch_metrics.h"
#include "search/search_config.h"
#include "ui/project/project_document.h"
#include "ui/search/pareto_rescore.h"
#include "ui/search/pareto_table.h"
#include "ui/search/search_page.h"
#include "ui/search/search_page_commands.h"

namespace h4h::ui {

namespace {

/// Best feasible value of a metric (NaN when no feasible arch has it).
template <typename Each>
double bestOf(int metric, Each&& each) {
  const bool maximised = paretoMetrics()[static_cast<std::size_t>(metric)].maximised;
  double best = std::numeric_limits<double>::quiet_NaN();
  each([&](double v, bool feasible) {
    if (!feasible || !std::isfinite(v)) return;
    if (!std::isfinite(best) || (maximised ? v > best : v < best)) best = v;
  });
  return best;
}

/// "front 3 → 5 archs, best latency 0.048 ms → 0.039 ms, …": what the re-score changed.
QString rescoreChanges(const ParetoPointSet& before, const ArchRescore& after, const SearchConfig& config) {
  int frontBefore = 0;
  for (const ParetoPoint& p : before.points()) frontBefore += p.onFront ? 1 : 0;
  QStringList parts;
  parts << QObject::tr("front %1 → %2 archs").arg(frontBefore).arg(after.front.size());
  for (const std::string& objective : config.objectives) {
    const std::string key = objectiveMetricKey(objective);
    const int metric = paretoMetricIndex(key);
    if (metric < 0 || key == "accuracy") continue;  // accuracy does not depend on the hardware
    const double was = bestOf(metric, [&](auto&& take) {
      for (const ParetoPoint& p : before.points()) take(p.values[static_cast<std::size_t>(metric)], p.feasible);
    });
    const double now = bestOf(metric, [&](auto&& take) {
      for (const auto& [k, m] : after.metrics) take(m.value(key), fitnessFromMetrics(m, config).feasible());
    });
    parts << QObject::tr("best %1 %2 → %3")
                 .arg(QString::fromLatin1(paretoMetrics()[static_cast<std::size_t>(metric)].label).toLower(),
                      formatParetoMetric(metric, was), formatParetoMetric(metric, now));
  }
  return parts.join(", ");
}

}  // namespace

void SearchPage::onHardwareChanged() {
  if (m_job || m_points.empty()) return;
  requestRescore(tr("Hardware changed"));
}

void SearchPage::rescoreIfMeasuredElsewhere() {
  const Project& p = m_document->project();
  if (m_points.empty() || !p.results.hasSearchState()) return;
  std::shared_ptr<const SearchState> state;
  try {
    state = loadSearchState(p);
  } catch (const std::exception&) {
    return;  // no log: only the stored front shows, as measured when it was stored
  }
  if (state && searchMeasuredOnOtherHardware(p, *state))
    requestRescore(tr("The search was measured on other hardware than the project's"));
}

void SearchPage::requestRescore(const QString& why) {
  std::vector<ArchToRescore> archs;
  archs.reserve(static_cast<std::size_t>(m_points.size()));
  const auto accuracy = static_cast<std::size_t>(paretoMetricIndex("accuracy"));
  for (const ParetoPoint& p : m_points.points())
    archs.push_back(ArchToRescore{p.key, p.values[accuracy], p.accuracyPredicted});
  m_rescorer->request(m_document->project(), std::move(archs));
  m_rescoreWhy = why;
  m_plot->setStale(true);
  m_model->setStale(true);
  m_plotDirty = true;
  scheduleRedraw();
  showRescoreProgress();
  m_rescoreTick->start();
}

void SearchPage::showRescoreProgress() {
  if (!m_rescorer->busy()) return;
  setStatus(tr("%1: re-scoring %L2 archs for the new hardware… %L3 done (points greyed until then).")
                .arg(m_rescoreWhy)
                .arg(m_rescorer->total())
                .arg(m_rescorer->done()));
}

void SearchPage::onRescored(std::shared_ptr<ArchRescore> result) {
  const Project& p = m_document->project();
  m_rescoreTick->stop();
  m_plot->setStale(false);
  m_model->setStale(false);
  m_plotDirty = true;
  scheduleRedraw();
  if (m_job || !result) return;  // a search started meanwhile: its points are measured anew
  if (!result->error.empty()) {
    setStatus(tr("What-if re-score failed: %1").arg(QString::fromStdString(result->error)), true);
    return;
  }
  if (hardwareToJson(p.hardware).dump() != result->hardware) return;  // stale; a newer one follows
  ++m_rescoresApplied;
  const QString changes = rescoreChanges(m_points, *result, p.search);
  if (result->front != p.results.pareto) {
    // Keep where the front was as a faded series.
    ParetoRun before;
    before.label = tr("front before the hardware change");
    for (const ParetoPoint& pt : m_points.points())
      if (pt.onFront) before.points.upsert(pt.key, pt.metrics, p.search);
    m_previous.erase(std::remove_if(m_previous.begin(), m_previous.end(),
                                    [&](const ParetoRun& r) { return r.label == before.label; }),
                     m_previous.end());
    m_previous.push_back(std::move(before));
  }
  if (!result->baseSignature.is_null() && result->baseSignature == searchResultsSignature(p.results)) {
    // The points the rescorer built for the new front: no rebuild on the GUI thread.
    m_points = std::move(result->points);
    result->points.clear();
    m_model->pointsReset();
    m_shownResults = result->signature;
    m_plotDirty = true;
  } else {
    m_shownResults = Json();  // the results changed meanwhile: rebuild the points from them
  }
  m_rescored = std::move(result);
  if (m_rescored->front != p.results.pareto) applyRescoredPareto(m_document, m_rescored->front, m_cleanPareto);
  else reloadFromResults();
  setStatus(tr("%1: re-scored %L2 archs on the project's hardware (accuracy kept): %3.")
                .arg(m_rescoreWhy)
                .arg(static_cast<qlonglong>(m_rescored->metrics.size()))
                .arg(changes));
}

}  // namespace h4h::ui
