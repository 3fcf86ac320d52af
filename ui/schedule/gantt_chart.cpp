#include "ui/schedule/gantt_chart.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {

constexpr double kNpuLane = 5.0, kCimLane = 4.0, kLinkLane = 3.0, kBaselineLane = 1.4;
constexpr double kSeparator = 2.2;
constexpr double kBarHeight = 0.72;
constexpr double kClickSlopPx = 4.0;

double laneY(Lane lane, bool baseline) {
  if (baseline) return kBaselineLane;
  switch (lane) {
    case Lane::Npu: return kNpuLane;
    case Lane::Cim: return kCimLane;
    case Lane::Link: return kLinkLane;
  }
  return kNpuLane;
}

QColor reloadColor() { return QColor(120, 120, 120); }

QColor taskColor(const ScheduleTask& t) {
  QColor c = t.type == StepKind::Transfer ? linkColor()
             : t.type == StepKind::Reload ? reloadColor()
                                          : layerKindColor(t.kind);
  return t.frame % 2 == 1 ? c.lighter(135) : c;
}

}  // namespace

/// Every task of one schedule as a filled rectangle on its lane.
class GanttBars : public QCPAbstractPlottable {
public:
  struct Bar {
    double start, end, lane;
    QColor color;
    int task, layer;
  };

  GanttBars(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis) {
    setSelectable(QCP::stNone);
  }

  void setBars(std::vector<Bar> bars) { m_bars = std::move(bars); }
  const std::vector<Bar>& bars() const { return m_bars; }
  void setHighlight(int layer) { m_highlight = layer; }

  QRectF barRect(const Bar& b) const {
    const double x0 = keyAxis()->coordToPixel(b.start);
    double x1 = keyAxis()->coordToPixel(b.end);
    if (x1 - x0 < 1.0) x1 = x0 + 1.0;  // keep very short tasks visible
    const double y0 = valueAxis()->coordToPixel(b.lane + kBarHeight / 2);
    const double y1 = valueAxis()->coordToPixel(b.lane - kBarHeight / 2);
    return QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized();
  }

  int barAt(const QPointF& pixel) const {
    int found = -1;
    double bestWidth = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < m_bars.size(); ++i) {
      const QRectF r = barRect(m_bars[i]).adjusted(-1.5, 0, 1.5, 0);
      if (r.contains(pixel) && r.width() < bestWidth) {  // the narrowest under the cursor
        bestWidth = r.width();
        found = static_cast<int>(i);
      }
    }
    return found;
  }

  int highlightedCount() const {
    if (m_highlight < 0) return 0;
    int n = 0;
    for (const Bar& b : m_bars) n += b.layer == m_highlight && b.layer >= 0;
    return n;
  }

  double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }

  QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
    found = !m_bars.empty();
    QCPRange r(0, 1);
    if (!found) return r;
    r = QCPRange(m_bars.front().start, m_bars.front().end);
    for (const Bar& b : m_bars) r.expand(QCPRange(b.start, b.end));
    return r;
  }

  QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
    found = !m_bars.empty();
    return QCPRange(kBaselineLane - 1, kNpuLane + 1);
  }

protected:
  void draw(QCPPainter* painter) override {
    const QRectF clip = clipRect();
    QVector<const Bar*> marked;
    for (const Bar& b : m_bars) {
      const QRectF r = barRect(b);
      if (r.right() < clip.left() || r.left() > clip.right()) continue;
      QColor c = b.color;
      if (m_highlight >= 0 && b.layer != m_highlight) c.setAlpha(95);
      painter->fillRect(r, c);
      if (r.width() > 4) {
        painter->setPen(QPen(c.darker(150), 0.6));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r);
      }
      if (m_highlight >= 0 && b.layer == m_highlight) marked.push_back(&b);
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(QColor(10, 10, 10), 2.2));
    for (const Bar* b : marked) painter->drawRect(barRect(*b).adjusted(-1.5, -1.5, 1.5, 1.5));
  }

  void drawLegendIcon(QCPPainter*, const QRectF&) const override {}

