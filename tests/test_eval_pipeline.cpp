// The one evaluation chain (eval/): the context built from a project (its measured
// table, objective, resolution and grid, with overrides), the metrics depth the search
// runs agreeing with the full depth the CLI and studio show, a reused workspace giving
// the same results as fresh objects, and the search's HardwareEvaluator being exactly it.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <random>

#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "graph/layer_graph.h"
#include "hw/measured_table.h"
#include "project/project_io.h"
#include "sched/pipeline.h"
#include "search/hardware_evaluator.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "util/errors.h"

using namespace h4h;

namespace {

Project demo() { return loadProjectOrThrow(test::projectPath("demo.h4h")); }

std::vector<Arch> sampled(const SearchSpace& space, int count) {
  std::mt19937_64 rng(7);
  std::vector<Arch> archs = {maxArch(space), minArch(space)};
  while (static_cast<int>(archs.size()) < count) archs.push_back(sampleArch(space, rng));
  return archs;
}

/// A measured table with one row: the first layer of the max arch on the NPU.
std::string writeMeasuredTable(const QTemporaryDir& dir, const Project& project) {
  LowerOptions lower;
  lower.resolution = project.space.deployResolution;
  const Layer first = lowerArch(project.space, maxArch(project.space), lower).front();
  const LayerSignature g = signatureOf(first);
  const std::string path = dir.filePath("measured.csv").toStdString();
  std::ofstream out(path);
  out << measuredTableHeader() << "\n"
      << layerKindName(g.kind) << "," << g.in.c << "," << g.in.h << "," << g.in.w << "," << g.out.c << ","
      << g.out.h << "," << g.out.w << "," << g.kernel << "," << g.stride << "," << g.groups
      << ",npu,123456,789\n";
  return path;
}

}  // namespace

class TestEvalPipeline : public QObject {
  Q_OBJECT
private slots:
  void contextTakesTheProjectsSettings() {
    const Project p = demo();
    const EvalContext c = evalContextFor(p);
    QCOMPARE(c.resolution, 0);  // each subnet at its own resolution
    QCOMPARE(c.fingerprint()["resolution"].get<std::string>(), std::string("subnet"));
    QCOMPARE(c.capacityBuckets, AssignConfig().capacityBuckets);
    Objective objective = Objective::Latency;
    QVERIFY(parseObjective(p.search.scheduleObjective, objective));
    QCOMPARE(c.objective, objective);
    QVERIFY(!c.measured);
    QVERIFY(!c.fingerprint().contains("capacity_buckets"));  // old saved searches still resume
  }

  void overridesReplaceTheProjectsSettings() {
    const Project p = demo();
    EvalOverrides o;
    o.objective = Objective::Energy;
    o.resolution = 40;
    o.capacityBuckets = 64;
    const EvalContext c = evalContextFor(p, o);
    QCOMPARE(c.objective, Objective::Energy);
    QCOMPARE(c.resolution, 40);
    QCOMPARE(c.assignConfig(1000).capacityBuckets, 64);
    QCOMPARE(c.fingerprint()["capacity_buckets"].get<int>(), 64);
    QCOMPARE(c.fingerprint()["objective"].get<std::string>(), std::string("energy"));
  }

  /// A subnet is costed at its own resolution choice unless the space fixes one
  /// (NASViT / AttentiveNAS: resolution is one of a subnet's choices).
  void subnetIsCostedAtItsOwnResolution() {
    Project p = demo();
    p.space.trainResolutions = {24, 32};
    Arch small = maxArch(p.space), large = small;
    small.resolution = 24;
    large.resolution = 32;
    const EvalContext own = evalContextFor(p);
    QCOMPARE(own.resolutionOf(small), 24);
    QCOMPARE(own.resolutionOf(large), 32);
    const ArchEvaluation a = evaluateArch(own, small, EvalRequest{});
    const ArchEvaluation b = evaluateArch(own, large, EvalRequest{});
    QCOMPARE(a.layers.front().in.h, std::int64_t(24));
    QCOMPARE(b.layers.front().in.h, std::int64_t(32));
    QVERIFY(a.eval.npuOnly.latencyNs < b.eval.npuOnly.latencyNs);

    p.space.fixedDeployResolution = true;  // every subnet deployed at deploy_resolution
    const EvalContext fixed = evalContextFor(p);
    QCOMPARE(fixed.resolution, p.space.deployResolution);
    QCOMPARE(fixed.fingerprint()["resolution"].get<int>(), p.space.deployResolution);
    const ArchEvaluation c = evaluateArch(fixed, small, EvalRequest{});
    const ArchEvaluation d = evaluateArch(fixed, large, EvalRequest{});
    QCOMPARE(c.layers.front().in.h, std::int64_t(p.space.deployResolution));
    QCOMPARE(c.eval.npuOnly.latencyNs, d.eval.npuOnly.latencyNs);
  }

