// The Search tab: the points model built from results (front, budgets), a short real
// hardware-only search whose points appear live on the plot (the UI thread's worst
// event-loop gap is reported; bench_ui_pareto holds the timing targets), click and
// table selection kept in sync and stored as results.selected, budget lines and
// infeasible points, the accuracy objective through an injected evaluator, the
// hardware what-if (every arch re-scored, the front recomputed, undo and redo, re-scored
// again when a project saved after one is opened), zoom to front / within budget, log
// axes, density shading, the empty plot, identical-objective groups, parallel
// coordinates linked to the selection, the hypervolume panel, the table's live sort,
// earlier runs overlaid, exports refused without a trained supernet, a 10,000-point
// redraw, and accuracy by prediction (issue 25): its settings, a predictor+verify run fed
// from the search's arch observer (a verified accuracy replaces the point), hollow markers
// for predicted accuracies, and the predictor's line from a generation event or the stored
// predictor.

#include <QtTest>
#include <QDoubleSpinBox>
#include <QSpinBox>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <QUndoStack>
#include <QLineEdit>
#include <QComboBox>

#include <QElapsedTimer>
#include <cmath>
#include <ctime>
#include <random>
#include <QTableView>
#include <QTabWidget>
#include <QAction>
#include <qcustomplot.h>

#include "ui/common/job_runner.h"
#include "ui/search/parallel_coords_view.h"
#include "ui/search/pareto_plot.h"
#include "ui/search/pareto_points.h"
#include "ui/search/pareto_rescore.h"
#include "ui/search/pareto_table.h"
#include "ui/search/predictor_summary.h"
#include "project/project_predictor.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/search/search_page.h"
#include "ui/search/search_history_plot.h"
#include "ui/search/search_page_settings.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "ui/project/section_commands.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

Project demo() { return loadProjectOrThrow(test::projectPath("demo.h4h")); }

Project smallSearch(int generations, int population) {
  Project p = demo();
  p.search.generations = generations;
  p.search.population = population;
  p.search.objectives = {"latency", "energy"};
  p.search.seed = 7;
  p.search.budgets.clear();
  return p;
}

Json metrics(double latency, double energy, double accuracy = NAN) {
  Json m{{"latency_ms", latency}, {"energy_mj", energy}, {"period_ms", latency / 2},
         {"params_m", 1.0},       {"macs_m", 10.0},      {"vit_mbconv_ratio", 0.5}};
  if (std::isfinite(accuracy)) m["accuracy"] = accuracy;
  return m;
}

/// Top-1 made up from the arch (bigger nets score higher): stands in for a supernet.
class FakeAccuracy : public AccuracyEvaluator {
public:
  double top1(const Arch& arch) override {
    int depth = 0, width = 0;
    for (const auto& s : arch.stages) {
      depth += s.mbDepth + s.vitDepth;
      width += s.width;
    }
    return 0.5 + 0.01 * depth + 0.0005 * width;
  }
};

/// FakeAccuracy that counts the archs it measures (from the job's thread).
class CountingAccuracy : public FakeAccuracy {
public:
  explicit CountingAccuracy(std::shared_ptr<std::atomic<int>> calls) : m_calls(std::move(calls)) {}
  double top1(const Arch& arch) override {
    ++*m_calls;
    return FakeAccuracy::top1(arch);
  }

private:
  std::shared_ptr<std::atomic<int>> m_calls;
};

/// `n` archs shaped like a latency/energy search: a front plus a cloud.
ParetoPointSet syntheticSet(int n, const SearchConfig& config) {
  ParetoPointSet set;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.1, 10.0);
  for (int i = 0; i < n; ++i) {
    const double l = u(rng);
    set.upsert("arch" + std::to_string(i), metrics(l, 12.0 / l + u(rng), 0.6 + l / 40), config);
  }
  std::unordered_set<std::string> front;
  for (int i : frontIn2d(set, paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj")))
    front.insert(set.at(i).key);
  set.setFront(front);
  return set;
}

/// CPU time this thread has used, in ms.
double threadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/// Waits for the runner's job to end while the event loop runs.
bool waitFinished(JobRunner& runner, int ms = 60000) {
  QElapsedTimer t;
  t.start();
  while (runner.isRunning() && t.elapsed() < ms) QTest::qWait(10);
  QTest::qWait(20);
  return !runner.isRunning();
}

/// The Search tab, shown, on a small project whose search it ran to the end.
struct FinishedSearch {
  ProjectDocument doc;
  JobRunner runner;
  std::unique_ptr<SearchPage> page;

  FinishedSearch() {
    doc.reset(smallSearch(2, 10));
    page = std::make_unique<SearchPage>(&doc, &runner);
    page->setDialogsEnabled(false);
    page->resize(1280, 800);
    page->show();
  }
  /// False when the page was not shown or the search did not start and finish.
  bool run() { return QTest::qWaitForWindowExposed(page.get()) && page->start() && waitFinished(runner); }
};

}  // namespace

