#include "ui/schedule/gantt_overlays.h"

#include <qcustomplot.h>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
const QColor kPeriodColor(60, 60, 60);
const QColor kFlowColor(170, 0, 60);  // as the outline of a highlighted transfer
const QColor kRangeColor(40, 90, 160);
}  // namespace

void addPeriodBracket(QCustomPlot* plot, double x0, double x1, double bottom, double top, const QString& label) {
  for (double x : {x0, x1}) {
    auto* line = new QCPItemLine(plot);
    line->setPen(QPen(kPeriodColor, 1, Qt::DashLine));
    line->start->setCoords(x, bottom);
    line->end->setCoords(x, top);
    line->setSelectable(false);
  }
  auto* bracket = new QCPItemLine(plot);
  bracket->setPen(QPen(kPeriodColor, 1.2));
  bracket->setHead(QCPLineEnding(QCPLineEnding::esFlatArrow, 6, 6));
  bracket->setTail(QCPLineEnding(QCPLineEnding::esFlatArrow, 6, 6));
  bracket->start->setCoords(x0, top);
  bracket->end->setCoords(x1, top);
  bracket->setSelectable(false);
  auto* text = new QCPItemText(plot);
  text->position->setCoords(x0, top);
  text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  text->setPadding(QMargins(2, 0, 2, 1));
  text->setFont(plotTickFont());
  text->setColor(kPeriodColor);
  text->setSelectable(false);
  text->setText(label);
}

QCPItemLine* addFlowArrow(QCustomPlot* plot, const QPointF& from, const QPointF& to) {
  auto* line = new QCPItemLine(plot);
  line->setPen(QPen(kFlowColor, 1.6));
  line->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 9, 11));
  line->start->setCoords(from);
  line->end->setCoords(to);
  line->setSelectable(false);
  return line;
}

QCPItemRect* addRangeRect(QCustomPlot* plot, double x0, double x1) {
  auto* rect = new QCPItemRect(plot);
  for (QCPItemPosition* p : {rect->topLeft, rect->bottomRight}) {
    p->setTypeX(QCPItemPosition::ptPlotCoords);
    p->setTypeY(QCPItemPosition::ptAxisRectRatio);
  }
  rect->topLeft->setCoords(x0, 0.0);
  rect->bottomRight->setCoords(x1, 1.0);
  rect->setPen(QPen(kRangeColor, 1, Qt::DashLine));
  rect->setBrush(QColor(kRangeColor.red(), kRangeColor.green(), kRangeColor.blue(), 40));
  rect->setSelectable(false);
  return rect;
}

}  // namespace h4h::ui
