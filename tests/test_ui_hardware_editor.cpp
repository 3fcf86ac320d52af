// The Hardware editor: the demo fills it and profiles an arch; a parameter edit
// re-profiles at once and is undoable; out-of-range values are refused with the
// reason; presets load; a measured table imports (or lists its line-numbered
// errors) and the measured-vs-model view compares every row with the model.

#include <QtTest>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QTabWidget>

#include "graph/layer_graph.h"
#include "ui/hardware/hardware_editor.h"
#include "ui/hardware/hardware_editor_views.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "ui/window/main_window.h"
#include "ui/project/project_document.h"
#include "space/space_ops.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

bool loadDemo(ProjectDocument& doc) {
  QStringList errors;
  return doc.load(QString::fromStdString(test::projectPath("demo.h4h")), &errors);
}

QDoubleSpinBox* spinFor(QWidget* editor, const QString& path) {
  for (auto* spin : editor->findChildren<QDoubleSpinBox*>())
    if (spin->toolTip().endsWith(path)) return spin;
  return nullptr;
}

/// Model costs of the demo's max arch, the reference for the checks below.
struct Reference {
  std::vector<Layer> layers;
  NetworkProfile profile;
};
Reference maxArchProfile(const Project& p) {
  Reference r;
  LowerOptions o;
  o.resolution = p.space.deployResolution;
  r.layers = lowerArch(p.space, maxArch(p.space), o);
  r.profile = profileNetwork(r.layers, p.hardware);
  return r;
}

QString csvRow(const Layer& l, const char* device, double latency, double energy) {
  return QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13\n")
      .arg(layerKindName(l.kind))
      .arg(l.in.c).arg(l.in.h).arg(l.in.w)
      .arg(l.out.c).arg(l.out.h).arg(l.out.w)
      .arg(l.kernel).arg(l.stride).arg(l.gemm.groups)
      .arg(device)
      .arg(latency, 0, 'f', 3)
      .arg(energy, 0, 'f', 3);
}

}  // namespace

