#include "ui/schedule/gantt_text.h"

#include <QObject>

#include "ui/common/plot_style.h"
#include "ui/common/units.h"

namespace h4h::ui {

QString taskTooltip(const ScheduleTask& t, const std::vector<Layer>& layers, bool baseline) {
  const QString device = QString::fromLatin1(laneName(t.lane)).toUpper();
  QString head;
  QString body;
  if (t.type == StepKind::Compute && t.layerId >= 0 && t.layerId < static_cast<int>(layers.size())) {
    const Layer& l = layers[static_cast<std::size_t>(t.layerId)];
    head = QObject::tr("layer %1 · %2 · %3").arg(l.id).arg(QString::fromStdString(l.block), layerKindName(l.kind));
    body = QObject::tr("%1<br>shape %2 → %3<br>MACs %4 · weights %5 B")
               .arg(kindGroupName(kindGroup(l.kind)), formatShape(l.in), formatShape(l.out),
                    formatCount(double(l.macs)), formatCount(double(l.weightBytes)));
  } else if (t.type == StepKind::Transfer) {
    head = t.layerId < 0 ? QObject::tr("transfer of the network input")
                         : QObject::tr("transfer of layer %1's output").arg(t.layerId);
    body = QObject::tr("to %1 · %2 bytes")
               .arg(t.consumerId < 0 ? QObject::tr("the network output") : QObject::tr("layer %1").arg(t.consumerId))
               .arg(formatCount(double(t.bytes)));
  } else {
    head = QObject::tr("CIM weight reload");
    body = QObject::tr("%1 bytes rewritten").arg(formatCount(double(t.bytes)));
  }
  const QString frame = t.frame % 2 == 1 ? QObject::tr("frame %1 (hatched)").arg(t.frame)
                                         : QObject::tr("frame %1").arg(t.frame);
  return QString("<b>%1</b>%2<br>%3<br>device %4 · %5<br>start %6 · duration %7 · energy %8")
      .arg(head.toHtmlEscaped(), baseline ? QObject::tr(" (NPU-only baseline)") : QString(), body, device, frame,
           formatNs(t.startNs), formatNs(t.endNs - t.startNs), formatNj(t.energyNj));
}

QString rangeStatsText(const RangeStats& r) {
  auto pct = [](double share) { return QString::number(100.0 * share, 'f', 1) + " %"; };
  QString text = QObject::tr("<b>Range</b> %1 – %2 (%3): busy NPU %4, CIM %5, LINK %6 · %7 MACs · %8")
                     .arg(formatNs(r.t0Ns), formatNs(r.t1Ns), formatNs(r.lengthNs()), pct(r.busyShare(Lane::Npu)),
                          pct(r.busyShare(Lane::Cim)), pct(r.busyShare(Lane::Link)), formatCount(r.macs),
                          formatNj(r.energyNj));
  text += r.tasks == 1 ? QObject::tr(" · 1 task") : QObject::tr(" · %1 tasks").arg(r.tasks);
  if (r.partialTasks > 0)
    text += QObject::tr(", %1 cut by the range's edges and counted in proportion").arg(r.partialTasks);
  return text;
}

}  // namespace h4h::ui
