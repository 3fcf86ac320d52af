#include "ui/schedule/schedule_page_data.h"

#include <QObject>
#include <algorithm>
#include <cmath>

#include "eval/arch_evaluation.h"
#include "ui/common/units.h"
#include "ui/schedule/schedule_stats.h"
#include "space/arch_key.h"

namespace h4h::ui {

namespace {
std::vector<int> computeTaskIndex(const Schedule& s, std::size_t layers) {
  std::vector<int> index(layers, -1);
  for (std::size_t i = 0; i < s.tasks.size(); ++i) {
    const ScheduleTask& t = s.tasks[i];
    if (t.frame == 0 && t.type == StepKind::Compute && t.layerId >= 0 &&
        static_cast<std::size_t>(t.layerId) < layers)
      index[static_cast<std::size_t>(t.layerId)] = static_cast<int>(i);
  }
  return index;
}

/// One schedule's totals; `run`: also each lane's busy share of the period and the
/// simulated run (whose own spacing differs from the steady state while the pipeline fills).
QString systemLine(const QString& name, const Schedule& s, bool run) {
  const double period = steadyPeriodNs(s);
  QString text =
      QObject::tr("<b>%1</b>: latency %2 · steady-state period (one frame every %3) = %4 frames/s · %5 / frame")
          .arg(name, formatNs(s.frameLatencyNs), formatNs(period), formatCount(period > 0 ? 1e9 / period : 0),
               formatNj(s.energyPerFrameNj));
  if (!run) return text;
  auto pct = [&s](Lane lane) { return QString::number(100.0 * steadyUtilisation(s, lane), 'f', 0) + " %"; };
  text += QObject::tr(" · lanes busy NPU %1, CIM %2, LINK %3").arg(pct(Lane::Npu), pct(Lane::Cim), pct(Lane::Link));
  text += s.frames == 1 ? QObject::tr(" · one frame takes %1").arg(formatNs(s.makespanNs))
                        : QObject::tr(" · %1 frames take %2").arg(s.frames).arg(formatNs(s.makespanNs));
  if (s.frames > 1 && std::fabs(s.periodNs - period) > 0.005 * period)
    text += QObject::tr(" (one every %1 on average in this run)").arg(formatNs(s.periodNs));
  return text;
}
}  // namespace

std::vector<int> ScheduleView::firstComputeTask() const { return computeTaskIndex(hybrid, layers.size()); }
std::vector<int> ScheduleView::baselineComputeTask() const { return computeTaskIndex(npuOnly, layers.size()); }

ScheduleView computeScheduleView(const Project& project, const std::string& archKey, Objective objective,
                                 int frames) {
  ScheduleView v;
  v.arch = archKey;
  v.objective = objective;
  v.frames = std::clamp(frames, 1, 8);
  try {
    EvalOverrides overrides;
    overrides.objective = objective;
    const EvalContext context = evalContextFor(project, overrides);
    const Arch arch = parseArchKey(archKey);
    v.resolution = context.resolutionOf(arch);
    v.hasCim = context.hardware.cim.present();
    ArchEvaluation e = evaluateArch(context, arch, EvalRequest{EvalDepth::Full, v.frames});
    v.layers = std::move(e.layers);
    v.profile = std::move(e.profile);
    v.eval = std::move(e.eval);
    v.hybrid = std::move(e.hybrid);
    v.npuOnly = std::move(e.npuOnly);
    v.improvement = e.improvement;
    v.npuMemory = e.npuMemory;
    if (!v.eval.hetero.feasible)
      v.error = QObject::tr("No feasible NPU/CIM schedule: %1").arg(QString::fromStdString(v.eval.hetero.why));
  } catch (const std::exception& e) {
    v.error = QString::fromUtf8(e.what());
  }
  return v;
}

QString changeInWords(double improvementPct, const QString& better, const QString& worse) {
  if (!std::isfinite(improvementPct)) return QStringLiteral("—");
  if (std::fabs(improvementPct) < 0.05) return QObject::tr("the same");
  return QString::number(std::fabs(improvementPct), 'f', 1) + " % " + (improvementPct > 0 ? better : worse);
}

QString scheduleSummary(const ScheduleView& v) {
  if (!v.ok()) return v.error;
  const Schedule& h = v.hybrid;
  if (!v.hasCim)  // the hybrid schedule is the NPU-only one: no comparison to make
    return systemLine(QObject::tr("NPU-only system"), h, true) +
           QObject::tr("<br>hardware.cim.macros = 0: all %1 layers on the NPU").arg(v.layers.size());
  QString text = systemLine(QObject::tr("NPU + CIM"), h, true) +
                 QObject::tr(" · %1 of %2 layers on CIM").arg(v.eval.hetero.countOn(Device::Cim)).arg(v.layers.size());
  if (v.eval.npuOnly.feasible) {
    text += "<br>" + systemLine(QObject::tr("NPU only"), v.npuOnly, false);
    text += QObject::tr("<br><b>Against NPU only</b>: latency %1, steady-state period %2, energy %3, energy·delay %4")
                .arg(changeInWords(v.improvement.latencyPct, QObject::tr("faster"), QObject::tr("slower")),
                     changeInWords(improvementPct(steadyPeriodNs(v.npuOnly), steadyPeriodNs(h)), QObject::tr("shorter"),
                                   QObject::tr("longer")),
                     changeInWords(v.improvement.energyPct, QObject::tr("lower"), QObject::tr("higher")),
                     changeInWords(v.improvement.edpPct, QObject::tr("lower"), QObject::tr("higher")));
  } else {
    text += QObject::tr("<br>NPU only: infeasible (%1)").arg(QString::fromStdString(v.eval.npuOnly.why));
  }
  text += QObject::tr("<br><b>NPU memory</b>: %1").arg(QString::fromStdString(npuMemoryText(v.npuMemory)).toHtmlEscaped());
  if (const std::string warning = v.npuMemory.warning(); !warning.empty())
    text += QObject::tr("<br><span style=\"color: rgb(180, 20, 20);\">Warning: %1</span>")
                .arg(QString::fromStdString(warning).toHtmlEscaped());
  return text;
}

}  // namespace h4h::ui