class TestHardwareEditor : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

  QString writeFile(const QString& name, const QString& text) {
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return QString();
    f.write(text.toUtf8());
    return path;
  }

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("hardware-editor-test");
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
  }

  void demoFillsTheEditor() {
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(QString::fromStdString(test::projectPath("demo.h4h"))));
    auto* editor = w.tabs()->findChild<HardwareEditor*>();
    QVERIFY(editor);
    w.show();
    w.tabs()->setCurrentWidget(editor);
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const Reference ref = maxArchProfile(w.document()->project());
    QTRY_COMPARE(editor->summary().layers, int(ref.layers.size()));
    double npu = 0.0;
    for (const LayerProfile& p : ref.profile) npu += p.npu.latencyNs;
    QVERIFY(npu > 0.0);
    QCOMPARE(editor->summary().npuLatencyNs, npu);  // nothing selected yet: the max arch
    QVERIFY(editor->summaryText().contains("NPU only"));
    QCOMPARE(editor->profileModel()->rowCount(), int(ref.layers.size()));
    QDoubleSpinBox* rows = spinFor(editor, "hardware.npu.rows");
    QVERIFY(rows);
    QCOMPARE(rows->value(), double(w.document()->project().hardware.npu.rows));
    QVERIFY(rows->suffix().contains("PEs"));
    QDoubleSpinBox* sram = spinFor(editor, "hardware.npu.sram_bytes");
    QVERIFY(sram);
    QCOMPARE(sram->value() * 1024.0, double(w.document()->project().hardware.npu.sramBytes));
  }

  void parameterEditReprofiles() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    editor.show();
    QTRY_VERIFY(editor.summary().layers > 0);
    const double before = editor.summary().npuLatencyNs;
    QSignalSpy hwChanged(&doc, &ProjectDocument::hardwareChanged);

    // Through the spin box, as a user would.
    QDoubleSpinBox* clock = spinFor(&editor, "hardware.npu.clock_ghz");
    QVERIFY(clock);
    clock->setValue(2.0);
    QCOMPARE(doc.project().hardware.npu.clockGhz, 2.0);
    QVERIFY(doc.isModified());
    QCOMPARE(hwChanged.count(), 1);
    QTRY_VERIFY(editor.summary().npuLatencyNs < before * 0.75);

    // Reference: the same config profiled directly.
    const Reference ref = maxArchProfile(doc.project());
    double expected = 0.0;
    for (const LayerProfile& p : ref.profile) expected += p.npu.latencyNs;
    QCOMPARE(editor.summary().npuLatencyNs, expected);

    doc.undoStack()->undo();
    QCOMPARE(doc.project().hardware.npu.clockGhz, 1.0);
    QCOMPARE(clock->value(), 1.0);
    QTRY_COMPARE(editor.summary().npuLatencyNs, before);
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    QTRY_COMPARE(editor.summary().npuLatencyNs, expected);
  }

  void outOfRangeValueIsRefused() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    const HardwareConfig before = doc.project().hardware;
    QVERIFY(!editor.applyParam("hardware.npu.rows", 0.0));
    QVERIFY(!editor.applyParam("hardware.link.bandwidth_gbs", -1.0));
    QVERIFY(doc.project().hardware == before);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 0);
    const QString problem = editor.paramProblem("hardware.npu.rows");
    QVERIFY2(problem.contains("hardware.npu.rows: must be in [1, 4096] PEs (0)"), qPrintable(problem));
    QVERIFY(editor.paramProblem("hardware.link.bandwidth_gbs").contains("GB/s"));
  }

  void zeroMacrosMakesAnNpuOnlySystem() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    QVERIFY(editor.applyParam("hardware.cim.macros", 0.0));
    QCOMPARE(doc.project().hardware.cim.macros, 0);
    QVERIFY(!doc.project().hardware.cim.present());
    QVERIFY(!editor.applyParam("hardware.cim.macros", -1.0));
    QVERIFY(editor.paramProblem("hardware.cim.macros").contains("0 = NPU-only"));
  }

  void presetLoadsAndUndoes() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    const HardwareConfig before = doc.project().hardware;
    QVERIFY(editor.applyParam("hardware.npu.cols", 4.0));
    QVERIFY(editor.applyPreset(HwDevice::Npu, "ethos_u65_512"));
    const NpuConfig& npu = doc.project().hardware.npu;
    QCOMPARE(npu.rows * npu.cols * npu.cores, 512);
    QCOMPARE(doc.project().hardware.npuPreset, std::string("ethos_u65_512"));
    QVERIFY(!editor.applyPreset(HwDevice::Npu, "no_such_preset"));
    QCOMPARE(doc.project().hardware.npuPreset, std::string("ethos_u65_512"));
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QVERIFY(doc.project().hardware == before);
  }

  void socPresetSetsEveryDeviceAndUndoes() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    Project devicesOnly = doc.project();  // the demo names the arvr SoC; start from devices alone
    ErrorList hwErrors;
    devicesOnly.hardware = hardwareFromJson(Json::object(), "hardware", hwErrors);
    QVERIFY(hwErrors.empty());
    doc.reset(devicesOnly);
    HardwareEditor editor(&doc);
    const HardwareConfig before = doc.project().hardware;
    QVERIFY(before.socPreset.empty());
    QCOMPARE(editor.socPresetNote(), QString("Devices from their own presets."));
    auto* combo = editor.findChild<QComboBox*>("preset_hardware");
    QVERIFY(combo);
    QCOMPARE(combo->itemText(0), QString("(none)"));
    const int arvr = combo->findText("arvr");
    QVERIFY(arvr > 0);
    QVERIFY(!combo->itemData(arvr, Qt::ToolTipRole).toString().isEmpty());  // the preset's description

    // Picking it in the combo sets the devices as the project loader reads hardware.preset.
    emit combo->activated(arvr);
    ErrorList errors;
    const HardwareConfig loaded = hardwareFromJson(Json{{"preset", "arvr"}}, "hardware", errors);
    QVERIFY(errors.empty());
    QVERIFY(doc.project().hardware == loaded);
    QCOMPARE(combo->currentText(), QString("arvr"));
    QCOMPARE(editor.socPresetNote(), QString("All devices as in arvr."));

    // An edit keeps the preset's name and says the fields moved; the file reloads the same.
    QVERIFY(editor.applyParam("hardware.cim.macros", 8.0));
    QCOMPARE(doc.project().hardware.socPreset, std::string("arvr"));
    QVERIFY(editor.socPresetNote().startsWith("Started from arvr, edited since"));
    const HardwareConfig reread = hardwareFromJson(hardwareToJson(doc.project().hardware), "hardware", errors);
    QVERIFY(errors.empty());
    QVERIFY(reread == doc.project().hardware);

    // Choosing it again resets the edit; (none) forgets the preset and keeps the values.
    QVERIFY(editor.applySocPreset("arvr"));
    QVERIFY(doc.project().hardware == loaded);
    emit combo->activated(0);
    QVERIFY(doc.project().hardware.socPreset.empty());
    QVERIFY(doc.project().hardware.npu == loaded.npu && doc.project().hardware.cim == loaded.cim);
    QCOMPARE(editor.socPresetNote(), QString("Devices from their own presets."));

    QVERIFY(!editor.applySocPreset("no_such_soc"));
    QVERIFY(editor.socPresetNote().startsWith("Refused: hardware.preset: "));
    QVERIFY(doc.project().hardware.socPreset.empty());

    for (int i = 0; i < 4; ++i) doc.undoStack()->undo();
    QVERIFY(doc.project().hardware == before);
    QCOMPARE(combo->currentText(), QString("(none)"));
  }

  void measuredTableComparesWithModel() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    editor.show();
    const Reference ref = maxArchProfile(doc.project());
    // Two NPU rows measured 1.5× slower than the model, one CIM row 2× faster, and a
    // signature that no layer of the space has.
    const Layer* pw = nullptr;
    const Layer* dw = nullptr;
    for (const Layer& l : ref.layers) {
      if (!pw && l.kind == LayerKind::PwConv && ref.profile[std::size_t(l.id)].cim.supported) pw = &l;
      if (!dw && l.kind == LayerKind::DwConv) dw = &l;
    }
    QVERIFY(pw && dw);
    const LayerProfile& ppw = ref.profile[std::size_t(pw->id)];
    const LayerProfile& pdw = ref.profile[std::size_t(dw->id)];
    QString csv = QString::fromUtf8(measuredTableHeader()) + "\n";
    csv += csvRow(*pw, "npu", ppw.npu.latencyNs * 1.5, 100);
    csv += csvRow(*dw, "npu", pdw.npu.latencyNs * 1.5, 100);
    csv += csvRow(*pw, "cim", ppw.cim.latencyNs * 0.5, 50);
    csv += "pwconv,7,9,9,5,9,9,1,1,1,npu,1000,10\n";
    const QString path = writeFile("measured.csv", csv);

    QVERIFY(editor.importMeasuredTable(path));
    QVERIFY(editor.importErrors().isEmpty());
    QVERIFY(editor.measuredTable());
    // Stored relative to the project file, resolving back to the imported file.
    QVERIFY(doc.project().hardware.measuredTablePath != path.toStdString());
    QCOMPARE(QFileInfo(QString::fromStdString(doc.project().resolvePath(doc.project().hardware.measuredTablePath)))
                 .canonicalFilePath(),
             QFileInfo(path).canonicalFilePath());
    QTRY_VERIFY(editor.summary().measuredCosts >= 3);

    const auto& rows = editor.measuredView()->comparison();
    QCOMPARE(int(rows.size()), 4);
    QCOMPARE(rows[0].line, 2);
    QVERIFY(rows[0].matched && rows[1].matched && rows[2].matched);
    QVERIFY(!rows[3].matched);
    QVERIFY(qAbs(rows[0].errorPercent - (1.0 / 1.5 - 1.0) * 100.0) < 0.01);
    QVERIFY(qAbs(rows[2].errorPercent - 100.0) < 0.01);
    QCOMPARE(editor.measuredView()->plottedPoints(), 3);
    QVERIFY2(editor.measuredView()->summaryText().contains("4 rows, 3 matched"),
             qPrintable(editor.measuredView()->summaryText()));

    // Undo removes the table from the project and from the profile.
    doc.undoStack()->undo();
    QVERIFY(doc.project().hardware.measuredTablePath.empty());
    QVERIFY(!editor.measuredTable());
    QTRY_COMPARE(editor.summary().measuredCosts, 0);
  }

  void malformedTableListsLineErrors() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    HardwareEditor editor(&doc);
    const QString path = writeFile("bad.csv", QString::fromUtf8(measuredTableHeader()) +
                                                  "\n# a comment\npwconv,1,2,3\n"
                                                  "blob,1,1,1,1,1,1,1,1,1,npu,10,1\n"
                                                  "pwconv,1,1,1,1,1,1,1,1,1,gpu,10,1\n");
    QVERIFY(!editor.importMeasuredTable(path));
    const QStringList errors = editor.importErrors();
    const QString all = errors.join("\n");
    QVERIFY2(all.contains("bad.csv:3: has 4 fields"), qPrintable(all));
    QVERIFY2(all.contains("bad.csv:4: kind: unknown layer kind"), qPrintable(all));
    QVERIFY2(all.contains("bad.csv:5: device: must be npu or cim"), qPrintable(all));
    QVERIFY(doc.project().hardware.measuredTablePath.empty());
    QVERIFY(!doc.isModified());
    QVERIFY(!editor.measuredTable());
  }
};

QTEST_MAIN(TestHardwareEditor)
#include "test_ui_hardware_editor.moc"
