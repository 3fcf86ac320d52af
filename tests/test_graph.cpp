// Layer graph: MAC and parameter counts pinned against independent counts
// (MobileNetV2-1.0 @224, the ViT block formula), graph structure, bytes and CSV.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

#include "graph/layer_graph.h"
#include "graph/layers_csv.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "test_vit_space.h"
#include "util/errors.h"

using namespace h4h;
using h4h::test::oneVitStageSpace;

namespace {

struct Mbv2Stage {
  int t, c, n, s;
};
const Mbv2Stage kMbv2[] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                           {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

/// MobileNetV2-1.0 (Sandler et al. 2018, Table 2) as a one-arch space.
SearchSpace mobileNetV2Space() {
  SearchSpace sp;
  sp.inputChannels = 3;
  sp.classes = 1000;
  sp.trainResolutions = {224};
  sp.deployResolution = 224;
  sp.activation = "relu6";
  sp.stem = {{32}, 3, 2};
  for (const auto& st : kMbv2) {
    StageSpace s;
    s.stride = st.s;
    s.widths = {st.c};
    s.mbDepths = {st.n};
    s.kernels = {3};
    s.expands = {st.t};
    sp.stages.push_back(s);
  }
  sp.head.convWidths = {1280};
  return sp;
}

/// The textbook count, written independently of lowerArch: every conv and the
/// classifier, MACs = output pixels × output channels × kernel area × input channels
/// per group.
long long mobileNetV2ReferenceMacs() {
  long long macs = 0;
  long long h = 112, c = 32;
  macs += h * h * 32 * 3 * 3 * 3;  // stem
  for (const auto& st : kMbv2) {
    for (int i = 0; i < st.n; ++i) {
      const long long stride = i == 0 ? st.s : 1;
      const long long hidden = c * st.t;
      if (st.t != 1) macs += h * h * c * hidden;  // expand 1x1
      const long long ho = (h + stride - 1) / stride;
      macs += ho * ho * hidden * 9;        // depthwise 3x3
      macs += ho * ho * hidden * st.c;     // project 1x1
      h = ho;
      c = st.c;
    }
  }
  macs += h * h * c * 1280;  // last conv
  macs += 1280 * 1000;       // classifier
  return macs;
}

std::vector<const Layer*> blockLayers(const std::vector<Layer>& g, const std::string& block) {
  std::vector<const Layer*> out;
  for (const Layer& l : g)
    if (l.block == block) out.push_back(&l);
  return out;
}

SearchSpace projectSpace(const std::string& name) {
  std::ifstream in(test::projectPath(name));
  std::stringstream ss;
  ss << in.rdbuf();
  ErrorList errors;
  SearchSpace sp = spaceFromJson(Json::parse(ss.str())["space"], "space", errors);
  if (!errors.empty()) qFatal("%s", errors.joined().c_str());
  return sp;
}

}  // namespace

class TestGraph : public QObject {
  Q_OBJECT

private slots:
  /// MobileNetV2-1.0 @224. The standard count (all convs + classifier, no BN, bias,
  /// residual adds or pooling) is 300,774,272 MACs ("300 M" in the paper's Table 4;
  /// 300.8 M as usually quoted, including the 1.28 M classifier). Our graph counts the
  /// same, so the figure must match exactly. Params 3,504,872 = torchvision's
  /// mobilenet_v2 (conv weights + BN gamma/beta + classifier weight and bias).
  void mobileNetV2() {
    const SearchSpace sp = mobileNetV2Space();
    ErrorList errors;
    Arch a = maxArch(sp);
    const auto g = lowerArch(sp, a);
    const GraphTotals t = graphTotals(g);
    QCOMPARE(t.macs, mobileNetV2ReferenceMacs());
    QCOMPARE(t.macs, 300774272LL);
    QCOMPARE(t.params, 3504872LL);
    // 17 bottlenecks, 10 residual adds, stem + head conv + pool + fc.
    int adds = 0, dw = 0;
    for (const Layer& l : g) {
      adds += l.kind == LayerKind::Add;
      dw += l.kind == LayerKind::DwConv;
    }
    QCOMPARE(dw, 17);
    QCOMPARE(adds, 10);
    QCOMPARE(g.back().out, (TensorShape{1000, 1, 1}));
    const Layer& lastConv = g[g.size() - 3];
    QCOMPARE(lastConv.in, (TensorShape{320, 7, 7}));
  }

