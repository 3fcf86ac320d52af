// Space operations: property tests over thousands of seeds (sample, mutate, crossover
// always validate; keys round-trip), CNN-only restriction, extremes, exact size.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "graph/layer_graph.h"
#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

SearchSpace projectSpace(const std::string& name) {
  std::ifstream in(test::projectPath(name));
  std::stringstream ss;
  ss << in.rdbuf();
  ErrorList errors;
  SearchSpace s = spaceFromJson(Json::parse(ss.str())["space"], "space", errors);
  if (!errors.empty()) qFatal("%s", errors.joined().c_str());
  return s;
}

std::string problems(const SearchSpace& sp, const Arch& a) {
  ErrorList errors;
  validateArch(sp, a, errors);
  return errors.empty() ? std::string() : archKey(a) + "\n" + errors.joined();
}

/// A space small enough to enumerate: 2 stem widths × 2 resolutions ×
/// stage0 2·(4 + 4²) × stage1 1·2·(1 + 4 + 4²) × 2 head widths = 13440 archs.
SearchSpace tinySpace() {
  SearchSpace sp;
  sp.inputChannels = 1;
  sp.classes = 3;
  sp.trainResolutions = {8, 12};
  sp.deployResolution = 8;
  sp.stem = {{4, 8}, 3, 1};
  StageSpace a;
  a.stride = 2;
  a.widths = {8, 16};
  a.mbDepths = {1, 2};
  a.kernels = {3, 5};
  a.expands = {1, 2};
  StageSpace b;
  b.stride = 1;
  b.widths = {8};
  b.mbDepths = {1};
  b.kernels = {3};
  b.expands = {1, 3};
  b.vitDepths = {0, 1, 2};
  b.heads = {1, 2};
  b.mlpRatios = {1, 0.5};
  sp.stages = {a, b};
  sp.head.convWidths = {16, 32};
  return sp;
}

/// Every arch of a space, by brute force over the genes.
void enumerate(const SearchSpace& sp, std::set<std::string>& keys) {
  Arch a;
  std::function<void(std::size_t)> stage = [&](std::size_t i) {
    if (i == sp.stages.size()) {
      const int last = a.stages.back().width;
      for (int h : headWidthChoices(sp, last))
        for (int f : featureWidthChoices(sp)) {
          a.headWidth = h;
          a.featureWidth = f;
          keys.insert(archKey(a));
        }
      return;
    }
    const StageSpace& s = sp.stages[i];
    StageArch& st = a.stages[i];
    std::function<void(int)> vitLayer = [&](int l) {
      if (l == st.vitDepth) return stage(i + 1);
      for (int h : s.heads)
        for (double r : s.mlpRatios) {
          st.heads[l] = h;
          st.mlpRatios[l] = r;
          vitLayer(l + 1);
        }
    };
    std::function<void(int)> mbLayer = [&](int l) {
      if (l == st.mbDepth) {
        for (int v : s.vitDepths) {
          st.vitDepth = v;
          st.heads.assign(v, 0);
          st.mlpRatios.assign(v, 0.0);
          vitLayer(0);
        }
        return;
      }
      for (int k : s.kernels)
        for (int e : s.expands) {
          st.kernels[l] = k;
          st.expands[l] = e;
          mbLayer(l + 1);
        }
    };
    for (int w : s.widths)
      for (int d : s.mbDepths) {
        st.width = w;
        st.mbDepth = d;
        st.kernels.assign(d, 0);
        st.expands.assign(d, 0);
        mbLayer(0);
      }
  };
  for (int r : sp.trainResolutions)
    for (int w : sp.stem.widths) {
      a.resolution = r;
      a.stemWidth = w;
      a.stages.assign(sp.stages.size(), StageArch{});
      stage(0);
    }
}

}  // namespace

class TestSpaceOps : public QObject {
  Q_OBJECT

private slots:
  void properties_data() {
    QTest::addColumn<QString>("project");
    QTest::addColumn<int>("seeds");
    QTest::newRow("demo") << "demo.h4h" << 3000;
    QTest::newRow("paper") << "paper.h4h" << 1500;
  }
  /// Sampled, mutated and crossed archs always validate; keys and JSON round-trip;
  /// every arch's MACs and params lie between min's and max's.
  void properties() {
    QFETCH(QString, project);
    QFETCH(int, seeds);
    const SearchSpace sp = projectSpace(project.toStdString());
    const auto macsOf = [&](const Arch& a) { return graphTotals(lowerArch(sp, a)); };
    const GraphTotals hi = macsOf(maxArch(sp)), lo = macsOf(minArch(sp));
    QCOMPARE(problems(sp, maxArch(sp)), std::string());
    QCOMPARE(problems(sp, minArch(sp)), std::string());
    std::set<std::string> distinct;
    for (int seed = 0; seed < seeds; ++seed) {
      std::mt19937_64 rng(seed);
      const Arch a = sampleArch(sp, rng);
      const Arch b = sampleArch(sp, rng, seed % 2 == 0);
      for (const Arch* x : {&a, &b}) {
        const std::string p = problems(sp, *x);
        QVERIFY2(p.empty(), p.c_str());
        const std::string key = archKey(*x);
        QVERIFY(parseArchKey(key) == *x);
        QCOMPARE(archKey(parseArchKey(key)), key);
        distinct.insert(key);
      }
      const Arch m = mutateArch(sp, a, 0.2, rng);
      QVERIFY2(problems(sp, m).empty(), problems(sp, m).c_str());
      const Arch m1 = mutateArch(sp, b, 1.0, rng, seed % 2 == 0);
      QVERIFY2(problems(sp, m1).empty(), problems(sp, m1).c_str());
      const Arch c = crossoverArchs(sp, a, m1, rng);
      QVERIFY2(problems(sp, c).empty(), problems(sp, c).c_str());
      // Each child gene comes from a parent.
      for (std::size_t i = 0; i < c.stages.size(); ++i) {
        QVERIFY(c.stages[i].width == a.stages[i].width || c.stages[i].width == m1.stages[i].width);
        QVERIFY(c.stages[i].mbDepth == a.stages[i].mbDepth || c.stages[i].mbDepth == m1.stages[i].mbDepth);
        QVERIFY(c.stages[i].vitDepth == a.stages[i].vitDepth || c.stages[i].vitDepth == m1.stages[i].vitDepth);
      }
      if (seed % 10 == 0) {
        const GraphTotals t = macsOf(c);
        QVERIFY(t.macs >= lo.macs && t.macs <= hi.macs);
        QVERIFY(t.params >= lo.params && t.params <= hi.params);
      }
      ErrorList errors;
      QVERIFY(archFromJson(archToJson(c), "arch", errors) == c);
    }
    QVERIFY(distinct.size() > std::size_t(seeds));  // samples are not stuck
  }

