// The Schedule tab: the view computed along the engine's data path, one Gantt bar per
// task for 1–8 frames with the NPU-only schedule beneath, the objective selector, the
// per-layer table highlighting a layer's bars (and a clicked bar selecting its row),
// hover details, exports (PNG, PDF, Chrome trace, CSV) that are valid files, the
// offscreen renderer, a bad selection reported without a crash, and an NPU-only system
// (hardware.cim.macros = 0) drawn with its CIM lane labelled as absent; bar labels only
// where they fit, a colour per kind group, a selected layer's transfers and arrows, a
// shift+drag time range summed as by hand, the steady-state period named and marked,
// presentation exports with a title block and without the working highlights.

#include <QtTest>
#include <QRegularExpression>

#include <QTableWidget>
#include <qcustomplot.h>

#include "sched/evaluate.h"
#include "ui/common/plot_style.h"
#include "ui/common/units.h"
#include "ui/schedule/gantt_chart.h"
#include "ui/schedule/gantt_export.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/schedule/schedule_page.h"
#include "ui/schedule/schedule_page_data.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/demo_project.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

using test::demoWithSelection;

/// Shows the page at the screenshots' size and computes `frames` frames; false when the
/// window never appeared.
bool showComputed(SchedulePage& page, int frames) {
  page.resize(1400, 900);
  page.show();
  if (!QTest::qWaitForWindowExposed(&page)) return false;
  page.setFrames(frames);
  page.refresh();
  return true;
}

int computeTasks(const Schedule& s) {
  int n = 0;
  for (const auto& t : s.tasks) n += t.type == StepKind::Compute;
  return n;
}