  void vitBlockFormula_data() {
    QTest::addColumn<int>("resolution");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("heads");
    QTest::addColumn<double>("ratio");
    QTest::newRow("N49 d64 h4 r2") << 7 << 64 << 4 << 2.0;
    QTest::newRow("N196 d96 h8 r1") << 14 << 96 << 8 << 1.0;
    QTest::newRow("N16 d80 h2 r4") << 4 << 80 << 2 << 4.0;
    QTest::newRow("N3136 d32 h1 r3") << 56 << 32 << 1 << 3.0;
  }
  /// One ViT block of N tokens, dim d, h heads, MLP ratio r:
  /// N·d·3d + 2·N²·d + N·d·d + 2·N·d·r·d MACs, and its parameter count.
  void vitBlockFormula() {
    QFETCH(int, resolution);
    QFETCH(int, width);
    QFETCH(int, heads);
    QFETCH(double, ratio);
    const SearchSpace sp = oneVitStageSpace(width, heads, ratio);
    LowerOptions o;
    o.resolution = resolution;
    const auto g = lowerArch(sp, maxArch(sp), o);
    const long long n = static_cast<long long>(resolution) * resolution, d = width;
    const long long m = std::llround(ratio * d);
    long long macs = 0, params = 0;
    for (const Layer* l : blockLayers(g, "s0.vit0")) {
      macs += l->macs;
      params += l->params;
      QCOMPARE(l->macs, l->gemm.macs());
    }
    QCOMPARE(macs, n * d * 3 * d + 2 * n * n * d + n * d * d + 2 * n * d * m);
    QCOMPARE(params, 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * m + m) + (m * d + d));
    // The block is twelve layers in the documented order, attention as act×act matmuls,
    // softmax and the MLP's activation as weight-free vector layers.
    const auto block = blockLayers(g, "s0.vit0");
    QCOMPARE(int(block.size()), 12);
    const LayerKind order[] = {LayerKind::LayerNorm, LayerKind::AttnQkv, LayerKind::AttnQk,  LayerKind::Softmax,
                               LayerKind::AttnAv,    LayerKind::AttnProj, LayerKind::Add,     LayerKind::LayerNorm,
                               LayerKind::MlpFc1,    LayerKind::MlpAct,   LayerKind::MlpFc2,  LayerKind::Add};
    for (int i = 0; i < 12; ++i) QCOMPARE(layerKindName(block[i]->kind), layerKindName(order[i]));
    const Layer &qk = *block[2], &softmax = *block[3], &av = *block[4], &fc1 = *block[8], &act = *block[9];
    QVERIFY(qk.activationOperands && av.activationOperands);
    QCOMPARE(qk.gemm.groups, (long long)heads);
    QCOMPARE(qk.gemm.k, d / heads);
    QCOMPARE(av.gemm.n, d / heads);
    QCOMPARE(qk.params, 0LL);
    QCOMPARE(qk.weightBytes, 0LL);
    // The matmuls' MACs are N²·d each, as before softmax was lowered.
    QCOMPARE(qk.macs, n * n * d);
    QCOMPARE(av.macs, n * n * d);
    // Kᵀ and V (N·d int8 each) are what the array holds; other layers hold none.
    QCOMPARE(qk.stationaryOperandBytes, n * d);
    QCOMPARE(av.stationaryOperandBytes, n * d);
    QCOMPARE(fc1.stationaryOperandBytes, 0LL);
    // Softmax over heads × N × N maps, between Q·Kᵀ and attention·V.
    QCOMPARE(softmax.in, (TensorShape{heads, n, n}));
    QCOMPARE(softmax.out, softmax.in);
    QCOMPARE(softmax.in.elements(), heads * n * n);
    QCOMPARE(av.in, softmax.out);
    // The MLP activation on the hidden tokens: N × m elements.
    QCOMPARE(act.in, fc1.out);
    QCOMPARE(act.out.elements(), n * m);
    for (const Layer* v : {&softmax, &act}) {
      QCOMPARE(v->macs, 0LL);
      QCOMPARE(v->params, 0LL);
      QCOMPARE(v->gemm.m, 0LL);
      QVERIFY(!v->activationOperands);
      QCOMPARE(v->inBytes, v->in.elements());  // int8
      QCOMPARE(v->outBytes, v->out.elements());
      QCOMPARE(v->residualSource, -2);
    }
    // The residual adds read the block input and the attention output.
    QCOMPARE(block[6]->residualSource, block[0]->id - 1);
    QCOMPARE(block[11]->residualSource, block[6]->id);
    // The stage's positional encoding comes before the block: 3x3 dwconv with bias.
    const auto pos = blockLayers(g, "s0.pos");
    QCOMPARE(int(pos.size()), 2);
    QCOMPARE(pos[0]->params, 9 * d + d);
    QCOMPARE(pos[0]->macs, n * d * 9);
  }

