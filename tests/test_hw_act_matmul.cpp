// Transformer layers on the devices: activation×activation matmuls as per-head GEMMs
// with their stationary operand loaded from SRAM (worked by hand on a 4×4 array), the
// pessimistic row-by-row form, and softmax / MLP activation on both vector units.
#include <QtTest>

#include "graph/layer_graph.h"
#include "hw/act_matmul.h"
#include "hw/cim_model.h"
#include "hw/npu_model.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "hw/systolic.h"
#include "hw/vector_ops.h"
#include "space/space_ops.h"
#include "test_vit_space.h"

using namespace h4h;

namespace {

/// A 4×4 weight-stationary array at 1 GHz, 16 B/cycle of SRAM, 32-cycle SRAM latency.
NpuConfig tinyNpu() {
  NpuConfig c;
  c.rows = 4;
  c.cols = 4;
  c.clockGhz = 1.0;
  c.dataflow = Dataflow::WeightStationary;
  c.sramBandwidthGBs = 16.0;
  c.sramLatencyCycles = 32;
  c.layerOverheadCycles = 0;
  return c;
}

/// Q·Kᵀ of 6 tokens, d = 6, 2 heads: per head (M 6, K 3, N 6); Kᵀ is 36 int8 bytes.
Layer smallQk() {
  Layer l;
  l.kind = LayerKind::AttnQk;
  l.activationOperands = true;
  l.in = {12, 2, 3};
  l.out = {2, 6, 6};
  l.gemm = {6, 3, 6, 2};
  l.macs = l.gemm.macs();
  l.inBytes = l.in.elements();
  l.outBytes = l.out.elements();
  l.stationaryOperandBytes = 36;
  return l;
}

/// `layers` of a one-block ViT stage of `width` channels and `heads` heads on 14×14 tokens.
std::vector<Layer> vitBlock(int width, int heads) {
  const SearchSpace sp = test::oneVitStageSpace(width, heads, 2.0);
  LowerOptions o;
  o.resolution = 14;
  return lowerArch(sp, maxArch(sp), o);
}

const Layer& firstOf(const std::vector<Layer>& g, LayerKind kind) {
  for (const Layer& l : g)
    if (l.kind == kind) return l;
  qFatal("no %s layer", layerKindName(kind));
}

}  // namespace

class TestHwActMatmul : public QObject {
  Q_OBJECT

private slots:
  /// Per head, WS (M 6, K 3, N 6) on 4×4: S_R = 3, S_C = 6, T = 6, n_R = 1, n_C = 2:
  /// 2·3 + 1·6 + 1·2·(4 + 6 − 2) = 28 cycles; 6 columns do not fit twice in 4, so the
  /// heads run one after the other: 56. Kᵀ is loaded once per head: 2 × 32 cycles of
  /// latency + ⌈36 B / 16 B per cycle⌉ = 67. Total 123; nothing is read twice.
  void gemmCostByHand() {
    const NpuConfig c = tinyNpu();
    const ActMatmulCost cost = actMatmulCost(c, smallQk());
    QCOMPARE(cost.gemmCycles, std::int64_t(56));
    QCOMPARE(cost.stationaryLoads, std::int64_t(2));
    QCOMPARE(cost.stationaryLoadCycles, std::int64_t(67));
    QCOMPARE(cost.cycles(), std::int64_t(123));
    QCOMPARE(cost.stationaryRereadBytes, std::int64_t(0));
    QCOMPARE(NpuModel(c).layerComputeCycles(smallQk()), std::int64_t(123));
  }

  /// Row by row: 2 heads × 6 rows of GEMV (1, 3, 6): 2·3 + 1·6 + 2·(4 + 1 − 2) = 18
  /// cycles each, 216; each GEMV reloads its head's Kᵀ: 12 × 32 + ⌈12 × 18 B / 16⌉ = 398.
  /// 614 in all, and 5 of the 6 reads of each Kᵀ are re-reads: 5 × 36 = 180 SRAM bytes.
  void rowByRowPessimisticByHand() {
    NpuConfig c = tinyNpu();
    c.actMatmul = ActMatmul::RowByRowPessimistic;
    const ActMatmulCost cost = actMatmulCost(c, smallQk());
    QCOMPARE(cost.gemmCycles, std::int64_t(216));
    QCOMPARE(cost.stationaryLoads, std::int64_t(12));
    QCOMPARE(cost.stationaryLoadCycles, std::int64_t(398));
    QCOMPARE(cost.cycles(), std::int64_t(614));
    QCOMPARE(cost.stationaryRereadBytes, std::int64_t(180));
    // The re-reads reach the memory side as SRAM traffic (and its energy).
    const NpuBreakdown row = NpuModel(c).breakdown(smallQk());
    c.actMatmul = ActMatmul::Gemm;
    const NpuBreakdown gemm = NpuModel(c).breakdown(smallQk());
    QCOMPARE(row.sramBytes - gemm.sramBytes, std::int64_t(180));
    QVERIFY(row.sramEnergyNj > gemm.sramEnergyNj);
    QCOMPARE(gemm.computeCycles, std::int64_t(123));
    QCOMPARE(row.computeCycles, std::int64_t(614));
  }

