// NPU models and the profiler: hand-worked NPU costs, energy as the sum of its parts,
// the profiler entry point (CIM and link details: test_hw_cim.cpp; memory modes:
// test_hw_memory.cpp), the Ethos-U65-256 calibration on MobileNetV2 and utilisation on the paper
// space's largest hybrid.
#include <QtTest>

#include <cmath>

#include "graph/layer_graph.h"
#include "hw/cim_model.h"
#include "hw/link_model.h"
#include "hw/npu_memory.h"
#include "hw/npu_model.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "hw/vector_ops.h"
#include "project/project_io.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "test_hw_nets.h"

using namespace h4h;

namespace {

Layer makeLayer(LayerKind kind, TensorShape in, TensorShape out, GemmView g, std::int64_t weightBytes) {
  Layer l;
  l.kind = kind;
  l.in = in;
  l.out = out;
  l.gemm = g;
  l.macs = g.macs();
  l.weightBytes = weightBytes;
  l.inBytes = in.elements();
  l.outBytes = out.elements();
  l.kernel = kind == LayerKind::DwConv ? 3 : 1;
  return l;
}

/// A 4x4 weight-stationary array at 1 GHz with round numbers: weights and feature maps
/// in SRAM, no access latencies, bursts no longer than an 8-channel run (the memory
/// hierarchy has its own tests in test_hw_memory.cpp).
NpuConfig tinyNpu() {
  NpuConfig c;
  c.memoryMode = NpuMemoryMode::SramOnly;
  c.sramLatencyCycles = 0;
  c.dramLatencyCycles = 0;
  c.sramBurstBytes = 8;
  c.dramBurstBytes = 8;
  c.rows = 4;
  c.cols = 4;
  c.clockGhz = 1.0;
  c.dataflow = Dataflow::WeightStationary;
  c.sramBytes = 1 << 20;
  c.sramBandwidthGBs = 4.0;  // 4 bytes per cycle
  c.dramBandwidthGBs = 1.0;  // 1 byte per cycle
  c.energyPerMacPj = 1.0;
  c.energyPerSramBytePj = 2.0;
  c.energyPerDramBytePj = 10.0;
  c.energyPerVectorOpPj = 0.5;
  c.staticPowerMw = 10.0;
  c.layerOverheadCycles = 10;
  c.vectorOpsPerCycle = 4;
  return c;
}

Layer tinyPwconv() {
  // M = 16 pixels, K = 8, N = 4; 512 MACs; 128 B in, 64 B out, 32 B weights.
  return makeLayer(LayerKind::PwConv, {8, 4, 4}, {4, 4, 4}, {16, 8, 4, 1}, 32);
}

std::vector<Layer> variedLayers() {
  std::vector<Layer> v;
  v.push_back(makeLayer(LayerKind::PwConv, {64, 14, 14}, {128, 14, 14}, {196, 64, 128, 1}, 8192));
  v.push_back(makeLayer(LayerKind::DwConv, {96, 28, 28}, {96, 28, 28}, {784, 9, 1, 96}, 864));
  Layer qk = makeLayer(LayerKind::AttnQk, {128, 7, 7}, {4, 49, 49}, {49, 16, 49, 4}, 0);
  qk.activationOperands = true;
  v.push_back(qk);
  Layer add = makeLayer(LayerKind::Add, {64, 14, 14}, {64, 14, 14}, {}, 0);
  add.inBytes *= 2;
  v.push_back(add);
  v.push_back(makeLayer(LayerKind::LayerNorm, {64, 14, 14}, {64, 14, 14}, {}, 128));
  v.push_back(makeLayer(LayerKind::Fc, {1280, 1, 1}, {1000, 1, 1}, {1, 1280, 1000, 1}, 1281000));
  return v;
}

bool near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b)); }

}  // namespace