  void squeezeExcite() {
    SearchSpace sp = oneVitStageSpace(32, 1, 1.0);
    sp.stages[0].vitDepths = {0};
    sp.stages[0].expands = {6};
    sp.stages[0].se = true;
    const auto g = lowerArch(sp, maxArch(sp));
    const auto se = std::find_if(g.begin(), g.end(), [](const Layer& l) { return l.kind == LayerKind::Se; });
    QVERIFY(se != g.end());
    const long long c = 16 * 6, r = std::max(8LL, c / 4);
    QCOMPARE(se->macs, 2 * c * r);
    QCOMPARE(se->params, 2 * c * r + r + c);
    QCOMPARE(se->out, se->in);
    // Small channel counts use the floor of 8.
    QCOMPARE(seReducedWidth(16), 8LL);
    QCOMPARE(seReducedWidth(96), 24LL);
  }

  /// Structure of every layer in the example projects' extreme archs.
  void graphInvariants_data() {
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("which");
    for (const char* p : {"demo.h4h", "paper.h4h"})
      for (const char* w : {"max", "min", "sample"})
        QTest::newRow((std::string(p) + " " + w).c_str()) << p << w;
  }
  void graphInvariants() {
    QFETCH(QString, project);
    QFETCH(QString, which);
    const SearchSpace sp = projectSpace(project.toStdString());
    std::mt19937_64 rng(7);
    const Arch a = which == "max" ? maxArch(sp) : which == "min" ? minArch(sp) : sampleArch(sp, rng);
    const auto g = lowerArch(sp, a);
    QVERIFY(!g.empty());
    for (std::size_t i = 0; i < g.size(); ++i) {
      const Layer& l = g[i];
      QCOMPARE(l.id, int(i));
      QVERIFY(l.macs >= 0 && l.params >= 0);
      if (l.kind == LayerKind::Add) {
        QVERIFY(l.residualSource >= 0 && l.residualSource < l.id - 1);
        QCOMPARE(g[l.residualSource].out, l.out);
        QCOMPARE(g[i - 1].out, l.in);
      } else {
        QCOMPARE(l.residualSource, -2);
      }
      if (l.gemm.m > 0) QCOMPARE(l.macs, l.gemm.macs());
      QCOMPARE(l.weightBytes, l.params);  // int8 default
      if (i > 0 && l.kind != LayerKind::AttnQk && l.kind != LayerKind::AttnAv)
        QCOMPARE(l.in, g[i - 1].out);
      if (l.activationOperands) QVERIFY(l.stationaryOperandBytes > 0 && l.stationaryOperandBytes < l.inBytes);
      else QCOMPARE(l.stationaryOperandBytes, 0LL);
      // Softmax follows Q·Kᵀ and feeds attention·V; the MLP activation sits between its FCs.
      if (l.kind == LayerKind::Softmax)
        QVERIFY(g[i - 1].kind == LayerKind::AttnQk && g[i + 1].kind == LayerKind::AttnAv);
      if (l.kind == LayerKind::MlpAct)
        QVERIFY(g[i - 1].kind == LayerKind::MlpFc1 && g[i + 1].kind == LayerKind::MlpFc2);
    }
    QCOMPARE(g.front().in, (TensorShape{sp.inputChannels, a.resolution, a.resolution}));
    QCOMPARE(g.back().out, (TensorShape{sp.classes, 1, 1}));
  }

