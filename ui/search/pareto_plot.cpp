#include "ui/search/pareto_plot.h"

#include <algorithm>
#include <limits>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/search/pareto_density.h"

namespace h4h::ui {

namespace {

constexpr int kBins = 10;
constexpr int kMaxPreviousRuns = 4;
const QColor kOutline(35, 35, 35);

/// A perceptually ordered dark-blue → green → yellow gradient (viridis-like), the top
/// kept dark enough to read on white.
const QCPColorGradient& colourGradient() {
  static const QCPColorGradient gradient = [] {
    QCPColorGradient g;
    QMap<double, QColor> stops;
    stops[0.0] = QColor(68, 1, 84);
    stops[0.25] = QColor(59, 82, 139);
    stops[0.5] = QColor(33, 145, 140);
    stops[0.75] = QColor(94, 201, 98);
    stops[1.0] = QColor(200, 200, 30);
    g.setColorStops(stops);
    g.setLevelCount(kBins);
    return g;
  }();
  return gradient;
}

QColor binColour(int bin) {
  QCPColorGradient g = colourGradient();
  return QColor::fromRgb(g.color((bin + 0.5) / kBins, QCPRange(0.0, 1.0)));
}

/// A scatter symbol pre-rendered (antialiased) into a pixmap: drawing 10,000 of them is
/// a blit each instead of an antialiased path each (about 10x faster).
QCPScatterStyle pixmapScatter(QCPScatterStyle::ScatterShape shape, const QPen& pen, const QBrush& brush,
                              double size) {
  const int side = static_cast<int>(std::ceil(size + pen.widthF() + 2));
  QPixmap pixmap(side, side);
  pixmap.fill(Qt::transparent);
  QCPPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing, true);
  QCPScatterStyle style(shape, pen, brush, size);
  style.applyTo(&painter, pen);
  style.drawShape(&painter, side / 2.0, side / 2.0);
  painter.end();
  return QCPScatterStyle(pixmap);
}

QCPGraph* scatterGraph(QCustomPlot* plot, QCPScatterStyle style, const QString& name = {}) {
  QCPGraph* g = plot->addGraph();
  g->setLineStyle(QCPGraph::lsNone);
  g->setScatterStyle(style);
  g->setName(name);
  g->removeFromLegend();
  g->setSelectable(QCP::stNone);
  return g;
}

void setInLegend(QCPGraph* g, bool in) {
  if (in) g->addToLegend();
  else g->removeFromLegend();
}

}  // namespace

