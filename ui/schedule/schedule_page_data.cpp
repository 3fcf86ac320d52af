#include "ui/schedule/schedule_page_data.h"

#include <QObject>
#include <algorithm>
#include <cmath>

#include "eval/arch_evaluation.h"
#include "ui/common/units.h"
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

/// An improvement (percent, positive = lower = better) in words: "12.3 % faster",
/// "4.0 % higher"; a signed figure read as "improvement +14.7 %" meant the opposite.
QString change(double improvementPct, const QString& better, const QString& worse) {
  if (!std::isfinite(improvementPct)) return QStringLiteral("—");
  if (std::fabs(improvementPct) < 0.05) return QObject::tr("the same");
  return QString::number(std::fabs(improvementPct), 'f', 1) + " % " + (improvementPct > 0 ? better : worse);
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

QString scheduleSummary(const ScheduleView& v) {
  if (!v.ok()) return v.error;
  const Schedule& h = v.hybrid;
  if (!v.hasCim)  // the hybrid schedule is the NPU-only one: no comparison to make
    return QObject::tr("<b>NPU-only system</b> (hardware.cim.macros = 0): latency %1, period %2, "
                       "energy %3 / frame, all %4 layers on the NPU")
        .arg(formatNs(h.frameLatencyNs), formatNs(h.periodNs), formatNj(h.energyPerFrameNj))
        .arg(v.layers.size());
  QString text = QObject::tr("<b>NPU + CIM</b>: latency %1, period %2, energy %3 / frame, %4 of %5 layers on CIM")
                     .arg(formatNs(h.frameLatencyNs), formatNs(h.periodNs), formatNj(h.energyPerFrameNj))
                     .arg(v.eval.hetero.countOn(Device::Cim))
                     .arg(v.layers.size());
  if (v.eval.npuOnly.feasible) {
    text += QObject::tr("<br><b>NPU only</b>: latency %1, period %2, energy %3 / frame")
                .arg(formatNs(v.npuOnly.frameLatencyNs), formatNs(v.npuOnly.periodNs), formatNj(v.npuOnly.energyPerFrameNj));
    text += QObject::tr("<br><b>Against NPU only</b>: latency %1, energy %2, energy·delay %3")
                .arg(change(v.improvement.latencyPct, QObject::tr("faster"), QObject::tr("slower")),
                     change(v.improvement.energyPct, QObject::tr("lower"), QObject::tr("higher")),
                     change(v.improvement.edpPct, QObject::tr("lower"), QObject::tr("higher")));
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