class TestHwModels : public QObject {
  Q_OBJECT

private slots:
  void npuHandWorkedLayer();
  void npuVectorLayer();
  void energyIsSumOfParts();
  void profilerCombinesModels();
  void mobileNetV2Calibration();
  void paperMaxArchUtilisation();
};

void TestHwModels::npuHandWorkedLayer() {
  const NpuModel npu(tinyNpu());
  const NpuBreakdown b = npu.breakdown(tinyPwconv());
  // WS: S_R = K = 8 -> 2 row folds, S_C = 4, T = 16: 8 + 2*4 + 2*(4 + 16 - 2) = 52.
  QCOMPARE(qint64(b.computeCycles), qint64(52));
  // SRAM: 128 + 64 + 32 B of weights + 4 channels × 10 B of scale/bias = 264 bytes at
  // 4 B/cycle = 66 cycles (memory bound), + 10 cycles of overhead.
  QCOMPARE(qint64(b.sramBytes), qint64(264));
  QCOMPARE(qint64(b.sramCycles), qint64(66));
  QCOMPARE(qint64(b.dramBytes), qint64(0));
  QCOMPARE(qint64(b.totalCycles), qint64(76));
  QVERIFY(near(b.latencyNs, 76.0));
  QVERIFY(near(b.utilization, 512.0 / (16.0 * 76.0)));
  // 512 MACs * 1 pJ + 264 B * 2 pJ + 10 mW * 76 ns = 0.512 + 0.528 + 0.76 nJ.
  QVERIFY(near(b.macEnergyNj, 0.512));
  QVERIFY(near(b.sramEnergyNj, 0.528));
  QVERIFY(near(b.staticEnergyNj, 0.76));
  const DeviceCost c = npu.cost(tinyPwconv());
  QVERIFY(c.supported);
  QVERIFY(near(c.energyNj, 1.8));
  QCOMPARE(qint64(c.cycles), qint64(76));
  QCOMPARE(qint64(c.sramBytes), qint64(264));
  QCOMPARE(c.source, CostSource::Model);

  // Half the clock: the same cycles take twice as long.
  NpuConfig slow = tinyNpu();
  slow.clockGhz = 0.5;
  slow.sramBandwidthGBs = 2.0;  // still 4 B/cycle
  QVERIFY(near(NpuModel(slow).cost(tinyPwconv()).latencyNs, 152.0));
}

void TestHwModels::npuVectorLayer() {
  const NpuModel npu(tinyNpu());
  Layer ln = makeLayer(LayerKind::LayerNorm, {16, 2, 2}, {16, 2, 2}, {}, 32);
  const NpuBreakdown b = npu.breakdown(ln);
  // 5 ops per element * 64 elements / 4 ops per cycle = 80 cycles; SRAM (64+64)/4 = 32
  // (the affine parameters ride with the vector unit's operands, not as weights).
  QCOMPARE(qint64(b.vectorOps), qint64(320));
  QCOMPARE(qint64(b.computeCycles), qint64(80));
  QCOMPARE(qint64(b.totalCycles), qint64(90));
  QCOMPARE(b.utilization, 0.0);
  QVERIFY(near(b.vectorEnergyNj, 0.16));
  QCOMPARE(b.macEnergyNj, 0.0);
}

