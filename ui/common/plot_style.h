#pragma once
// Shared look of every QCustomPlot in the studio: fonts, axis and grid pens,
// colour per layer-kind group and per device, a qualitative palette for series,
// and small decorations (phase markers, y = x lines). Views call these instead of
// picking colours themselves so that plots look the same everywhere.

#include <QColor>
#include <QFont>
#include <QPen>
#include <QString>

#include "graph/layer.h"

class QCustomPlot;
class QCPAxis;
class QCPItemStraightLine;

namespace h4h::ui {

/// The colour classes of layers used in legends and the Gantt chart (issue 24): what
/// hardware teams tell apart: convolutions (conv, pointwise, depthwise, SE), linear
/// layers (fc, attention qkv / projection, MLP fc1 / fc2), attention's activation ×
/// activation matmuls (Q·Kᵀ, attention·V) and vector ops (softmax, layernorm, GELU,
/// add, pool).
enum class KindGroup { Conv, Linear, AttnMatmul, Vector };
constexpr int kKindGroupCount = 4;

KindGroup kindGroup(LayerKind kind);
QString kindGroupName(KindGroup group);
QColor kindGroupColor(KindGroup group);
inline QColor layerKindColor(LayerKind kind) { return kindGroupColor(kindGroup(kind)); }

/// Lanes of schedules and the two devices in comparisons.
QColor npuColor();
QColor cimColor();
QColor linkColor();
/// CIM weight reloads in schedules.
QColor reloadColor();
/// The strip along a Gantt bar's top edge that tells frames apart (cycling).
QColor frameColor(int frame);

/// Sequential heat colour of a fraction in [0, 1], pale yellow → dark red (shares of a total).
QColor heatColor(double fraction);
/// Text that reads on a fill: black on light colours, white on dark ones.
QColor textColorOn(const QColor& fill);

/// A colour-blind-safe qualitative palette (Okabe–Ito order), cycling.
QColor seriesColor(int index);
/// Grey used for de-emphasised data (infeasible points, baselines).
QColor mutedColor();

/// Fonts: tick labels, axis labels, titles (point sizes relative to the app font).
QFont plotTickFont();
QFont plotLabelFont();
QFont plotTitleFont();

/// Applies the common style: white background, fonts, light grid, axis pens,
/// legend style, antialiasing; drag-to-pan and wheel-zoom along both axes when
/// `interactive`.
void stylePlot(QCustomPlot* plot, bool interactive = true);
/// A title row above the plot's axis rect (created once; later calls set the text).
void setPlotTitle(QCustomPlot* plot, const QString& title);

/// A vertical dashed line at x with a label at the top (e.g. "phase 2").
/// Owned by the plot; removed with plot->clearItems().
void addVerticalMarker(QCustomPlot* plot, double x, const QString& label,
                       const QColor& color = QColor(110, 110, 110));
/// The y = x diagonal (for measured-vs-model views).
QCPItemStraightLine* addIdentityLine(QCustomPlot* plot);
/// Switches an axis to a log10 scale with 10^n ticks.
void setLogAxis(QCPAxis* axis);

}  // namespace h4h::ui
