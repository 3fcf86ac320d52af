// The Pareto plot's budget lines: a dashed line with its bound written beside it for
// every bound of a budget on a shown axis. pareto_plot.cpp draws the points.

#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/search/pareto_plot.h"

namespace h4h::ui {

namespace {

const QColor kBudgetColor(200, 40, 40);

QString boundText(const ParetoMetricInfo& m, int metric, bool upper, double bound) {
  return QString("%1 %2 %3").arg(QString::fromLatin1(m.label).toLower(), QChar(upper ? 0x2264 : 0x2265),
                                 formatParetoMetric(metric, bound));
}

}  // namespace

void ParetoPlot::drawBudgets() {
  for (QCPAbstractItem* item : m_budgetItems) m_plot->removeItem(item);
  m_budgetItems.clear();
  m_budgetLines = 0;
  for (const auto& b : m_budgets) {
    const int metric = paretoMetricIndex(b.metric);
    if (metric < 0 || (metric != m_x && metric != m_y)) continue;
    const ParetoMetricInfo& info = paretoMetrics()[static_cast<std::size_t>(metric)];
    const bool vertical = metric == m_x;
    for (int bound = 0; bound < 2; ++bound) {
      const double v = bound == 0 ? b.max : b.min;
      if (!std::isfinite(v)) continue;
      const double shown = paretoDisplayValue(metric, v);
      auto* line = new QCPItemStraightLine(m_plot);
      line->setPen(QPen(kBudgetColor, 1.5, Qt::DashLine));
      line->setSelectable(false);
      auto* text = new QCPItemText(m_plot);
      text->setText(boundText(info, metric, bound == 0, v));
      text->setFont(plotTickFont());
      text->setColor(kBudgetColor.darker(120));
      text->setSelectable(false);
      text->setClipToAxisRect(true);
      text->setPadding(QMargins(4, 2, 4, 2));
      if (vertical) {
        for (auto* p : {line->point1, line->point2}) {
          p->setTypeX(QCPItemPosition::ptPlotCoords);
          p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        line->point1->setCoords(shown, 0.0);
        line->point2->setCoords(shown, 1.0);
        text->position->setTypeX(QCPItemPosition::ptPlotCoords);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(shown, 0.0);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
      } else {
        for (auto* p : {line->point1, line->point2}) {
          p->setTypeX(QCPItemPosition::ptAxisRectRatio);
          p->setTypeY(QCPItemPosition::ptPlotCoords);
        }
        line->point1->setCoords(0.0, shown);
        line->point2->setCoords(1.0, shown);
        text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        text->position->setTypeY(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(1.0, shown);
        text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
      }
      m_budgetItems.push_back(line);
      m_budgetItems.push_back(text);
      ++m_budgetLines;
    }
  }
}

}  // namespace h4h::ui