/// A layer of the view whose input or output crosses the link (-1 when none).
int layerWithTransfers(const ScheduleView& v) {
  for (const auto& t : v.hybrid.tasks)
    if (t.type == StepKind::Transfer && t.layerId >= 0 && t.consumerId >= 0) return t.consumerId;
  return -1;
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
    QVERIFY(showComputed(page, 2));
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
    int complete = 0, baseline = 0;
    for (const Json& e : j["traceEvents"])
      if (e.value("ph", std::string()) == "X") ++(e.value("pid", 0) == 1 ? complete : baseline);
    QCOMPARE(complete, int(page.view().hybrid.tasks.size()));
    QCOMPARE(baseline, int(page.view().npuOnly.tasks.size()));  // the NPU-only baseline: process 2
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

  void labelsOnlyInsideWideBars() {
    ProjectDocument doc;
    doc.reset(demoWithSelection(false));  // 18 layers: some bars wide enough at the whole run's zoom
    SchedulePage page(&doc);
    QVERIFY(showComputed(page, 2));
    const ScheduleView& v = page.view();
    GanttChart* chart = page.chart();
    QCPAxis* x = chart->plot()->xAxis;
    chart->plot()->replot();
    auto widthPx = [&](const ScheduleTask& t) {
      return x->coordToPixel(t.endNs / chart->nsPerUnit()) - x->coordToPixel(t.startNs / chart->nsPerUnit());
    };
    const QFontMetricsF metrics(plotTickFont());
    int labelled = 0, bare = 0, narrowest = -1;
    for (int i = 0; i < int(v.hybrid.tasks.size()); ++i) {
      const ScheduleTask& t = v.hybrid.tasks[i];
      const QString label = chart->barLabel(i);
      if (label.isEmpty()) {
        ++bare;
        if (t.type == StepKind::Compute && (narrowest < 0 || widthPx(t) < widthPx(v.hybrid.tasks[narrowest])))
          narrowest = i;
        continue;
      }
      ++labelled;
      QVERIFY2(widthPx(t) > 0.8 * metrics.horizontalAdvance(label), qPrintable(label));
      if (t.type == StepKind::Compute) QVERIFY(label.startsWith(QString::number(t.layerId)));
    }
    QVERIFY(labelled > 0);
    QVERIFY(bare > 0);  // narrow bars stay unlabelled at the whole-schedule zoom
    // Zoomed in on the narrowest unlabelled compute bar, its label appears.
    QVERIFY(narrowest >= 0);
    const ScheduleTask& t = v.hybrid.tasks[narrowest];
    const double mid = (t.startNs + t.endNs) / 2 / chart->nsPerUnit();
    const double half = std::max(1e-9, (t.endNs - t.startNs) / chart->nsPerUnit());
    x->setRange(mid - half, mid + half);
    chart->plot()->replot();
    QVERIFY(chart->barLabel(narrowest).contains(QString::number(t.layerId)));
    QVERIFY(chart->barLabel(narrowest).contains(QString::fromStdString(t.block)));
  }

  void colourGroupPerKind() {
    const std::vector<std::pair<LayerKind, KindGroup>> expected = {
        {LayerKind::Conv, KindGroup::Conv},          {LayerKind::PwConv, KindGroup::Conv},
        {LayerKind::DwConv, KindGroup::Conv},        {LayerKind::Se, KindGroup::Conv},
        {LayerKind::Fc, KindGroup::Linear},          {LayerKind::MlpFc1, KindGroup::Linear},
        {LayerKind::MlpFc2, KindGroup::Linear},      {LayerKind::AttnQkv, KindGroup::Linear},
        {LayerKind::AttnProj, KindGroup::Linear},    {LayerKind::AttnQk, KindGroup::AttnMatmul},
        {LayerKind::AttnAv, KindGroup::AttnMatmul},  {LayerKind::Softmax, KindGroup::Vector},
        {LayerKind::LayerNorm, KindGroup::Vector},   {LayerKind::MlpAct, KindGroup::Vector},
        {LayerKind::Add, KindGroup::Vector},         {LayerKind::Pool, KindGroup::Vector}};
    QCOMPARE(int(expected.size()), kLayerKindCount);
    for (const auto& [kind, group] : expected) QCOMPARE(int(kindGroup(kind)), int(group));
    // Every group, transfers and reloads in their own colour, each named in the legend.
    QSet<QRgb> colours = {linkColor().rgb(), reloadColor().rgb()};
    for (int g = 0; g < kKindGroupCount; ++g) colours.insert(kindGroupColor(KindGroup(g)).rgb());
    QCOMPARE(int(colours.size()), kKindGroupCount + 2);
    GanttChart chart;
    const Project p = demoWithSelection();
    const ScheduleView v = computeScheduleView(p, p.results.selected, Objective::Latency, 3);
    chart.setSchedules(v.hybrid, v.layers, &v.npuOnly);
    QStringList legend;
    for (int i = 0; i < chart.plot()->legend->itemCount(); ++i)
      if (auto* item = qobject_cast<QCPPlottableLegendItem*>(chart.plot()->legend->item(i)))
        legend << item->plottable()->name();
    for (int g = 0; g < kKindGroupCount; ++g) QVERIFY(legend.contains(kindGroupName(KindGroup(g))));
    for (const char* name : {"frame 0", "frame 1 (hatched)", "frame 2"}) QVERIFY2(legend.contains(name), name);
  }

  void selectedLayerHighlightsItsTransfersWithArrows() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.setFrames(2);
    page.refresh();
    const ScheduleView& v = page.view();
    const int layer = layerWithTransfers(v);
    QVERIFY2(layer >= 0, "the demo's largest arch moves data between NPU and CIM");
    int transfers = 0, arrows = 0;
    auto hasCompute = [&](int frame, int id) {
      for (const auto& t : v.hybrid.tasks)
        if (t.type == StepKind::Compute && t.frame == frame && t.layerId == id) return true;
      return false;
    };
    for (const auto& t : v.hybrid.tasks)
      if (t.type == StepKind::Transfer && (t.layerId == layer || t.consumerId == layer)) {
        ++transfers;
        arrows += hasCompute(t.frame, t.layerId) + hasCompute(t.frame, t.consumerId);
      }
    page.selectLayer(layer);
    QCOMPARE(page.chart()->highlightedBars(), 2 * 2);  // its compute bars: 2 frames, system and baseline
    QCOMPARE(page.chart()->highlightedTransfers(), transfers);
    QCOMPARE(page.chart()->arrowCount(), arrows);
    QVERIFY(arrows >= transfers);
    page.selectLayer(-1);
    QCOMPARE(page.chart()->highlightedTransfers(), 0);
    QCOMPARE(page.chart()->arrowCount(), 0);
  }

  void rangeSelectionSumsEqualHandSums() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    QVERIFY(showComputed(page, 3));
    const ScheduleView& v = page.view();
    GanttChart* chart = page.chart();
    chart->plot()->replot();
    // Shift+drag over the middle of the schedule.
    QCPAxis* x = chart->plot()->xAxis;
    const QPoint from(int(x->coordToPixel(0.3 * v.hybrid.makespanNs / chart->nsPerUnit())), 60);
    const QPoint to(int(x->coordToPixel(0.6 * v.hybrid.makespanNs / chart->nsPerUnit())), 80);
    const QCPRange before = x->range();
    QTest::mousePress(chart->plot(), Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(chart->plot(), to);
    QTest::mouseRelease(chart->plot(), Qt::LeftButton, Qt::ShiftModifier, to);
    QVERIFY(chart->hasTimeRange());
    QVERIFY(x->range() == before);  // selecting did not pan
    const RangeStats r = chart->rangeStats();
    QVERIFY(std::abs(r.t0Ns - x->pixelToCoord(from.x()) * chart->nsPerUnit()) < 1e-6 * v.hybrid.makespanNs);
    QVERIFY(std::abs(r.t1Ns - x->pixelToCoord(to.x()) * chart->nsPerUnit()) < 1e-6 * v.hybrid.makespanNs);
    // By hand: each task's time inside the range, and its share of MACs and energy.
    double busy[3] = {0, 0, 0}, macs = 0, energy = 0;
    int partial = 0;
    for (const auto& t : v.hybrid.tasks) {
      const double inside = std::clamp(t.endNs, r.t0Ns, r.t1Ns) - std::clamp(t.startNs, r.t0Ns, r.t1Ns);
      if (inside <= 0) continue;
      const double share = inside / (t.endNs - t.startNs);
      partial += share < 1;
      busy[int(t.lane)] += inside;
      energy += share * t.energyNj;
      if (t.type == StepKind::Compute) macs += share * double(v.layers[t.layerId].macs);
    }
    for (Lane lane : {Lane::Npu, Lane::Cim, Lane::Link})
      QVERIFY(std::abs(r.busyShare(lane) - busy[int(lane)] / (r.t1Ns - r.t0Ns)) < 1e-9);
    QVERIFY(std::abs(r.macs - macs) <= 1e-9 * macs);
    QVERIFY(std::abs(r.energyNj - energy) <= 1e-9 * energy);
    QVERIFY(r.macs > 0 && r.energyNj > 0);
    QCOMPARE(r.partialTasks, partial);
    QVERIFY(chart->rangeText().contains(formatNj(r.energyNj)));
    if (partial > 0) QVERIFY(chart->rangeText().contains("counted in proportion"));
    // The whole run: every frame's MACs and energy.
    const RangeStats all = rangeStats(v.hybrid, v.layers, 0.0, v.hybrid.makespanNs);
    double netMacs = 0;
    for (const Layer& l : v.layers) netMacs += double(l.macs);
    QVERIFY(std::abs(all.macs - 3 * netMacs) <= 1e-9 * netMacs);
    QVERIFY(std::abs(all.energyNj - 3 * v.hybrid.energyPerFrameNj) <= 1e-6 * all.energyNj);
    QCOMPARE(all.partialTasks, 0);
    // Escape clears it.
    QTest::keyClick(chart->plot(), Qt::Key_Escape);
    QVERIFY(!chart->hasTimeRange());
  }

  void summaryNamesTheSteadyStatePeriod() {
    ProjectDocument doc;
    doc.reset(demoWithSelection());
    SchedulePage page(&doc);
    page.setFrames(4);
    page.refresh();
    const ScheduleView& v = page.view();
    // The period the Search tab shows, read off the simulated tasks.
    const double period = steadyPeriodNs(v.hybrid);
    QVERIFY(std::abs(period - steadyStatePeriodNs(v.layers, v.profile, v.eval.hetero)) <= 1e-9 * period);
    const QString summary = page.summaryText();
    QVERIFY2(summary.contains("steady-state period (one frame every " + formatNs(period) + ")"), qPrintable(summary));
    QVERIFY(summary.contains("frames/s"));
    QVERIFY(summary.contains("4 frames take " + formatNs(v.hybrid.makespanNs)));
    QVERIFY(summary.contains(QRegularExpression("steady-state period (the same|[0-9.]+ % (shorter|longer)),")));
    double busiest = 0;
    for (Lane lane : {Lane::Npu, Lane::Cim, Lane::Link}) busiest = std::max(busiest, steadyUtilisation(v.hybrid, lane));
    QVERIFY(std::abs(busiest - 1.0) < 1e-12);  // the bottleneck lane is busy the whole period
    const auto [from, to] = page.chart()->periodMarkNs();
    QVERIFY(std::abs((to - from) - period) <= 1e-9 * period);
    QVERIFY(from > 0 && to <= v.hybrid.makespanNs + 1e-6);
  }

  void presentationExportHasTitleAndNoHighlight() {
    ProjectDocument doc;
    Project p = demoWithSelection();
    p.name = "issue24 demo";
    doc.reset(p);
    SchedulePage page(&doc);
    page.setDialogsEnabled(false);
    page.resize(1400, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.refresh();
    const QString plain = m_dir.filePath("plain.png"), marked = m_dir.filePath("marked.png");
    QVERIFY(page.exportPng(plain));
    const int layer = layerWithTransfers(page.view());
    page.selectLayer(layer);
    page.chart()->setTimeRange(0.2 * page.view().hybrid.makespanNs, 0.5 * page.view().hybrid.makespanNs);
    QVERIFY(page.chart()->arrowCount() > 0);
    QVERIFY(page.exportPng(marked));
    // The picture leaves the working state out and leaves it as it was on screen.
    const QImage a(plain), b(marked);
    QVERIFY(!a.isNull());
    QCOMPARE(a, b);
    QCOMPARE(page.chart()->highlightedLayer(), layer);
    QVERIFY(page.chart()->hasTimeRange());
    // A title block above the 1600 × 700 chart, naming the project, arch and hardware.
    QCOMPARE(a.width(), 1600);
    QVERIFY(a.height() > 700 + 40);
    const QString title = page.exportTitle().plainText();
    QVERIFY(title.contains("issue24 demo"));
    QVERIFY(title.contains(QString::fromStdString(page.view().arch)));
    QVERIFY(title.contains(QString("NPU %1×%2").arg(p.hardware.npu.rows).arg(p.hardware.npu.cols)));
    QVERIFY(title.contains("steady-state period (one frame every"));
    QVERIFY(title.contains("against NPU only"));
    const QString pdf = m_dir.filePath("marked.pdf");
    QVERIFY(page.exportPdf(pdf));
    QVERIFY(readAll(pdf).startsWith("%PDF"));
    // The report's renderer takes the same title block.
    const GanttTitle block = page.exportTitle();
    const QString report = m_dir.filePath("report_gantt.png");
    QVERIFY(renderGanttPng(page.view().hybrid, page.view().layers, report, QSize(1200, 500), nullptr, &block));
    QVERIFY(QImage(report).height() > 500);
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
