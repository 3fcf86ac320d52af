// The Hardware tab compares the model with Arm Vela's per-layer estimate: a bundled
// reference network can be profiled, Vela's CSVs load (or list their errors) and the
// view shows per layer model vs Vela with the median and worst ratio — the same
// comparison `h4h calibrate` prints. Fixtures: tests/data/vela/ (hand-made, synthetic).

#include <QtTest>

#include <QComboBox>
#include <QStackedWidget>
#include <QTableWidget>

#include "hw/calibration.h"
#include "hw/reference_networks.h"
#include "hw/vela_csv.h"
#include "support/test_paths.h"
#include "ui/hardware/hardware_editor.h"
#include "ui/hardware/vela_calibration_view.h"
#include "ui/project/project_document.h"

using namespace h4h;
using namespace h4h::ui;

namespace {
QString fixture(const char* name) { return QString::fromStdString(test::dataDir() + "/vela/" + name); }
}  // namespace

class TestUiVelaCalibration : public QObject {
  Q_OBJECT

private slots:
  void referenceNetworkProfiled() {
    ProjectDocument doc;
    QStringList errors;
    QVERIFY(doc.load(QString::fromStdString(test::projectPath("demo.h4h")), &errors));
    HardwareEditor editor(&doc);
    QVERIFY(editor.setProfileNetwork("mobilenet_v2"));
    QVERIFY(!editor.setProfileNetwork("no_such_network"));
    editor.reprofile();
    QCOMPARE(editor.summary().layers, int(referenceNetworkLayers("mobilenet_v2").size()));
    QCOMPARE(editor.summary().macs, std::int64_t(300774272));
    QVERIFY2(editor.summaryText().contains("MobileNetV2"), qPrintable(editor.summaryText()));
  }

  void velaComparisonInTheMeasuredView() {
    ProjectDocument doc;
    QStringList errors;
    QVERIFY(doc.load(QString::fromStdString(test::projectPath("demo.h4h")), &errors));
    HardwareEditor editor(&doc);
    editor.setProfileNetwork("mobilenet_v2");
    editor.reprofile();
    // The view sits beside the measured-table view, chosen by "Compare the model with".
    auto* with = editor.findChild<QComboBox*>("compareWith");
    QVERIFY(with);
    with->setCurrentIndex(1);
    VelaCalibrationView* view = editor.velaView();
    auto* stack = qobject_cast<QStackedWidget*>(view->parentWidget());
    QVERIFY(stack && stack->currentWidget() == view);
    QVERIFY(view->report().rows.empty());

    QVERIFY(view->loadPerLayer(fixture("mobilenet_v2_per-layer.csv")));
    const CalibrationReport& r = view->report();
    // The same comparison the core computes for `h4h calibrate`.
    const CalibrationReport expected =
        calibrateAgainstVela(referenceNetworkLayers("mobilenet_v2"), doc.project().hardware.npu,
                             loadVelaPerLayerCsv(fixture("mobilenet_v2_per-layer.csv").toStdString()));
    QCOMPARE(r.rows.size(), expected.rows.size());
    QCOMPARE(r.matchedLayers, 64);
    QCOMPARE(r.unmatchedVelaRows, 1);
    QCOMPARE(r.compute.median, expected.compute.median);
    QCOMPARE(r.memory.worst, expected.memory.worst);
    QCOMPARE(view->table()->rowCount(), int(expected.rows.size()));
    QCOMPARE(view->plottedPoints(), expected.compute.count + expected.memory.count);
    const QString text = view->summaryText();
    QVERIFY2(text.contains("64 of 64 layers matched") && text.contains("median") && text.contains("worst") &&
                 text.contains("1 Vela rows without a layer"),
             qPrintable(text));
    // The unmatched SOFTMAX row is in the table, marked.
    const int last = view->table()->rowCount() - 1;
    QVERIFY(view->table()->item(last, 3)->text().startsWith("SOFTMAX"));
    QVERIFY(view->table()->item(last, 14)->text().contains("not compared"));

    QVERIFY(view->loadSummary(fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv")));
    QVERIFY2(view->summaryText().contains("latency (ms): model"), qPrintable(view->summaryText()));

    // A hardware edit re-compares: the 512-MAC preset differs from the file's 256.
    QVERIFY(editor.applyPreset(HwDevice::Npu, "ethos_u65_512"));
    editor.reprofile();
    QVERIFY2(view->summaryText().contains("256 MACs/cycle"), qPrintable(view->summaryText()));
  }

  void malformedCsvListsErrorsAndKeepsTheComparison() {
    VelaCalibrationView view;
    view.setNetwork(referenceNetworkLayers("mobilenet_v2"), NpuConfig{}, "MobileNetV2");
    QVERIFY(view.loadPerLayer(fixture("mobilenet_v2_per-layer.csv")));
    const std::size_t rows = view.report().rows.size();
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.csv");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("TFLite_operator,NNG Operator,Op Cycles,NPU,SRAM AC,DRAM AC,MAC Count,Name\n"
            "CONV_2D,Conv2DBias,12x,5,1,0,10,conv\n");
    f.close();
    QVERIFY(!view.loadPerLayer(bad));
    QCOMPARE(view.loadErrors(), QStringList{bad + ":2: column 'Op Cycles': must be a non-negative number (12x)"});
    QCOMPARE(view.report().rows.size(), rows);  // the previous file stays in use
    view.clear();
    QVERIFY(view.report().rows.empty());
    QVERIFY(view.loadErrors().isEmpty());
  }
};

QTEST_MAIN(TestUiVelaCalibration)
#include "test_ui_vela_calibration.moc"
