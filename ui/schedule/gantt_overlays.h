#pragma once
// Items drawn over the Gantt bars: the steady-state period bracket, the arrows of a
// selected layer's data flow, the shaded time range. Each belongs to the plot and goes
// with plot->clearItems() or removeItem(); the chart decides when to draw them.

#include <QPointF>
#include <QString>

class QCustomPlot;
class QCPItemLine;
class QCPItemRect;

namespace h4h::ui {

/// Two dashed verticals at x0 and x1 from `bottom` up to `top` (plot coordinates), a
/// double-headed bracket between them at `top` and `label` above its left end.
void addPeriodBracket(QCustomPlot* plot, double x0, double x1, double bottom, double top, const QString& label);
/// An arrow from → to (plot coordinates) in the highlight colour.
QCPItemLine* addFlowArrow(QCustomPlot* plot, const QPointF& from, const QPointF& to);
/// A shaded band from x0 to x1 over the whole height of the axis rect.
QCPItemRect* addRangeRect(QCustomPlot* plot, double x0, double x1);

}  // namespace h4h::ui
