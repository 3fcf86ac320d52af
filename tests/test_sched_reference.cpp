// The exact assignment against the reference DP (support/reference_assign.h) on chains
// of realistic length: random chains of 30-80 layers and 200 sampled paper-space archs,
// lowered and profiled as the search does. With exact bytes (capacityBuckets = 0) the
// two must agree; on the default grid the result must lie within the documented bound
// (docs/scheduler.md, "Capacity"). Latency and energy only: the reference cannot price
// energy·delay by parts (brute force covers it in test_sched_assign).

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "space/space_ops.h"
#include "support/reference_assign.h"
#include "support/test_paths.h"
#include "test_sched_random.h"

using namespace h4h;

Q_DECLARE_METATYPE(h4h::Objective)

namespace {

constexpr double kRelative = 1e-9;  // sums taken in another order

double slack(double value) {
  return kRelative * std::max(1.0, std::abs(value));
}

/// The capacity whose exact optimum a grid result must not be worse than: C - (n-1)(b-1)
/// for cells of b bytes (docs/scheduler.md).
std::int64_t guaranteedCapacity(const AssignConfig& config, std::size_t layers,
                                std::int64_t cellBytes) {
  const std::int64_t loss =
      static_cast<std::int64_t>(layers - 1) * std::max<std::int64_t>(cellBytes - 1, 0);
  return std::max<std::int64_t>(config.cimCapacityBytes - loss, 0);
}

QString mismatch(const char* what, double fast, double reference) {
  return QString("%1: assignExact %2, reference %3")
      .arg(what)
      .arg(fast, 0, 'g', 17)
      .arg(reference, 0, 'g', 17);
}

}  // namespace

class TestSchedReference : public QObject {
  Q_OBJECT

 private slots:
  void referenceEqualsBruteForce();
  void randomLongChains_data();
  void randomLongChains();
  void paperArchs_data();
  void paperArchs();
};

void TestSchedReference::referenceEqualsBruteForce() {
  // The oracle itself, against the other oracle, on chains brute force can enumerate.
  std::mt19937_64 rng(5);
  const test::Capacity capacities[] = {test::Capacity::Zero, test::Capacity::Tight,
                                       test::Capacity::Loose};
  int compared = 0;
  for (int k = 0; k < 300; ++k) {
    const Objective objective = k % 2 ? Objective::Energy : Objective::Latency;
    const int n = 1 + static_cast<int>(rng() % 12);
    const test::RandomCase c = test::randomCase(rng, n, capacities[k % 3], objective);
    const Assignment brute = bruteForceAssign(c.layers, c.profile, c.config);
    const test::ReferenceResult ref = test::referenceAssign(c.layers, c.profile, c.config);
    QCOMPARE(ref.found, brute.feasible);
    if (!ref.found) continue;
    QVERIFY2(std::abs(ref.cost - brute.objectiveValue) <= slack(brute.objectiveValue),
             qPrintable(QString("brute force %1, reference %2")
                            .arg(brute.objectiveValue, 0, 'g', 17)
                            .arg(ref.cost, 0, 'g', 17)));
    // The reference's own pricing agrees with the product's on the devices it chose.
    const Assignment priced = evaluateAssignment(c.layers, c.profile, c.config, ref.device);
    QVERIFY(priced.feasible);
    QVERIFY(std::abs(priced.objectiveValue - ref.cost) <= slack(ref.cost));
    ++compared;
  }
  QVERIFY(compared > 200);
}

void TestSchedReference::randomLongChains_data() {
  QTest::addColumn<Objective>("objective");
  QTest::newRow("latency") << Objective::Latency;
  QTest::newRow("energy") << Objective::Energy;
}