  /// Heads that fit side by side are packed as the groups of a grouped convolution:
  /// WS (M 5, K 2, N 2) × 4 heads on 4×4 runs 2 heads per fold.
  void headsPackWhereTheyFit() {
    NpuConfig c = tinyNpu();
    c.sramLatencyCycles = 0;
    Layer l = smallQk();
    l.gemm = {5, 2, 2, 4};
    l.macs = l.gemm.macs();
    l.stationaryOperandBytes = 0;
    QCOMPARE(groupsPerFold(c.dataflow, 4, 4, l.gemm), std::int64_t(2));
    QCOMPARE(actMatmulCost(c, l).gemmCycles, systolicCycles(c.dataflow, 4, 4, l.gemm));
    QVERIFY(actMatmulCost(c, l).gemmCycles < 4 * systolicGemmCycles(c.dataflow, 4, 4, 5, 2, 2));
  }

  /// On every attention matmul of lowered ViT blocks, with the Ethos-U65 presets in both
  /// dataflows: row by row never costs less than per-head GEMMs, and GEMMs use the
  /// array far better than the ~1 % of the row-by-row form.
  void rowByRowNeverCheaper_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("dataflow");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("heads");
    for (const char* p : {"ethos_u65_256", "ethos_u65_512"})
      for (const char* df : {"ws", "os"}) {
        QTest::newRow((std::string(p) + " " + df + " d64 h4").c_str()) << p << df << 64 << 4;
        QTest::newRow((std::string(p) + " " + df + " d96 h8").c_str()) << p << df << 96 << 8;
      }
  }
  void rowByRowNeverCheaper() {
    QFETCH(QString, preset);
    QFETCH(QString, dataflow);
    QFETCH(int, width);
    QFETCH(int, heads);
    NpuConfig gemm = loadNpuPreset(preset.toStdString());
    QVERIFY(parseDataflow(dataflow.toStdString(), gemm.dataflow));
    QCOMPARE(gemm.actMatmul, ActMatmul::Gemm);
    NpuConfig row = gemm;
    row.actMatmul = ActMatmul::RowByRowPessimistic;
    int matmuls = 0;
    for (const Layer& l : vitBlock(width, heads)) {
      if (!l.activationOperands) continue;
      ++matmuls;
      const NpuBreakdown g = NpuModel(gemm).breakdown(l), r = NpuModel(row).breakdown(l);
      QVERIFY(r.computeCycles >= g.computeCycles);
      QVERIFY(r.totalCycles >= g.totalCycles);
      QVERIFY(r.energyNj() >= g.energyNj());
      QVERIFY2(g.utilization > 4 * r.utilization,
               qPrintable(QString("%1: gemm %2, row %3").arg(layerKindName(l.kind)).arg(g.utilization).arg(r.utilization)));
    }
    QCOMPARE(matmuls, 2);
  }

  /// Softmax and the MLP activation of a lowered block are vector layers: the same
  /// operation count on both devices (softmax: 6 per element + 25 per row of its
  /// heads × N × N maps; activation: one LUT pass per element), run on the NPU's vector
  /// unit and on the CIM's digital post-processing unit, so either can take them.
  void vectorLayersOnBothDevices() {
    const std::vector<Layer> g = vitBlock(64, 4);
    const Layer& softmax = firstOf(g, LayerKind::Softmax);
    const Layer& act = firstOf(g, LayerKind::MlpAct);
    const std::int64_t n = 14 * 14;
    QVERIFY(isVectorLayer(softmax) && isVectorLayer(act));
    QCOMPARE(vectorOps(softmax), 6 * 4 * n * n + 25 * 4 * n);
    QCOMPARE(vectorOps(act), n * 128);

    const HardwareConfig hw = defaultHardware();
    const NpuModel npu(hw.npu);
    const CimModel cim(hw.cim, hw.npu);
    for (const Layer* l : {&softmax, &act}) {
      const std::int64_t ops = vectorOps(*l);
      const NpuBreakdown nb = npu.breakdown(*l);
      QCOMPARE(nb.vectorOps, ops);
      QCOMPARE(nb.computeCycles, ceilDiv(ops, hw.npu.vectorOpsPerCycle));
      QCOMPARE(nb.macEnergyNj, 0.0);
      const CimBreakdown cb = cim.breakdown(*l);
      QCOMPARE(cb.path, CimPath::Vector);
      QCOMPARE(cb.vectorOps, ops);
      QCOMPARE(cb.computeCycles, ceilDiv(ops, hw.cim.vectorOpsPerCycle));
      QCOMPARE(cb.macEnergyNj, 0.0);
      QVERIFY(std::abs(cb.vectorEnergyNj - ops * hw.cim.energyPerVectorOpPj * 1e-3) < 1e-9);
    }
    const NetworkProfile p = profileNetwork(g, hw);
    for (const Layer* l : {&softmax, &act}) {
      QVERIFY(p[std::size_t(l->id)].npu.supported);
      QVERIFY(p[std::size_t(l->id)].cim.supported);
      QCOMPARE(p[std::size_t(l->id)].cimWeightWrite.energyNj, 0.0);
    }
  }
};

QTEST_APPLESS_MAIN(TestHwActMatmul)
#include "test_hw_act_matmul.moc"
