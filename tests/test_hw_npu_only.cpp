// An NPU-only system (hardware.cim.macros = 0) as a first-class hardware setting: the
// project file and the npu_only preset accept it, the profiler marks every CIM option
// unsupported with its reason (no division by the macro count anywhere), measured CIM
// rows do not apply, the scheduler puts everything on the NPU (hetero == NPU-only), the
// metrics work on it (`h4h profile` / `h4h schedule`: test_sched_cli).
#include <QtTest>

#include <QTemporaryDir>
#include <cmath>
#include <random>

#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "graph/layer_graph.h"
#include "hw/cim_model.h"
#include "hw/measured_table.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "sched/evaluate.h"
#include "space/space_ops.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

HardwareConfig npuOnlyHardware() {
  ErrorList errors;
  HardwareConfig hw = hardwareFromJson(Json::parse(R"({"preset": "npu_only"})"), "hardware", errors);
  if (!errors.empty()) throw InputError(errors);
  return hw;
}

Project demo() { return loadProjectOrThrow(test::projectPath("demo.h4h")); }

/// The demo's max arch and a few sampled ones (hybrids among them).
std::vector<Arch> demoArchs(const SearchSpace& space) {
  std::mt19937_64 rng(3);
  std::vector<Arch> archs = {maxArch(space), minArch(space)};
  for (int i = 0; i < 6; ++i) archs.push_back(sampleArch(space, rng));
  return archs;
}

}  // namespace

class TestHwNpuOnly : public QObject {
  Q_OBJECT

private slots:
  void zeroMacrosIsValidNegativeIsNot();
  void presetIsArvrWithoutTheCim();
  void everyCimOptionUnsupportedWithReason();
  void measuredCimRowsDoNotApply();
  void heteroEqualsNpuOnly();
  void metricsHaveNoCimLayers();
};