ParetoPlot::ParetoPlot(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_colourScale(new QCPColorScale(m_plot)) {
  setObjectName("ParetoPlot");
  m_plot->setObjectName("paretoPlot");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->setMinimumSize(320, 260);
  m_plot->setMouseTracking(true);
  stylePlot(m_plot, true);

  // Legend in a row of its own under the axes, so it never hides points.
  m_plot->axisRect()->insetLayout()->take(m_plot->legend);
  m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
  m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
  m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  m_plot->legend->setWrap(3);
  m_plot->legend->setVisible(true);
  m_plot->legend->setBorderPen(Qt::NoPen);
  m_plot->legend->setMargins(QMargins(6, 2, 6, 2));
  m_plot->legend->setIconSize(20, 18);  // rows at least this tall: text is never clipped

  auto* group = new QCPMarginGroup(m_plot);
  m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  m_colourScale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  m_colourScale->setGradient(colourGradient());
  m_colourScale->setBarWidth(12);
  m_colourScale->setRangeDrag(false);
  m_colourScale->setRangeZoom(false);
  m_colourScale->axis()->setTickLabelFont(plotTickFont());
  m_colourScale->axis()->setLabelFont(plotLabelFont());

  m_plot->addLayer("previous", m_plot->layer("main"), QCustomPlot::limBelow);
  m_density = std::make_unique<ParetoDensity>(m_plot, "previous", QColor(33, 145, 140));
  m_linearTickerX = m_plot->xAxis->ticker();
  m_linearTickerY = m_plot->yAxis->ticker();
  m_placeholder = new QCPItemText(m_plot);
  m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_placeholder->position->setCoords(0.5, 0.5);
  m_placeholder->setFont(plotLabelFont());
  m_placeholder->setColor(mutedColor().darker(150));
  m_placeholder->setSelectable(false);
  m_placeholder->setTextAlignment(Qt::AlignCenter);
  buildViewActions();

  for (int b = 0; b < kBins; ++b) {
    QColor c = binColour(b);
    c.setAlpha(170);
    m_dominatedBins.push_back(scatterGraph(m_plot, pixmapScatter(QCPScatterStyle::ssDisc, c, c, 5)));
    // Predicted accuracy: the same colour, outline only.
    m_dominatedHollowBins.push_back(
        scatterGraph(m_plot, pixmapScatter(QCPScatterStyle::ssCircle, QPen(c, 1.3), Qt::NoBrush, 6)));
  }
  m_infeasible = scatterGraph(
      m_plot, pixmapScatter(QCPScatterStyle::ssCross, QPen(mutedColor(), 1.2), Qt::NoBrush, 6),
      tr("over budget"));
  m_staleGraph = scatterGraph(
      m_plot, pixmapScatter(QCPScatterStyle::ssDisc, QColor(170, 170, 170, 160), QColor(170, 170, 170, 160), 5),
      tr("re-scoring for the new hardware…"));
  m_step = m_plot->addGraph();
  m_step->setName(tr("front in these axes"));
  m_step->setPen(QPen(kOutline, 1.5));
  m_step->setSelectable(QCP::stNone);
  for (int b = 0; b < kBins; ++b) {
    m_frontBins.push_back(scatterGraph(
        m_plot, pixmapScatter(QCPScatterStyle::ssCircle, QPen(kOutline, 1.3), binColour(b), 9)));
    m_frontHollowBins.push_back(scatterGraph(
        m_plot, pixmapScatter(QCPScatterStyle::ssCircle, QPen(binColour(b), 2.2), Qt::NoBrush, 9)));
  }
  m_selectedGraph = scatterGraph(
      m_plot, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 0), 2.5), Qt::NoBrush, 16),
      tr("selected"));
  // Legend-only series: the real ones are split into colour bins.
  m_legendFront = scatterGraph(
      m_plot, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kOutline, 1.3), QColor(33, 145, 140), 9),
      tr("non-dominated"));
  m_legendDominated = scatterGraph(
      m_plot, QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(33, 145, 140, 170), QColor(33, 145, 140, 170), 5),
      tr("dominated"));
  m_legendFront->addToLegend();
  m_legendDominated->addToLegend();
  m_legendMeasured = scatterGraph(
      m_plot, QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(33, 145, 140), QColor(33, 145, 140), 7),
      tr("accuracy measured"));
  m_legendPredicted = scatterGraph(
      m_plot, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(33, 145, 140), 1.6), Qt::NoBrush, 7),
      tr("accuracy predicted"));

  auto leaveFollow = [this] {
    if (!m_applyingRange) m_follow = false;
  };
  connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, leaveFollow);
  connect(m_plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, leaveFollow);
  connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    m_pressPos = e->position();
    m_pressed = true;
  });
  connect(m_plot, &QCustomPlot::afterReplot, this, [this] { m_hitsDirty = true; });  // pan, zoom, resize
  connect(m_plot, &QCustomPlot::beforeReplot, this, [this] { m_density->update(); });
  connect(m_plot, &QCustomPlot::mouseMove, this, &ParetoPlot::onMouseMove);
  connect(m_plot, &QCustomPlot::mouseRelease, this, &ParetoPlot::onMouseRelease);
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &ParetoPlot::onDoubleClick);
}

ParetoPlot::~ParetoPlot() = default;

void ParetoPlot::setAxes(int xMetric, int yMetric, int colourMetric) {
  const int n = static_cast<int>(paretoMetrics().size());
  auto valid = [n](int m) { return m >= 0 && m < n; };
  if (!valid(xMetric) || !valid(yMetric)) return;
  const bool axesChanged = xMetric != m_x || yMetric != m_y;
  m_x = xMetric;
  m_y = yMetric;
  m_colour = valid(colourMetric) ? colourMetric : -1;
  if (axesChanged) m_follow = true;
}

void ParetoPlot::setPoints(const ParetoPointSet* current, const std::vector<ParetoRun>* previous) {
  m_points = current;
  m_previous = previous;
}

void ParetoPlot::setBudgets(const std::vector<SearchConfig::Budget>& budgets) { m_budgets = budgets; }

void ParetoPlot::setSelectedKey(const std::string& key) { m_selected = key; }

void ParetoPlot::redraw() {
  buildGraphs();
  drawBudgets();
  m_plot->xAxis->setLabel(paretoMetricTitle(m_x));
  m_plot->yAxis->setLabel(paretoMetricTitle(m_y));
  updatePlaceholder();
  if (m_follow) fitAxes();
  m_plot->replot();
  rebuildHitIndex();  // the points moved: look-ups see them at once
}

