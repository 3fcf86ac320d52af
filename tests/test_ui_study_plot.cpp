// A study's plot drawn on a QCustomPlot (ui/study/study_plot.h), the one drawing code of
// the Studies tab and of study PNGs: one plottable per series (bars, histogram, points),
// reference lines as items, refills that replace instead of piling up (the tab refills
// while a study runs), and a PNG written.

#include <QtTest>

#include <cmath>
#include <qcustomplot.h>

#include "ui/study/study_plot.h"

using namespace h4h;
using h4h::ui::fillStudyPlot;
using h4h::ui::renderStudyPlotPng;

namespace {

StudyPlot barsPlot() {
  StudyPlot p;
  p.name = "bars";
  p.title = "NPU+CIM over NPU-only";
  p.kind = StudyPlotKind::Bars;
  p.categories = {"latency avg", "latency best", "energy avg"};
  p.series = {{"found", {}, {10, 20, 30}}, {"seed", {}, {21.9, std::nan(""), 19.2}}};
  p.references = {{"seed 21.9 %", 21.9}};
  return p;
}

}  // namespace

class TestUiStudyPlot : public QObject {
  Q_OBJECT

private slots:
  void barsDrawOneSetPerSeriesAndSkipMissingValues() {
    QCustomPlot plot;
    fillStudyPlot(plot, barsPlot());
    QCOMPARE(plot.plottableCount(), 2);
    auto* seed = qobject_cast<QCPBars*>(plot.plottable(1));
    QVERIFY(seed);
    QCOMPARE(seed->data()->size(), 2);  // the NaN draws no bar
    QCOMPARE(plot.itemCount(), 2);      // the reference line and its label
    QVERIFY(plot.yAxis->range().contains(30.0));
    QVERIFY(plot.yAxis->range().contains(0.0));
  }

  void refillReplacesTheDrawing() {
    QCustomPlot plot;
    const int rows = [&] {
      fillStudyPlot(plot, barsPlot());
      return plot.plotLayout()->rowCount();
    }();
    StudyPlot line;
    line.kind = StudyPlotKind::Line;
    line.series = {{"speed-up", {1, 2, 4, 8}, {0, 1, 3, 7}}};
    fillStudyPlot(plot, line);
    fillStudyPlot(plot, barsPlot());
    QCOMPARE(plot.plottableCount(), 2);
    QCOMPARE(plot.itemCount(), 2);
    QCOMPARE(plot.plotLayout()->rowCount(), rows);  // title and legend rows made once
    QCOMPARE(plot.findChildren<QCPBarsGroup*>(QString(), Qt::FindDirectChildrenOnly).size(), 1);
  }

  void histogramBinsEverySeries() {
    StudyPlot h;
    h.kind = StudyPlotKind::Histogram;
    h.bins = 5;
    h.series = {{"NPU only", {}, {0.0, 0.1, 0.2}}, {"NPU+CIM", {}, {0.5, 0.9, 1.0}}};
    QCustomPlot plot;
    fillStudyPlot(plot, h);
    QCOMPARE(plot.plottableCount(), 2);
    double counted = 0;
    for (int i = 0; i < 2; ++i) {
      auto* bars = qobject_cast<QCPBars*>(plot.plottable(i));
      for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) counted += it->value;
    }
    QCOMPARE(counted, 6.0);
  }

  void scatterSkipsNonFinitePointsAndWritesPng() {
    StudyPlot s;
    s.name = "per_arch";
    s.kind = StudyPlotKind::Scatter;
    s.series = {{"sampled", {1, 2, 3}, {5, std::nan(""), 7}}};
    QCustomPlot plot;
    fillStudyPlot(plot, s);
    QCOMPARE(plot.graph(0)->data()->size(), 2);
    QTemporaryDir dir;
    const QString path = dir.filePath("per_arch.png");
    QVERIFY(renderStudyPlotPng(s, path, QSize(400, 300)));
    QVERIFY(QImage(path).size() == QSize(400, 300));
  }
};

QTEST_MAIN(TestUiStudyPlot)
#include "test_ui_study_plot.moc"