void TestHwModels::energyIsSumOfParts() {
  const HardwareConfig hw = defaultHardware();
  CimConfig cimCfg = hw.cim;
  cimCfg.nearMemoryDigital = true;
  const NpuModel npu(hw.npu);
  const CimModel cim(cimCfg, hw.npu);
  for (const Layer& l : variedLayers()) {
    const NpuBreakdown n = npu.breakdown(l);
    const double nParts = n.macEnergyNj + n.vectorEnergyNj + n.sramEnergyNj + n.dramEnergyNj + n.staticEnergyNj;
    QVERIFY(near(npu.cost(l).energyNj, nParts));
    QVERIFY(n.macEnergyNj >= 0 && n.sramEnergyNj > 0 && n.staticEnergyNj > 0);
    QVERIFY(near(n.macEnergyNj, l.macs * hw.npu.energyPerMacPj * 1e-3) || isVectorLayer(l));
    QVERIFY(near(n.staticEnergyNj, hw.npu.staticPowerMw * n.latencyNs * 1e-3));
    QVERIFY(near(n.sramEnergyNj + n.dramEnergyNj,
                 (n.sramBytes * hw.npu.energyPerSramBytePj + n.dramBytes * hw.npu.energyPerDramBytePj) * 1e-3));
    QCOMPARE(n.sramBytes, n.sramReadBytes + n.sramWriteBytes);
    QCOMPARE(n.dramBytes, n.dramReadBytes + n.dramWriteBytes);
    // shared_sram: every layer with weights streams them (and their scale/bias) from DRAM.
    QCOMPARE(n.dramReadBytes, npuWeightStreamBytes(l));
    QVERIFY(n.sramReadBytes >= l.inBytes && n.sramWriteBytes >= l.outBytes);

    const CimBreakdown c = cim.breakdown(l);
    QVERIFY(c.path != CimPath::Unsupported);
    const double cParts = c.arrayReadEnergyNj + c.macEnergyNj + c.peripheralEnergyNj + c.vectorEnergyNj +
                          c.bufferEnergyNj + c.writeEnergyNj + c.staticEnergyNj;
    QVERIFY(near(cim.cost(l).energyNj, cParts));
    QVERIFY(near(c.bufferEnergyNj, (l.inBytes + l.outBytes) * cimCfg.energyPerBufferBytePj * 1e-3));
    QCOMPARE(c.writeEnergyNj, 0.0);  // weights are programmed at load, not per frame
  }
}

void TestHwModels::profilerCombinesModels() {
  const HardwareConfig hw = defaultHardware();
  std::vector<Layer> layers = variedLayers();
  for (std::size_t i = 0; i < layers.size(); ++i) layers[i].id = static_cast<int>(10 + i);
  const NetworkProfile p = profileNetwork(layers, hw);
  QCOMPARE(p.size(), layers.size());
  const NpuModel npu(hw.npu);
  const NpuMemoryPlan plan = planNpuMemory(layers, hw.npu);
  const CimModel cim(hw.cim, hw.npu);
  const LinkModel link(hw.link, hw.npu);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    QCOMPARE(p[i].layerId, layers[i].id);
    QCOMPARE(p[i].npu.latencyNs, npu.cost(layers[i], plan.placements[i]).latencyNs);
    QCOMPARE(p[i].npu.energyNj, npu.cost(layers[i], plan.placements[i]).energyNj);
    QCOMPARE(p[i].npu.dramBytes, npu.cost(layers[i], plan.placements[i]).dramBytes);
    QCOMPARE(p[i].cim.supported, cim.cost(layers[i]).supported);
    QCOMPARE(p[i].cim.latencyNs, cim.cost(layers[i]).latencyNs);
    QCOMPARE(p[i].outputTransfer.latencyNs, link.transfer(layers[i].outBytes).latencyNs);
    QCOMPARE(p[i].outBytes, layers[i].outBytes);
    QCOMPARE(p[i].weightBytes, layers[i].weightBytes);
    QVERIFY(p[i].npu.latencyNs > 0);
  }
  // The attention matmul cannot sit in the macros of the default (no NMD) CIM.
  QVERIFY(!p[2].cim.supported);
  QCOMPARE(p[2].cimWeightWrite.latencyNs, 0.0);
  QVERIFY(p[0].cimWeightWrite.latencyNs > 0);
}

