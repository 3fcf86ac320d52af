// The Schedule tab's Network view: one box per layer of the lowered graph and one arc
// per residual add, blocks as columns, colours by device or by time share, a tooltip
// with the layer's facts, a click that reports the layer, and the selection linked with
// the Gantt chart and the per-layer table in both directions.

#include <QtTest>

#include <QGraphicsView>
#include <QTableWidget>
#include <qcustomplot.h>

#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/demo_project.h"
#include "support/test_paths.h"
#include "ui/common/plot_style.h"
#include "ui/project/project_document.h"
#include "ui/schedule/gantt_chart.h"
#include "ui/schedule/network_layout.h"
#include "ui/schedule/network_view.h"
#include "ui/schedule/schedule_page.h"
#include "ui/schedule/schedule_page_data.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

using test::demoWithSelection;

int addCount(const std::vector<Layer>& layers) {
  int n = 0;
  for (const Layer& l : layers) n += l.kind == LayerKind::Add;
  return n;
}

}  // namespace

class TestNetworkView : public QObject {
  Q_OBJECT

 private:
  ScheduleView m_view;

 private slots:
  void initTestCase() {
    const Project p = demoWithSelection();
    m_view = computeScheduleView(p, p.results.selected, Objective::Latency, 1);
    QVERIFY2(m_view.ok(), qPrintable(m_view.error));
    QVERIFY(addCount(m_view.layers) > 0);  // the max arch has residual blocks
  }

  void drawsEveryLayerAndEveryResidual() {
    NetworkView view;
    view.setNetwork(m_view.layers, m_view.hybrid);
    QCOMPARE(view.layerItemCount(), int(m_view.layers.size()));
    QCOMPARE(view.residualEdgeCount(), addCount(m_view.layers));
    const NetworkLayout layout = layoutNetwork(m_view.layers);
    int blocks = 0;
    for (std::size_t i = 0; i < m_view.layers.size(); ++i)
      blocks += i == 0 || m_view.layers[i].block != m_view.layers[i - 1].block;
    QCOMPARE(int(layout.blocks.size()), blocks);
    for (const NetworkBlock& b : layout.blocks)  // a block's column holds its boxes
      for (int i = b.first; i <= b.last; ++i)
        QVERIFY(b.rect.contains(layout.layers[std::size_t(i)]));
    for (const NetworkResidual& r : layout.residuals) {
      QCOMPARE(m_view.layers[std::size_t(r.add)].residualSource, r.source);
      QVERIFY(!r.arc.isEmpty());
    }
    view.clear(QStringLiteral("nothing"));
    QCOMPARE(view.layerItemCount(), 0);
    QCOMPARE(view.residualEdgeCount(), 0);
  }

  void coloursByDeviceOrTimeShare() {
    NetworkView view;
    view.setNetwork(m_view.layers, m_view.hybrid);
    int npu = -1, cim = -1;
    for (std::size_t i = 0; i < m_view.hybrid.device.size(); ++i)
      (m_view.hybrid.device[i] == Device::Cim ? cim : npu) = int(i);
    QVERIFY(npu >= 0);
    if (cim >= 0) QVERIFY(view.fillOf(npu) != view.fillOf(cim));
    view.setColorBy(NetworkView::ColorBy::TimeShare);
    double sum = 0, most = 0;
    int slowest = 0;
    for (int i = 0; i < view.layerItemCount(); ++i) {
      sum += view.timeShare(i);
      if (view.timeShare(i) > most) most = view.timeShare(i), slowest = i;
    }
    QVERIFY(most > 0);
    QVERIFY(sum <= 1.0 + 1e-9);  // compute shares of one frame's latency
    QCOMPARE(view.fillOf(slowest), heatColor(1.0));
    const QString tip = view.tooltipFor(slowest);
    const Layer& l = m_view.layers[std::size_t(slowest)];
    QVERIFY(tip.contains(QString("Layer %1").arg(l.id)));
    QVERIFY(tip.contains(QString::fromStdString(l.block)));
    QVERIFY(tip.contains(layerKindName(l.kind)));
    QVERIFY(tip.contains("MACs"));
    QVERIFY(tip.contains(QString("%1 %").arg(100 * most, 0, 'f', 1)));
  }

  void clickEmitsTheLayer() {
    NetworkView view;
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setNetwork(m_view.layers, m_view.hybrid);
    const int target = int(m_view.layers.size()) - 3;  // far right: must be scrolled to
    view.setHighlightedLayer(target);
    QCOMPARE(view.highlightedLayer(), target);
    const QPoint at = view.viewportPointOf(target);
    QVERIFY(view.canvas()->viewport()->rect().contains(at));
    QSignalSpy clicked(&view, &NetworkView::layerClicked);
    QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), target);
    // Highlighting does not emit (no ping-pong with the Gantt chart and the table).
    view.setHighlightedLayer(2);
    QCOMPARE(clicked.count(), 1);
  }

  void selectionIsLinkedWithGanttAndTable() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.resize(1400, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setFrames(1);
    page.refresh();
    auto* network = page.findChild<NetworkView*>();
    QVERIFY(network);
    QCOMPARE(network->layerItemCount(), int(page.view().layers.size()));
    // Table -> network and Gantt.
    page.table()->setCurrentCell(4, 0);
    QCOMPARE(network->highlightedLayer(), 4);
    QCOMPARE(page.chart()->highlightedLayer(), 4);
    // Gantt click -> network and table.
    emit page.chart()->layerClicked(6);
    QCOMPARE(network->highlightedLayer(), 6);
    QCOMPARE(page.table()->currentRow(), 6);
    // Network click -> table and Gantt.
    emit network->layerClicked(9);
    QCOMPARE(page.table()->currentRow(), 9);
    QCOMPARE(page.chart()->highlightedLayer(), 9);
    QCOMPARE(network->highlightedLayer(), 9);
  }
};

QTEST_MAIN(TestNetworkView)
#include "test_ui_network_view.moc"
