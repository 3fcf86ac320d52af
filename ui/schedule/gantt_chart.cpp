#include "ui/schedule/gantt_chart.h"

#include <QKeyEvent>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/common/units.h"
#include "ui/schedule/gantt_bars.h"
#include "ui/schedule/gantt_legend.h"
#include "ui/schedule/gantt_overlays.h"
#include "ui/schedule/gantt_text.h"

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

QColor taskColor(const ScheduleTask& t) {
  return t.type == StepKind::Transfer ? linkColor() : t.type == StepKind::Reload ? reloadColor()
                                                                                 : layerKindColor(t.kind);
}

GanttBars::Bar barOf(const ScheduleTask& t, int task, double nsPerUnit, bool baseline) {
  GanttBars::Bar b;
  b.start = t.startNs / nsPerUnit;
  b.end = t.endNs / nsPerUnit;
  b.lane = laneY(t.lane, baseline);
  b.color = taskColor(t);
  b.task = task;
  b.frame = t.frame;
  if (t.type == StepKind::Compute) {
    b.layer = t.layerId;
    b.shortLabel = QString::number(t.layerId);
    b.label = b.shortLabel + " · " + QString::fromStdString(t.block);
  } else if (t.type == StepKind::Transfer) {
    b.transfer = true;
    b.producer = t.layerId;
    b.consumer = t.consumerId;
    b.label = (t.layerId < 0 ? QString("in") : QString::number(t.layerId)) + "→" +
              (t.consumerId < 0 ? QString("out") : QString::number(t.consumerId));
  } else {
    b.label = QObject::tr("reload");
  }
  return b;
}

}  // namespace

GanttChart::GanttChart(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_rangeLabel(new QLabel(this)) {
  setObjectName("GanttChart");
  m_plot->setObjectName("ganttPlot");
  m_rangeLabel->setObjectName("ganttRange");
  m_rangeLabel->setWordWrap(true);
  m_rangeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_rangeLabel->setToolTip(tr("Tasks cut by an edge of the range count in proportion to the part inside it "
                              "(busy time, MACs and energy). Esc or a click on empty space clears the range."));
  m_rangeLabel->hide();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot, 1);
  layout->addWidget(m_rangeLabel);
  m_plot->setMinimumSize(400, 220);
  m_plot->setMouseTracking(true);
  stylePlot(m_plot, true);
  m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
  m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
  m_plot->yAxis->grid()->setVisible(false);
  m_plot->yAxis->setTickLength(0, 0);
  m_plot->yAxis->setSubTickLength(0, 0);
  m_plot->yAxis->setTickLabelFont(plotLabelFont());
  addGanttLegend(m_plot);

  const QCPRange values(kBaselineLane - 1, kNpuLane + 1);
  m_bars = new GanttBars(m_plot->xAxis, m_plot->yAxis, kBarHeight, values);
  m_baseBars = new GanttBars(m_plot->xAxis, m_plot->yAxis, kBarHeight, values);
  m_bars->removeFromLegend();
  m_baseBars->removeFromLegend();

  connect(m_plot, &QCustomPlot::mousePress, this, &GanttChart::onMousePress);
  connect(m_plot, &QCustomPlot::mouseMove, this, &GanttChart::onMouseMove);
  connect(m_plot, &QCustomPlot::mouseRelease, this, &GanttChart::onMouseRelease);
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* e) {
    if (taskAt(e->position()) < 0) resetView();
  });
  m_plot->setFocusPolicy(Qt::ClickFocus);  // Esc reaches keyPressEvent after a click on the chart
  clear(tr("Select an arch in the Search tab to see its schedule."));
}

void GanttChart::setSchedules(const Schedule& schedule, const std::vector<Layer>& layers,
                              const Schedule* baseline) {
  m_schedule = schedule;
  m_layers = layers;
  m_hasBaseline = baseline != nullptr;
  m_baseline = baseline ? *baseline : Schedule();
  m_messageText.clear();
  m_hasRange = false;
  rebuild();
  resetView();
}

