// Pipeline simulation invariants on random chains and a hand-checked two-device case.

#include <QtTest>

#include <algorithm>
#include <map>
#include <random>

#include "sched/assign.h"
#include "sched/evaluate.h"
#include "sched/frame_steps.h"
#include "sched/pipeline.h"
#include "test_sched_random.h"

using namespace h4h;
using test::Capacity;

namespace {

constexpr double kTol = 1e-6;

/// A chain of `n` layers alternating between devices by construction: NPU-fast and
/// CIM-fast layers in blocks, so the optimum uses both and frames can overlap.
test::RandomCase twoPhaseChain() {
  test::RandomCase c;
  for (int i = 0; i < 6; ++i) {
    Layer l;
    l.id = i;
    l.block = i < 3 ? "front" : "back";
    l.kind = LayerKind::PwConv;
    c.layers.push_back(l);
    LayerProfile p;
    p.layerId = i;
    p.npu = DeviceCost{true, UnsupportedReason::None, i < 3 ? 10.0 : 100.0, 1.0};
    p.cim = DeviceCost{true, UnsupportedReason::None, i < 3 ? 100.0 : 10.0, 1.0};
    p.outputTransfer = TransferCost{5.0, 0.5};
    p.weightBytes = 10;
    c.profile.push_back(p);
  }
  c.config.cimCapacityBytes = 1000;
  c.config.outputToNpu = false;
  return c;
}

}  // namespace

class TestSchedPipeline : public QObject {
  Q_OBJECT

private slots:
  void invariantsOnRandomChains();
  void longRunsReachTheSteadyState();
  void singleFrameHasNoGaps();
  void framesOverlapAcrossDevices();
  void reloadRunsOnTheCimLane();
  void rejectsBadInput();
};

void TestSchedPipeline::invariantsOnRandomChains() {
  std::mt19937_64 rng(2024);
  int overlapped = 0;
  for (int k = 0; k < 600; ++k) {
    const Objective o = static_cast<Objective>(k % 3);
    test::RandomCase c = test::randomCase(rng, 1 + k % 30, static_cast<Capacity>(k % 3), o);
    const Assignment a = assignExact(c.layers, c.profile, c.config);
    if (!a.feasible) continue;
    const int frames = 1 + k % 7;
    const Schedule s = simulatePipeline(c.layers, c.profile, a, frames);
    const std::vector<FrameStep> steps = frameSteps(c.layers, c.profile, c.config, a.device);
    QCOMPARE(s.frames, frames);
    QCOMPARE(s.tasks.size(), steps.size() * frames);
    QVERIFY(std::abs(s.frameLatencyNs - a.latencyNs) <= kTol * std::max(1.0, a.latencyNs));
    QCOMPARE(s.energyPerFrameNj, a.energyNj);

    // Lanes: one task at a time.
    std::map<int, std::vector<const ScheduleTask*>> byLane, byFrame;
    for (const ScheduleTask& t : s.tasks) {
      QVERIFY(t.endNs >= t.startNs);
      byLane[static_cast<int>(t.lane)].push_back(&t);
      byFrame[t.frame].push_back(&t);
    }
    for (auto& [lane, tasks] : byLane) {
      std::stable_sort(tasks.begin(), tasks.end(), [](auto* x, auto* y) { return x->startNs < y->startNs; });
      for (std::size_t i = 1; i < tasks.size(); ++i)
        QVERIFY2(tasks[i]->startNs >= tasks[i - 1]->endNs - kTol, "lane overlap");
    }
    // Frames: the steps in order, each after the previous one (this covers every data
    // dependency: a layer's input transfer, residual transfer and the layer itself).
    double dynamicEnergy = 0.0;
    for (auto& [frame, tasks] : byFrame) {
      QCOMPARE(tasks.size(), steps.size());  // in simulation order
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        const ScheduleTask& t = *tasks[i];
        QCOMPARE(t.layerId, steps[i].layerId);
        QCOMPARE(t.type, steps[i].kind);
        QCOMPARE(t.lane, steps[i].lane);
        QVERIFY(std::abs((t.endNs - t.startNs) - steps[i].latencyNs) <= kTol);
        if (t.type == StepKind::Compute) QCOMPARE(t.lane, laneOf(a.device[t.layerId]));
        if (t.type == StepKind::Transfer) QCOMPARE(t.lane, Lane::Link);
        if (i > 0) QVERIFY2(t.startNs >= tasks[i - 1]->endNs - kTol, "dependency violated");
        dynamicEnergy += t.energyNj;
      }
    }
    QVERIFY(std::abs(dynamicEnergy / frames + a.staticEnergyNj - a.energyNj) <= 1e-9 * std::max(1.0, a.energyNj));
    // Throughput: no lane can do more than its work per frame in one period.
    const double bottleneck = std::max({laneWorkPerFrame(s, Lane::Npu), laneWorkPerFrame(s, Lane::Cim),
                                        laneWorkPerFrame(s, Lane::Link)});
    QVERIFY2(s.periodNs >= bottleneck - kTol,
             qPrintable(QString("period %1 < busiest lane %2 (frames %3)").arg(s.periodNs).arg(bottleneck).arg(frames)));
    QVERIFY(s.periodNs <= s.frameLatencyNs + kTol);
    QVERIFY(s.makespanNs >= frames * bottleneck - kTol);
    QVERIFY(std::abs(steadyStatePeriodNs(c.layers, c.profile, a) - bottleneck) <= kTol * std::max(1.0, bottleneck));
    for (double u : {s.utilNpu, s.utilCim, s.utilLink}) QVERIFY(u >= 0.0 && u <= 1.0 + 1e-12);
    overlapped += frames > 1 && s.makespanNs < frames * s.frameLatencyNs - kTol;
  }
  QVERIFY(overlapped > 50);
}