void ParetoPlot::buildGraphs() {
  m_drawnCurrent = m_drawnPrevious = m_drawnFront = m_drawnInfeasible = 0;
  const std::size_t xi = static_cast<std::size_t>(m_x), yi = static_cast<std::size_t>(m_y);

  // Earlier runs, faded, on the layer below.
  const int runs = m_previous ? std::min<int>(kMaxPreviousRuns, static_cast<int>(m_previous->size())) : 0;
  while (static_cast<int>(m_previousGraphs.size()) < runs) {
    QCPGraph* g = scatterGraph(m_plot, QCPScatterStyle());
    g->setLayer("previous");
    m_previousGraphs.push_back(g);
  }
  for (std::size_t r = 0; r < m_previousGraphs.size(); ++r) {
    QCPGraph* g = m_previousGraphs[r];
    if (static_cast<int>(r) >= runs) {
      g->data()->clear();
      g->removeFromLegend();
      continue;
    }
    // The most recent earlier run is the last one; show the latest kMaxPreviousRuns.
    const ParetoRun& run = (*m_previous)[m_previous->size() - static_cast<std::size_t>(runs) + r];
    QColor c = seriesColor(static_cast<int>(r) + 3);
    c.setAlpha(70);
    if (g->name() != run.label || g->scatterStyle().pixmap().isNull())
      g->setScatterStyle(pixmapScatter(QCPScatterStyle::ssDisc, c, c, 5));
    g->setName(run.label);
    QVector<double> xs, ys;
    for (const ParetoPoint& p : run.points.points()) {
      const double x = paretoDisplayValue(m_x, p.values[xi]);
      const double y = paretoDisplayValue(m_y, p.values[yi]);
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      xs.push_back(x);
      ys.push_back(y);
    }
    m_drawnPrevious += xs.size();
    g->setData(xs, ys);
    g->addToLegend();
  }

  // Per colour bin: dominated and front, filled (measured) and hollow (accuracy predicted).
  std::vector<QVector<double>> dx(kBins), dy(kBins), fx(kBins), fy(kBins);
  std::vector<QVector<double>> hdx(kBins), hdy(kBins), hfx(kBins), hfy(kBins);
  QVector<double> ix, iy, stx, sty;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const bool coloured = m_colour >= 0;
  if (m_points && coloured)
    for (const ParetoPoint& p : m_points->points()) {
      const double c = p.values[static_cast<std::size_t>(m_colour)];
      if (std::isfinite(c)) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
    }
  auto binOf = [&](const ParetoPoint& p) {
    if (!coloured) return kBins / 2;
    const double c = p.values[static_cast<std::size_t>(m_colour)];
    if (!std::isfinite(c) || !(hi > lo)) return kBins / 2;
    return std::clamp(static_cast<int>((c - lo) / (hi - lo) * kBins), 0, kBins - 1);
  };
  // A dense cloud of dominated archs: one density image instead of a marker each.
  int dominated = 0;
  if (m_points && !m_stale)
    for (const ParetoPoint& p : m_points->points()) dominated += p.feasible && !p.onFront ? 1 : 0;
  const bool dense = dominated > densityThreshold();
  QVector<double> densityX, densityY;
  if (dense) {
    densityX.reserve(dominated);
    densityY.reserve(dominated);
  }
  m_mergedIdentical = 0;
  m_drawnHollow = 0;
  if (m_points)
    for (const ParetoPoint& p : m_points->points()) {
      const double x = paretoDisplayValue(m_x, p.values[xi]);
      const double y = paretoDisplayValue(m_y, p.values[yi]);
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      ++m_drawnCurrent;
      if (p.identicalLead >= 0 && &m_points->at(p.identicalLead) != &p &&
          m_points->value(p.identicalLead, m_x) == p.values[xi] &&
          m_points->value(p.identicalLead, m_y) == p.values[yi]) {
        ++m_mergedIdentical;  // one marker for archs with identical objectives (its tooltip counts them)
        continue;
      }
      if (m_stale) {
        stx.push_back(x);
        sty.push_back(y);
      } else if (!p.feasible) {
        ix.push_back(x);
        iy.push_back(y);
        ++m_drawnInfeasible;
      } else if (p.onFront) {
        const int b = binOf(p);
        const bool hollow = paretoMarkerHollow(p, m_x, m_y, m_colour);
        (hollow ? hfx : fx)[b].push_back(x);
        (hollow ? hfy : fy)[b].push_back(y);
        ++m_drawnFront;
        m_drawnHollow += hollow;
      } else if (dense) {
        densityX.push_back(x);
        densityY.push_back(y);
      } else {
        const int b = binOf(p);
        const bool hollow = paretoMarkerHollow(p, m_x, m_y, m_colour);
        (hollow ? hdx : dx)[b].push_back(x);
        (hollow ? hdy : dy)[b].push_back(y);
        m_drawnHollow += hollow;
      }
    }
  m_density->setPoints(std::move(densityX), std::move(densityY));
  m_legendDominated->setName(m_density->size() > 0 ? tr("dominated (density)") : tr("dominated"));
  for (int b = 0; b < kBins; ++b) {
    m_dominatedBins[b]->setData(dx[b], dy[b]);
    m_frontBins[b]->setData(fx[b], fy[b]);
    m_dominatedHollowBins[b]->setData(hdx[b], hdy[b]);
    m_frontHollowBins[b]->setData(hfx[b], hfy[b]);
  }
  // Which accuracies are estimates: only said when the shown points have some.
  setInLegend(m_legendMeasured, m_drawnHollow > 0);
  setInLegend(m_legendPredicted, m_drawnHollow > 0);
  m_infeasible->setData(ix, iy);
  setInLegend(m_infeasible, !ix.isEmpty());
  m_staleGraph->setData(stx, sty);
  setInLegend(m_staleGraph, !stx.isEmpty());
  setInLegend(m_legendDominated, m_drawnCurrent - m_drawnFront - m_drawnInfeasible - int(stx.size()) > 0);
  setInLegend(m_legendFront, m_drawnFront > 0);
  const QColor neutral = coloured ? QColor(33, 145, 140) : binColour(kBins / 2);
  m_legendFront->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kOutline, 1.3), neutral, 9));

  QVector<double> sx, sy;
  if (m_points && !m_stale)
    for (int i : frontIn2d(*m_points, m_x, m_y)) {
      sx.push_back(paretoDisplayValue(m_x, m_points->value(i, m_x)));
      sy.push_back(paretoDisplayValue(m_y, m_points->value(i, m_y)));
    }
  m_step->setLineStyle(paretoMetrics()[xi].maximised ? QCPGraph::lsStepRight : QCPGraph::lsStepLeft);
  m_step->setData(sx, sy);
  setInLegend(m_step, sx.size() > 1);

  QVector<double> selX, selY;
  const int sel = m_points && !m_selected.empty() ? m_points->indexOf(m_selected) : -1;
  if (sel >= 0) {
    const double x = paretoDisplayValue(m_x, m_points->value(sel, m_x));
    const double y = paretoDisplayValue(m_y, m_points->value(sel, m_y));
    if (std::isfinite(x) && std::isfinite(y)) {
      selX.push_back(x);
      selY.push_back(y);
    }
  }
  m_selectedGraph->setData(selX, selY);
  setInLegend(m_selectedGraph, !selX.isEmpty());

  if (coloured && hi >= lo) updateColourScale(lo, hi);
  else updateColourScale(0.0, -1.0);
  updateLegendPlacement();
}

