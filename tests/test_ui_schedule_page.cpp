// The Schedule tab: the view computed along the engine's data path, one Gantt bar per
// task for 1–8 frames with the NPU-only schedule beneath, the objective selector, the
// per-layer table highlighting a layer's bars (and a clicked bar selecting its row),
// hover details, exports (PNG, PDF, Chrome trace, CSV) that are valid files, the
// offscreen renderer, a bad selection reported without a crash, and an NPU-only system
// (hardware.cim.macros = 0) drawn with its CIM lane labelled as absent.

#include <QtTest>
#include <QRegularExpression>

#include <QTableWidget>
#include <qcustomplot.h>

#include "ui/schedule/gantt_chart.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/schedule/schedule_page.h"
#include "ui/schedule/schedule_page_data.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

Project demoWithSelection(bool largest = true) {
  Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
  p.results.selected = archKey(largest ? maxArch(p.space) : minArch(p.space));
  return p;
}

int computeTasks(const Schedule& s) {
  int n = 0;
  for (const auto& t : s.tasks) n += t.type == StepKind::Compute;
  return n;
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestSchedulePage : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("schedule-page-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void viewFollowsTheDataPath() {
    const Project p = demoWithSelection();
    const ScheduleView v = computeScheduleView(p, p.results.selected, Objective::Latency, 2);
    QVERIFY2(v.ok(), qPrintable(v.error));
    QVERIFY(!v.layers.empty());
    QCOMPARE(v.hybrid.frames, 2);
    QCOMPARE(computeTasks(v.hybrid), 2 * int(v.layers.size()));
    QCOMPARE(computeTasks(v.npuOnly), 2 * int(v.layers.size()));
    for (const auto& t : v.npuOnly.tasks) QVERIFY(t.lane == Lane::Npu);
    // The hybrid schedule is at least as fast as NPU-only under the latency objective.
    QVERIFY(v.hybrid.frameLatencyNs <= v.npuOnly.frameLatencyNs + 1e-6);
    QVERIFY(std::isfinite(v.improvement.latencyPct));
    QVERIFY(scheduleSummary(v).contains("NPU only"));
    // The comparison in words that say which way it went.
    const QString latencyWord = v.improvement.latencyPct > 0.05 ? "faster" : "the same";
    QVERIFY2(scheduleSummary(v).contains(QRegularExpression("latency ([0-9.]+ % )?" + latencyWord)),
             qPrintable(scheduleSummary(v)));
    const ScheduleView energy = computeScheduleView(p, p.results.selected, Objective::Energy, 2);
    QVERIFY2(energy.ok(), qPrintable(energy.error));
    if (energy.improvement.latencyPct < -0.05)  // energy bought with time: said as slower
      QVERIFY2(scheduleSummary(energy).contains("% slower"), qPrintable(scheduleSummary(energy)));
    QVERIFY(!scheduleSummary(energy).contains("Improvement"));
    // The NPU memory report, as the evaluation computed it (the view only formats it).
    QVERIFY(v.npuMemory.npuOnly.bytes > 0);
    QVERIFY2(scheduleSummary(v).contains("<b>NPU memory</b>: " +
                                         QString::fromStdString(npuMemoryText(v.npuMemory)).toHtmlEscaped()),
             qPrintable(scheduleSummary(v)));
    QVERIFY(!scheduleSummary(v).contains("Warning"));
    // Frames are clamped to the selector's range.
    QCOMPARE(computeScheduleView(p, p.results.selected, Objective::Latency, 40).frames, 8);
  }

  void oneBarPerTask_data() {
    QTest::addColumn<int>("frames");
    QTest::addColumn<bool>("largest");
    QTest::newRow("1 frame, max arch") << 1 << true;
    QTest::newRow("3 frames, max arch") << 3 << true;
    QTest::newRow("8 frames, min arch") << 8 << false;
  }

  void oneBarPerTask() {
    QFETCH(int, frames);
    QFETCH(bool, largest);
    ProjectDocument doc;
    doc.reset(demoWithSelection(largest));
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.setFrames(frames);
    page.refresh();
    const ScheduleView& v = page.view();
    QVERIFY2(v.ok(), qPrintable(v.error));
    QCOMPARE(v.frames, frames);
    QCOMPARE(page.chart()->barCount(), int(v.hybrid.tasks.size()));
    QCOMPARE(page.chart()->baselineBarCount(), int(v.npuOnly.tasks.size()));
    QCOMPARE(computeTasks(v.hybrid), frames * int(v.layers.size()));
    QCOMPARE(page.table()->rowCount(), int(v.layers.size()));
  }

  void objectiveSelectorChangesAssignment() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.setObjective(Objective::Latency);
    page.refresh();
    const double latencyObjEnergy = page.view().eval.hetero.energyNj;
    const double latencyObjLatency = page.view().eval.hetero.latencyNs;
    page.setObjective(Objective::Energy);
    page.refresh();
    QCOMPARE(page.view().objective, Objective::Energy);
    QVERIFY(page.view().eval.hetero.energyNj <= latencyObjEnergy + 1e-9);
    QVERIFY(page.view().eval.hetero.latencyNs >= latencyObjLatency - 1e-9);
    page.setObjective(Objective::Edp);
    page.refresh();
    QCOMPARE(page.view().hybrid.objective, Objective::Edp);
  }

  void tableRowHighlightsBarsAndClickSelectsRow() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.resize(1400, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setFrames(2);
    page.refresh();
    const int layer = 3;
    page.table()->setCurrentCell(layer, 0);
    QCOMPARE(page.chart()->highlightedLayer(), layer);
    QCOMPARE(page.chart()->highlightedBars(), 2 * 2);  // 2 frames, hybrid and NPU-only
    // Click a bar of another layer (frame 0 compute task).
    const auto first = page.view().firstComputeTask();
    const int target = int(page.view().layers.size()) - 2;
    const QPointF pixel = page.chart()->pixelOfTask(first[target]);
    QVERIFY(pixel.x() >= 0);
    bool base = true;
    const int hit = page.chart()->taskAt(pixel, &base);
    QVERIFY(!base);
    const int hitLayer = page.view().hybrid.tasks[hit].layerId;
    QTest::mouseClick(page.chart()->plot(), Qt::LeftButton, Qt::NoModifier, pixel.toPoint());
    QCOMPARE(page.table()->currentRow(), hitLayer);
    QCOMPARE(page.chart()->highlightedLayer(), hitLayer);
    const QString tip = page.chart()->tooltipFor(hit, false);
    QVERIFY(tip.contains("MACs"));
    QVERIFY(tip.contains("duration"));
    QVERIFY(tip.contains(QString::fromStdString(page.view().layers[hitLayer].block)));
  }

  void exportsWriteValidFiles() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.resize(1400, 900);
    page.refresh();
    const QString png = m_dir.filePath("gantt.png"), pdf = m_dir.filePath("gantt.pdf");
    const QString trace = m_dir.filePath("gantt.trace.json"), csv = m_dir.filePath("gantt.csv");
    QVERIFY(page.exportPng(png));
    QVERIFY(page.exportPdf(pdf));
    QVERIFY(page.exportTrace(trace));
    QVERIFY(page.exportCsv(csv));
    QImage img(png);
    QVERIFY(!img.isNull());
    QVERIFY(img.width() >= 800);
    QVERIFY(readAll(pdf).startsWith("%PDF"));
    const QByteArray traceBytes = readAll(trace);
    const Json j = Json::parse(traceBytes.constData(), traceBytes.constData() + traceBytes.size(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QVERIFY(j["traceEvents"].is_array());
    int complete = 0;
    for (const Json& e : j["traceEvents"]) complete += e.value("ph", std::string()) == "X";
    QCOMPARE(complete, int(page.view().hybrid.tasks.size()));
    const QList<QByteArray> lines = readAll(csv).trimmed().split('\n');
    QCOMPARE(lines.size(), int(page.view().hybrid.tasks.size()) + 1);
    // Unwritable path: refused with the reason.
    QVERIFY(!page.exportTrace(m_dir.filePath("missing/dir/x.json")));
    QVERIFY(!page.statusText().isEmpty());
  }

  void offscreenRender() {
    const Project p = demoWithSelection();
    const ScheduleView v = computeScheduleView(p, p.results.selected, Objective::Latency, 3);
    QVERIFY(v.ok());
    const QString path = m_dir.filePath("render.png");
    QVERIFY(renderGanttPng(v.hybrid, v.layers, path, QSize(1200, 500), &v.npuOnly));
    QImage img(path);
    QCOMPARE(img.size(), QSize(1200, 500));
    // Not blank: several distinct colours (bars of different kinds).
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
      for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 8);
  }

  void badSelectionIsReported() {
    ProjectDocument doc;
    Project p = demoWithSelection();
    p.results.selected = "r28_not_a_key";
    doc.reset(p);
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.refresh();
    QVERIFY(!page.view().ok());
    QVERIFY(page.summaryText().contains("r28_not_a_key") || !page.view().error.isEmpty());
    QCOMPARE(page.chart()->barCount(), 0);
    QCOMPARE(page.table()->rowCount(), 0);
    QVERIFY(!page.exportPng(m_dir.filePath("none.png")));
    // No selection at all.
    p.results.selected.clear();
    doc.reset(p);
    page.refresh();
    QCOMPARE(page.chart()->barCount(), 0);
  }

  void npuMemoryWarningShown() {
    Project p = demoWithSelection();
    p.hardware.npu.memoryMode = NpuMemoryMode::SramOnly;
    p.hardware.npu.sramBytes = 4096;  // the demo's weights do not fit
    const ScheduleView v = computeScheduleView(p, p.results.selected, Objective::Latency, 1);
    QVERIFY2(v.ok(), qPrintable(v.error));
    QVERIFY(!v.npuMemory.capacity.fits());
    QVERIFY2(scheduleSummary(v).contains("Warning: sram_only: weights "), qPrintable(scheduleSummary(v)));
  }

  void followsSelectionAndHardware() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(page.chart()->barCount() > 0);
    const double before = page.view().hybrid.frameLatencyNs;
    HardwareConfig hw = doc.project().hardware;
    hw.npu.clockGhz /= 2;
    hw.cim.clockGhz /= 2;
    doc.edit("hardware", [&](Project& p) { p.hardware = hw; });
    QTRY_VERIFY(page.view().hybrid.frameLatencyNs > before);
    const std::string small = archKey(minArch(doc.project().space));
    doc.edit("results", [&](Project& p) { p.results.selected = small; });
    QTRY_COMPARE(page.view().arch, small);
  }

  void npuOnlySystemLabelsTheCimLane() {
    Project p = demoWithSelection();
    p.hardware.cim.macros = 0;
    ProjectDocument doc;
    doc.reset(p);
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.refresh();
    const ScheduleView& v = page.view();
    QVERIFY2(v.ok(), qPrintable(v.error));
    QVERIFY(!v.hasCim);
    QVERIFY(scheduleSummary(v).contains("NPU-only system"));
    for (const auto& t : v.hybrid.tasks) QVERIFY(t.lane == Lane::Npu);
    QCOMPARE(page.chart()->barCount(), int(v.hybrid.tasks.size()));
    QCOMPARE(page.chart()->baselineBarCount(), 0);  // identical to the schedule: not drawn twice
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(page.chart()->plot()->yAxis->ticker());
    QVERIFY(ticker);
    QVERIFY(ticker->ticks().values().contains("CIM (none)"));
  }
};

QTEST_MAIN(TestSchedulePage)
#include "test_ui_schedule_page.moc"
