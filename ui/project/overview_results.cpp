#include "ui/project/overview_results.h"

#include <QObject>
#include <QStringList>
#include <algorithm>
#include <cmath>

#include "project/project.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {

QString row(const QString& key, const QString& value) {
  return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
      .arg(key.toHtmlEscaped(), value);
}

QString link(const QString& tab, const QString& text) {
  return QStringLiteral("<a href='tab:%1'>%2</a>").arg(tab, text.toHtmlEscaped());
}

QString percent(double fraction) { return QString::number(100.0 * fraction, 'f', 2) + " %"; }

bool searchesAccuracy(const Project& p) {
  return std::find(p.search.objectives.begin(), p.search.objectives.end(), "accuracy") != p.search.objectives.end();
}

const RunRecord* lastFinishedRun(const Project& p) {
  for (auto it = p.results.runs.rbegin(); it != p.results.runs.rend(); ++it)
    if (it->status == RunStatus::Finished) return &*it;
  return nullptr;
}

QString trainingRow(const Project& p) {
  if (p.results.runs.empty()) return QObject::tr("not yet");
  const RunRecord& run = p.results.runs.back();
  QString text = QObject::tr("%1 run(s); the last (%2, %3): %4 of %5 epochs")
                     .arg(p.results.runs.size())
                     .arg(QString::fromStdString(run.recipe).toHtmlEscaped(),
                          QString::fromStdString(runStatusName(run.status)))
                     .arg(run.epochsDone.value_or(static_cast<int>(run.epochs.size())))
                     .arg(run.plannedEpochs());
  if (run.maxTop1 && run.minTop1)
    text += QObject::tr(", top-1 %1 (largest subnet) / %2 (smallest)")
                .arg(percent(*run.maxTop1), percent(*run.minTop1));
  if (run.wallSeconds > 0) text += QObject::tr(", took %1").arg(formatDuration(run.wallSeconds));
  return text;
}

struct FrontFacts {
  int feasible = 0;
  int hybrids = 0;
  double bestAccuracy = NAN, bestLatencyMs = NAN, bestEnergyMj = NAN;
};

FrontFacts frontFacts(const ParetoFront& front) {
  FrontFacts f;
  for (const ParetoRecord& r : front) {
    if (!r.metrics.ok || !r.feasible) continue;
    ++f.feasible;
    if (r.metrics.vitLayers > 0) ++f.hybrids;
    const ArchMetrics& m = r.metrics;
    if (std::isfinite(m.accuracy) && !(m.accuracy <= f.bestAccuracy)) f.bestAccuracy = m.accuracy;
    if (!(m.latencyMs >= f.bestLatencyMs)) f.bestLatencyMs = m.latencyMs;
    if (!(m.energyMj >= f.bestEnergyMj)) f.bestEnergyMj = m.energyMj;
  }
  return f;
}

QString searchRow(const Project& p) {
  if (p.results.pareto.empty()) return QObject::tr("not yet");
  const FrontFacts f = frontFacts(p.results.pareto);
  QString text;
  if (p.results.search.evaluations > 0)
    text += QObject::tr("%1 archs measured over %2 generations; ")
                .arg(p.results.search.evaluations)
                .arg(std::max(0, p.results.search.generations));
  text += QObject::tr("front of %1 archs, %2 within the budgets (%3 hybrid CNN/ViT)")
              .arg(p.results.pareto.size())
              .arg(f.feasible)
              .arg(f.hybrids);
  QStringList best;
  if (std::isfinite(f.bestAccuracy)) best << QObject::tr("top-1 %1").arg(percent(f.bestAccuracy));
  if (std::isfinite(f.bestLatencyMs)) best << QObject::tr("latency %1").arg(formatNs(f.bestLatencyMs * 1e6));
  if (std::isfinite(f.bestEnergyMj)) best << QObject::tr("energy %1").arg(formatNj(f.bestEnergyMj * 1e6));
  if (!best.isEmpty()) text += QObject::tr("; best within the budgets: %1").arg(best.join(", "));
  return text;
}

