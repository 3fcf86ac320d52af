// The training-free accuracy proxy (train/synflow_proxy.h) and the rank correlations
// that measure it (search/rank_correlation.h): reference values worked by hand, a
// deterministic, cached, seeded score that names itself a proxy in its signal, and the
// trained-or-proxy factory falling back to the proxy without a trained supernet.
#include <torch/torch.h>

#include <QtTest>

#include <QTemporaryDir>
#include <cmath>
#include <random>

#include "project/project_io.h"
#include "search/rank_correlation.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"
#include "train/synflow_proxy.h"
#include "util/errors.h"

using namespace h4h;

namespace {

Project demo() { return loadProjectOrThrow(test::projectPath("demo.h4h")); }

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

}  // namespace

class TestAccuracyProxy : public QObject {
  Q_OBJECT

private slots:
  void init() { torch::manual_seed(0); }
  void rankCorrelationsAgainstHandWorkedValues();
  void rankCorrelationsOfDegenerateSamples();
  void synflowIsDeterministicCachedAndSeeded();
  void synflowMapsIntoUnitIntervalMonotonically();
  void synflowLeavesTheGlobalRandomStreamAlone();
  void synflowNamesItselfAProxy();
  void archOutsideTheSpaceIsAnInputError();
  void factoryFallsBackToTheProxyWithoutTraining();
};

void TestAccuracyProxy::rankCorrelationsAgainstHandWorkedValues() {
  // y ranks with the tie at 4 averaged: 2 1 3.5 3.5 6 5; ρ = 15 / √(17.5 · 17).
  const std::vector<double> x = {1, 2, 3, 4, 5, 6}, y = {2, 1, 4, 4, 6, 5};
  QVERIFY(near(spearmanRho(x, y), 15.0 / std::sqrt(17.5 * 17.0)));
  // 12 concordant, 2 discordant, 1 tie in y among 15 pairs: τ-b = 10 / √(15 · 14).
  QVERIFY(near(kendallTauB(x, y), 10.0 / std::sqrt(15.0 * 14.0)));
  std::vector<double> reversed(x.rbegin(), x.rend());
  QVERIFY(near(spearmanRho(x, reversed), -1.0));
  QVERIFY(near(kendallTauB(x, reversed), -1.0));
  std::vector<double> squared;
  for (double v : x) squared.push_back(v * v);  // monotone: ranks unchanged
  QVERIFY(near(spearmanRho(x, squared), 1.0));
  QVERIFY(near(kendallTauB(x, squared), 1.0));
}

void TestAccuracyProxy::rankCorrelationsOfDegenerateSamples() {
  QVERIFY(std::isnan(spearmanRho({1, 2}, {1, 2, 3})));
  QVERIFY(std::isnan(kendallTauB({1}, {1})));
  QVERIFY(std::isnan(spearmanRho({1, 2, 3}, {4, 4, 4})));
  QVERIFY(std::isnan(kendallTauB({1, 2, 3}, {4, 4, 4})));
}

void TestAccuracyProxy::synflowIsDeterministicCachedAndSeeded() {
  const Project p = demo();
  SynflowProxyEvaluator a(p.space), b(p.space);
  SynflowProxyOptions other;
  other.seed = 2;
  SynflowProxyEvaluator c(p.space, other);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 4; ++i) {
    const Arch arch = sampleArch(p.space, rng);
    const double score = a.score(arch);
    QVERIFY(std::isfinite(score) && score > 0.0);
    QCOMPARE(b.score(arch), score);
    QCOMPARE(a.score(arch), score);  // cached
    QVERIFY(c.score(arch) != score);
  }
  QCOMPARE(a.evaluations(), std::size_t{4});
  QVERIFY(a.fingerprint() != c.fingerprint());
}

void TestAccuracyProxy::synflowMapsIntoUnitIntervalMonotonically() {
  const Project p = demo();
  SynflowProxyEvaluator proxy(p.space);
  // More layers and channels carry more synaptic flow.
  QVERIFY(proxy.score(maxArch(p.space)) > proxy.score(minArch(p.space)));
  QVERIFY(near(proxy.top1(maxArch(p.space)), 0.5));
  std::mt19937_64 rng(9);
  std::vector<double> scores, mapped;
  for (int i = 0; i < 6; ++i) {
    const Arch arch = sampleArch(p.space, rng);
    scores.push_back(proxy.score(arch));
    mapped.push_back(proxy.top1(arch));
    QVERIFY(mapped.back() >= 0.0 && mapped.back() < 1.0);
  }
  QVERIFY(near(spearmanRho(scores, mapped), 1.0));
}

void TestAccuracyProxy::synflowLeavesTheGlobalRandomStreamAlone() {
  torch::manual_seed(42);
  const torch::Tensor expected = torch::rand({4});
  torch::manual_seed(42);
  SynflowProxyEvaluator proxy(demo().space);
  QVERIFY(torch::equal(torch::rand({4}), expected));
}

void TestAccuracyProxy::synflowNamesItselfAProxy() {
  SynflowProxyEvaluator proxy(demo().space);
  const AccuracySignal s = proxy.signal();
  QVERIFY(s.proxy);
  QCOMPARE(s.name, std::string("synflow (proxy, not accuracy)"));
  QVERIFY(s.citation.find("Tanaka") != std::string::npos);
  QVERIFY(s.citation.find("Abdelfattah") != std::string::npos);
  QVERIFY(s.input.find("no data") != std::string::npos);
  QVERIFY(!AccuracySignal().proxy);
}

void TestAccuracyProxy::archOutsideTheSpaceIsAnInputError() {
  const Project p = demo();
  SynflowProxyEvaluator proxy(p.space);
  Arch arch = maxArch(p.space);
  arch.stages[0].width = 999;
  QVERIFY_THROWS_EXCEPTION(InputError, proxy.score(arch));
}

void TestAccuracyProxy::factoryFallsBackToTheProxyWithoutTraining() {
  QTemporaryDir dir;
  const QString path = test::writeProject(dir, "tiny.h4h", test::tinyProject(64, 1));
  const Project project = loadProjectOrThrow(path.toStdString());
  const auto evaluator = trainedOrProxyFactory()(project);
  QVERIFY(evaluator->signal().proxy);
  const double value = evaluator->top1(maxArch(project.space));
  QVERIFY(value > 0.0 && value < 1.0);
  QVERIFY(synflowProxyFactory()(project)->signal().proxy);
}

QTEST_APPLESS_MAIN(TestAccuracyProxy)
#include "test_accuracy_proxy.moc"