void ParetoPlot::updateLegendPlacement() {
  // An empty legend in the layout caps its column's width at the legend's margins: the
  // axes collapse to a sliver. It leaves the layout while it has nothing to say.
  QCPLayoutGrid* layout = m_plot->plotLayout();
  const bool inLayout = layout->hasElement(1, 0) && layout->element(1, 0) == m_plot->legend;
  const bool wanted = m_plot->legend->itemCount() > 0;
  if (wanted == inLayout) return;
  if (wanted) {
    layout->addElement(1, 0, m_plot->legend);
    layout->setRowStretchFactor(1, 0.001);
  } else {
    layout->take(m_plot->legend);
    layout->simplify();
  }
  m_plot->legend->setVisible(wanted);  // out of the layout it would still paint where it was
}

void ParetoPlot::updateColourScale(double lo, double hi) {
  const bool show = m_colour >= 0 && hi >= lo;
  if (show != m_scaleShown) {
    if (show) m_plot->plotLayout()->addElement(0, 1, m_colourScale);
    else m_plot->plotLayout()->take(m_colourScale);
    m_plot->plotLayout()->simplify();
    m_scaleShown = show;
  }
  if (!show) return;
  const double a = paretoDisplayValue(m_colour, lo), b = paretoDisplayValue(m_colour, hi);
  m_colourScale->setDataRange(b > a ? QCPRange(a, b) : QCPRange(a - 0.5, a + 0.5));
  m_colourScale->axis()->setLabel(paretoMetricTitle(m_colour));
}

int ParetoPlot::stepLinePoints() const { return m_step->dataCount(); }

bool ParetoPlot::legendShowsPredicted() const { return m_plot->legend->hasItemWithPlottable(m_legendPredicted); }

bool renderParetoPng(const ParetoPointSet& points, int xMetric, int yMetric, int colourMetric,
                     const std::vector<SearchConfig::Budget>& budgets, const std::string& selectedKey,
                     const QString& path, QSize size) {
  ParetoPlot plot;
  plot.resize(size);
  plot.setAxes(xMetric, yMetric, colourMetric);
  plot.setPoints(&points);
  plot.setBudgets(budgets);
  plot.setSelectedKey(selectedKey);
  plot.redraw();
  return plot.plot()->savePng(path, size.width(), size.height());
}

}  // namespace h4h::ui