void GanttChart::clear(const QString& message) {
  m_schedule = Schedule();
  m_baseline = Schedule();
  m_hasBaseline = false;
  m_layers.clear();
  m_messageText = message;
  m_hasRange = false;
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
    for (std::size_t i = 0; i < s.tasks.size(); ++i)
      bars.push_back(barOf(s.tasks[i], static_cast<int>(i), m_nsPerUnit, baseline));
    return bars;
  };
  m_bars->setBars(barsOf(m_schedule, false));
  m_baseBars->setBars(m_hasBaseline ? barsOf(m_baseline, true) : std::vector<GanttBars::Bar>{});
  m_bars->setHighlight(m_highlight);
  m_baseBars->setHighlight(m_highlight);
  setGanttFrameLegend(m_plot, m_schedule.tasks.empty() ? 0 : m_schedule.frames);

  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  ticker->addTick(kNpuLane, "NPU");
  ticker->addTick(kCimLane, m_hasCim ? tr("CIM") : tr("CIM (none)"));
  ticker->addTick(kLinkLane, m_hasCim ? tr("LINK") : tr("LINK (none)"));
  if (m_hasBaseline) ticker->addTick(kBaselineLane, tr("NPU only"));
  m_plot->yAxis->setTicker(ticker);
  m_plot->yAxis->setRange(m_hasBaseline ? QCPRange(kBaselineLane - 0.6, kNpuLane + 1.0)
                                        : QCPRange(kLinkLane - 0.6, kNpuLane + 1.0));

  m_plot->clearItems();  // also removes the message, arrows and range: recreate them
  m_arrows.clear();
  m_rangeRect = nullptr;
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
  if (m_showsTotals) {
    addLaneTotals(m_schedule, kNpuLane + 0.7, m_hasCim ? tr("NPU + CIM") : tr("NPU-only system"));
    if (m_hasBaseline) addLaneTotals(m_baseline, kSeparator - 0.2, tr("NPU only"));
  }
  addPeriodMark();
  updateArrows();
  updateRangeItems();
}

void GanttChart::addLaneTotals(const Schedule& s, double y, const QString& name) {
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
  text->setText(tr("%1: latency %2, steady-state period %3, %4 / frame; %5 in %6")
                    .arg(name, formatNs(s.frameLatencyNs), formatNs(steadyPeriodNs(s)), formatNj(s.energyPerFrameNj),
                         s.frames == 1 ? tr("1 frame") : tr("%1 frames").arg(s.frames), formatNs(s.makespanNs)));
}

void GanttChart::addPeriodMark() {
  m_periodMark = steadyPeriodWindowNs(m_schedule);
  if (m_periodMark.second <= m_periodMark.first) return;
  addPeriodBracket(m_plot, m_periodMark.first / m_nsPerUnit, m_periodMark.second / m_nsPerUnit,
                   laneY(bottleneckLane(m_schedule), false) - kBarHeight / 2, kNpuLane + 0.45,
                   tr("steady-state period (one frame every %1)").arg(formatNs(steadyPeriodNs(m_schedule))));
}

void GanttChart::updateArrows() {
  for (QCPItemLine* arrow : m_arrows) m_plot->removeItem(arrow);
  m_arrows.clear();
  if (m_highlight < 0) return;
  // Compute task of (frame, layer), to join the selected layer's transfers to both ends.
  auto computeBar = [this](int frame, int layer) -> const GanttBars::Bar* {
    if (layer < 0) return nullptr;  // the network input or output: no bar
    for (const GanttBars::Bar& b : m_bars->bars())
      if (b.layer == layer && b.frame == frame) return &b;
    return nullptr;
  };
  // From the end of one bar to the start of the next, edge to edge (not through the bars).
  auto arrow = [this](const GanttBars::Bar& from, const GanttBars::Bar& to) {
    const double down = to.lane < from.lane ? -1.0 : 1.0;
    m_arrows.push_back(addFlowArrow(m_plot, QPointF(from.end, from.lane + down * kBarHeight / 2),
                                    QPointF(to.start, to.lane - down * kBarHeight / 2)));
  };
  for (const GanttBars::Bar& t : m_bars->bars()) {
    if (!m_bars->isHighlightedTransfer(t)) continue;
    if (const GanttBars::Bar* from = computeBar(t.frame, t.producer)) arrow(*from, t);
    if (const GanttBars::Bar* to = computeBar(t.frame, t.consumer)) arrow(t, *to);
  }
}