void TestHwModels::mobileNetV2Calibration() {
  // Arm's Vela estimate for MobileNetV2-1.0 @224 int8 on Ethos-U65-256 (High_End
  // system, weights and feature maps in SRAM): 3.18 ms, depthwise layers about 30 % of
  // the cycles but about 7 % of the MACs. test_hw_memory checks all three memory modes.
  const std::vector<Layer> layers = test::mobileNetV2Layers();
  HardwareConfig hw = defaultHardware();
  hw.npu.memoryMode = NpuMemoryMode::SramOnly;
  hw.npu.sramBytes = 8 << 20;  // Vela's Sram_Only: an SRAM as large as the network needs
  const NetworkProfile p = profileNetwork(layers, hw);
  double total = 0, dw = 0;
  std::int64_t macs = 0, dwMacs = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    total += p[i].npu.latencyNs;
    macs += layers[i].macs;
    if (layers[i].kind == LayerKind::DwConv) {
      dw += p[i].npu.latencyNs;
      dwMacs += layers[i].macs;
    }
  }
  qInfo("MobileNetV2: %lld MACs (%.1f %% depthwise), NPU %.3f ms, depthwise %.1f %% of the time",
        static_cast<long long>(macs), 100.0 * dwMacs / macs, total * 1e-6, 100.0 * dw / total);
  QVERIFY(macs > 290000000 && macs < 320000000);
  QVERIFY(double(dwMacs) / macs > 0.05 && double(dwMacs) / macs < 0.09);
  QVERIFY2(std::fabs(total * 1e-6 - 3.18) <= 0.15 * 3.18, qPrintable(QString::number(total * 1e-6)));
  QVERIFY2(dw / total > 0.24 && dw / total < 0.36, qPrintable(QString::number(dw / total)));
  // The 512-MAC preset is faster, but not twice (memory and overheads do not scale).
  HardwareConfig hw512 = hw;
  hw512.npu = loadNpuPreset("ethos_u65_512");
  hw512.npu.memoryMode = hw.npu.memoryMode;
  hw512.npu.sramBytes = hw.npu.sramBytes;
  double total512 = 0;
  for (const LayerProfile& lp : profileNetwork(layers, hw512)) total512 += lp.npu.latencyNs;
  QVERIFY(total512 < total && total512 > 0.5 * total);
}

void TestHwModels::paperMaxArchUtilisation() {
  const Project project = loadProjectOrThrow(test::projectPath("paper.h4h"));
  LowerOptions opts;
  opts.resolution = project.space.deployResolution;
  const std::vector<Layer> layers = lowerArch(project.space, maxArch(project.space), opts);
  const NetworkProfile p = profileNetwork(layers, defaultHardware());
  double pwMacs = 0, pwWeighted = 0, dwMax = 0, attnMax = 0, total = 0;
  int dwCount = 0, attnCount = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = layers[i];
    const double u = p[i].npu.utilization;
    total += p[i].npu.latencyNs;
    QVERIFY(u >= 0.0 && u <= 1.0);
    if (l.kind == LayerKind::DwConv) {
      dwMax = std::max(dwMax, u);
      ++dwCount;
    } else if (l.kind == LayerKind::AttnQk || l.kind == LayerKind::AttnAv) {
      attnMax = std::max(attnMax, u);
      ++attnCount;
    } else if (l.kind == LayerKind::PwConv) {
      pwMacs += l.macs;
      pwWeighted += u * l.macs;
    }
  }
  const double pwMean = pwWeighted / pwMacs;
  qInfo("paper max arch @%d: %zu layers, NPU %.2f ms; utilisation: pointwise (MAC-weighted) %.2f, "
        "depthwise max %.3f (%d layers), attention max %.3f (%d layers)",
        opts.resolution, layers.size(), total * 1e-6, pwMean, dwMax, dwCount, attnMax, attnCount);
  QVERIFY(dwCount > 0 && attnCount > 0);
  QVERIFY(dwMax < 0.15);
  // Per-head GEMMs use few rows (K = d/h on WS) or columns (N = d/h): better than a
  // depthwise conv, still well below a pointwise conv.
  QVERIFY(attnMax > dwMax && attnMax < 0.5);
  QVERIFY(pwMean > 0.6);
}

QTEST_APPLESS_MAIN(TestHwModels)
#include "test_hw_models.moc"
