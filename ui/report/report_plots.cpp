#include "ui/report/report_plots.h"

#include <QPainter>
#include <QPixmap>
#include <cmath>
#include <qcustomplot.h>

#include "ui/search/pareto_plot.h"
#include "ui/search/pareto_points.h"
#include "ui/common/plot_style.h"
#include "ui/training/training_page_curves.h"
#include "ui/training/training_page_data.h"

namespace h4h::ui {

bool renderTrainingReportPng(const RunRecords& runs, const QString& path, QSize size) {
  std::vector<RunSeries> series;
  for (const RunRecord& r : runs) series.push_back(runSeriesFromRecord(r));
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
  const ParetoPointSet points = pointsFromProject(project);
  bool accuracy = false;
  const int acc = paretoMetricIndex("accuracy");
  for (const auto& p : points.points())
    accuracy |= acc >= 0 && std::isfinite(p.values[static_cast<std::size_t>(acc)]);
  const int x = paretoMetricIndex("latency_ms");
  const int y = accuracy ? acc : paretoMetricIndex("energy_mj");
  const int colour = accuracy ? paretoMetricIndex("energy_mj") : -1;
  return renderParetoPng(points, x, y, colour, project.search.budgets, selectedKey, path, size);
}

}  // namespace h4h::ui
