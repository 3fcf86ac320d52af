#pragma once
// The Gantt chart's legend, under the axes: the layer-kind groups, transfers and
// reloads (colours from plot_style), then one swatch per frame drawn as the bars draw
// frames (the strip along the top edge, odd frames hatched).

class QCustomPlot;

namespace h4h::ui {

/// Moves the legend under the axis rect and adds the kind-group, transfer and reload
/// entries. Call once per plot, before setGanttFrameLegend.
void addGanttLegend(QCustomPlot* plot);
/// Replaces the frame entries with `frames` of them (0 = none).
void setGanttFrameLegend(QCustomPlot* plot, int frames);

}  // namespace h4h::ui