private:
  std::vector<Bar> m_bars;
  int m_highlight = -1;
};

GanttChart::GanttChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  setObjectName("GanttChart");
  m_plot->setObjectName("ganttPlot");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->setMinimumSize(400, 220);
  m_plot->setMouseTracking(true);
  stylePlot(m_plot, true);
  m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
  m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
  m_plot->yAxis->grid()->setVisible(false);
  m_plot->yAxis->setTickLength(0, 0);
  m_plot->yAxis->setSubTickLength(0, 0);
  m_plot->yAxis->setTickLabelFont(plotLabelFont());

  // Legend under the axes: kind groups, then transfers and reloads.
  m_plot->axisRect()->insetLayout()->take(m_plot->legend);
  m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
  m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
  m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  m_plot->legend->setWrap(7);
  m_plot->legend->setVisible(true);
  m_plot->legend->setBorderPen(Qt::NoPen);
  m_plot->legend->setIconSize(18, 18);  // rows at least this tall: text is never clipped
  auto legendEntry = [this](const QString& name, const QColor& color) {
    auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(name);
    bars->setBrush(color);
    bars->setPen(QPen(color.darker(150), 0.6));
    bars->setSelectable(QCP::stNone);
  };
  for (int g = 0; g < kKindGroupCount; ++g)
    legendEntry(kindGroupName(static_cast<KindGroup>(g)), kindGroupColor(static_cast<KindGroup>(g)));
  legendEntry(tr("NPU↔CIM transfer"), linkColor());
  legendEntry(tr("CIM weight reload"), reloadColor());

  m_bars = new GanttBars(m_plot->xAxis, m_plot->yAxis);
  m_baseBars = new GanttBars(m_plot->xAxis, m_plot->yAxis);
  m_bars->removeFromLegend();
  m_baseBars->removeFromLegend();

  connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { m_pressPos = e->position(); });
  connect(m_plot, &QCustomPlot::mouseMove, this, &GanttChart::onMouseMove);
  connect(m_plot, &QCustomPlot::mouseRelease, this, &GanttChart::onMouseRelease);
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* e) {
    if (taskAt(e->position()) < 0) resetView();
  });
  clear(tr("Select an arch in the Search tab to see its schedule."));
}

void GanttChart::setSchedules(const Schedule& schedule, const std::vector<Layer>& layers,
                              const Schedule* baseline) {
  m_schedule = schedule;
  m_layers = layers;
  m_hasBaseline = baseline != nullptr;
  m_baseline = baseline ? *baseline : Schedule();
  m_messageText.clear();
  rebuild();
  resetView();
}

void GanttChart::clear(const QString& message) {
  m_schedule = Schedule();
  m_baseline = Schedule();
  m_hasBaseline = false;
  m_layers.clear();
  m_messageText = message;
  rebuild();
  resetView();
}

void GanttChart::setSystemHasCim(bool hasCim) {
  if (hasCim == m_hasCim) return;
  m_hasCim = hasCim;
  rebuild();
}

