// The exact assignment against brute force on a random corpus, its capacity bound,
// the baselines, and input validation.

#include <QtTest>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "sched/frame_steps.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "test_sched_random.h"

using namespace h4h;
using test::Capacity;

Q_DECLARE_METATYPE(h4h::Objective)
Q_DECLARE_METATYPE(h4h::test::Capacity)

namespace {

bool sameValue(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

QString describe(const test::RandomCase& c, const Assignment& a, const Assignment& b) {
  QString s = QString("n=%1 cap=%2 reload=%3 dp=%4 bf=%5 (dp: ")
                  .arg(c.layers.size())
                  .arg(c.config.cimCapacityBytes)
                  .arg(c.config.cimAllowReload)
                  .arg(a.objectiveValue, 0, 'g', 17)
                  .arg(b.objectiveValue, 0, 'g', 17);
  for (Device d : a.device) s += d == Device::Cim ? 'C' : 'N';
  s += " bf: ";
  for (Device d : b.device) s += d == Device::Cim ? 'C' : 'N';
  return s + ")";
}

}  // namespace

class TestSchedAssign : public QObject {
  Q_OBJECT

private slots:
  void exactEqualsBruteForce_data();
  void exactEqualsBruteForce();
  void exactBucketsMatchExactBytes();
  void coarseBucketsKeepTheirBound();
  void heteroNeverWorseThanBaselines();
  void sampledPaperArchs_data();
  void sampledPaperArchs();
  void pricingFollowsTheRules();
  void residualAcrossDevicesPaysTransfer();
  void edpIsNotTheLatencyOrEnergyOptimum();
  void infeasibleCases();
  void badInputNamesTheField();
  void objectiveNames();
};

void TestSchedAssign::exactEqualsBruteForce_data() {
  QTest::addColumn<Objective>("objective");
  QTest::addColumn<Capacity>("capacity");
  QTest::addColumn<int>("buckets");
  const std::pair<const char*, Objective> objectives[] = {
      {"latency", Objective::Latency}, {"energy", Objective::Energy}, {"edp", Objective::Edp}};
  const std::pair<const char*, Capacity> capacities[] = {
      {"zero", Capacity::Zero}, {"tight", Capacity::Tight}, {"loose", Capacity::Loose}};
  for (const auto& [on, o] : objectives)
    for (const auto& [cn, c] : capacities)
      for (int buckets : {4096, 0})
        QTest::newRow(QString("%1/%2/buckets=%3").arg(on, cn).arg(buckets).toUtf8().constData())
            << o << c << buckets;
}

void TestSchedAssign::exactEqualsBruteForce() {
  QFETCH(Objective, objective);
  QFETCH(Capacity, capacity);
  QFETCH(int, buckets);
  std::mt19937_64 rng(1234 + static_cast<int>(objective) * 31 + static_cast<int>(capacity) * 7 + buckets);
  const int cases = 240;
  int feasible = 0, usedBuckets = 0;
  for (int k = 0; k < cases; ++k) {
    const int n = 1 + k % 14;
    test::RandomCase c = test::randomCase(rng, n, capacity, objective);
    c.config.capacityBuckets = buckets;
    const Assignment dp = assignExact(c.layers, c.profile, c.config);
    const Assignment bf = bruteForceAssign(c.layers, c.profile, c.config);
    QVERIFY2(dp.feasible == bf.feasible, qPrintable(describe(c, dp, bf)));
    QVERIFY2(sameValue(dp.objectiveValue, bf.objectiveValue), qPrintable(describe(c, dp, bf)));
    if (dp.feasible) {
      ++feasible;
      usedBuckets += dp.bucketBytes > 0;
      if (!c.config.cimAllowReload) QVERIFY(dp.cimWeightBytes <= c.config.cimCapacityBytes);
      QCOMPARE(static_cast<int>(dp.device.size()), n);
    }
  }
  QVERIFY(feasible > cases / 2);
  // Tight capacities must exercise the capacity DP, not only the unconstrained fast path.
  if (capacity == Capacity::Tight) QVERIFY(usedBuckets > 10);
}

void TestSchedAssign::exactBucketsMatchExactBytes() {
  // Weights not multiples of a common unit: capacityBuckets = 0 (byte-exact) must still
  // match brute force.
  std::mt19937_64 rng(99);
  for (int k = 0; k < 300; ++k) {
    const Objective o = static_cast<Objective>(k % 3);
    test::RandomCase c = test::randomCase(rng, 1 + k % 13, Capacity::Tight, o, 1);
    for (auto& p : c.profile) p.weightBytes = p.weightBytes * 997 + (p.weightBytes ? k % 89 : 0);
    std::int64_t total = 0;
    for (auto& p : c.profile) total += p.cim.supported ? p.weightBytes : 0;
    c.config.cimCapacityBytes = total * (k % 7) / 10;
    c.config.capacityBuckets = 0;
    const Assignment dp = assignExact(c.layers, c.profile, c.config);
    const Assignment bf = bruteForceAssign(c.layers, c.profile, c.config);
    QVERIFY2(sameValue(dp.objectiveValue, bf.objectiveValue), qPrintable(describe(c, dp, bf)));
  }
}

void TestSchedAssign::coarseBucketsKeepTheirBound() {
  // With cells of b bytes, the DP is feasible at the true capacity and no worse than the
  // exact optimum at capacity C - n (b - 1) (docs/scheduler.md).
  std::mt19937_64 rng(7);
  int strictlyWorse = 0, listCells = 0;
  for (int k = 0; k < 400; ++k) {
    const Objective o = static_cast<Objective>(k % 3);
    test::RandomCase c = test::randomCase(rng, 2 + k % 12, Capacity::Tight, o, 1);
    for (auto& p : c.profile) p.weightBytes = p.weightBytes * 1009 + (p.weightBytes ? 1 + k % 500 : 0);
    std::int64_t total = 0;
    for (auto& p : c.profile) total += p.cim.supported ? p.weightBytes : 0;
    c.config.cimAllowReload = false;
    c.config.cimCapacityBytes = total / 3;
    // Odd cases: the dense grid (<= 64 cells); even ones: the two-ended lists.
    c.config.capacityBuckets = k % 2 ? 1 + k % 16 : 65 + k % 64;
    const Assignment dp = assignExact(c.layers, c.profile, c.config);
    const Assignment bf = bruteForceAssign(c.layers, c.profile, c.config);
    if (!bf.feasible) {
      QVERIFY(!dp.feasible);
      continue;
    }
    if (dp.feasible) {
      QVERIFY(dp.cimWeightBytes <= c.config.cimCapacityBytes);
      QVERIFY(dp.objectiveValue >= bf.objectiveValue * (1 - 1e-12));
    }
    if (dp.feasible && dp.bucketBytes == 0) {
      QVERIFY(sameValue(dp.objectiveValue, bf.objectiveValue));
      continue;
    }
    // Each merge of two entries in one cell may keep the heavier by less than a cell.
    AssignConfig reduced = c.config;
    reduced.cimCapacityBytes = std::max<std::int64_t>(
        0, c.config.cimCapacityBytes - static_cast<std::int64_t>(c.layers.size()) * (dp.bucketBytes - 1));
    const Assignment bound = bruteForceAssign(c.layers, c.profile, reduced);
    QVERIFY2(dp.objectiveValue <= bound.objectiveValue * (1 + 1e-9),
             qPrintable(QString("dp %1 > bound %2").arg(dp.objectiveValue).arg(bound.objectiveValue)));
    strictlyWorse += dp.objectiveValue > bf.objectiveValue * (1 + 1e-9);
    listCells += k % 2 == 0 && dp.bucketBytes > 1;
  }
  QVERIFY(listCells > 20);  // the lists ran on cells of several bytes
  // Coarse grids do lose something sometimes, else this test would not test the bound.
  QVERIFY(strictlyWorse > 0);
}

void TestSchedAssign::heteroNeverWorseThanBaselines() {
  std::mt19937_64 rng(4242);
  for (int k = 0; k < 1500; ++k) {
    const Objective o = static_cast<Objective>(k % 3);
    const Capacity cap = static_cast<Capacity>(k % 3);
    test::RandomCase c = test::randomCase(rng, 1 + k % 40, cap, o);
    const Assignment dp = assignExact(c.layers, c.profile, c.config);
    for (const Assignment& base : {assignNpuOnly(c.layers, c.profile, c.config),
                                   assignCimOnly(c.layers, c.profile, c.config),
                                   assignGreedy(c.layers, c.profile, c.config)}) {
      if (!base.feasible) continue;
      QVERIFY(dp.feasible);
      QVERIFY2(dp.objectiveValue <= base.objectiveValue * (1 + 1e-12),
               qPrintable(QString("dp %1 > baseline %2").arg(dp.objectiveValue).arg(base.objectiveValue)));
    }
  }
}

void TestSchedAssign::sampledPaperArchs_data() {
  QTest::addColumn<Objective>("objective");
  QTest::addColumn<int>("count");
  QTest::newRow("latency") << Objective::Latency << 60;
  QTest::newRow("energy") << Objective::Energy << 40;
  QTest::newRow("edp") << Objective::Edp << 12;
}

void TestSchedAssign::sampledPaperArchs() {
  // Real graphs and profiles (the CIM capacity binds on the paper space): heterogeneous
  // is never worse than either single-device baseline nor greedy, and the default grid
  // stays within 0.5 % of the byte-exact optimum.
  QFETCH(Objective, objective);
  QFETCH(int, count);
  const Project project = loadProjectOrThrow(test::projectPath("paper.h4h"));
  std::mt19937_64 rng(17);
  int bound = 0;
  for (int k = 0; k < count; ++k) {
    const std::vector<Layer> layers = lowerArch(project.space, sampleArch(project.space, rng), {});
    const NetworkProfile profile = profileNetwork(layers, project.hardware);
    AssignConfig cfg = assignConfigFor(project.hardware, objective, layers.front().inBytes);
    const SystemEval e = evaluateSystem(layers, profile, cfg);
    QVERIFY(e.hetero.feasible && e.npuOnly.feasible);
    QVERIFY(e.hetero.provenOptimal);
    QVERIFY(e.hetero.cimWeightBytes <= cfg.cimCapacityBytes);
    for (const Assignment* base : {&e.npuOnly, &e.cimOnly, &e.greedy})
      if (base->feasible) QVERIFY(e.hetero.objectiveValue <= base->objectiveValue * (1 + 1e-12));
    bound += e.hetero.bucketBytes > 0;
    if (k % 4 == 0) {
      cfg.capacityBuckets = 0;
      const Assignment exact = assignExact(layers, profile, cfg);
      QVERIFY(exact.objectiveValue <= e.hetero.objectiveValue * (1 + 1e-12));
      QVERIFY2(e.hetero.objectiveValue <= exact.objectiveValue * 1.005,
               qPrintable(QString("grid %1 vs exact %2").arg(e.hetero.objectiveValue).arg(exact.objectiveValue)));
    }
  }
  QVERIFY(bound > count / 2);
}

void TestSchedAssign::pricingFollowsTheRules() {
  // Three layers N, C, N with output to NPU: two transfers, compute on each device.
  std::vector<Layer> layers(3);
  NetworkProfile profile(3);
  for (int i = 0; i < 3; ++i) {
    layers[i].id = i;
    layers[i].block = "b" + std::to_string(i);
    profile[i].layerId = i;
    profile[i].npu = DeviceCost{true, UnsupportedReason::None, 10.0 * (i + 1), 1.0 * (i + 1)};
    profile[i].cim = DeviceCost{true, UnsupportedReason::None, 3.0, 0.5};
    profile[i].outputTransfer = TransferCost{100.0 * (i + 1), 7.0};
    profile[i].weightBytes = 50;
  }
  AssignConfig cfg;
  cfg.cimCapacityBytes = 60;
  cfg.inputTransfer = TransferCost{1000.0, 9.0};
  cfg.staticPowerW = 0.5;
  const Assignment a = evaluateAssignment(layers, profile, cfg, {Device::Npu, Device::Cim, Device::Npu});
  QVERIFY(a.feasible);
  QCOMPARE(a.transfers, 2);
  QCOMPARE(a.latencyNs, 10.0 + 100.0 + 3.0 + 200.0 + 30.0);
  QCOMPARE(a.energyNj, 1.0 + 7.0 + 0.5 + 7.0 + 3.0 + 0.5 * a.latencyNs);
  QCOMPARE(a.cimWeightBytes, std::int64_t{50});
  // Layer 0 on the CIM pays the input transfer; the last on the CIM pays the output one.
  const Assignment b = evaluateAssignment(layers, profile, cfg, {Device::Cim, Device::Npu, Device::Cim});
  QVERIFY(!b.feasible);  // 100 B > 60 B
  QVERIFY(b.why.find("capacity") != std::string::npos);
  cfg.cimAllowReload = true;
  cfg.reloadNsPerByte = 2.0;
  cfg.reloadNjPerByte = 0.25;
  const Assignment c = evaluateAssignment(layers, profile, cfg, {Device::Cim, Device::Npu, Device::Cim});
  QVERIFY(c.feasible);
  QCOMPARE(c.reloadBytes, std::int64_t{40});
  QCOMPARE(c.latencyNs, 80.0 + 1000.0 + 3.0 + 100.0 + 20.0 + 200.0 + 3.0 + 300.0);
  cfg.outputToNpu = false;
  const Assignment d = evaluateAssignment(layers, profile, cfg, {Device::Cim, Device::Npu, Device::Cim});
  QCOMPARE(d.latencyNs, c.latencyNs - 300.0);
}

void TestSchedAssign::residualAcrossDevicesPaysTransfer() {
  std::vector<Layer> layers(3);
  NetworkProfile profile(3);
  for (int i = 0; i < 3; ++i) {
    layers[i].id = i;
    profile[i].layerId = i;
    profile[i].npu = DeviceCost{true, UnsupportedReason::None, 10.0, 1.0};
    profile[i].cim = DeviceCost{true, UnsupportedReason::None, 10.0, 1.0};
    profile[i].outputTransfer = TransferCost{5.0 * (i + 1), 0.0};
  }
  layers[2].kind = LayerKind::Add;
  layers[2].residualSource = 0;
  AssignConfig cfg;
  cfg.cimCapacityBytes = 1000;
  cfg.outputToNpu = false;
  // N N C: input of layer 2 crosses (layer 1's output, 10) and so does the residual (layer 0's, 5).
  QCOMPARE(evaluateAssignment(layers, profile, cfg, {Device::Npu, Device::Npu, Device::Cim}).latencyNs, 45.0);
  // N C C: input of 1 crosses (5); the residual of 2 reads layer 0 on the NPU (5).
  QCOMPARE(evaluateAssignment(layers, profile, cfg, {Device::Npu, Device::Cim, Device::Cim}).latencyNs, 40.0);
  // Network input residual (-1) on the CIM pays the input transfer.
  layers[2].residualSource = -1;
  cfg.inputTransfer = TransferCost{100.0, 0.0};
  QCOMPARE(evaluateAssignment(layers, profile, cfg, {Device::Npu, Device::Npu, Device::Cim}).latencyNs, 30.0 + 10.0 + 100.0);
}

void TestSchedAssign::edpIsNotTheLatencyOrEnergyOptimum() {
  // Find a case where the EDP optimum differs from both single-objective optima, to be
  // sure the EDP search does more than pick an extreme.
  std::mt19937_64 rng(5);
  int distinct = 0;
  for (int k = 0; k < 400 && distinct < 5; ++k) {
    test::RandomCase c = test::randomCase(rng, 8 + k % 6, Capacity::Loose, Objective::Edp);
    const Assignment edp = assignExact(c.layers, c.profile, c.config);
    c.config.objective = Objective::Latency;
    const Assignment lat = assignExact(c.layers, c.profile, c.config);
    c.config.objective = Objective::Energy;
    const Assignment en = assignExact(c.layers, c.profile, c.config);
    const double e = edp.objectiveValue;
    if (e < lat.latencyNs * lat.energyNj * (1 - 1e-9) && e < en.latencyNs * en.energyNj * (1 - 1e-9)) ++distinct;
  }
  QVERIFY(distinct >= 5);
}

void TestSchedAssign::infeasibleCases() {
  std::vector<Layer> layers(2);
  NetworkProfile profile(2);
  for (int i = 0; i < 2; ++i) {
    layers[i].id = i;
    layers[i].block = "s1.vit0";
    layers[i].kind = LayerKind::AttnQk;
    profile[i].layerId = i;
    profile[i].npu = DeviceCost{true, UnsupportedReason::None, 10.0, 1.0};
    profile[i].cim = DeviceCost{false, UnsupportedReason::NoNearMemoryDigital, 0.0, 0.0};
  }
  AssignConfig cfg;
  const Assignment cim = assignCimOnly(layers, profile, cfg);
  QVERIFY(!cim.feasible);
  QVERIFY(std::isinf(cim.objectiveValue));
  QVERIFY2(cim.why.find("layer 0 (s1.vit0 attn_qk) is not supported on the CIM: activation x activation matmul") !=
               std::string::npos, cim.why.c_str());
  profile[1].npu.supported = false;
  const Assignment none = assignExact(layers, profile, cfg);
  QVERIFY(!none.feasible);
  QVERIFY2(none.why.find("layer 1") != std::string::npos, none.why.c_str());
  QVERIFY(!bruteForceAssign(layers, profile, cfg).feasible);
}

void TestSchedAssign::badInputNamesTheField() {
  std::mt19937_64 rng(3);
  test::RandomCase c = test::randomCase(rng, 5, Capacity::Loose, Objective::Latency);
  auto expectError = [&](const std::vector<Layer>& layers, const NetworkProfile& profile,
                         const AssignConfig& cfg, const std::string& needle) {
    try {
      assignExact(layers, profile, cfg);
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
      return;
    }
    QFAIL(("no error for " + needle).c_str());
  };
  NetworkProfile shortProfile(c.profile.begin(), c.profile.end() - 1);
  expectError(c.layers, shortProfile, c.config, "profile: must have one entry per layer (5) (4)");
  auto layers = c.layers;
  layers[3].residualSource = 3;
  expectError(layers, c.profile, c.config, "layers[3].residualSource");
  auto profile = c.profile;
  profile[2].npu.latencyNs = std::nan("");
  expectError(c.layers, profile, c.config, "profile[2].npu.latencyNs: must be finite and >= 0");
  profile = c.profile;
  profile[1].weightBytes = -4;
  expectError(c.layers, profile, c.config, "profile[1].weightBytes: must be >= 0 (-4)");
  AssignConfig cfg = c.config;
  cfg.capacityBuckets = -1;
  expectError(c.layers, c.profile, cfg, "assign.capacityBuckets: must be in [0, 65536] (0: exact bytes) (-1)");
  cfg = c.config;
  cfg.cimCapacityBytes = -1;
  expectError(c.layers, c.profile, cfg, "assign.cimCapacityBytes");
  expectError({}, {}, c.config, "layers: must not be empty");
  try {
    test::RandomCase big = test::randomCase(rng, 21, Capacity::Loose, Objective::Latency);
    bruteForceAssign(big.layers, big.profile, big.config);
    QFAIL("brute force accepted 21 layers");
  } catch (const InputError& e) {
    QVERIFY(std::string(e.what()).find("at most 20") != std::string::npos);
  }
}

void TestSchedAssign::objectiveNames() {
  for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp}) {
    Objective back = Objective::Latency;
    QVERIFY(parseObjective(objectiveName(o), back));
    QCOMPARE(back, o);
  }
  Objective x = Objective::Energy;
  QVERIFY(!parseObjective("Latency", x));
  QCOMPARE(x, Objective::Energy);
  QCOMPARE(objectiveValue(Objective::Edp, 3.0, 4.0), 12.0);
}

QTEST_APPLESS_MAIN(TestSchedAssign)
#include "test_sched_assign.moc"