class TestSearchPage : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("search-page-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void pointsFromResultsMarksFrontAndBudgets() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    config.budgets.push_back({"latency_ms", 5.0, -INFINITY});
    ProjectResults r;
    SearchState state;
    for (const auto& [key, m] : {std::pair<const char*, Json>{"a", metrics(1, 9)}, {"b", metrics(2, 2)},
                                 {"c", metrics(3, 3)}, {"d", metrics(6, 1)}, {"e", Json{{"error", "boom"}}}})
      state.cache.emplace(key, ArchMetrics::fromJson(m));
    Json front = metrics(1, 9);
    front["key"] = "a";
    Json front2 = metrics(2, 2);
    front2["key"] = "b";
    ErrorList errors;
    r.pareto = paretoFrontFromJson(Json::array({front, front2}), "pareto", errors);
    QVERIFY(errors.empty());
    const ParetoPointSet set = pointsFromResults(r, config, &state);
    QCOMPARE(set.size(), 5);
    QVERIFY(set.at(set.indexOf("a")).onFront);
    QVERIFY(set.at(set.indexOf("b")).onFront);
    QVERIFY(!set.at(set.indexOf("c")).onFront);
    QVERIFY(!set.at(set.indexOf("d")).feasible);  // 6 ms > 5 ms budget
    QVERIFY(set.at(set.indexOf("e")).failed);
    // The 2-D front of the feasible points: a and b (c is dominated by b; d over budget).
    const std::vector<int> f = frontIn2d(set, paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj"));
    QCOMPARE(int(f.size()), 2);
    QCOMPARE(set.at(f[0]).key, std::string("a"));
  }

  void frontIn2dRespectsMaximisedAxis() {
    SearchConfig config;
    ParetoPointSet set;
    set.upsert("slow-good", metrics(5, 1, 0.9), config);
    set.upsert("fast-bad", metrics(1, 1, 0.6), config);
    set.upsert("slow-bad", metrics(6, 1, 0.5), config);
    const auto f = frontIn2d(set, paretoMetricIndex("latency_ms"), paretoMetricIndex("accuracy"));
    QCOMPARE(int(f.size()), 2);
    QCOMPARE(set.at(f[0]).key, std::string("fast-bad"));
    QCOMPARE(set.at(f[1]).key, std::string("slow-good"));
  }

  void shortSearchShowsPointsLiveWithSmallGaps() {
    ProjectDocument doc;
    doc.reset(smallSearch(5000, 16));
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // Wall-clock gaps between 5 ms ticks (what a user feels; includes the OS giving the
    // CPU to other processes), and the GUI thread's own CPU time between ticks (the
    // work it does itself, independent of machine load).
    QElapsedTimer clock;
    qint64 last = 0, worst = 0, worstAfter = 0;
    double lastCpu = 0, worstCpu = 0;
    QTimer tick;
    tick.setInterval(5);
    clock.start();
    connect(&tick, &QTimer::timeout, [&] {
      const qint64 now = clock.elapsed();
      const double cpu = threadCpuMs();
      qint64& w = runner.isRunning() ? worst : worstAfter;
      w = std::max(w, now - last);
      worstCpu = std::max(worstCpu, cpu - lastCpu);
      last = now;
      lastCpu = cpu;
    });
    QVERIFY2(page.start(), qPrintable(page.statusText()));
    last = clock.elapsed();
    lastCpu = threadCpuMs();
    tick.start();
    // Points appear while the search still runs.
    QTRY_VERIFY_WITH_TIMEOUT(page.plot()->drawnCurrent() >= 32, 30000);
    const bool wasRunning = runner.isRunning();
    QTRY_VERIFY_WITH_TIMEOUT(page.liveText().contains("Generation"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(page.plot()->drawnFront() > 0, 30000);
    QTest::qWait(1500);  // keep measuring while it runs
    page.cancel();
    QVERIFY(waitFinished(runner));
    tick.stop();
    qInfo("UI thread worst event-loop gap: %lld ms wall during the search, %lld ms while storing "
          "its results; worst GUI-thread CPU time between two 5 ms ticks: %.1f ms (%d archs)",
          worst, worstAfter, worstCpu, page.points().size());
    // Timing targets live in bench/bench_ui_pareto (timed unit tests flake on busy machines).
    QVERIFY(wasRunning || page.points().size() > 0);

    // Cancelled: its archs are stored, and Resume is possible.
    const Project& p = doc.project();
    QVERIFY(p.results.searchState);
    QVERIFY(!p.results.pareto.empty());
    QVERIFY(page.statusText().contains("cancelled"));
    page.flush();
    QCOMPARE(page.points().size(), int(p.results.searchState->cache.size()));
    QCOMPARE(page.plot()->drawnCurrent(), page.points().size());
    QCOMPARE(page.tableModel()->rowCount(), page.points().size());
    int fronts = 0;
    for (const auto& pt : page.points().points()) fronts += pt.onFront;
    QCOMPARE(fronts, int(p.results.pareto.size()));
    QVERIFY(page.plot()->stepLinePoints() >= 1);
  }

  void finishedSearchStoresResultsAndClickSelects() {
    FinishedSearch search;
    QVERIFY(search.run());
    ProjectDocument& doc = search.doc;
    SearchPage& page = *search.page;
    QVERIFY2(page.statusText().contains("finished"), qPrintable(page.statusText()));
    page.flush();
    const Project& p = doc.project();
    QVERIFY(!p.results.pareto.empty());
    QCOMPARE(page.plot()->drawnCurrent(), page.points().size());
    QVERIFY(page.points().size() >= 10);

    // Click the first front arch's point.
    const std::string key = p.results.pareto[0].key;
    const auto pixel = page.plot()->pixelOf(key);
    QVERIFY(pixel.has_value());
    const std::string expected = page.plot()->keyAt(*pixel);  // the arch drawn there
    QVERIFY(!expected.empty());
    QTest::mouseClick(page.plot()->plot(), Qt::LeftButton, Qt::NoModifier, pixel->toPoint());
    QCOMPARE(doc.project().results.selected, expected);
    QCOMPARE(page.plot()->selectedKey(), expected);
    const QModelIndex current = page.table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(ParetoTableModel::KeyRole).toString().toStdString(), expected);
    QVERIFY(page.plot()->tooltipFor(expected).contains(QString::fromStdString(expected)));

    // Table -> plot: pick another row.
    const int other = page.points().at(0).key == expected ? 1 : 0;
    const std::string otherKey = page.points().at(other).key;
    const QModelIndex row = page.tableProxy()->mapFromSource(page.tableModel()->index(other, 1));
    page.table()->setCurrentIndex(row);
    QCOMPARE(doc.project().results.selected, otherKey);
    QCOMPARE(page.plot()->selectedKey(), otherKey);
    // Consecutive selections are one undo step back to "" (none).
    doc.undoStack()->undo();
    QCOMPARE(doc.project().results.selected, std::string());
    doc.undoStack()->undo();  // the search results themselves
    QVERIFY(doc.project().results.pareto.empty());
    page.flush();
    QCOMPARE(page.points().size(), 0);
  }

  void filtersNeverChangeTheSelection() {
    FinishedSearch search;
    QVERIFY(search.run());
    ProjectDocument& doc = search.doc;
    SearchPage& page = *search.page;
    page.flush();
    // Select an arch that is not on the front, through the table.
    int row = -1;
    for (int i = 0; i < page.points().size(); ++i)
      if (!page.points().at(i).onFront) row = i;
    QVERIFY(row >= 0);
    const std::string key = page.points().at(row).key;
    page.table()->setCurrentIndex(page.tableProxy()->mapFromSource(page.tableModel()->index(row, 1)));
    QCOMPARE(doc.project().results.selected, key);
    const int undoSteps = doc.undoStack()->count();
    auto* show = page.findChild<QComboBox*>("paretoShow");
    QVERIFY(show);
    show->setCurrentIndex(show->findText("Front only"));
    QCOMPARE(doc.project().results.selected, key);  // hidden, still selected
    QCOMPARE(doc.undoStack()->count(), undoSteps);
    QVERIFY(!page.table()->selectionModel()->hasSelection());
    show->setCurrentIndex(show->findText("All archs"));
    QCOMPARE(page.table()->currentIndex().data(ParetoTableModel::KeyRole).toString().toStdString(), key);
    auto* filter = page.findChild<QLineEdit*>("paretoKeyFilter");
    QVERIFY(filter);
    filter->setText("no arch has this in its key");
    QCOMPARE(doc.project().results.selected, key);
    QCOMPARE(doc.undoStack()->count(), undoSteps);
    filter->clear();
  }

  void budgetsGreyAndDrawLines() {
    Project proj = smallSearch(1, 12);
    ProjectDocument doc;
    doc.reset(proj);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    page.resize(1200, 800);
    page.show();
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    page.flush();
    QCOMPARE(page.plot()->drawnInfeasible(), 0);
    QCOMPARE(page.plot()->budgetLines(), 0);
    // A latency budget at the median latency makes about half the archs infeasible.
    std::vector<double> lat;
    const int li = paretoMetricIndex("latency_ms");
    for (const auto& pt : page.points().points()) lat.push_back(pt.values[li]);
    std::sort(lat.begin(), lat.end());
    SearchConfig c = doc.project().search;
    c.budgets.push_back({"latency_ms", lat[lat.size() / 2], -INFINITY});
    QVERIFY(page.settingsForm()->apply(c, "budget"));
    page.flush();
    QCOMPARE(page.plot()->budgetLines(), 1);
    QVERIFY(page.plot()->drawnInfeasible() > 0);
    QVERIFY(page.plot()->drawnInfeasible() < page.points().size());
    // Not on a shown axis: no line.
    page.setAxes("params_m", "macs_m", "");
    page.flush();
    QCOMPARE(page.plot()->budgetLines(), 0);
    // Refused setting: the project is unchanged and the reason is shown.
    SearchConfig bad = doc.project().search;
    bad.objectives.clear();
    QVERIFY(!page.settingsForm()->apply(bad, "bad"));
    QVERIFY(page.settingsForm()->problem().contains("search.objectives"));
    QCOMPARE(doc.project().search.objectives.size(), std::size_t(2));
  }

  void accuracyObjectiveUsesEvaluatorOrExplains() {
    Project proj = smallSearch(1, 8);
    proj.search.objectives = {"accuracy", "latency"};
    proj.search.accuracySource = "supernet";  // every arch measured (the demo's own is predictor+verify)
    ProjectDocument doc;
    doc.reset(proj);
    JobRunner runner;
    {
      SearchPage page(&doc, &runner);
      page.setDialogsEnabled(false);
      QVERIFY(!page.start());  // no trained supernet
      QVERIFY(page.statusText().contains("trained supernet"));
      QVERIFY(!runner.isRunning());
    }
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    // The weights' identity: the saved search must carry it, so that it never resumes on other weights.
    class Fingerprinted : public FakeAccuracy {
      Json fingerprint() const override { return Json{{"checkpoint_crc32", "0badc0de"}}; }
    };
    page.setAccuracyFactory([](const Project&) { return std::make_shared<Fingerprinted>(); });
    page.resize(1200, 800);
    page.show();
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    QVERIFY2(page.statusText().contains("finished"), qPrintable(page.statusText()));
    page.setAxes("latency_ms", "accuracy", "energy_mj");
    page.flush();
    QVERIFY(page.plot()->drawnCurrent() >= 8);
    const int acc = paretoMetricIndex("accuracy");
    for (const auto& pt : page.points().points()) QVERIFY(pt.values[acc] > 0.5);
    for (const ParetoRecord& e : doc.project().results.pareto) QVERIFY(std::isfinite(e.metrics.accuracy));
    QVERIFY(doc.project().results.searchState);
    QCOMPARE(doc.project().results.searchState->header.accuracy, (Json{{"checkpoint_crc32", "0badc0de"}}));
  }

  void hardwareWhatIfRescoresEveryArch() {
    // A finished search as the starting point, saved so that "clean" is meaningful.
    Project proj = smallSearch(2, 10);
    ProjectDocument doc;
    doc.reset(proj);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    // Give the front an accuracy column: the re-score must keep it.
    ProjectResults r = doc.project().results;
    for (ParetoRecord& e : r.pareto) e.metrics.accuracy = 0.75;
    pushSectionEdit(&doc, &Project::results, "results", r, "accuracy");
    const QString path = m_dir.filePath("whatif.h4h");
    QString error;
    QVERIFY2(doc.save(path, &error), qPrintable(error));
    QVERIFY(!doc.isModified());
    page.flush();
    const ParetoFront before = doc.project().results.pareto;
    const int lat = paretoMetricIndex("latency_ms"), en = paretoMetricIndex("energy_mj");
    const int acc = paretoMetricIndex("accuracy");
    std::map<std::string, std::vector<double>> valuesBefore;
    for (const ParetoPoint& pt : page.points().points()) valuesBefore[pt.key] = pt.values;
    QVERIFY(valuesBefore.size() > before.size());  // dominated archs too

    HardwareConfig hw = doc.project().hardware;
    hw.npu.clockGhz /= 2;
    hw.cim.clockGhz /= 2;
    pushSectionEdit(&doc, &Project::hardware, "hardware", hw, "slower clocks");
    // While it runs the points are greyed and the status says so.
    QVERIFY(page.plot()->stale());
    QVERIFY2(page.statusText().contains("re-scoring"), qPrintable(page.statusText()));
    page.rescorer()->waitForIdle();
    QTRY_COMPARE(page.rescoresApplied(), 1);
    QVERIFY(!page.plot()->stale());
    // Every arch was measured again, not only the front.
    QCOMPARE(page.points().size(), int(valuesBefore.size()));
    for (const ParetoPoint& pt : page.points().points()) {
      QVERIFY(valuesBefore.count(pt.key));
      QVERIFY2(pt.values[lat] > valuesBefore[pt.key][lat], pt.key.c_str());
      const double a = valuesBefore[pt.key][acc];
      QVERIFY(std::isnan(a) ? std::isnan(pt.values[acc]) : pt.values[acc] == a);  // accuracy kept
    }
    // The front is recomputed over all of them: exactly the archs no other one dominates.
    auto checkFront = [&] {
      std::set<std::string> front;
      for (const ParetoRecord& e : doc.project().results.pareto) front.insert(e.key);
      for (const ParetoPoint& a : page.points().points()) {
        bool dominated = false;
        for (const ParetoPoint& b : page.points().points())
          dominated |= b.values[lat] <= a.values[lat] && b.values[en] <= a.values[en] &&
                       (b.values[lat] < a.values[lat] || b.values[en] < a.values[en]);
        QCOMPARE(a.onFront, !dominated);
        QCOMPARE(front.count(a.key) != 0, !dominated);
      }
    };
    checkFront();
    for (const ParetoRecord& e : doc.project().results.pareto)
      if (std::isfinite(valuesBefore[e.key][acc])) QCOMPARE(e.metrics.accuracy, 0.75);
    QVERIFY2(page.statusText().contains(QString("re-scored %1 archs").arg(valuesBefore.size())) &&
                 page.statusText().contains(QString("front %1 → %2 archs")
                                                .arg(before.size())
                                                .arg(doc.project().results.pareto.size())),
             qPrintable(page.statusText()));
    page.flush();
    QCOMPARE(page.plot()->drawnCurrent(), int(valuesBefore.size()));
    const int frontAfter = int(doc.project().results.pareto.size());
    if (doc.project().results.pareto != before) {
      bool ghost = false;
      for (const auto& run : page.previousRuns()) ghost |= run.label.contains("before the hardware");
      QVERIFY(ghost);
    }
    // Undo the hardware edit: every arch is re-scored back to the saved numbers, the
    // front is the saved one, the document is clean again and the status says so.
    doc.undoStack()->undo();
    QVERIFY(page.plot()->stale());
    page.rescorer()->waitForIdle();
    QTRY_COMPARE(page.rescoresApplied(), 2);
    QCOMPARE(doc.project().results.pareto, before);
    QVERIFY(!doc.isModified());
    for (const ParetoPoint& pt : page.points().points()) {
      QCOMPARE(pt.values[lat], valuesBefore[pt.key][lat]);
      QCOMPARE(pt.values[en], valuesBefore[pt.key][en]);
    }
    checkFront();
    QVERIFY2(page.statusText().contains(QString("front %1 → %2 archs").arg(frontAfter).arg(before.size())),
             qPrintable(page.statusText()));
    // Redo: the what-if again.
    doc.undoStack()->redo();
    page.rescorer()->waitForIdle();
    QTRY_COMPARE(page.rescoresApplied(), 3);
    QCOMPARE(int(doc.project().results.pareto.size()), frontAfter);
    checkFront();
  }

  void whatIfSavedWithTheProjectIsReScoredOnOpen() {
    ProjectDocument doc;
    doc.reset(smallSearch(1, 10));
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    HardwareConfig hw = doc.project().hardware;
    hw.npu.clockGhz /= 3;
    pushSectionEdit(&doc, &Project::hardware, "hardware", hw, "slower NPU");
    page.rescorer()->waitForIdle();
    QTRY_COMPARE(page.rescoresApplied(), 1);
    std::map<std::string, double> latency;
    const int lat = paretoMetricIndex("latency_ms");
    for (const ParetoPoint& pt : page.points().points()) latency[pt.key] = pt.values[lat];
    const QString path = m_dir.filePath("whatif-saved.h4h");
    QString error;
    QVERIFY2(doc.save(path, &error), qPrintable(error));
    // The log keeps what the search measured; opening the file re-scores it for the saved hardware.
    ProjectDocument reopened;
    QStringList errors;
    QVERIFY2(reopened.load(path, &errors), qPrintable(errors.join("; ")));
    SearchPage second(&reopened, &runner);
    QVERIFY(second.plot()->stale());
    QVERIFY2(second.statusText().contains("other hardware"), qPrintable(second.statusText()));
    second.rescorer()->waitForIdle();
    QTRY_COMPARE(second.rescoresApplied(), 1);
    QCOMPARE(second.points().size(), int(latency.size()));
    for (const ParetoPoint& pt : second.points().points()) QCOMPARE(pt.values[lat], latency[pt.key]);
    QCOMPARE(reopened.project().results.pareto, doc.project().results.pareto);
    QVERIFY(!reopened.isModified());
  }

  void tableKeepsItsSortOrderAsArchsArrive() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    ParetoPointSet set;
    ParetoTableModel model;
    model.setPoints(&set);
    ParetoFilterProxy proxy;
    proxy.setSourceModel(&model);
    const int latencyColumn = ParetoTableModel::ColFirstMetric + paretoMetricIndex("latency_ms");
    proxy.sort(latencyColumn, Qt::DescendingOrder);
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> u(0.1, 10.0);
    for (int batch = 0; batch < 5; ++batch) {  // as the live feed appends them
      for (int i = 0; i < 40; ++i) set.upsert("b" + std::to_string(batch) + "_" + std::to_string(i),
                                              metrics(u(rng), u(rng)), config);
      model.pointsAppended();
      QCOMPARE(proxy.rowCount(), set.size());
      for (int r = 1; r < proxy.rowCount(); ++r)
        QVERIFY(proxy.index(r - 1, latencyColumn).data(ParetoTableModel::SortRole).toDouble() >=
                proxy.index(r, latencyColumn).data(ParetoTableModel::SortRole).toDouble());
    }
  }

  void zoomToFrontAndFeasibleFitThoseArchs() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    config.budgets.push_back({"latency_ms", 9.0, -INFINITY});
    // A front of 20 archs at the low corner, a cloud of 2,000 dominated ones beyond it.
    ParetoPointSet set;
    std::unordered_set<std::string> frontKeys;
    for (int k = 0; k < 20; ++k) {
      set.upsert("front" + std::to_string(k), metrics(1.0 + k / 20.0, 2.0 - k / 20.0), config);
      frontKeys.insert("front" + std::to_string(k));
    }
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(1.5, 10.0);
    for (int i = 0; i < 2000; ++i) set.upsert("cloud" + std::to_string(i), metrics(u(rng), u(rng)), config);
    set.setFront(frontKeys);
    ParetoPlot plot;
    plot.resize(800, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int lat = paretoMetricIndex("latency_ms"), en = paretoMetricIndex("energy_mj");
    plot.setAxes(lat, en, -1);
    plot.setPoints(&set);
    plot.setBudgets(config.budgets);
    plot.redraw();
    QVERIFY(plot.following());
    auto inView = [&](const ParetoPoint& p) {
      return plot.plot()->xAxis->range().contains(p.values[lat]) && plot.plot()->yAxis->range().contains(p.values[en]);
    };
    QVERIFY(plot.zoomToFront());
    QVERIFY(!plot.following());
    int shown = 0, front = 0;
    for (const ParetoPoint& p : set.points()) {
      if (p.onFront && p.feasible) {
        ++front;
        QVERIFY(inView(p));
      }
      shown += inView(p) ? 1 : 0;
    }
    QCOMPARE(front, 20);
    QVERIFY2(shown < 20 + 40, qPrintable(QString::number(shown)));  // the front, hardly any of the cloud
    QVERIFY(plot.zoomToFeasible());
    for (const ParetoPoint& p : set.points())
      if (p.feasible) QVERIFY(inView(p));
    QVERIFY(plot.plot()->xAxis->range().upper < 9.0 * 1.1);  // the over-budget archs are left out
    plot.resetView();
    QVERIFY(plot.following());
    for (const ParetoPoint& p : set.points()) QVERIFY(inView(p));
    // Nothing to zoom to: the view stays.
    ParetoPointSet none;
    plot.setPoints(&none);
    plot.redraw();
    QVERIFY(!plot.zoomToFront());
    QVERIFY(plot.following());
  }

  void logAxisToggleFromTheViewMenu() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    ParetoPointSet set = syntheticSet(500, config);
    ParetoPlot plot;
    plot.resize(800, 600);
    const int lat = paretoMetricIndex("latency_ms"), en = paretoMetricIndex("energy_mj");
    plot.setAxes(lat, en, -1);
    plot.setPoints(&set);
    plot.redraw();
    QAction* logX = nullptr;
    for (QAction* a : plot.viewActions())
      if (a->text() == "Log scale X") logX = a;
    QVERIFY(logX && logX->isCheckable());
    logX->trigger();
    QVERIFY(plot.logX() && !plot.logY());
    QCOMPARE(plot.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLinear);
    QVERIFY(plot.plot()->xAxis->range().lower > 0);
    for (const ParetoPoint& p : set.points()) QVERIFY(plot.plot()->xAxis->range().contains(p.values[lat]));
    // A log axis spreads the small latencies: the smallest ones lie further apart in pixels.
    plot.plot()->replot();
    const double x0 = plot.plot()->xAxis->coordToPixel(0.2), x1 = plot.plot()->xAxis->coordToPixel(0.4);
    const double x8 = plot.plot()->xAxis->coordToPixel(8.0), x9 = plot.plot()->xAxis->coordToPixel(8.2);
    QVERIFY(x1 - x0 > 5 * (x9 - x8));
    QVERIFY(!plot.keyAt(*plot.pixelOf(set.at(3).key)).empty());  // hover follows the log axis
    logX->trigger();
    QVERIFY(!plot.logX());
    QCOMPARE(plot.plot()->xAxis->scaleType(), QCPAxis::stLinear);
    plot.setLogScale(false, true);
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
  }

  void denseCloudsDrawAsDensityAndHoverStaysExact() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    ParetoPointSet set = syntheticSet(12000, config);
    ParetoPlot plot;
    plot.resize(800, 600);
    plot.setAxes(paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj"), paretoMetricIndex("accuracy"));
    plot.setPoints(&set);
    plot.redraw();
    QVERIFY(plot.densityShown());
    QCOMPARE(plot.drawnCurrent(), 12000);
    // Every arch is still found under the mouse, dominated ones included.
    for (int i : {5, 777, 4321, 11999}) {
      const auto pixel = plot.pixelOf(set.at(i).key);
      QVERIFY(pixel.has_value());
      const std::string hit = plot.keyAt(*pixel);
      QVERIFY(!hit.empty());
      const auto at = plot.pixelOf(hit);
      QVERIFY(std::hypot(at->x() - pixel->x(), at->y() - pixel->y()) < 0.5);
    }
    ParetoPointSet few = syntheticSet(300, config);
    plot.setPoints(&few);
    plot.redraw();
    QVERIFY(!plot.densityShown());
  }

  void emptyPlotShowsAxesAndAPlaceholder() {
    ProjectDocument doc;
    doc.reset(demo());
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.flush();
    QVERIFY(page.plot()->placeholderText().contains("No archs yet"));
    QTest::qWait(50);  // the replot a resize queues
    const QRect rect = page.plot()->plot()->axisRect()->rect();
    QVERIFY2(rect.height() > 150 && rect.width() > 200,
             qPrintable(QString("%1x%2").arg(rect.width()).arg(rect.height())));
  }

  void identicalObjectivesAreGrouped() {
    SearchConfig config;
    config.objectives = {"latency", "energy"};
    ParetoPointSet set;
    set.upsert("a", metrics(1, 5), config);
    set.upsert("b", metrics(2, 2), config);
    set.upsert("c", metrics(2, 2), config);
    set.upsert("d", metrics(3, 1), config);
    set.upsert("e", metrics(2, 2), config);
    set.setFront({"a", "b", "c", "d", "e"});
    QCOMPARE(set.identicalCount(set.indexOf("b")), 3);
    QCOMPARE(set.identicalCount(set.indexOf("e")), 3);
    QCOMPARE(set.identicalCount(set.indexOf("a")), 1);
    QCOMPARE(set.identical(set.indexOf("c")), (std::vector<int>{1, 2, 4}));
    ParetoTableModel model;
    model.setPoints(&set);
    QCOMPARE(model.index(2, ParetoTableModel::ColIdentical).data().toString(), QString("3 archs"));
    QVERIFY(model.index(2, ParetoTableModel::ColIdentical).data(Qt::ToolTipRole).toString().contains("e"));
    QCOMPARE(model.index(0, ParetoTableModel::ColIdentical).data().toString(), QString());
    ParetoPlot plot;
    plot.resize(600, 400);
    plot.setAxes(paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj"), -1);
    plot.setPoints(&set);
    plot.redraw();
    QCOMPARE(plot.drawnCurrent(), 5);
    QCOMPARE(plot.mergedIdentical(), 2);  // one marker for b, c and e
    QCOMPARE(plot.drawnFront(), 3);
    QVERIFY(plot.tooltipFor("b").contains("3 archs with identical objective values"));
    QVERIFY(plot.tooltipFor("b").contains(">&nbsp;· e") || plot.tooltipFor("b").contains("· e"));
    // On axes where they differ they are drawn apart.
    set.upsert("e", metrics(2, 2.5), config);
    QCOMPARE(set.identicalCount(set.indexOf("b")), 2);
    QCOMPARE(set.identicalCount(set.indexOf("e")), 1);
    plot.redraw();
    QCOMPARE(plot.mergedIdentical(), 1);
  }

  void parallelCoordinatesFollowAndMakeTheSelection() {
    FinishedSearch search;
    QVERIFY(search.run());
    SearchPage& page = *search.page;
    page.views()->setCurrentWidget(page.parallelCoords());
    page.flush();
    ParallelCoordsView* pc = page.parallelCoords();
    const int stages = int(search.doc.project().space.stages.size());
    // Width, depth, ViT per stage (those the archs differ in) + latency, energy.
    QVERIFY(pc->axisCount() > 4 && pc->axisCount() <= 3 * stages + 2);
    QVERIFY(pc->axisTitle(0).startsWith("S"));
    QVERIFY(pc->axisTitle(pc->axisCount() - 2).contains("Latency"));
    QVERIFY(pc->axisTitle(pc->axisCount() - 1).contains("Energy"));
    QCOMPARE(pc->lineCount(), page.points().size());
    // A click on the energy axis selects the arch whose line passes there.
    const std::string key = search.doc.project().results.pareto.back().key;
    const QPointF at = pc->pixelOf(key, pc->axisCount() - 1);
    QVERIFY(at.x() >= 0);
    const std::string hit = pc->keyAt(QPointF(at.toPoint()));  // where the click lands
    QVERIFY(!hit.empty());
    QTest::mouseClick(pc, Qt::LeftButton, Qt::NoModifier, at.toPoint());
    QCOMPARE(search.doc.project().results.selected, hit);
    QCOMPARE(pc->selectedKey(), hit);
    QCOMPARE(page.plot()->selectedKey(), hit);
    // A selection made elsewhere is highlighted here.
    const std::string other = page.points().at(0).key == hit ? page.points().at(1).key : page.points().at(0).key;
    page.selectArch(QString::fromStdString(other));
    QCOMPARE(pc->selectedKey(), other);
  }

  void hypervolumePanelFollowsTheSearch() {
    FinishedSearch search;
    QVERIFY(search.run());
    SearchPage& page = *search.page;
    const Json history = search.doc.project().results.searchState->history;
    SearchHistoryPlot* panel = page.historyPlot();
    QCOMPARE(panel->generations(), int(history.size()));
    QVERIFY(panel->generations() >= 2);
    for (int i = 0; i < panel->generations(); ++i) {
      QVERIFY(std::isfinite(panel->hypervolumeAt(i)));
      QVERIFY(panel->frontSizeAt(i) > 0);
    }
    QCOMPARE(panel->frontSizeAt(panel->generations() - 1), int(search.doc.project().results.pareto.size()));
    // A page opened on the stored run shows the same history.
    SearchPage reopened(&search.doc, &search.runner);
    QCOMPARE(reopened.historyPlot()->generations(), int(history.size()));
    QCOMPARE(reopened.historyPlot()->hypervolumeAt(0), panel->hypervolumeAt(0));
    // A stall is counted (and drawn) once the hypervolume stops growing.
    SearchHistoryPlot stalled;
    Json h = Json::array();
    const double values[] = {0.1, 0.3, 0.35, 0.35, 0.35, 0.35};
    for (int g = 0; g < 6; ++g) h.push_back(Json{{"generation", g}, {"hypervolume", values[g]}, {"front", 4}});
    stalled.setHistory(h);
    QCOMPARE(stalled.stalledGenerations(), 3);
    stalled.addGeneration(6, 0.4, 5);
    QCOMPARE(stalled.stalledGenerations(), 0);
  }

  void resumeExtendsTheStoredSearch() {
    ProjectDocument doc;
    doc.reset(smallSearch(1, 8));
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    QVERIFY(!page.resume());  // nothing saved yet
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    page.flush();
    const int before = page.points().size();
    const int history = int(doc.project().results.searchState->history.size());
    SearchConfig c = doc.project().search;
    c.generations = 3;
    QVERIFY(page.settingsForm()->apply(c, "more generations"));
    QVERIFY2(page.resume(), qPrintable(page.statusText()));
    QVERIFY(waitFinished(runner));
    QVERIFY2(page.statusText().contains("finished"), qPrintable(page.statusText()));
    page.flush();
    QVERIFY(page.previousRuns().empty());  // the same run, continued
    QVERIFY(page.points().size() > before);
    QCOMPARE(int(doc.project().results.searchState->history.size()), history + 2);
    QCOMPARE(page.points().size(), int(doc.project().results.searchState->cache.size()));
    // Other settings than generations cannot be resumed: the job says why.
    c.seed = 12345;
    QVERIFY(page.settingsForm()->apply(c, "seed"));
    QVERIFY(page.resume());
    QVERIFY(waitFinished(runner));
    QVERIFY2(page.statusText().contains("failed") && page.statusText().contains("settings"),
             qPrintable(page.statusText()));
  }

  void exportSubnetWithoutCheckpointExplains() {
    ProjectDocument doc;
    Project p = demo();
    p.results.selected = archKey(maxArch(p.space));
    doc.reset(p);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    QVERIFY(!page.exportSelectedSubnet(m_dir.filePath("export")));
    QVERIFY2(page.statusText().contains("no trained supernet"), qPrintable(page.statusText()));
    QVERIFY(!runner.isRunning());
  }

  void budgetWithMoreDecimalsThanShownSurvivesOtherEdits() {
    ProjectDocument doc;
    Project p = smallSearch(2, 8);
    p.search.budgets = {{"latency_ms", 0.3125, -INFINITY}};
    doc.reset(p);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    auto* generations = page.findChild<QSpinBox*>("searchGenerations");
    auto* budget = page.findChild<QDoubleSpinBox*>("searchLatencyBudget");
    QVERIFY(generations && budget);
    generations->setValue(5);
    QCOMPARE(doc.project().search.generations, 5);
    QCOMPARE(doc.project().search.budgets.size(), std::size_t(1));
    QCOMPARE(doc.project().search.budgets[0].max, 0.3125);  // not the box's 0.313
    budget->setValue(0.25);  // an edit of the budget itself is taken as typed
    QCOMPARE(doc.project().search.budgets[0].max, 0.25);
  }

  void tenThousandPointsRedrawFast() {
    SearchConfig config;
    config.budgets.push_back({"latency_ms", 8.0, -INFINITY});
    const ParetoPointSet set = syntheticSet(10000, config);
    ParetoPlot plot;
    plot.resize(1000, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setAxes(paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj"), paretoMetricIndex("accuracy"));
    plot.setPoints(&set);
    plot.setBudgets(config.budgets);
    plot.redraw();  // warm-up
    QElapsedTimer t;
    t.start();
    const int rounds = 5;
    for (int i = 0; i < rounds; ++i) plot.redraw();
    const double ms = double(t.elapsed()) / rounds;
    qInfo("10,000-point Pareto redraw: %.1f ms", ms);
    t.restart();
    for (int i = 0; i < rounds; ++i) plot.plot()->replot();
    qInfo("of which replot: %.1f ms", double(t.elapsed()) / rounds);
    QCOMPARE(plot.drawnCurrent(), 10000);
    QVERIFY(plot.drawnInfeasible() > 1000);
    // Hover lookup over 10,000 points.
    const auto pixel = plot.pixelOf(set.at(17).key);
    QVERIFY(pixel.has_value());
    t.restart();
    const std::string hit = plot.keyAt(*pixel);
    qInfo("hover lookup: %lld ms", t.elapsed());
    QVERIFY(!hit.empty());
    // Offscreen render.
    const QString png = m_dir.filePath("pareto.png");
    QVERIFY(renderParetoPng(set, paretoMetricIndex("latency_ms"), paretoMetricIndex("energy_mj"),
                            paretoMetricIndex("accuracy"), config.budgets, set.at(17).key, png, QSize(800, 600)));
    QImage img(png);
    QCOMPARE(img.size(), QSize(800, 600));
  }

  void accuracySourceSettingsRoundTrip() {
    ProjectDocument doc;
    Project p = smallSearch(2, 8);
    p.search.accuracySource = "supernet";  // the demo project's own is predictor+verify
    p.search.accuracyStderr = 0.00123;  // 0.123 points: more decimals than the box shows
    doc.reset(p);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    auto* source = page.findChild<QComboBox*>("searchAccuracySource");
    auto* verify = page.findChild<QSpinBox*>("searchVerifyEvery");
    auto* stderrBox = page.findChild<QDoubleSpinBox*>("searchAccuracyStderr");
    auto* generations = page.findChild<QSpinBox*>("searchGenerations");
    QVERIFY(source && verify && stderrBox && generations);
    QVERIFY(!verify->isEnabled());  // supernet mode: nothing to verify
    QVERIFY(!source->toolTip().isEmpty() && !verify->toolTip().isEmpty() && !stderrBox->toolTip().isEmpty());
    source->setCurrentIndex(source->findData("predictor+verify"));
    QCOMPARE(doc.project().search.accuracySource, std::string("predictor+verify"));
    QVERIFY(verify->isEnabled());
    verify->setValue(3);
    QCOMPARE(doc.project().search.verifyEvery, 3);
    generations->setValue(4);  // another edit keeps the stored standard error exactly
    QCOMPARE(doc.project().search.accuracyStderr, 0.00123);
    QCOMPARE(stderrBox->value(), 0.12);  // shown in accuracy points
    stderrBox->setValue(0.5);
    QCOMPARE(doc.project().search.accuracyStderr, 0.005);
    const Json j = searchConfigToJson(doc.project().search);
    QCOMPARE(j.value("accuracy", std::string()), std::string("predictor+verify"));
    QCOMPARE(j.value("verify_every", 0), 3);
    QCOMPARE(j.value("accuracy_stderr", 0.0), 0.005);
    doc.undoStack()->undo();  // the standard error
    QCOMPARE(stderrBox->value(), 0.12);
    source->setCurrentIndex(source->findData("predictor"));
    QCOMPARE(doc.project().search.accuracySource, std::string("predictor"));
    QVERIFY(!verify->isEnabled());
  }

  void predictorRunFeedsEachArchOnceAndReplacesVerified() {
    Project proj = smallSearch(2, 10);
    proj.search.objectives = {"accuracy", "latency"};
    proj.search.accuracySource = "predictor+verify";
    proj.search.verifyEvery = 1;
    QVERIFY(QDir().mkpath(m_dir.filePath("predictor")));
    proj.filePath = m_dir.filePath("predictor/demo.h4h").toStdString();  // the predictor is stored beside it
    ProjectDocument doc;
    doc.reset(proj);
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    auto calls = std::make_shared<std::atomic<int>>(0);
    page.setAccuracyFactory([calls](const Project&) { return std::make_shared<CountingAccuracy>(calls); });
    page.resize(1200, 800);
    page.show();
    QVERIFY(page.predictorText().isEmpty());  // supernet results, no stored predictor: hidden
    QVERIFY2(page.start(), qPrintable(page.statusText()));
    QVERIFY(waitFinished(runner));
    QVERIFY2(page.statusText().contains("finished"), qPrintable(page.statusText()));
    page.flush();
    const Project& p = doc.project();
    QVERIFY(p.results.searchState);
    const auto& cache = p.results.searchState->cache;
    // One row per arch (a re-report replaced its point), each as the search stored it last.
    QCOMPARE(page.points().size(), int(cache.size()));
    QCOMPARE(page.tableModel()->rowCount(), int(cache.size()));
    const int acc = paretoMetricIndex("accuracy");
    int predicted = 0;
    for (const auto& [key, metrics] : cache) {
      const int i = page.points().indexOf(key);
      QVERIFY2(i >= 0, key.c_str());
      const ParetoPoint& pt = page.points().at(i);
      QCOMPARE(pt.accuracyPredicted, metrics.accuracyPredicted);
      QCOMPARE(pt.values[acc], metrics.accuracy);
      predicted += metrics.accuracyPredicted;
    }
    QVERIFY(predicted > 0);
    // The supernet measured only what the search asked for, not every arch.
    qInfo("%d of %d archs measured", calls->load(), int(cache.size()));
    QVERIFY(calls->load() < int(cache.size()));
    // predictor+verify: the front holds measured accuracies only.
    for (const ParetoRecord& e : p.results.pareto) QVERIFY(!e.metrics.accuracyPredicted);
    QVERIFY2(page.predictorText().startsWith("Accuracy predictor: ridge on"), qPrintable(page.predictorText()));

    // The completed search stored its predictor: a page opened on the project shows it.
    QVERIFY(loadStoredPredictor(p).has_value());
    SearchPage reopened(&doc, &runner);
    QVERIFY2(reopened.predictorText().startsWith("Stored accuracy predictor: ridge on"),
             qPrintable(reopened.predictorText()));
    // A malformed file: its error in that line, never a crash.
    QFile file(QString::fromStdString(predictorPath(p)));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{ not json");
    file.close();
    SearchPage broken(&doc, &runner);
    QVERIFY2(broken.predictorText().contains("not valid JSON"), qPrintable(broken.predictorText()));
  }

  void predictedAccuraciesAreHollowAndMarked() {
    SearchConfig config;
    config.objectives = {"accuracy", "latency"};
    ParetoPointSet set;
    Json guessed = metrics(1, 1, 0.884);
    guessed["accuracy_predicted"] = true;
    set.upsert("guessed", guessed, config);
    set.upsert("measured", metrics(2, 1, 0.9), config);
    set.upsert("hardware-only", metrics(3, 1), config);
    QVERIFY(set.hasPredictedAccuracy());
    const int acc = paretoMetricIndex("accuracy"), lat = paretoMetricIndex("latency_ms");
    const int energy = paretoMetricIndex("energy_mj");
    const ParetoPoint& g = set.at(set.indexOf("guessed"));
    QVERIFY(g.accuracyPredicted);
    QVERIFY(paretoMarkerHollow(g, lat, acc, -1));
    QVERIFY(paretoMarkerHollow(g, lat, energy, acc));       // accuracy as the colour
    QVERIFY(!paretoMarkerHollow(g, lat, energy, -1));       // accuracy not shown: nothing estimated
    QVERIFY(!paretoMarkerHollow(set.at(set.indexOf("measured")), lat, acc, -1));
    QCOMPARE(formatPointMetric(g, acc), QString("88.40 % (pred.)"));
    QCOMPARE(formatPointMetric(set.at(set.indexOf("measured")), acc), QString("90.00 %"));

    ParetoPlot plot;
    plot.resize(800, 600);
    plot.setPoints(&set);
    plot.setAxes(lat, acc, -1);
    plot.redraw();
    QCOMPARE(plot.drawnHollow(), 1);
    QVERIFY(plot.legendShowsPredicted());
    QVERIFY(plot.tooltipFor("guessed").contains("predicted by the accuracy predictor"));
    QVERIFY(plot.tooltipFor("measured").contains("measured on the supernet"));
    QVERIFY(!plot.tooltipFor("hardware-only").contains("supernet"));
    plot.setAxes(lat, energy, -1);
    plot.redraw();
    QCOMPARE(plot.drawnHollow(), 0);
    QVERIFY(!plot.legendShowsPredicted());

    ParetoTableModel model;
    model.setPoints(&set);
    const int column = ParetoTableModel::ColFirstMetric + acc;
    const QModelIndex cell = model.index(set.indexOf("guessed"), column);
    QCOMPARE(cell.data().toString(), QString("88.40 % (pred.)"));
    QVERIFY(cell.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains("predicted"));
    QVERIFY(!model.index(set.indexOf("measured"), column).data(Qt::FontRole).value<QFont>().italic());

    // The hardware what-if keeps where each accuracy came from.
    const Project proj = demo();
    const std::string key = archKey(minArch(proj.space));
    const ArchRescore r = rescoreArchs(proj, {ArchToRescore{key, 0.884, true}, ArchToRescore{"x", NAN, false}});
    QVERIFY(r.metrics.at(key).accuracyPredicted);
    QCOMPARE(r.metrics.at(key).accuracy, 0.884);
    QVERIFY(r.metrics.at(key).toJson().value("accuracy_predicted", false));
  }

  void predictorLineFromGenerationEvent() {
    const Json summary{{"model", "ridge"},
                       {"samples", 48},
                       {"seed_samples", 0},
                       {"lambda", 0.3},
                       {"quality",
                        {{"train", 36}, {"held_out", 12}, {"rmse", 0.0041}, {"kendall_tau", 0.72},
                         {"spearman_rho", 0.851}}}};
    QCOMPARE(predictorSummaryText(summary),
             QString("Accuracy predictor: ridge on 48 measured archs — held-out Kendall τ 0.72, Spearman ρ 0.85, "
                     "RMSE 0.41 points (36 fitted / 12 held out)"));
    Json fresh{{"model", "ridge"}, {"samples", 9}, {"seed_samples", 4}, {"lambda", 1.0}};
    QCOMPARE(predictorSummaryText(fresh), QString("Accuracy predictor: ridge on 9 measured archs (4 from the stored "
                                                  "predictor) — too few measurements for held-out figures yet"));
    QVERIFY(predictorSummaryText(Json()).isEmpty());  // supernet mode: the event's "predictor" is null
  }

  void newSearchKeepsEarlierRunFaded() {
    ProjectDocument doc;
    doc.reset(smallSearch(1, 8));
    JobRunner runner;
    SearchPage page(&doc, &runner);
    page.setDialogsEnabled(false);
    page.resize(1200, 800);
    page.show();
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    const int first = page.points().size();
    SearchConfig c = doc.project().search;
    c.seed = 99;
    QVERIFY(page.settingsForm()->apply(c, "seed"));
    QVERIFY(page.start());
    QVERIFY(waitFinished(runner));
    page.flush();
    QCOMPARE(int(page.previousRuns().size()), 1);
    QCOMPARE(page.previousRuns()[0].points.size(), first);
    QCOMPARE(page.plot()->drawnPrevious(), first);
  }
};

QTEST_MAIN(TestSearchPage)
#include "test_ui_search_page.moc"