  void precisionBytes() {
    const SearchSpace sp = projectSpace("demo.h4h");
    const Arch a = maxArch(sp);
    const auto g8 = lowerArch(sp, a);
    LowerOptions o;
    o.weightBits = 4;
    o.activationBits = 16;
    const auto g4 = lowerArch(sp, a, o);
    QCOMPARE(g4.size(), g8.size());
    for (std::size_t i = 0; i < g8.size(); ++i) {
      QCOMPARE(g4[i].weightBytes, (g8[i].params * 4 + 7) / 8);
      QCOMPARE(g4[i].outBytes, 2 * g8[i].outBytes);
      QCOMPARE(g4[i].macs, g8[i].macs);
      QCOMPARE(g4[i].stationaryOperandBytes, 2 * g8[i].stationaryOperandBytes);
    }
    const Layer& add = *std::find_if(g8.begin(), g8.end(), [](const Layer& l) { return l.kind == LayerKind::Add; });
    QCOMPARE(add.inBytes, 2 * add.out.elements());
  }

  void resolutionOverride() {
    const SearchSpace sp = mobileNetV2Space();
    LowerOptions o;
    o.resolution = 112;
    const auto g = lowerArch(sp, maxArch(sp), o);
    QCOMPARE(g.front().in.h, 112LL);
    QCOMPARE(g[g.size() - 3].in, (TensorShape{320, 4, 4}));
    // Params do not depend on the resolution; MACs do.
    QCOMPARE(graphTotals(g).params, 3504872LL);
    QVERIFY(graphTotals(g).macs < 300774272LL / 3);
  }

