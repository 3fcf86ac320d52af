// The Schedule tab's Compare view and the difference summary behind it
// (sched/schedule_comparison.h): figures equal to differences computed by hand from the
// two schedules, the moved-layer list, words that say which way a figure went, two
// objectives giving two assignments on hardware made for it, presets and files as
// variants (a bad file is an error, not a crash), another arch, and the two Gantt
// charts kept on one time axis.

#include <QtTest>

#include <qcustomplot.h>

#include "hw/hardware_config.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/demo_project.h"
#include "support/test_paths.h"
#include "ui/project/project_document.h"
#include "ui/schedule/compare_view.h"
#include "ui/schedule/gantt_chart.h"
#include "util/text_output.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

using test::demoWithSelection;

/// A slow CIM that costs almost no energy beside an NPU that costs a lot: the latency
/// objective keeps layers on the NPU, the energy objective moves them to the CIM.
Project energyLovesCim() {
  Project p = demoWithSelection();
  p.hardware.cim.clockGhz = 0.02;
  p.hardware.npu.energyPerMacPj = 20.0;
  return p;
}

double laneBusy(const Schedule& s, Lane lane) {
  double busy = 0;
  for (const ScheduleTask& t : s.tasks)
    if (t.lane == lane) busy += t.endNs - t.startNs;
  return busy / s.frames;
}

double pct(double a, double b) {
  return 100.0 * (b - a) / a;
}

}  // namespace

class TestCompareView : public QObject {
  Q_OBJECT

 private slots:
  void wordsSayWhichWayItWent() {
    QCOMPARE(changeWords(100, 90, "faster", "slower"), std::string("faster by 10.0 %"));
    QCOMPARE(changeWords(100, 112.5, "faster", "slower"), std::string("slower by 12.5 %"));
    QCOMPARE(changeWords(100, 100.01, "lower", "higher"), std::string("the same"));
    QCOMPARE(changeWords(0, 5, "lower", "higher"), std::string("higher (from 0)"));  // a lane unused in a
    QCOMPARE(changeWords(0, 0, "lower", "higher"), std::string("the same"));
    QCOMPARE(changeWords(-1, 5, "lower", "higher"), std::string("-"));
    QCOMPARE(changeWords(NAN, 5, "lower", "higher"), std::string("-"));
  }

  void differencesEqualHandComputedOnes() {
    const Project p = energyLovesCim();
    const ScheduleView a = computeScheduleView(p, p.results.selected, Objective::Latency, 2);
    const ScheduleView b = computeScheduleView(p, p.results.selected, Objective::Energy, 2);
    QVERIFY2(a.ok() && b.ok(), qPrintable(a.error + b.error));
    const ScheduleComparison c = compareSchedules("a", a.hybrid, a.layers, "b", b.hybrid, b.layers);
    QVERIFY(c.sameNetwork);
    QCOMPARE(c.change("latency")->a, a.hybrid.frameLatencyNs);
    QCOMPARE(c.change("latency")->b, b.hybrid.frameLatencyNs);
    QVERIFY(qFuzzyCompare(c.change("latency")->pct,
                          pct(a.hybrid.frameLatencyNs, b.hybrid.frameLatencyNs)));
    QVERIFY(qFuzzyCompare(c.change("energy")->pct,
                          pct(a.hybrid.energyPerFrameNj, b.hybrid.energyPerFrameNj)));
    QCOMPARE(c.change("period")->b, b.hybrid.periodNs);
    QCOMPARE(c.change("frames_per_s")->b, b.hybrid.throughputFps);
    QVERIFY(qFuzzyCompare(c.change("busy_npu")->a, laneBusy(a.hybrid, Lane::Npu)));
    QVERIFY(qFuzzyCompare(c.change("busy_cim")->b, laneBusy(b.hybrid, Lane::Cim)));
    std::int64_t bytes = 0;
    for (const ScheduleTask& t : b.hybrid.tasks)
      if (t.frame == 0 && t.type == StepKind::Transfer) bytes += t.bytes;
    QCOMPARE(c.b.linkBytes, bytes);
    // The energy objective spends time to save energy here: the words say so.
    QVERIFY(b.hybrid.energyPerFrameNj < a.hybrid.energyPerFrameNj);
    QVERIFY(c.change("energy")->words.rfind("lower by ", 0) == 0);
    QVERIFY(c.change("latency")->words.rfind("slower by ", 0) == 0);
    // Two objectives, two assignments: the moved list is the layers whose device differs.
    std::vector<int> moved;
    int toCim = 0;
    for (std::size_t i = 0; i < a.layers.size(); ++i)
      if (a.hybrid.device[i] != b.hybrid.device[i]) {
        moved.push_back(int(i));
        toCim += b.hybrid.device[i] == Device::Cim;
      }
    QVERIFY(!moved.empty());
    QCOMPARE(int(c.moved.size()), int(moved.size()));
    for (std::size_t i = 0; i < moved.size(); ++i) QCOMPARE(c.moved[i].id, moved[i]);
    QCOMPARE(c.movedToCim, toCim);
    QCOMPARE(c.movedToNpu, int(moved.size()) - toCim);
    QCOMPARE(c.change("cim_layers")->b - c.change("cim_layers")->a,
             double(c.movedToCim - c.movedToNpu));
    const std::string list = movedLayersText(c.moved, Device::Cim);
    QVERIFY(list.rfind(std::to_string(c.moved[0].id) + " (" + c.moved[0].block, 0) == 0);
  }

