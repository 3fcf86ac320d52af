// The Pareto plot under the mouse: which arch a pixel hits (a grid of pixel cells over
// the drawn points, rebuilt after every replot), its tooltip, click to select,
// double-click to open it (or, on empty space, to fit the axes again).

#include <QMouseEvent>
#include <QToolTip>
#include <cmath>
#include <qcustomplot.h>

#include "ui/search/pareto_plot.h"

namespace h4h::ui {

namespace {
constexpr double kClickSlopPx = 4.0;
}

void ParetoPlot::rebuildHitIndex() const {
  m_hitsDirty = false;
  std::vector<QPointF> pixels;
  std::vector<bool> front;
  if (m_points) {
    const std::size_t xi = static_cast<std::size_t>(m_x), yi = static_cast<std::size_t>(m_y);
    const QCPAxis* xa = m_plot->xAxis;
    const QCPAxis* ya = m_plot->yAxis;
    pixels.reserve(static_cast<std::size_t>(m_points->size()));
    front.reserve(static_cast<std::size_t>(m_points->size()));
    for (const ParetoPoint& p : m_points->points()) {
      const double x = paretoDisplayValue(m_x, p.values[xi]);
      const double y = paretoDisplayValue(m_y, p.values[yi]);
      const bool drawn = std::isfinite(x) && std::isfinite(y);
      pixels.emplace_back(drawn ? xa->coordToPixel(x) : NAN, drawn ? ya->coordToPixel(y) : NAN);
      front.push_back(p.onFront);
    }
  }
  m_hits.build(std::move(pixels), std::move(front), m_plot->axisRect()->rect());
}

std::string ParetoPlot::keyAt(const QPointF& pixel, double radius) const {
  if (!m_points) return {};
  if (m_hitsDirty) rebuildHitIndex();
  const int found = m_hits.nearest(pixel, radius);
  return found >= 0 && found < m_points->size() ? m_points->at(found).key : std::string();
}

std::optional<QPointF> ParetoPlot::pixelOf(const std::string& key) const {
  const int i = m_points ? m_points->indexOf(key) : -1;
  if (i < 0) return std::nullopt;
  const double x = paretoDisplayValue(m_x, m_points->value(i, m_x));
  const double y = paretoDisplayValue(m_y, m_points->value(i, m_y));
  if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
  return QPointF(m_plot->xAxis->coordToPixel(x), m_plot->yAxis->coordToPixel(y));
}


QString ParetoPlot::tooltipFor(const std::string& key) const {
  const int i = m_points ? m_points->indexOf(key) : -1;
  if (i < 0) return {};
  const ParetoPoint& p = m_points->at(i);
  QString status = p.failed       ? tr("evaluation failed: %1").arg(QString::fromStdString(p.error))
                   : !p.feasible  ? tr("over budget")
                   : p.onFront    ? tr("non-dominated (Pareto front)")
                                  : tr("dominated");
  QString html = QString("<b>%1</b><br><i>%2</i>")
                     .arg(QString::fromStdString(key).toHtmlEscaped(), status.toHtmlEscaped());
  if (const QString source = accuracySourceText(p); !source.isEmpty()) html += "<br>" + source.toHtmlEscaped();
  if (p.identicalCount > 1) {
    html += "<br>" + tr("%n archs with identical objective values, drawn as this one point:", "", p.identicalCount)
                         .toHtmlEscaped();
    int listed = 0;
    for (int j : m_points->identical(i))
      if (j != i && listed++ < 6) html += "<br>&nbsp;· " + QString::fromStdString(m_points->at(j).key).toHtmlEscaped();
    if (p.identicalCount - 1 > 6) html += "<br>&nbsp;· …";
  }
  html += "<table>";
  const auto& catalogue = paretoMetrics();
  for (std::size_t m = 0; m < catalogue.size(); ++m) {
    if (!std::isfinite(p.values[m])) continue;
    html += QString("<tr><td>%1</td><td align=right>&nbsp;%2</td></tr>")
                .arg(QString::fromLatin1(catalogue[m].label).toHtmlEscaped(),
                     formatPointMetric(p, static_cast<int>(m)).toHtmlEscaped());
  }
  return html + "</table>";
}

void ParetoPlot::onMouseMove(QMouseEvent* event) {
  if (event->buttons() != Qt::NoButton) return;
  const std::string key = keyAt(event->position());
  if (key.empty()) {
    QToolTip::hideText();
    return;
  }
  QToolTip::showText(m_plot->mapToGlobal(event->position().toPoint()), tooltipFor(key), m_plot);
}

void ParetoPlot::onMouseRelease(QMouseEvent* event) {
  if (!m_pressed || event->button() != Qt::LeftButton) return;
  m_pressed = false;
  const QPointF d = event->position() - m_pressPos;
  if (std::fabs(d.x()) + std::fabs(d.y()) > kClickSlopPx) return;  // a drag, not a click
  const std::string key = keyAt(event->position());
  if (!key.empty()) emit archClicked(QString::fromStdString(key));
}

void ParetoPlot::onDoubleClick(QMouseEvent* event) {
  const std::string key = keyAt(event->position());
  if (key.empty()) resetView();
  else emit archActivated(QString::fromStdString(key));
}

}  // namespace h4h::ui
