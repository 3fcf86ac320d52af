#include "ui/study/study_plot.h"

#include <QFontMetrics>

#include <QSharedPointer>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {

/// Side-by-side bars of every series at `keys` (one bar set per series, `width` wide in
/// all); a value that is not finite (a figure the seed paper does not report) draws no bar.
void addBarSeries(QCustomPlot& plot, const StudyPlot& data, const QVector<double>& keys,
                  const std::vector<QVector<double>>& values, double width) {
  auto* group = new QCPBarsGroup(&plot);
  group->setSpacingType(QCPBarsGroup::stAbsolute);
  group->setSpacing(1);
  const double each = width / std::max<std::size_t>(1, values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto* bars = new QCPBars(plot.xAxis, plot.yAxis);
    bars->setName(QString::fromStdString(data.series[i].name));
    const QColor colour = seriesColor(static_cast<int>(i));
    bars->setPen(QPen(colour.darker(130)));
    bars->setBrush(colour);
    bars->setWidth(each);
    QVector<double> shownKeys, shown;
    for (int k = 0; k < keys.size() && k < values[i].size(); ++k)
      if (std::isfinite(values[i][k])) shownKeys.push_back(keys[k]), shown.push_back(values[i][k]);
    bars->setData(shownKeys, shown, true);
    if (values.size() > 1) bars->setBarsGroup(group);
  }
}

void drawBars(QCustomPlot& plot, const StudyPlot& data) {
  QVector<double> keys;
  QVector<QString> labels;
  for (std::size_t i = 0; i < data.categories.size(); ++i) {
    keys.push_back(static_cast<double>(i + 1));
    labels.push_back(QString::fromStdString(data.categories[i]));
  }
  std::vector<QVector<double>> values;
  for (const auto& s : data.series) {
    QVector<double> v(s.y.begin(), s.y.end());
    v.resize(keys.size(), std::nan(""));
    values.push_back(v);
  }
  addBarSeries(plot, data, keys, values, 0.8);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  ticker->addTicks(keys, labels);
  plot.xAxis->setTicker(ticker);
  plot.xAxis->setTickLabelRotation(labels.size() > 6 ? 35 : 0);
  plot.xAxis->setRange(0.4, keys.size() + 0.6);
}

void drawHistogram(QCustomPlot& plot, const StudyPlot& data) {
  const StudyHistogram h = studyHistogramBins(data);
  QVector<double> centres;
  for (std::size_t i = 0; i + 1 < h.edges.size(); ++i) centres.push_back(0.5 * (h.edges[i] + h.edges[i + 1]));
  std::vector<QVector<double>> values;
  for (const auto& counts : h.counts) {
    QVector<double> v;
    for (int c : counts) v.push_back(c);
    values.push_back(v);
  }
  const double width = h.edges.size() > 1 ? h.edges[1] - h.edges[0] : 1.0;
  addBarSeries(plot, data, centres, values, 0.9 * width);
  plot.xAxis->setRange(h.edges.front() - 0.5 * width, h.edges.back() + 0.5 * width);
}

void drawPoints(QCustomPlot& plot, const StudyPlot& data, bool lines) {
  for (std::size_t i = 0; i < data.series.size(); ++i) {
    const auto& s = data.series[i];
    QVector<double> x, y;
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k)
      if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) x.push_back(s.x[k]), y.push_back(s.y[k]);
    auto* graph = plot.addGraph();
    graph->setName(QString::fromStdString(s.name));
    const QColor colour = seriesColor(static_cast<int>(i));
    graph->setPen(QPen(colour, 2));
    graph->setLineStyle(lines ? QCPGraph::lsLine : QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, lines ? 6 : 7));
    graph->setData(x, y, !lines);
  }
  plot.rescaleAxes();
  plot.xAxis->scaleRange(1.1);
}