void GanttChart::rebuild() {
  double makespan = m_schedule.makespanNs;
  if (m_hasBaseline) makespan = std::max(makespan, m_baseline.makespanNs);
  m_nsPerUnit = makespan >= 2e6 ? 1e6 : 1e3;
  m_plot->xAxis->setLabel(m_nsPerUnit == 1e6 ? tr("Time (ms)") : tr("Time (µs)"));

  auto barsOf = [this](const Schedule& s, bool baseline) {
    std::vector<GanttBars::Bar> bars;
    bars.reserve(s.tasks.size());
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
      const ScheduleTask& t = s.tasks[i];
      bars.push_back({t.startNs / m_nsPerUnit, t.endNs / m_nsPerUnit, laneY(t.lane, baseline), taskColor(t),
                      static_cast<int>(i), t.type == StepKind::Compute ? t.layerId : -1});
    }
    return bars;
  };
  m_bars->setBars(barsOf(m_schedule, false));
  m_baseBars->setBars(m_hasBaseline ? barsOf(m_baseline, true) : std::vector<GanttBars::Bar>{});
  m_bars->setHighlight(m_highlight);
  m_baseBars->setHighlight(m_highlight);

  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  ticker->addTick(kNpuLane, "NPU");
  ticker->addTick(kCimLane, m_hasCim ? tr("CIM") : tr("CIM (none)"));
  ticker->addTick(kLinkLane, m_hasCim ? tr("LINK") : tr("LINK (none)"));
  if (m_hasBaseline) ticker->addTick(kBaselineLane, tr("NPU only"));
  m_plot->yAxis->setTicker(ticker);
  m_plot->yAxis->setRange(m_hasBaseline ? QCPRange(kBaselineLane - 0.6, kNpuLane + 1.0)
                                        : QCPRange(kLinkLane - 0.6, kNpuLane + 1.0));

  m_plot->clearItems();  // also removes m_message: recreate it
  m_message = new QCPItemText(m_plot);
  m_message->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_message->position->setCoords(0.5, 0.5);
  m_message->setFont(plotLabelFont());
  m_message->setColor(QColor(90, 90, 90));
  m_message->setSelectable(false);
  m_message->setText(m_messageText);
  if (m_hasBaseline) {
    auto* sep = new QCPItemStraightLine(m_plot);
    sep->setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
    sep->point1->setCoords(0, kSeparator);
    sep->point2->setCoords(1, kSeparator);
    sep->setSelectable(false);
  }
  auto laneTotals = [this](const Schedule& s, double y, const QString& name) {
    if (s.tasks.empty()) return;
    auto* text = new QCPItemText(m_plot);
    text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    text->position->setTypeY(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(1.0, y);
    text->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
    text->setPadding(QMargins(6, 2, 6, 2));
    text->setBrush(QColor(255, 255, 255, 215));
    text->setFont(plotTickFont());
    text->setColor(QColor(40, 40, 40));
    text->setSelectable(false);
    text->setText(tr("%1: %2 / frame, period %3, %4 / frame (%n frame(s))", "", s.frames)
                      .arg(name, formatNs(s.frameLatencyNs), formatNs(s.periodNs),
                           formatNj(s.energyPerFrameNj)));
  };
  laneTotals(m_schedule, kNpuLane + 0.7, m_hasCim ? tr("NPU + CIM") : tr("NPU-only system"));
  if (m_hasBaseline) laneTotals(m_baseline, kSeparator - 0.2, tr("NPU only"));
}

void GanttChart::setHighlightedLayer(int layerId) {
  m_highlight = layerId;
  m_bars->setHighlight(layerId);
  m_baseBars->setHighlight(layerId);
  m_plot->replot();
}

void GanttChart::resetView() {
  bool found = false;
  QCPRange r = m_bars->getKeyRange(found, QCP::sdBoth);
  if (m_hasBaseline) {
    bool f2 = false;
    const QCPRange b = m_baseBars->getKeyRange(f2, QCP::sdBoth);
    if (f2) r = found ? QCPRange(std::min(r.lower, b.lower), std::max(r.upper, b.upper)) : b;
    found = found || f2;
  }
  if (!found || !(r.size() > 0)) r = QCPRange(0, 1);
  // Room on the right for the totals boxes.
  m_plot->xAxis->setRange(QCPRange(std::min(0.0, r.lower), r.upper + 0.02 * r.size()));
  m_plot->replot();
}

int GanttChart::barCount() const { return static_cast<int>(m_bars->bars().size()); }
int GanttChart::baselineBarCount() const { return static_cast<int>(m_baseBars->bars().size()); }
int GanttChart::highlightedBars() const { return m_bars->highlightedCount() + m_baseBars->highlightedCount(); }