  void measuredTableOfTheProjectIsApplied() {
    QTemporaryDir dir;
    Project p = demo();
    p.filePath = dir.filePath("demo.h4h").toStdString();
    writeMeasuredTable(dir, p);
    p.hardware.measuredTablePath = "measured.csv";  // relative to the project file
    const EvalContext c = evalContextFor(p);
    QVERIFY(c.measured);
    QCOMPARE(c.measured->rows().size(), std::size_t(1));
    QCOMPARE(c.fingerprint()["measured"].size(), std::size_t(1));
    const ArchEvaluation e = evaluateArch(c, maxArch(p.space), EvalRequest{});
    QCOMPARE(e.profile.front().npu.latencyNs, 123456.0);

    p.hardware.measuredTablePath = "missing.csv";
    try {
      evalContextFor(p);
      QFAIL("no error for a missing measured table");
    } catch (const InputError& err) {
      QVERIFY2(QString(err.what()).contains("missing.csv"), err.what());
    }
  }

  void metricsDepthAgreesWithFullDepth() {
    const Project p = demo();
    const EvalContext c = evalContextFor(p);
    for (const Arch& arch : sampled(p.space, 12)) {
      const ArchEvaluation m = evaluateArch(c, arch, EvalRequest{});
      const ArchEvaluation f = evaluateArch(c, arch, EvalRequest{EvalDepth::Full, 3});
      QCOMPARE(m.metrics.toJson(), f.metrics.toJson());
      QCOMPARE(m.eval.hetero.device, f.eval.hetero.device);
      QCOMPARE(f.arch, archKey(arch));
      if (!f.feasible()) continue;
      const SystemEval reference = evaluateSystem(f.layers, f.profile, f.config);
      QCOMPARE(f.eval.greedy.device, reference.greedy.device);
      QCOMPARE(f.eval.cimOnly.feasible, reference.cimOnly.feasible);
      QCOMPARE(f.hybrid.frames, 3);
      QCOMPARE(f.hybrid.baselines.size(), std::size_t(3));
      QCOMPARE(f.hybrid.arch, archKey(arch));
      QCOMPARE(f.hasNpuOnlySchedule, f.eval.npuOnly.feasible);
      QCOMPARE(f.metrics.periodMs, steadyStatePeriodNs(f.layers, f.profile, f.eval.hetero) / 1e6);
      QCOMPARE(f.metrics.latencyMs, f.eval.hetero.latencyNs / 1e6);
    }
  }

  void reusedWorkspaceEqualsFreshResults() {
    const Project p = demo();
    const EvalContext c = evalContextFor(p);
    ArchEvaluation workspace;
    // Full first, then metrics: nothing of the full evaluation may leak into the next.
    evaluateArchInto(c, maxArch(p.space), EvalRequest{EvalDepth::Full, 2}, workspace);
    for (const Arch& arch : sampled(p.space, 10)) {
      evaluateArchInto(c, arch, EvalRequest{}, workspace);
      const ArchEvaluation fresh = evaluateArch(c, arch, EvalRequest{});
      QCOMPARE(workspace.metrics.toJson(), fresh.metrics.toJson());
      QCOMPARE(workspace.layers.size(), fresh.layers.size());
      QVERIFY(workspace.hybrid.tasks.empty());
      QVERIFY(!workspace.hasNpuOnlySchedule);
      QVERIFY(workspace.eval.greedy.device.empty());
    }
  }

  void hardwareEvaluatorIsTheMetricsDepth() {
    const Project p = demo();
    auto context = std::make_shared<const EvalContext>(evalContextFor(p));
    HardwareEvaluator evaluator(context);
    QCOMPARE(evaluator.fingerprint(), context->fingerprint());
    for (const Arch& arch : sampled(p.space, 8))
      QCOMPARE(evaluator.evaluate(arch).toJson(), evaluateArch(*context, arch, EvalRequest{}).metrics.toJson());
  }

  void badFramesAreRefused() {
    const Project p = demo();
    QVERIFY_THROWS_EXCEPTION(InputError, evaluateArch(evalContextFor(p), maxArch(p.space),
                                                      EvalRequest{EvalDepth::Full, 0}));
  }
};

QTEST_APPLESS_MAIN(TestEvalPipeline)
#include "test_eval_pipeline.moc"
