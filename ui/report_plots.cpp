#include "report_plots.h"

#include <QPainter>
#include <QPixmap>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "pareto_plot.h"
#include "pareto_points.h"
#include "plot_style.h"
#include "training_page_curves.h"
#include "training_page_data.h"

namespace h4h::ui {

bool renderTrainingReportPng(const Json& runs, const QString& path, QSize size) {
  std::vector<RunSeries> series;
  if (runs.is_array())
    for (const Json& r : runs) series.push_back(runSeriesFromRecord(r));
  QVector<TrainingCurves::Run> drawn;
  for (std::size_t i = 0; i < series.size(); ++i)
    drawn.push_back({&series[i], seriesColor(static_cast<int>(i)),
                     series[i].id + " (" + series[i].recipe + ")", false});
  TrainingCurves curves;
  curves.resize(size);
  curves.draw(drawn);
  const int h = size.height() / 3;
  QPixmap image(size);
  image.fill(Qt::white);
  QPainter painter(&image);
  int y = 0;
  for (QCustomPlot* p : {curves.lossPlot(), curves.lrPlot(), curves.accuracyPlot()}) {
    if (drawn.size() == 1) p->legend->setVisible(p == curves.accuracyPlot());
    painter.drawPixmap(0, y, p->toPixmap(size.width(), h));
    y += h;
  }
  painter.end();
  return image.save(path, "PNG");
}

bool renderParetoReportPng(const Project& project, const std::string& selectedKey,
                           const QString& path, QSize size) {
  const ParetoPointSet points = pointsFromResults(project.results, project.search);
  bool accuracy = false;
  const int acc = paretoMetricIndex("accuracy");
  for (const auto& p : points.points())
    accuracy |= acc >= 0 && std::isfinite(p.values[static_cast<std::size_t>(acc)]);
  const int x = paretoMetricIndex("latency_ms");
  const int y = accuracy ? acc : paretoMetricIndex("energy_mj");
  const int colour = accuracy ? paretoMetricIndex("energy_mj") : -1;
  return renderParetoPng(points, x, y, colour, project.search.budgets, selectedKey, path, size);
}

namespace {

double laneRow(Lane lane) {
  switch (lane) {
    case Lane::Npu: return 3.0;
    case Lane::Cim: return 2.0;
    case Lane::Link: return 1.0;
  }
  return 0.0;
}

}  // namespace

bool renderScheduleGanttPng(const Schedule& schedule, const std::vector<Layer>& layers,
                            const QString& path, QSize size) {
  (void)layers;
  QCustomPlot plot;
  plot.resize(size);
  stylePlot(&plot, false);
  setPlotTitle(&plot, QString("Schedule of %1 frame(s): period %2 ms, one frame %3 ms")
                          .arg(schedule.frames)
                          .arg(schedule.periodNs / 1e6, 0, 'g', 4)
                          .arg(schedule.frameLatencyNs / 1e6, 0, 'g', 4));
  const double barHalf = 0.35;
  for (const ScheduleTask& t : schedule.tasks) {
    auto* rect = new QCPItemRect(&plot);
    const double row = laneRow(t.lane);
    rect->topLeft->setCoords(t.startNs / 1e3, row + barHalf);
    rect->bottomRight->setCoords(t.endNs / 1e3, row - barHalf);
    QColor c = t.type == StepKind::Compute ? layerKindColor(t.kind)
                                           : (t.type == StepKind::Reload ? mutedColor() : linkColor());
    if (t.frame % 2 == 1) c = c.lighter(125);
    rect->setBrush(c);
    rect->setPen(QPen(c.darker(140), 0.5));
  }
  // legend entries: one empty graph per colour class
  plot.legend->setVisible(true);
  for (int g = 0; g < kKindGroupCount; ++g) {
    QCPGraph* entry = plot.addGraph();
    entry->setName(kindGroupName(static_cast<KindGroup>(g)));
    entry->setLineStyle(QCPGraph::lsNone);
    entry->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare,
                                           kindGroupColor(static_cast<KindGroup>(g)),
                                           kindGroupColor(static_cast<KindGroup>(g)), 10));
  }
  QCPGraph* transfer = plot.addGraph();
  transfer->setName("transfer");
  transfer->setLineStyle(QCPGraph::lsNone);
  transfer->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, linkColor(), linkColor(), 10));
  plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  double npuOnlyUs = 0.0;
  for (const auto& b : schedule.baselines)
    if (b.name == "npu-only" && b.feasible) npuOnlyUs = b.latencyNs / 1e3;
  if (npuOnlyUs > 0) addVerticalMarker(&plot, npuOnlyUs, "NPU-only, 1 frame", QColor(200, 30, 30));
  addVerticalMarker(&plot, schedule.frameLatencyNs / 1e3, "NPU+CIM, 1 frame");

  QSharedPointer<QCPAxisTickerText> lanes(new QCPAxisTickerText);
  lanes->addTick(3, "NPU");
  lanes->addTick(2, "CIM");
  lanes->addTick(1, "LINK");
  plot.yAxis->setTicker(lanes);
  plot.yAxis->setRange(0.4, 3.9);
  plot.yAxis->grid()->setVisible(false);
  plot.xAxis->setLabel("time (µs)");
  const double end = std::max({schedule.makespanNs, npuOnlyUs * 1e3, 1.0}) / 1e3;
  plot.xAxis->setRange(0, end * 1.02);
  return plot.savePng(path, size.width(), size.height());
}

}  // namespace h4h::ui