void TestSchedReference::randomLongChains() {
  QFETCH(Objective, objective);
  std::mt19937_64 rng(objective == Objective::Latency ? 101 : 202);
  const test::Capacity capacities[] = {test::Capacity::Tight, test::Capacity::Tight,
                                       test::Capacity::Loose, test::Capacity::Zero};
  AssignWorkspace workspace;
  int binding = 0, gridChecked = 0;
  const int count = 400;
  for (int k = 0; k < count; ++k) {
    const int n = 30 + static_cast<int>(rng() % 51);
    test::RandomCase c = test::randomCase(rng, n, capacities[k % 4], objective);
    const test::ReferenceResult ref = test::referenceAssign(c.layers, c.profile, c.config);

    c.config.capacityBuckets = 0;  // exact bytes: the same optimum
    const Assignment exact = assignExact(c.layers, c.profile, c.config, workspace);
    QCOMPARE(exact.feasible, ref.found);
    if (!ref.found) continue;
    QVERIFY(exact.provenOptimal);
    QVERIFY2(std::abs(exact.objectiveValue - ref.cost) <= slack(ref.cost),
             qPrintable(QString("seed case %1, n=%2: ").arg(k).arg(n) +
                        mismatch("exact bytes", exact.objectiveValue, ref.cost)));
    binding += exact.bucketBytes > 0;

    // The default grid: never better than the optimum, never worse than the optimum of
    // the capacity the bound guarantees (reload prices the excess instead: no bound).
    c.config.capacityBuckets = AssignConfig().capacityBuckets;
    const Assignment grid = assignExact(c.layers, c.profile, c.config, workspace);
    QVERIFY(grid.feasible);
    QVERIFY(grid.objectiveValue >= ref.cost - slack(ref.cost));
    if (grid.bucketBytes > 0 && !c.config.cimAllowReload) {
      AssignConfig smaller = c.config;
      smaller.cimCapacityBytes = guaranteedCapacity(c.config, c.layers.size(), grid.bucketBytes);
      const test::ReferenceResult better = test::referenceAssign(
          c.layers, c.profile, smaller, grid.objectiveValue - slack(grid.objectiveValue));
      QVERIFY2(!better.found, qPrintable(mismatch("grid bound", grid.objectiveValue, better.cost)));
      ++gridChecked;
    }
  }
  QVERIFY(binding > count / 5);  // the capacity DPs, not only the capacity-free optimum
  QVERIFY(gridChecked > count / 5);
}

void TestSchedReference::paperArchs_data() {
  QTest::addColumn<Objective>("objective");
  QTest::newRow("latency") << Objective::Latency;
  QTest::newRow("energy") << Objective::Energy;
}

void TestSchedReference::paperArchs() {
  // As the search measures an arch (HardwareEvaluator): sampled from the space, lowered
  // at the deploy resolution, profiled on the project's hardware. The reference searches
  // below assignExact's value (plus rounding): finding nothing there proves no cheaper
  // assignment exists, finding the same value confirms it.
  QFETCH(Objective, objective);
  const Project project = loadProjectOrThrow(test::projectPath("paper.h4h"));
  LowerOptions lower;
  lower.resolution = project.space.deployResolution;
  std::mt19937_64 rng(objective == Objective::Latency ? 7 : 8);
  AssignWorkspace workspace;
  int binding = 0, gridChecked = 0;
  for (int k = 0; k < 200; ++k) {
    const std::vector<Layer> layers =
        lowerArch(project.space, sampleArch(project.space, rng), lower);
    const NetworkProfile profile = profileNetwork(layers, project.hardware);
    AssignConfig config = assignConfigFor(project.hardware, objective, layers.front().inBytes);
    config.capacityBuckets = 0;
    const Assignment exact = assignExact(layers, profile, config, workspace);
    QVERIFY(exact.feasible && exact.provenOptimal);
    binding += exact.bucketBytes > 0;
    const double limit = exact.objectiveValue + slack(exact.objectiveValue);
    const test::ReferenceResult ref = test::referenceAssign(layers, profile, config, limit);
    QVERIFY2(
        ref.found,
        qPrintable(QString("arch %1: the reference finds no assignment at %2").arg(k).arg(limit)));
    QVERIFY2(std::abs(ref.cost - exact.objectiveValue) <= slack(exact.objectiveValue),
             qPrintable(QString("arch %1: ").arg(k) +
                        mismatch("exact bytes", exact.objectiveValue, ref.cost)));
    if (k % 5 != 0) continue;
    // Every fifth arch, the default grid against its bound, as on the random chains.
    config.capacityBuckets = AssignConfig().capacityBuckets;
    const Assignment grid = assignExact(layers, profile, config, workspace);
    QVERIFY(grid.feasible &&
            grid.objectiveValue >= exact.objectiveValue - slack(exact.objectiveValue));
    if (grid.bucketBytes == 0) continue;
    AssignConfig smaller = config;
    smaller.cimCapacityBytes = guaranteedCapacity(config, layers.size(), grid.bucketBytes);
    const test::ReferenceResult better = test::referenceAssign(
        layers, profile, smaller, grid.objectiveValue - slack(grid.objectiveValue));
    QVERIFY2(!better.found, qPrintable(QString("arch %1: ").arg(k) +
                                       mismatch("grid bound", grid.objectiveValue, better.cost)));
    ++gridChecked;
  }
  QVERIFY(gridChecked > 30);
  QVERIFY(binding > 150);  // the capacity binds on this space
}

QTEST_GUILESS_MAIN(TestSchedReference)
#include "test_sched_reference.moc"