int GanttChart::taskAt(const QPointF& pixel, bool* inBaseline) const {
  int i = m_bars->barAt(pixel);
  bool base = false;
  if (i < 0 && m_hasBaseline) {
    i = m_baseBars->barAt(pixel);
    base = i >= 0;
  }
  if (inBaseline) *inBaseline = base;
  if (i < 0) return -1;
  return (base ? m_baseBars : m_bars)->bars()[static_cast<std::size_t>(i)].task;
}

QPointF GanttChart::pixelOfTask(int task, bool baseline) const {
  const GanttBars* bars = baseline ? m_baseBars : m_bars;
  for (const auto& b : bars->bars())
    if (b.task == task) return bars->barRect(b).center();
  return QPointF(-1, -1);
}

QString GanttChart::tooltipFor(int task, bool baseline) const {
  const Schedule& s = baseline ? m_baseline : m_schedule;
  if (task < 0 || task >= static_cast<int>(s.tasks.size())) return {};
  const ScheduleTask& t = s.tasks[static_cast<std::size_t>(task)];
  const QString device = QString::fromLatin1(laneName(t.lane)).toUpper();
  QString head;
  QString body;
  if (t.type == StepKind::Compute && t.layerId >= 0 && t.layerId < static_cast<int>(m_layers.size())) {
    const Layer& l = m_layers[static_cast<std::size_t>(t.layerId)];
    head = tr("layer %1 · %2 · %3").arg(l.id).arg(QString::fromStdString(l.block), layerKindName(l.kind));
    body = tr("shape %1 → %2<br>MACs %3 · weights %4 B")
               .arg(formatShape(l.in), formatShape(l.out), formatCount(double(l.macs)), formatCount(double(l.weightBytes)));
  } else if (t.type == StepKind::Transfer) {
    head = t.layerId < 0 ? tr("transfer of the network input") : tr("transfer of layer %1's output").arg(t.layerId);
    body = tr("to %1 · %2 bytes")
               .arg(t.consumerId < 0 ? tr("the network output") : tr("layer %1").arg(t.consumerId))
               .arg(formatCount(double(t.bytes)));
  } else {
    head = tr("CIM weight reload");
    body = tr("%1 bytes rewritten").arg(formatCount(double(t.bytes)));
  }
  return QString("<b>%1</b>%2<br>%3<br>device %4 · frame %5<br>start %6 · duration %7 · energy %8")
      .arg(head.toHtmlEscaped(), baseline ? tr(" (NPU-only baseline)") : QString(), body, device)
      .arg(t.frame)
      .arg(formatNs(t.startNs), formatNs(t.endNs - t.startNs), formatNj(t.energyNj));
}

void GanttChart::onMouseMove(QMouseEvent* event) {
  if (event->buttons() != Qt::NoButton) return;
  bool base = false;
  const int task = taskAt(event->position(), &base);
  if (task < 0) {
    QToolTip::hideText();
    return;
  }
  QToolTip::showText(m_plot->mapToGlobal(event->position().toPoint()), tooltipFor(task, base), m_plot);
}

void GanttChart::onMouseRelease(QMouseEvent* event) {
  const QPointF d = event->position() - m_pressPos;
  if (event->button() != Qt::LeftButton || std::fabs(d.x()) + std::fabs(d.y()) > kClickSlopPx) return;
  bool base = false;
  const int task = taskAt(event->position(), &base);
  if (task < 0) return;
  const Schedule& s = base ? m_baseline : m_schedule;
  emit layerClicked(s.tasks[static_cast<std::size_t>(task)].layerId);
}

bool renderGanttPng(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path,
                    QSize size, const Schedule* baseline) {
  GanttChart chart;
  chart.resize(size);
  chart.setSchedules(schedule, layers, baseline);
  return chart.plot()->savePng(path, size.width(), size.height());
}

}  // namespace h4h::ui