  void deterministicForSeed() {
    const SearchSpace sp = projectSpace("paper.h4h");
    std::mt19937_64 r1(42), r2(42), r3(43);
    const Arch a = sampleArch(sp, r1);
    QVERIFY(a == sampleArch(sp, r2));
    QVERIFY(a != sampleArch(sp, r3));
    QVERIFY(mutateArch(sp, a, 0.3, r1) == mutateArch(sp, a, 0.3, r2));
  }

  void mutationRates() {
    const SearchSpace sp = projectSpace("paper.h4h");
    std::mt19937_64 rng(5);
    const Arch a = sampleArch(sp, rng);
    QVERIFY(mutateArch(sp, a, 0.0, rng) == a);
    for (int i = 0; i < 50; ++i) {
      const Arch m = mutateArch(sp, a, 1.0, rng);
      // Every gene with more than one choice changes.
      QVERIFY(m.resolution != a.resolution && m.stemWidth != a.stemWidth);
      for (std::size_t s = 0; s < m.stages.size(); ++s)
        QVERIFY(m.stages[s].width != a.stages[s].width);
      QVERIFY(m.featureWidth != a.featureWidth);
    }
    QVERIFY(crossoverArchs(sp, a, a, rng) == a);
  }

  void cnnOnly() {
    const SearchSpace sp = projectSpace("paper.h4h");
    const SearchSpace cnn = cnnOnlySpace(sp);
    for (const StageSpace& s : cnn.stages) QCOMPARE(s.vitDepths, std::vector<int>{0});
    std::mt19937_64 rng(9);
    for (int i = 0; i < 300; ++i) {
      const Arch a = sampleArch(sp, rng, true);
      const Arch m = mutateArch(sp, a, 0.5, rng, true);
      const Arch r = restrictCnnOnly(sampleArch(sp, rng));
      for (const Arch* x : {&a, &m, &r}) {
        for (const StageArch& s : x->stages) {
          QCOMPARE(s.vitDepth, 0);
          QVERIFY(s.heads.empty() && s.mlpRatios.empty());
        }
        QVERIFY(problems(sp, *x).empty());
        QVERIFY(problems(cnn, *x).empty());
      }
    }
    QCOMPARE(maxArch(cnn), restrictCnnOnly(maxArch(sp)));
    ErrorList errors;
    validateSpace(cnn, "space", errors);
    QVERIFY(errors.empty());
  }

  /// spaceSizeExact equals a brute-force enumeration of a tiny space.
  void sizeByEnumeration() {
    const SearchSpace sp = tinySpace();
    ErrorList errors;
    validateSpace(sp, "space", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    std::set<std::string> keys;
    enumerate(sp, keys);
    QCOMPARE(spaceSizeExact(sp), std::to_string(keys.size()));
    QCOMPARE(keys.size(), std::size_t(13440));
    for (const std::string& k : keys) QVERIFY(problems(sp, parseArchKey(k)).empty());
    QVERIFY(std::fabs(log10SpaceSize(sp) - std::log10(13440.0)) < 1e-12);
    // Derived head width (conv_expand) counts once, features multiply.
    SearchSpace derived = sp;
    derived.head.convWidths.clear();
    derived.head.convExpand = 4;
    derived.head.featureWidths = {10, 20, 30};
    std::set<std::string> keys2;
    enumerate(derived, keys2);
    QCOMPARE(spaceSizeExact(derived), std::to_string(keys2.size()));
    QCOMPARE(keys2.size(), std::size_t(13440 / 2 * 3));
  }

  void bigSizes() {
    const SearchSpace paper = projectSpace("paper.h4h");
    const std::string exact = spaceSizeExact(paper);
    const double l = log10SpaceSize(paper);
    QCOMPARE(int(std::floor(l)) + 1, int(exact.size()));
    QVERIFY(std::fabs(l - (exact.size() - 1 + std::log10(std::stod("0." + exact) * 10))) < 1e-9);
    // Per-stage factors multiply to the total.
    double sum = std::log10(double(paper.stem.widths.size() * paper.trainResolutions.size() *
                                   paper.head.featureWidths.size()));
    for (const StageSpace& s : paper.stages) sum += std::log10(std::stod(stageSizeExact(s)));
    QVERIFY(std::fabs(sum - l) < 1e-9);
    // (1+2+...) stage sizes by hand: vit1 = 2 widths · 3 expands · Σ_{v=0..5} 4^v.
    QCOMPARE(stageSizeExact(paper.stages[3]), std::to_string(2 * 3 * (1 + 4 + 16 + 64 + 256 + 1024)));
  }
};

QTEST_APPLESS_MAIN(TestSpaceOps)
#include "test_space_ops.moc"