  void viewComparesAnotherObjective() {
    ProjectDocument doc;
    doc.reset(energyLovesCim());
    const Project& p = doc.project();
    const ScheduleView current = computeScheduleView(p, p.results.selected, Objective::Latency, 2);
    CompareView view(&doc);
    view.resize(1400, 800);
    view.setCurrent(current);
    QCOMPARE(view.variant().kind, CompareVariant::Kind::Objective);
    QCOMPARE(view.variant().objective, Objective::Energy);  // another objective than the tab's
    QSignalSpy computed(&view, &CompareView::computed);
    view.recompute();
    QVERIFY(view.isComputing());  // off the UI thread
    QVERIFY(computed.wait(20000));
    const ScheduleView& other = view.variantView();
    QVERIFY2(other.ok(), qPrintable(other.error));
    QCOMPARE(other.objective, Objective::Energy);
    const ScheduleComparison expected = compareSchedules("current", current.hybrid, current.layers,
                                                         "variant", other.hybrid, other.layers);
    QCOMPARE(view.comparison().change("latency")->pct, expected.change("latency")->pct);
    QCOMPARE(int(view.comparison().moved.size()), int(expected.moved.size()));
    QVERIFY(view.comparison().movedToCim > 0);
    const QString html = view.summaryHtml();
    QVERIFY2(html.contains("slower by") && html.contains("lower by"), qPrintable(html));
    QVERIFY(html.contains("Layers moved"));
    // One time axis: the same span in ns on both charts, and zooming one moves the other.
    auto spanNs = [](GanttChart* c) { return c->plot()->xAxis->range().upper * c->nsPerUnit(); };
    QVERIFY(qFuzzyCompare(spanNs(view.currentChart()), spanNs(view.variantChart())));
    const double longer = std::max(current.hybrid.makespanNs, other.hybrid.makespanNs);
    QVERIFY(spanNs(view.currentChart()) >= longer);
    view.currentChart()->plot()->xAxis->setRange(
        0, 0.5 * spanNs(view.currentChart()) / view.currentChart()->nsPerUnit());
    QVERIFY(qFuzzyCompare(spanNs(view.currentChart()), spanNs(view.variantChart())));
    // A layer selected in the tab is outlined in both charts (same network).
    view.setHighlightedLayer(3);
    QCOMPARE(view.variantChart()->highlightedLayer(), 3);
  }

  void hardwarePresetAndFileVariants() {
    const std::vector<std::string> presets = hardwarePresetChoices();
    QVERIFY(std::find(presets.begin(), presets.end(), "npu:ethos_u65_512") != presets.end());
    QVERIFY(std::find(presets.begin(), presets.end(), "soc:npu_only") != presets.end());
    const Project p = demoWithSelection();
    CompareVariant preset;
    preset.kind = CompareVariant::Kind::HardwarePreset;
    preset.preset = "npu:ethos_u65_512";
    const NpuConfig npu = variantHardware(p.hardware, preset).npu;
    QCOMPARE(npu.rows * npu.cols * npu.cores, 512);  // MACs per cycle
    const ScheduleView bigger =
        computeVariantView(p, p.results.selected, Objective::Latency, 1, preset);
    QVERIFY2(bigger.ok(), qPrintable(bigger.error));
    const ScheduleView current = computeScheduleView(p, p.results.selected, Objective::Latency, 1);
    QVERIFY(bigger.npuOnly.frameLatencyNs <
            current.npuOnly.frameLatencyNs);  // twice the MACs per cycle

    QTemporaryDir dir;
    HardwareConfig hw = p.hardware;
    hw.cim.macros = 0;  // an NPU-only system from a file
    const QString file = dir.filePath("hw.json");
    writeTextFile(file.toStdString(), hardwareToJson(hw).dump(2));
    CompareVariant fromFile;
    fromFile.kind = CompareVariant::Kind::HardwareFile;
    fromFile.path = file.toStdString();
    const ScheduleView npuOnly =
        computeVariantView(p, p.results.selected, Objective::Latency, 1, fromFile);
    QVERIFY2(npuOnly.ok(), qPrintable(npuOnly.error));
    QVERIFY(!npuOnly.hasCim);
    fromFile.path = dir.filePath("missing.json").toStdString();
    const ScheduleView missing =
        computeVariantView(p, p.results.selected, Objective::Latency, 1, fromFile);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error.contains("missing.json"), qPrintable(missing.error));
    writeTextFile(file.toStdString(), "{\"npu\": {\"rows\": 0}}");
    fromFile.path = file.toStdString();
    const ScheduleView bad =
        computeVariantView(p, p.results.selected, Objective::Latency, 1, fromFile);
    QVERIFY2(bad.error.contains("hardware.npu.rows"), qPrintable(bad.error));
  }

  void anotherArchIsNotComparedLayerByLayer() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    const Project& p = doc.project();
    const ScheduleView current = computeScheduleView(p, p.results.selected, Objective::Latency, 1);
    CompareView view(&doc);
    view.setCurrent(current);
    CompareVariant other;
    other.kind = CompareVariant::Kind::Arch;
    other.arch = archKey(minArch(p.space));
    view.setVariant(other);
    QSignalSpy computed(&view, &CompareView::computed);
    view.recompute();
    QVERIFY(computed.wait(20000));
    QVERIFY2(view.variantView().ok(), qPrintable(view.variantView().error));
    QVERIFY(!view.comparison().sameNetwork);
    QVERIFY(view.comparison().moved.empty());
    QVERIFY(view.summaryHtml().contains("different networks"));
    QVERIFY(view.comparison().change("latency")->words.rfind("faster by", 0) ==
            0);  // the smallest arch
  }
};

QTEST_MAIN(TestCompareView)
#include "test_ui_compare_view.moc"