void GanttChart::setHighlightedLayer(int layerId) {
  m_highlight = layerId;
  m_bars->setHighlight(layerId);
  m_baseBars->setHighlight(layerId);
  updateArrows();
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

void GanttChart::setTimeRange(double t0Ns, double t1Ns) {
  m_rangeFromNs = std::min(t0Ns, t1Ns);
  m_rangeToNs = std::max(t0Ns, t1Ns);
  m_hasRange = !m_schedule.tasks.empty();
  updateRangeItems();
  m_plot->replot();
}

void GanttChart::clearTimeRange() {
  if (!m_hasRange) return;
  m_hasRange = false;
  updateRangeItems();
  m_plot->replot();
}

RangeStats GanttChart::rangeStats() const {
  return m_hasRange ? h4h::ui::rangeStats(m_schedule, m_layers, m_rangeFromNs, m_rangeToNs) : RangeStats();
}

QString GanttChart::rangeText() const { return m_hasRange ? rangeStatsText(rangeStats()) : QString(); }

void GanttChart::updateRangeItems() {
  if (m_rangeRect) m_plot->removeItem(m_rangeRect);
  m_rangeRect = nullptr;
  m_rangeLabel->setVisible(m_hasRange);
  m_rangeLabel->setText(rangeText());
  if (!m_hasRange) return;
  m_rangeRect = addRangeRect(m_plot, m_rangeFromNs / m_nsPerUnit, m_rangeToNs / m_nsPerUnit);
}

int GanttChart::barCount() const { return static_cast<int>(m_bars->bars().size()); }
int GanttChart::baselineBarCount() const { return static_cast<int>(m_baseBars->bars().size()); }
int GanttChart::highlightedBars() const { return m_bars->highlightedCount() + m_baseBars->highlightedCount(); }
int GanttChart::highlightedTransfers() const { return m_bars->highlightedTransferCount(); }

QString GanttChart::barLabel(int task, bool baseline) const {
  const GanttBars* bars = baseline ? m_baseBars : m_bars;
  if (task < 0 || task >= static_cast<int>(bars->bars().size())) return {};
  return bars->visibleLabel(bars->bars()[static_cast<std::size_t>(task)]);
}

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
  return taskTooltip(s.tasks[static_cast<std::size_t>(task)], m_layers, baseline);
}

void GanttChart::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && m_hasRange) clearTimeRange();
  else QWidget::keyPressEvent(event);
}

void GanttChart::onMousePress(QMouseEvent* event) {
  m_pressPos = event->position();
  m_dragRange = event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier) &&
                !m_schedule.tasks.empty();
  if (!m_dragRange) return;
  m_plot->setInteraction(QCP::iRangeDrag, false);  // the drag selects a range instead of panning
  m_anchorNs = m_plot->xAxis->pixelToCoord(event->position().x()) * m_nsPerUnit;
}

void GanttChart::onMouseMove(QMouseEvent* event) {
  if (m_dragRange) {
    QToolTip::hideText();
    setTimeRange(m_anchorNs, m_plot->xAxis->pixelToCoord(event->position().x()) * m_nsPerUnit);
    return;
  }
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
  const bool click = std::fabs(d.x()) + std::fabs(d.y()) <= kClickSlopPx;
  if (m_dragRange) {
    m_dragRange = false;
    m_plot->setInteraction(QCP::iRangeDrag, true);
    if (click) clearTimeRange();
    else setTimeRange(m_anchorNs, m_plot->xAxis->pixelToCoord(event->position().x()) * m_nsPerUnit);
    return;
  }
  if (event->button() != Qt::LeftButton || !click) return;
  bool base = false;
  const int task = taskAt(event->position(), &base);
  if (task < 0) {
    clearTimeRange();
    return;
  }
  const Schedule& s = base ? m_baseline : m_schedule;
  emit layerClicked(s.tasks[static_cast<std::size_t>(task)].layerId);
}

}  // namespace h4h::ui