void TestSchedPipeline::longRunsReachTheSteadyState() {
  // With many frames the simulated rate approaches the busiest lane's work per frame.
  std::mt19937_64 rng(77);
  int checked = 0;
  for (int k = 0; k < 60; ++k) {
    test::RandomCase c = test::randomCase(rng, 5 + k % 25, Capacity::Tight, static_cast<Objective>(k % 3));
    const Assignment a = assignExact(c.layers, c.profile, c.config);
    if (!a.feasible) continue;
    const int frames = 96;
    const Schedule s = simulatePipeline(c.layers, c.profile, a, frames);
    const double steady = steadyStatePeriodNs(c.layers, c.profile, a);
    QVERIFY(s.makespanNs >= frames * steady - kTol);
    QVERIFY2(s.makespanNs <= frames * steady + 2 * s.frameLatencyNs,
             qPrintable(QString("makespan %1, %2 frames of %3, latency %4")
                            .arg(s.makespanNs).arg(frames).arg(steady).arg(s.frameLatencyNs)));
    QVERIFY(s.periodNs >= steady - kTol && s.periodNs <= steady * 1.05 + 2 * s.frameLatencyNs / frames);
    ++checked;
  }
  QVERIFY(checked > 30);
}

void TestSchedPipeline::singleFrameHasNoGaps() {
  std::mt19937_64 rng(11);
  for (int k = 0; k < 200; ++k) {
    test::RandomCase c = test::randomCase(rng, 1 + k % 25, Capacity::Tight, Objective::Latency);
    const Assignment a = assignExact(c.layers, c.profile, c.config);
    if (!a.feasible) continue;
    const Schedule s = simulatePipeline(c.layers, c.profile, a, 1);
    double t = 0.0;
    for (const ScheduleTask& task : s.tasks) {
      QVERIFY(std::abs(task.startNs - t) <= kTol);
      t = task.endNs;
    }
    QVERIFY(std::abs(t - a.latencyNs) <= kTol * std::max(1.0, a.latencyNs));
    QVERIFY(std::abs(s.makespanNs - a.latencyNs) <= kTol * std::max(1.0, a.latencyNs));
    QVERIFY(s.periodNs <= s.frameLatencyNs + kTol);
  }
}

