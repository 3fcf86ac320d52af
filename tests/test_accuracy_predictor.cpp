// The accuracy predictor (issue 25): the arch encoding round-trips every arch of the
// bundled spaces, a fit is deterministic for a seed, recovers an additive accuracy law it
// is given, survives its JSON form, and refuses other supernet weights and other spaces.

#include <QtTest>

#include <cmath>
#include <random>

#include "project/project_io.h"
#include "search/accuracy_predictor.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "util/errors.h"

using namespace h4h;

namespace {

SearchSpace spaceOf(const char* project) { return loadProjectOrThrow(test::projectPath(project)).space; }

/// A made-up accuracy with per-choice effects, a ViT-depth interaction and noise.
double syntheticAccuracy(const Arch& a, std::mt19937_64& rng) {
  double acc = 0.7 + 0.0005 * a.stemWidth;
  for (const StageArch& s : a.stages) {
    acc += 0.0008 * s.width + 0.01 * s.mbDepth + 0.012 * s.vitDepth;
    for (int e : s.expands) acc += 0.002 * e;
  }
  std::normal_distribution<double> noise(0.0, 0.002);
  return std::clamp(acc / 1.6 + noise(rng), 0.0, 1.0);
}

std::vector<AccuracySample> syntheticSamples(const SearchSpace& space, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<AccuracySample> out;
  for (int i = 0; i < n; ++i) {
    const Arch a = sampleArch(space, rng, false);
    out.push_back({archKey(a), syntheticAccuracy(a, rng)});
  }
  return out;
}

}  // namespace

class TestAccuracyPredictor : public QObject {
  Q_OBJECT

private slots:
  void encodingRoundTripsEveryArch() {
    for (const char* project : {"demo.h4h", "paper.h4h", "demo_tokens.h4h"}) {
      const SearchSpace space = spaceOf(project);
      const ArchEncoding encoding(space);
      QVERIFY(encoding.size() > 0);
      QCOMPARE(static_cast<int>(encoding.featureNames().size()), encoding.size());
      std::mt19937_64 rng(5);
      std::vector<Arch> archs{maxArch(space), minArch(space)};
      for (int i = 0; i < 300; ++i) archs.push_back(sampleArch(space, rng, i % 3 == 0));
      for (const Arch& a : archs) {
        const std::vector<double> x = encoding.encode(a);
        QCOMPARE(static_cast<int>(x.size()), encoding.size());
        QVERIFY2(encoding.decode(x) == a, (std::string(project) + " " + archKey(a)).c_str());
      }
      // Depth masking: a layer beyond the depth contributes nothing.
      const std::vector<double> small = encoding.encode(minArch(space));
      const std::vector<double> large = encoding.encode(maxArch(space));
      QVERIFY(std::accumulate(small.begin(), small.end(), 0.0) < std::accumulate(large.begin(), large.end(), 0.0));
    }
  }

  void encodingRejectsValuesOutsideTheSpace() {
    const SearchSpace space = spaceOf("demo.h4h");
    Arch a = maxArch(space);
    a.stages[0].width = 17;
    try {
      ArchEncoding(space).encode(a);
      QFAIL("an off-space width was encoded");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("s0.width") != std::string::npos, e.what());
    }
  }

  void fitIsDeterministicAndLearnsAnAdditiveLaw() {
    const SearchSpace space = spaceOf("demo.h4h");
    const auto samples = syntheticSamples(space, 240, 1);
    const Json ckpt = {{"checkpoint", "a"}};
    const AccuracyPredictor a = AccuracyPredictor::fit(space, samples, ckpt, 9);
    const AccuracyPredictor b = AccuracyPredictor::fit(space, samples, ckpt, 9);
    QCOMPARE(QString::fromStdString(a.toJson().dump()), QString::fromStdString(b.toJson().dump()));
    const PredictorQuality q = heldOutQuality(space, samples, 0.25, 3);
    QCOMPARE(q.heldOutCount, 60);
    QCOMPARE(q.trainCount, 180);
    QVERIFY2(q.kendallTau > 0.8, qPrintable(QString::number(q.kendallTau)));
    QVERIFY2(q.spearmanRho > 0.9, qPrintable(QString::number(q.spearmanRho)));
    QVERIFY2(q.rmse < 0.01, qPrintable(QString::number(q.rmse)));
    // Pure noise gives no ranking: the figures can fail.
    std::vector<AccuracySample> noise = samples;
    std::mt19937_64 rng(4);
    std::uniform_real_distribution<double> u(0.5, 0.9);
    for (AccuracySample& s : noise) s.accuracy = u(rng);
    QVERIFY(std::abs(heldOutQuality(space, noise, 0.25, 3).kendallTau) < 0.3);
  }

  void jsonRoundTripAndRefusals() {
    const SearchSpace space = spaceOf("demo.h4h");
    const Json ckpt = {{"file", "supernet.pt"}, {"sha256", "abc"}};
    const AccuracyPredictor p = AccuracyPredictor::fit(space, syntheticSamples(space, 60, 2), ckpt, 1);
    const AccuracyPredictor back = AccuracyPredictor::fromJson(space, p.toJson(), "predictor");
    const Arch arch = maxArch(space);
    QCOMPARE(back.predict(arch), p.predict(arch));
    QCOMPARE(back.samples().size(), p.samples().size());
    back.requireCheckpoint(ckpt);
    QVERIFY_THROWS_EXCEPTION(InputError, back.requireCheckpoint(Json{{"file", "supernet.pt"}, {"sha256", "def"}}));
    // Another space: the weights no longer fit its encoding.
    try {
      AccuracyPredictor::fromJson(spaceOf("paper.h4h"), p.toJson(), "predictor");
      QFAIL("a predictor of another space was read");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("predictor.weights") != std::string::npos, e.what());
    }
    Json bad = p.toJson();
    bad["version"] = 99;
    QVERIFY_THROWS_EXCEPTION(InputError, AccuracyPredictor::fromJson(space, bad, "predictor"));
    // A sample that is not an arch of the space is named when the file is read, not when it is fitted.
    Json badKey = p.toJson();
    badKey["samples"][2]["key"] = "r28_nonsense";
    try {
      AccuracyPredictor::fromJson(space, badKey, "predictor");
      QFAIL("a sample outside the space was read");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("predictor.samples[2].key") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(InputError, AccuracyPredictor::fit(space, {{"nonsense", 0.5}, {"x", 0.1}, {"y", 0.2},
                                                                        {"z", 0.3}}, ckpt, 1));
  }
};

QTEST_APPLESS_MAIN(TestAccuracyPredictor)
#include "test_accuracy_predictor.moc"