void TestHwNpuOnly::zeroMacrosIsValidNegativeIsNot() {
  ErrorList errors;
  HardwareConfig hw = hardwareFromJson(Json::parse(R"({"cim": {"macros": 0}})"), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(hw.cim.macros, 0);
  QVERIFY(!hw.cim.present());
  QCOMPARE(hw.cim.totalCapacityBytes(), std::int64_t{0});
  const HardwareConfig again = hardwareFromJson(hardwareToJson(hw), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QVERIFY(again == hw);

  hardwareFromJson(Json::parse(R"({"cim": {"macros": -1}})"), "hardware", errors);
  QVERIFY2(errors.joined().find("hardware.cim.macros: must be in [0, 4096] macros (0 = NPU-only)") !=
               std::string::npos,
           errors.joined().c_str());
}

void TestHwNpuOnly::presetIsArvrWithoutTheCim() {
  const std::vector<std::string> socs = presetNames(PresetKind::Soc);
  QVERIFY(std::find(socs.begin(), socs.end(), "npu_only") != socs.end());
  const HardwareConfig npuOnly = npuOnlyHardware();
  ErrorList errors;
  HardwareConfig arvr = hardwareFromJson(Json::parse(R"({"preset": "arvr"})"), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(npuOnly.socPreset, std::string("npu_only"));
  QVERIFY(npuOnly.npu == arvr.npu);
  QCOMPARE(npuOnly.cim.macros, 0);
  arvr.cim.macros = 0;  // everything else equal: setting macros back restores arvr
  QVERIFY(npuOnly.cim == arvr.cim);
}

void TestHwNpuOnly::everyCimOptionUnsupportedWithReason() {
  const Project p = demo();
  const HardwareConfig hw = npuOnlyHardware();
  const CimModel cim(hw.cim, hw.npu);
  QCOMPARE(cim.weightReload(1 << 20).latencyNs, 0.0);
  const CimReloadRate rate = cim.reloadRate();
  QVERIFY(std::isfinite(rate.nsPerByte) && std::isfinite(rate.njPerByte));
  for (const Arch& arch : demoArchs(p.space)) {
    const std::vector<Layer> layers = lowerArch(p.space, arch, LowerOptions{});
    const NetworkProfile profile = profileNetwork(layers, hw);
    for (std::size_t i = 0; i < layers.size(); ++i) {
      QVERIFY(!profile[i].cim.supported);
      QCOMPARE(profile[i].cim.unsupportedReason, UnsupportedReason::NoCim);
      QVERIFY(profile[i].npu.supported);
      QVERIFY(std::isfinite(profile[i].npu.latencyNs) && profile[i].npu.latencyNs > 0.0);
      QVERIFY(std::isfinite(profile[i].cimWeightWrite.latencyNs));
    }
  }
  QVERIFY(std::string(unsupportedReasonText(UnsupportedReason::NoCim)).find("macros = 0") != std::string::npos);
}

void TestHwNpuOnly::measuredCimRowsDoNotApply() {
  const Project p = demo();
  const HardwareConfig hw = npuOnlyHardware();
  const std::vector<Layer> layers = lowerArch(p.space, maxArch(p.space), LowerOptions{});
  MeasuredTable table("t.csv");
  MeasuredRow cimRow;
  cimRow.signature = signatureOf(layers[0]);
  cimRow.device = MeasuredDevice::Cim;
  cimRow.latencyNs = 100.0;
  cimRow.energyNj = 1.0;
  table.add(cimRow);
  MeasuredRow npuRow = cimRow;
  npuRow.device = MeasuredDevice::Npu;
  table.add(npuRow);
  const NetworkProfile profile = profileNetwork(layers, hw, &table);
  QVERIFY(!profile[0].cim.supported);
  QCOMPARE(profile[0].npu.source, CostSource::Measured);
  QCOMPARE(profile[0].npu.latencyNs, 100.0);
}

void TestHwNpuOnly::heteroEqualsNpuOnly() {
  const Project p = demo();
  const HardwareConfig hw = npuOnlyHardware();
  for (Objective objective : {Objective::Latency, Objective::Energy, Objective::Edp}) {
    for (const Arch& arch : demoArchs(p.space)) {
      const std::vector<Layer> layers = lowerArch(p.space, arch, LowerOptions{});
      const NetworkProfile profile = profileNetwork(layers, hw);
      const AssignConfig config = assignConfigFor(hw, objective, layers.front().inBytes);
      QCOMPARE(config.cimCapacityBytes, std::int64_t{0});
      const SystemEval e = evaluateSystem(layers, profile, config);
      QVERIFY2(e.hetero.feasible, e.hetero.why.c_str());
      QCOMPARE(e.hetero.countOn(Device::Cim), 0);
      QCOMPARE(e.hetero.latencyNs, e.npuOnly.latencyNs);
      QCOMPARE(e.hetero.energyNj, e.npuOnly.energyNj);
      QCOMPARE(e.greedy.countOn(Device::Cim), 0);
      QVERIFY(!e.cimOnly.feasible);
      QVERIFY(!e.cimOnly.why.empty());
      const Improvement gain = improvementOver(e.npuOnly, e.hetero);
      QCOMPARE(gain.latencyPct, 0.0);
      QCOMPARE(gain.energyPct, 0.0);
    }
  }
}

void TestHwNpuOnly::metricsHaveNoCimLayers() {
  Project p = demo();
  p.hardware = npuOnlyHardware();
  const EvalContext context = evalContextFor(p);
  for (const Arch& arch : demoArchs(p.space)) {
    const ArchEvaluation e = evaluateArch(context, arch, EvalRequest{EvalDepth::Full, 2});
    QVERIFY2(e.metrics.ok, e.metrics.error.c_str());
    QCOMPARE(e.metrics.cimLayers, 0);
    QCOMPARE(e.metrics.npuLayers, static_cast<int>(e.layers.size()));
    QCOMPARE(e.metrics.latencyMs, e.metrics.npuOnlyLatencyMs);
    QCOMPARE(e.metrics.value("latency_improvement"), 1.0);
    for (const ScheduleTask& t : e.hybrid.tasks) QVERIFY(t.lane == Lane::Npu);
  }
}

QTEST_APPLESS_MAIN(TestHwNpuOnly)
#include "test_hw_npu_only.moc"
