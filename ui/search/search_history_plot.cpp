#include "ui/search/search_history_plot.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
/// Growth below this (relative) does not count as progress.
constexpr double kStallTolerance = 1e-4;
/// A stall is shown from this many generations without growth.
constexpr int kStallShownFrom = 3;
}  // namespace

SearchHistoryPlot::SearchHistoryPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  setObjectName("SearchHistoryPlot");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->setMinimumHeight(150);
  stylePlot(m_plot, false);
  m_plot->xAxis->setLabel(tr("Generation"));
  m_plot->yAxis->setLabel(tr("Hypervolume"));
  m_plot->yAxis2->setVisible(true);
  m_plot->yAxis2->setLabel(tr("Front (archs)"));
  m_plot->yAxis2->setTickLabelFont(plotTickFont());
  m_plot->yAxis2->setLabelFont(plotLabelFont());
  m_plot->xAxis->ticker()->setTickCount(6);

  m_hvGraph = m_plot->addGraph();
  m_hvGraph->setName(tr("hypervolume"));
  m_hvGraph->setPen(QPen(seriesColor(0), 2));
  m_hvGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
  m_frontGraph = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
  m_frontGraph->setName(tr("front size"));
  m_frontGraph->setPen(QPen(seriesColor(1), 1.5, Qt::DashLine));
  m_frontGraph->setLineStyle(QCPGraph::lsStepLeft);
  m_plot->legend->setVisible(true);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

  m_stallBand = new QCPItemRect(m_plot);
  m_stallBand->setPen(Qt::NoPen);
  m_stallBand->setBrush(QColor(230, 120, 30, 45));
  m_stallBand->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_stallBand->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_stallText = new QCPItemText(m_plot);
  m_stallText->setColor(QColor(170, 80, 10));
  m_stallText->setFont(plotTickFont());
  m_stallText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_stallText->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
  m_stallText->setPadding(QMargins(4, 3, 4, 3));
  m_placeholder = new QCPItemText(m_plot);
  m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_placeholder->position->setCoords(0.5, 0.5);
  m_placeholder->setColor(mutedColor().darker(150));
  m_placeholder->setText(tr("Hypervolume and front size\nper generation, as a search runs"));
  m_placeholder->setTextAlignment(Qt::AlignCenter);
  redraw();
}

void SearchHistoryPlot::clear() {
  m_generation.clear();
  m_hypervolume.clear();
  m_front.clear();
  redraw();
}

void SearchHistoryPlot::setHistory(const Json& history) {
  m_generation.clear();
  m_hypervolume.clear();
  m_front.clear();
  if (history.is_array())
    for (const Json& h : history) {
      if (!h.is_object() || !h.value("generation", Json()).is_number()) continue;
      const Json hv = h.value("hypervolume", Json()), front = h.value("front", Json());
      m_generation.push_back(h["generation"].get<double>());
      m_hypervolume.push_back(hv.is_number() ? hv.get<double>() : NAN);
      m_front.push_back(front.is_number() ? front.get<double>() : NAN);
    }
  redraw();
}

void SearchHistoryPlot::addGeneration(int generation, double hypervolume, int frontSize) {
  const int at = static_cast<int>(m_generation.indexOf(generation));
  if (at >= 0) {
    m_hypervolume[at] = hypervolume;
    m_front[at] = frontSize;
  } else {
    m_generation.push_back(generation);
    m_hypervolume.push_back(hypervolume);
    m_front.push_back(frontSize);
  }
  redraw();
}

void SearchHistoryPlot::redraw() {
  m_hvGraph->setData(m_generation, m_hypervolume, true);
  m_frontGraph->setData(m_generation, m_front, true);
  m_placeholder->setVisible(m_generation.isEmpty());
  m_plot->legend->setVisible(!m_generation.isEmpty());
  const bool anyFront = std::any_of(m_front.begin(), m_front.end(), [](double v) { return std::isfinite(v); });
  if (anyFront) m_frontGraph->addToLegend();
  else m_frontGraph->removeFromLegend();

  // Trailing generations whose hypervolume did not grow past the best before them.
  m_stalled = 0;
  double best = -INFINITY;
  int lastGrowth = -1;
  for (int i = 0; i < m_hypervolume.size(); ++i) {
    const double hv = m_hypervolume[i];
    if (!std::isfinite(hv)) continue;
    if (lastGrowth < 0 || hv > best + kStallTolerance * std::max(1e-12, std::fabs(best))) {
      best = hv;
      lastGrowth = i;
    }
  }
  if (lastGrowth >= 0) m_stalled = static_cast<int>(m_hypervolume.size()) - 1 - lastGrowth;
  const bool stall = m_stalled >= kStallShownFrom;
  m_stallBand->setVisible(stall);
  m_stallText->setVisible(stall);
  if (stall) {
    const double from = m_generation[lastGrowth], to = m_generation.back();
    m_stallBand->topLeft->setCoords(from, 0.0);
    m_stallBand->bottomRight->setCoords(to, 1.0);
    m_stallText->position->setCoords(to, 0.0);
    m_stallText->setText(tr("stalled: no hypervolume gain for %n generation(s)", "", m_stalled));
  }

  bool ok = false;
  const QCPRange g = m_hvGraph->getKeyRange(ok);
  m_plot->xAxis->setRange(ok ? QCPRange(g.lower - 0.5, g.upper + 0.5) : QCPRange(0, 10));
  const QCPRange hv = m_hvGraph->getValueRange(ok);
  m_plot->yAxis->setRange(ok ? QCPRange(std::max(0.0, hv.lower - 0.05 * (hv.size() + 1e-3)),
                                        hv.upper + 0.1 * (hv.size() + 1e-3))
                             : QCPRange(0, 1));
  const QCPRange fr = m_frontGraph->getValueRange(ok);
  m_plot->yAxis2->setRange(ok ? QCPRange(0, std::max(1.0, fr.upper * 1.15)) : QCPRange(0, 10));
  m_plot->replot(QCustomPlot::rpQueuedReplot);  // coalesced: live generations may come fast
}

}  // namespace h4h::ui