/// A dashed horizontal line across the axis rect at `y`, labelled at its right end.
void addReferenceLine(QCustomPlot& plot, const StudyReferenceLine& ref) {
  auto* line = new QCPItemStraightLine(&plot);
  line->setPen(QPen(QColor(110, 110, 110), 1.2, Qt::DashLine));
  line->point1->setTypeX(QCPItemPosition::ptAxisRectRatio);
  line->point2->setTypeX(QCPItemPosition::ptAxisRectRatio);
  line->point1->setCoords(0.0, ref.y);
  line->point2->setCoords(1.0, ref.y);
  auto* text = new QCPItemText(&plot);
  text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
  text->position->setCoords(0.99, ref.y);
  text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
  text->setText(QString::fromStdString(ref.label));
  text->setFont(plotTickFont());
  text->setColor(QColor(80, 80, 80));
}

/// The y range covering the data, the reference lines and 0 (bars and counts start there).
void fitValueAxis(QCustomPlot& plot, const StudyPlot& data) {
  bool found = false;
  QCPRange range = plot.yAxis->range();
  if (data.kind == StudyPlotKind::Bars || data.kind == StudyPlotKind::Histogram) {
    for (int i = 0; i < plot.plottableCount(); ++i) {
      bool ok = false;
      const QCPRange r = plot.plottable(i)->getValueRange(ok);
      if (!ok) continue;
      range = found ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
      found = true;
    }
    range.lower = std::min(range.lower, 0.0);
    range.upper = std::max(range.upper, 0.0);
  }
  for (const auto& ref : data.references) {
    range.lower = std::min(range.lower, ref.y);
    range.upper = std::max(range.upper, ref.y);
  }
  if (range.size() <= 0) range = QCPRange(range.lower - 1, range.upper + 1);
  plot.yAxis->setRange(range);
  plot.yAxis->scaleRange(1.12, range.center());
}

/// The legend in its own row under the axis rect, three entries a row, so that it never
/// hides data (done once per plot: a plot refilled while a study runs keeps the row).
void placeLegendBelow(QCustomPlot& plot) {
  if (plot.legend->layout() != plot.axisRect()->insetLayout()) return;
  QCPLayoutGrid* layout = plot.plotLayout();
  const int row = layout->rowCount();
  layout->addElement(row, 0, plot.legend);
  layout->setRowStretchFactor(row, 0.001);
  plot.legend->setWrap(3);
  plot.legend->setFillOrder(QCPLegend::foColumnsFirst, true);
}

}  // namespace

void fillStudyPlot(QCustomPlot& plot, const StudyPlot& data) {
  plot.clearPlottables();
  plot.clearItems();
  // Bar groups are the plot's children, not plottables: a refill must not pile them up.
  for (QCPBarsGroup* group : plot.findChildren<QCPBarsGroup*>(QString(), Qt::FindDirectChildrenOnly)) delete group;
  plot.xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  plot.xAxis->setTickLabelRotation(0);
  stylePlot(&plot, false);
  placeLegendBelow(plot);  // before the series add their legend items
  setPlotTitle(&plot, QString::fromStdString(data.title));
  plot.xAxis->setLabel(QString::fromStdString(data.xLabel));
  plot.yAxis->setLabel(QString::fromStdString(data.yLabel));
  switch (data.kind) {
    case StudyPlotKind::Bars: drawBars(plot, data); break;
    case StudyPlotKind::Histogram: drawHistogram(plot, data); break;
    case StudyPlotKind::Scatter: drawPoints(plot, data, false); break;
    case StudyPlotKind::Line: drawPoints(plot, data, true); break;
  }
  fitValueAxis(plot, data);
  for (const auto& ref : data.references) addReferenceLine(plot, ref);
  plot.legend->setVisible(data.series.size() > 1);
  // The layout under-sizes a wrapped legend's row: ask for every line of entries.
  const int lines = (plot.legend->itemCount() + 2) / 3;
  const int lineHeight = std::max(QFontMetrics(plot.legend->font()).height(), plot.legend->iconSize().height());
  const QMargins m = plot.legend->margins();
  plot.legend->setMinimumSize(0, lines * (lineHeight + plot.legend->rowSpacing()) + m.top() + m.bottom() + 4);
  plot.replot();
}

bool renderStudyPlotPng(const StudyPlot& data, const QString& path, QSize size) {
  QCustomPlot plot;
  plot.resize(size);
  fillStudyPlot(plot, data);
  return plot.savePng(path, size.width(), size.height());
}

}  // namespace h4h::ui