void TestSchedPipeline::framesOverlapAcrossDevices() {
  // Layers 0-2 fast on the NPU, 3-5 fast on the CIM: frame f+1 runs its NPU half while
  // frame f runs its CIM half. Per frame: NPU 30, link 5 (one transfer), CIM 30.
  test::RandomCase c = twoPhaseChain();
  const Assignment a = assignExact(c.layers, c.profile, c.config);
  QVERIFY(a.feasible);
  QCOMPARE(a.latencyNs, 65.0);
  const Schedule s = simulatePipeline(c.layers, c.profile, a, 4);
  QCOMPARE(s.periodNs, 30.0);
  QCOMPARE(s.makespanNs, 65.0 + 3 * 30.0);
  QCOMPARE(s.throughputFps, 1e9 / 30.0);
  // Frame 1's first layer starts as soon as frame 0 leaves the NPU, while frame 0 crosses
  // the link and runs on the CIM.
  for (const ScheduleTask& t : s.tasks)
    if (t.frame == 1 && t.layerId == 0 && t.type == StepKind::Compute) QCOMPARE(t.startNs, 30.0);
  QVERIFY(std::abs(s.utilNpu - 120.0 / 155.0) < 1e-12);
  // The baselines' totals come along when scheduled through evaluate.h.
  const SystemEval e = evaluateSystem(c.layers, c.profile, c.config);
  const Schedule full = scheduleSystem(c.layers, c.profile, e, 4);
  QCOMPARE(full.baselines.size(), std::size_t{3});
  QCOMPARE(full.baselines[0].name, std::string("npu-only"));
  QCOMPARE(full.baselines[0].latencyNs, 330.0);
  QCOMPARE(full.baselines[0].periodNs, 330.0);
  QCOMPARE(full.baselines[0].cimLayers, 0);
  QCOMPARE(full.baselines[1].name, std::string("cim-only"));
  QVERIFY(full.baselines[1].feasible);
  QCOMPARE(full.baselines[1].latencyNs, 330.0 + 0.0);  // input transfer costs 0 here
}

void TestSchedPipeline::reloadRunsOnTheCimLane() {
  test::RandomCase c = twoPhaseChain();
  c.config.cimCapacityBytes = 25;  // three CIM layers of 10 B: 5 B over
  c.config.cimAllowReload = true;
  c.config.reloadNsPerByte = 1.0;
  c.config.reloadNjPerByte = 0.1;
  const Assignment a = assignExact(c.layers, c.profile, c.config);
  QVERIFY(a.feasible);
  QCOMPARE(a.reloadBytes, std::int64_t{5});
  const Schedule s = simulatePipeline(c.layers, c.profile, a, 2);
  int reloads = 0;
  for (const ScheduleTask& t : s.tasks) {
    if (t.type != StepKind::Reload) continue;
    ++reloads;
    QCOMPARE(t.lane, Lane::Cim);
    QCOMPARE(t.endNs - t.startNs, 5.0);
    QCOMPARE(t.bytes, std::int64_t{5});
  }
  QCOMPARE(reloads, 2);
}

void TestSchedPipeline::rejectsBadInput() {
  test::RandomCase c = twoPhaseChain();
  const Assignment a = assignExact(c.layers, c.profile, c.config);
  for (int frames : {0, -3, kMaxScheduleFrames + 1}) {
    try {
      simulatePipeline(c.layers, c.profile, a, frames);
      QFAIL("accepted a bad frame count");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).rfind("frames: must be in [1, 1024]", 0) == 0, e.what());
    }
  }
  Assignment bad = a;
  bad.feasible = false;
  bad.why = "because";
  QVERIFY_THROWS_EXCEPTION(InputError, simulatePipeline(c.layers, c.profile, bad, 2));
  bad = a;
  bad.device.pop_back();
  QVERIFY_THROWS_EXCEPTION(InputError, simulatePipeline(c.layers, c.profile, bad, 2));
}

QTEST_APPLESS_MAIN(TestSchedPipeline)
#include "test_sched_pipeline.moc"
