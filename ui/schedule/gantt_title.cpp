#include "ui/schedule/gantt_title.h"

#include <QFontMetrics>
#include <QObject>
#include <QPainter>

#include "sched/evaluate.h"
#include "ui/common/plot_style.h"
#include "ui/common/units.h"
#include "ui/schedule/schedule_page_data.h"
#include "ui/schedule/schedule_stats.h"

namespace h4h::ui {

namespace {
constexpr int kMargin = 12;
constexpr int kLineGap = 3;
}  // namespace

QString GanttTitle::plainText() const { return QStringList{project, arch, hardware, totals}.join('\n'); }

QString hardwareSummary(const HardwareConfig& hw) {
  const NpuConfig& n = hw.npu;
  QString text = QObject::tr("NPU %1×%2 array%3 (%4 MACs/cycle) at %5 GHz")
                     .arg(n.rows)
                     .arg(n.cols)
                     .arg(n.cores > 1 ? QObject::tr(" × %1 cores").arg(n.cores) : QString())
                     .arg(n.rows * n.cols * n.cores)
                     .arg(n.clockGhz);
  const CimConfig& c = hw.cim;
  const QString units = c.computeUnitsPerMacro == 1 ? QObject::tr("1 compute unit")
                                                   : QObject::tr("%1 compute units").arg(c.computeUnitsPerMacro);
  text += c.present() ? QObject::tr(" · CIM %1 macros × %2, %3 per macro at %4 GHz")
                            .arg(c.macros)
                            .arg(formatBytes(double(c.capacityBytesPerMacro)), units)
                            .arg(c.clockGhz)
                      : QObject::tr(" · no CIM (NPU-only system)");
  text += QObject::tr(" · link through %1, DMA %2 GB/s")
              .arg(QString::fromLatin1(memoryLevelName(hw.link.level)))
              .arg(hw.link.bandwidthGBs);
  return text;
}

GanttTitle ganttTitle(const std::string& projectName, const std::string& arch, const HardwareConfig& hw,
                      const Schedule& s, const Schedule* npuOnly) {
  GanttTitle t;
  t.project = QString::fromStdString(projectName);
  t.arch = QObject::tr("arch %1").arg(QString::fromStdString(arch));
  t.hardware = hardwareSummary(hw);
  const double period = steadyPeriodNs(s);
  t.totals = QObject::tr("latency %1 · steady-state period (one frame every %2) · %3 frames/s · %4 / frame")
                 .arg(formatNs(s.frameLatencyNs), formatNs(period), formatCount(period > 0 ? 1e9 / period : 0.0),
                      formatNj(s.energyPerFrameNj));
  if (npuOnly && !npuOnly->tasks.empty())
    t.totals += QObject::tr(" · against NPU only: latency %1, period %2, energy %3")
                    .arg(changeInWords(improvementPct(npuOnly->frameLatencyNs, s.frameLatencyNs), QObject::tr("faster"),
                                       QObject::tr("slower")),
                         changeInWords(improvementPct(steadyPeriodNs(*npuOnly), period), QObject::tr("shorter"),
                                       QObject::tr("longer")),
                         changeInWords(improvementPct(npuOnly->energyPerFrameNj, s.energyPerFrameNj),
                                       QObject::tr("lower"), QObject::tr("higher")));
  return t;
}

int paintGanttTitle(QPainter* painter, const GanttTitle& title, int width) {
  QFont head = plotTitleFont();
  head.setPointSizeF(head.pointSizeF() * 1.3);
  QFont mono = plotTickFont();
  mono.setFamily("monospace");
  mono.setStyleHint(QFont::TypeWriter);
  const QFont body = plotLabelFont();
  const struct {
    const QString& text;
    const QFont& font;
    int flags;
  } lines[] = {{title.project, head, Qt::TextWordWrap},
               {title.arch, mono, Qt::TextWrapAnywhere},
               {title.hardware, body, Qt::TextWordWrap},
               {title.totals, body, Qt::TextWordWrap}};
  int y = kMargin;
  const int inner = std::max(50, width - 2 * kMargin);
  for (const auto& line : lines) {
    if (line.text.isEmpty()) continue;
    const QFontMetrics metrics = painter ? QFontMetrics(line.font, painter->device()) : QFontMetrics(line.font);
    const QRect box = metrics.boundingRect(QRect(0, 0, inner, 100000), line.flags, line.text);
    if (painter) {
      painter->setFont(line.font);
      painter->setPen(QColor(30, 30, 30));
      painter->drawText(QRect(kMargin, y, inner, box.height()), line.flags, line.text);
    }
    y += box.height() + kLineGap;
  }
  return y + kMargin - kLineGap;
}

}  // namespace h4h::ui