  void badInputThrows_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("stage count") << "stages" << "arch.stages";
    QTest::newRow("kernel list") << "kernels" << "arch.stages[1].kernels";
    QTest::newRow("heads") << "heads" << "arch.stages[0].heads";
    QTest::newRow("bits") << "bits" << "weight_bits";
  }
  void badInputThrows() {
    QFETCH(QString, what);
    QFETCH(QString, expected);
    SearchSpace sp = mobileNetV2Space();
    Arch a = maxArch(sp);
    LowerOptions o;
    if (what == "stages") a.stages.pop_back();
    if (what == "kernels") a.stages[1].kernels.pop_back();
    if (what == "heads") {
      a.stages[0].vitDepth = 1;
      a.stages[0].heads = {3};
      a.stages[0].mlpRatios = {1.0};
    }
    if (what == "bits") o.weightBits = 0;
    try {
      lowerArch(sp, a, o);
      QFAIL("no exception");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
    }
  }

  /// Sizes each within its accepted range whose products do not fit 64 bits: a named
  /// InputError, never a wrapped (negative) count.
  void overflowNamed() {
    const SearchSpace sp = oneVitStageSpace(256, 1, 1.0);
    LowerOptions o;
    o.resolution = 16384;  // the largest accepted: 2^28 tokens, Q·Kᵀ has 2^56 x 256 MACs
    try {
      const auto g = lowerArch(sp, maxArch(sp), o);
      QFAIL(qPrintable("no exception; attn_qk MACs " + QString::number(g.size())));
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("(s0.vit0 attn_qk): MACs M x K x N x groups = 268435456 x 256 x 268435456 x 1 (> 2^63)") !=
                   std::string::npos,
               e.what());
      QVERIFY2(what.find("exceeds 2^50") != std::string::npos, e.what());
    }
    // Narrower: the MACs fit 64 bits (2^56 x 64) but not the per-layer limit.
    const SearchSpace narrow = oneVitStageSpace(64, 1, 1.0);
    QVERIFY_THROWS_EXCEPTION(InputError, lowerArch(narrow, maxArch(narrow), o));
    // The same nets at an ordinary resolution lower with positive counts.
    o.resolution = 56;
    for (const Layer& l : lowerArch(sp, maxArch(sp), o)) {
      QVERIFY(l.macs >= 0);
      QVERIFY(l.inBytes > 0);
    }
    // Sums over many layers that each fit: the totals overflow is named too.
    Layer big;
    big.macs = std::int64_t(1) << 50;
    QVERIFY_THROWS_EXCEPTION(InputError, graphTotals(std::vector<Layer>(10000, big)));
    QCOMPARE(graphTotals(std::vector<Layer>(100, big)).macs, std::int64_t(100) << 50);
  }

  void csv() {
    const SearchSpace sp = projectSpace("demo.h4h");
    const auto g = lowerArch(sp, maxArch(sp));
    const std::string text = layersCsv(g);
    std::istringstream in(text);
    std::string line;
    int rows = 0;
    std::getline(in, line);
    QVERIFY(line.rfind("id,block,kind,", 0) == 0);
    const auto columns = std::count(line.begin(), line.end(), ',');
    while (std::getline(in, line)) {
      QCOMPARE(std::count(line.begin(), line.end(), ','), columns);
      ++rows;
    }
    QCOMPARE(rows, int(g.size()));
    QVERIFY(text.find("\n0,stem,conv,1,28,28,") != std::string::npos);
    const std::string totals = totalsLine(graphTotals(g));
    QVERIFY(totals.find("MACs " + std::to_string(graphTotals(g).macs)) != std::string::npos);
    QCOMPARE(humanCount(300774272), std::string("300.77 M"));
  }

  /// The figures the README and issue close quote; printed so a run shows them.
  void exampleFigures() {
    for (const char* p : {"demo.h4h", "paper.h4h"}) {
      const SearchSpace sp = projectSpace(p);
      const GraphTotals mx = graphTotals(lowerArch(sp, maxArch(sp)));
      const GraphTotals mn = graphTotals(lowerArch(sp, minArch(sp)));
      LowerOptions deploy;
      deploy.resolution = sp.deployResolution;
      const GraphTotals mxd = graphTotals(lowerArch(sp, maxArch(sp), deploy));
      const GraphTotals mnd = graphTotals(lowerArch(sp, minArch(sp), deploy));
      qInfo("%s: size %s (10^%.2f); max %lld MACs %lld params; min %lld MACs %lld params; "
            "at deploy %d: max %lld MACs, min %lld MACs",
            p, spaceSizeExact(sp).c_str(), log10SpaceSize(sp), (long long)mx.macs,
            (long long)mx.params, (long long)mn.macs, (long long)mn.params, sp.deployResolution,
            (long long)mxd.macs, (long long)mnd.macs);
      QVERIFY(mn.macs < mx.macs && mn.params < mx.params);
    }
    const SearchSpace demo = projectSpace("demo.h4h");
    QVERIFY(graphTotals(lowerArch(demo, maxArch(demo))).macs <= 15000000);
    QVERIFY(graphTotals(lowerArch(demo, minArch(demo))).macs <= 3000000);
  }
};

QTEST_APPLESS_MAIN(TestGraph)
#include "test_graph.moc"