const ParetoRecord* selectedRecord(const Project& p) {
  for (const ParetoRecord& r : p.results.pareto)
    if (r.key == p.results.selected) return &r;
  return nullptr;
}

QString selectedRow(const Project& p) {
  if (p.results.selected.empty()) return QObject::tr("none");
  QString text = "<code>" + QString::fromStdString(p.results.selected).toHtmlEscaped() + "</code>";
  const ParetoRecord* r = selectedRecord(p);
  if (!r || !r->metrics.ok) return text;
  const ArchMetrics& m = r->metrics;
  text += "<br>" + QObject::tr("%1 MBConv + %2 ViT blocks; %3 layers on the NPU, %4 on the CIM; latency %5, "
                               "steady-state period %6, energy %7 per frame")
                       .arg(m.mbconvLayers)
                       .arg(m.vitLayers)
                       .arg(m.npuLayers)
                       .arg(m.cimLayers)
                       .arg(formatNs(m.latencyMs * 1e6), formatNs(m.periodMs * 1e6), formatNj(m.energyMj * 1e6));
  if (std::isfinite(m.accuracy)) text += QObject::tr(", top-1 %1").arg(percent(m.accuracy));
  return text;
}

QString studiesRow(const Project& p) {
  if (p.results.studies.empty()) return QObject::tr("none yet");
  const StudyRecord& last = p.results.studies.back();
  QString text = QObject::tr("%1 run(s); the last: %2 (%3)")
                     .arg(p.results.studies.size())
                     .arg(QString::fromStdString(last.study).toHtmlEscaped(),
                          QString::fromStdString(last.status).toHtmlEscaped());
  QStringList heads;
  for (const StudyHeadline& h : last.headlines) {
    if (heads.size() == 3) break;
    if (std::isfinite(h.value))
      heads << QString("%1 %2 %3").arg(QString::fromStdString(h.name).toHtmlEscaped())
                   .arg(h.value, 0, 'g', 4)
                   .arg(QString::fromStdString(h.unit).toHtmlEscaped());
  }
  if (!heads.isEmpty()) text += ": " + heads.join("; ");
  return text;
}

}  // namespace

QString projectResultsHtml(const Project& p) {
  QString html = "<h3>" + QObject::tr("Results") + "</h3><table>";
  html += row(QObject::tr("Training"), trainingRow(p));
  html += row(QObject::tr("Search"), searchRow(p));
  html += row(QObject::tr("Selected arch"), selectedRow(p));
  html += row(QObject::tr("Studies"), studiesRow(p));
  return html + "</table>";
}

QString nextStepHtml(const Project& p) {
  QString step;
  if (searchesAccuracy(p) && !lastFinishedRun(p))
    step = QObject::tr("%1: the search measures accuracy with the trained supernet.")
               .arg(link("Training", QObject::tr("Train the supernet")));
  else if (p.results.pareto.empty())
    step = QObject::tr("%1 for the archs that trade accuracy, latency and energy best on this hardware.")
               .arg(link("Search", QObject::tr("Run a search")));
  else if (p.results.selected.empty())
    step = QObject::tr("%1 (click a point of the front).").arg(link("Search", QObject::tr("Pick an arch")));
  else
    step = QObject::tr("%1: which layers run on the NPU and which on the CIM, frame by frame, against NPU-only.")
               .arg(link("Schedule", QObject::tr("See the selected arch's schedule")));
  QString html = "<h3>" + QObject::tr("Next step") + "</h3><p>" + step + "</p>";
  QStringList then;
  if (!p.results.pareto.empty())
    then << QObject::tr("change the %1 and watch the front re-scored").arg(link("Hardware", QObject::tr("hardware")));
  if (p.results.studies.empty())
    then << QObject::tr("reproduce the paper's findings in %1").arg(link("Studies", QObject::tr("Studies")));
  if (!p.results.selected.empty()) then << QObject::tr("File ▸ Export report… writes the whole story to a folder");
  if (!then.isEmpty()) html += "<p>" + QObject::tr("Then: %1.").arg(then.join("; ")) + "</p>";
  return html;
}

}  // namespace h4h::ui
