// The Pareto plot's view: fitting the axes to all points, to the front or to the archs
// within budget, log scales per axis, the View actions (page menu and context menu)
// and the placeholder of an empty plot. pareto_plot.cpp draws the points.

#include <QAction>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/search/pareto_density.h"
#include "ui/search/pareto_plot.h"

namespace h4h::ui {

namespace {

/// The extent of values along one axis; a log axis ignores values <= 0.
struct Extent {
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  bool log = false;
  void add(double v) {
    if (!std::isfinite(v) || (log && v <= 0)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool valid() const { return lo <= hi; }
  /// With 6 % of margin each side (in decades on a log axis).
  QCPRange padded() const {
    if (!valid()) return log ? QCPRange(0.1, 10) : QCPRange(0, 1);
    if (log) {
      const double a = std::log10(lo), b = std::log10(hi);
      const double span = b > a ? b - a : 0.2;
      return QCPRange(std::pow(10.0, a - 0.06 * span), std::pow(10.0, b + 0.06 * span));
    }
    double span = hi - lo;
    if (!(span > 0)) span = std::max(std::fabs(lo) * 0.1, 1e-3);
    return QCPRange(lo - 0.06 * span, hi + 0.06 * span);
  }
};

void setAxisLog(QCPAxis* axis, bool log, const QSharedPointer<QCPAxisTicker>& linearTicker) {
  if (log) {
    setLogAxis(axis);
    return;
  }
  axis->setScaleType(QCPAxis::stLinear);
  axis->setTicker(linearTicker);
  axis->setNumberFormat("gb");
  axis->setNumberPrecision(6);
}

}  // namespace

bool ParetoPlot::fitTo(const std::function<bool(const ParetoPoint&)>& keep, bool withPrevious) {
  Extent ex, ey;
  ex.log = m_logX;
  ey.log = m_logY;
  const std::size_t xi = static_cast<std::size_t>(m_x), yi = static_cast<std::size_t>(m_y);
  auto add = [&](const ParetoPoint& p) {
    const double x = paretoDisplayValue(m_x, p.values[xi]), y = paretoDisplayValue(m_y, p.values[yi]);
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    ex.add(x);
    ey.add(y);
  };
  if (m_points)
    for (const ParetoPoint& p : m_points->points())
      if (keep(p)) add(p);
  if (withPrevious && m_previous)
    for (const ParetoRun& run : *m_previous)
      for (const ParetoPoint& p : run.points.points()) add(p);
  const bool any = ex.valid() && ey.valid();
  if (!any && !withPrevious) return false;
  m_applyingRange = true;
  m_plot->xAxis->setRange(ex.padded());
  m_plot->yAxis->setRange(ey.padded());
  m_applyingRange = false;
  return any;
}

void ParetoPlot::fitAxes() {
  fitTo([](const ParetoPoint&) { return true; }, true);
  m_follow = true;
}

void ParetoPlot::resetView() {
  fitAxes();
  m_plot->replot();
}

bool ParetoPlot::zoomToFront() {
  if (!fitTo([](const ParetoPoint& p) { return p.onFront && p.feasible; }, false)) return false;
  m_follow = false;
  m_plot->replot();
  return true;
}

bool ParetoPlot::zoomToFeasible() {
  if (!fitTo([](const ParetoPoint& p) { return p.feasible; }, false)) return false;
  m_follow = false;
  m_plot->replot();
  return true;
}

void ParetoPlot::setLogScale(bool x, bool y) {
  if (x != m_logX) setAxisLog(m_plot->xAxis, x, m_linearTickerX);
  if (y != m_logY) setAxisLog(m_plot->yAxis, y, m_linearTickerY);
  m_logX = x;
  m_logY = y;
  m_logXAction->setChecked(x);
  m_logYAction->setChecked(y);
  resetView();  // a linear range may hold values a log axis cannot show
}

void ParetoPlot::buildViewActions() {
  auto* reset = new QAction(tr("Reset view"), this);
  reset->setToolTip(tr("Fit the axes to every point again and follow new ones (or double-click empty space)"));
  auto* front = new QAction(tr("Zoom to front"), this);
  front->setToolTip(tr("Fit the axes to the non-dominated archs within budget"));
  auto* feasible = new QAction(tr("Zoom to within budget"), this);
  feasible->setToolTip(tr("Fit the axes to every arch within the budgets"));
  m_logXAction = new QAction(tr("Log scale X"), this);
  m_logYAction = new QAction(tr("Log scale Y"), this);
  m_logXAction->setCheckable(true);
  m_logYAction->setCheckable(true);
  auto* separator = new QAction(this);
  separator->setSeparator(true);
  connect(reset, &QAction::triggered, this, &ParetoPlot::resetView);
  connect(front, &QAction::triggered, this, [this] { zoomToFront(); });
  connect(feasible, &QAction::triggered, this, [this] { zoomToFeasible(); });
  connect(m_logXAction, &QAction::toggled, this, [this](bool on) {
    if (on != m_logX) setLogScale(on, m_logY);
  });
  connect(m_logYAction, &QAction::toggled, this, [this](bool on) {
    if (on != m_logY) setLogScale(m_logX, on);
  });
  m_viewActions = {reset, front, feasible, separator, m_logXAction, m_logYAction};
  m_plot->addActions(m_viewActions);
  m_plot->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void ParetoPlot::updatePlaceholder() {
  const bool empty = m_drawnCurrent == 0 && m_drawnPrevious == 0;
  m_placeholder->setVisible(empty);
  if (empty)
    m_placeholder->setText(m_points && m_points->size() > 0
                               ? tr("None of the %n arch(s) has a value on both axes:\npick other axes above.",
                                    "", m_points->size())
                               : tr("No archs yet.\nStart a search: every arch it measures appears here."));
}

QString ParetoPlot::placeholderText() const { return m_placeholder->visible() ? m_placeholder->text() : QString(); }

bool ParetoPlot::densityShown() const { return m_density->size() > 0; }

}  // namespace h4h::ui
