// The one search set-up (eval/search_setup.h): when accuracy is needed (objectives AND
// budgets), what happens when it is unavailable in each mode, that the objective, its
// reference point and the budgets change together, that notes say what was done, and
// that the hardware evaluator follows the search section in force.
#include <QtTest>

#include "eval/search_setup.h"
#include "project/project_io.h"
#include "support/test_paths.h"
#include "util/errors.h"

using namespace h4h;

namespace {

class FixedAccuracy : public AccuracyEvaluator {
public:
  double top1(const Arch&) override { return 0.5; }
};

AccuracyFactory available(int* calls = nullptr) {
  return [calls](const Project&) -> std::shared_ptr<AccuracyEvaluator> {
    if (calls) ++*calls;
    return std::make_shared<FixedAccuracy>();
  };
}

AccuracyFactory unavailable() {
  return [](const Project&) -> std::shared_ptr<AccuracyEvaluator> {
    throw InputError("x.h4h.d/supernet.pt: no trained supernet; run `h4h train` on the project first");
  };
}

Project demoWith(std::vector<std::string> objectives, std::vector<double> reference = {}) {
  Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
  p.search.objectives = std::move(objectives);
  p.search.referencePoint = std::move(reference);
  p.search.budgets.clear();
  return p;
}

SearchConfig::Budget accuracyBudget() {
  SearchConfig::Budget b;
  b.metric = "accuracy";
  b.min = 0.6;
  return b;
}

bool notesMention(const SearchSetup& s, const QString& text) {
  for (const auto& n : s.notes)
    if (QString::fromStdString(n).contains(text)) return true;
  return false;
}

}  // namespace

class TestSearchSetup : public QObject {
  Q_OBJECT
private slots:
  void budgetsCountAsNeedingAccuracy() {
    SearchConfig c;
    c.objectives = {"latency", "energy"};
    QVERIFY(!searchNeedsAccuracy(c));
    c.budgets.push_back(accuracyBudget());
    QVERIFY(searchNeedsAccuracy(c));
    c.budgets.clear();
    c.objectives = {"accuracy", "latency"};
    QVERIFY(searchNeedsAccuracy(c));
  }

  void asConfiguredBuildsAccuracyOnlyWhenNeeded() {
    int calls = 0;
    SearchSetupOptions o;
    o.accuracy = available(&calls);
    SearchSetup s = setUpSearch(demoWith({"latency", "energy"}), o);
    QVERIFY(!s.accuracy);
    QCOMPARE(calls, 0);
    QVERIFY(s.notes.empty());
    QVERIFY(s.hardware);

    Project budgeted = demoWith({"latency", "energy"});
    budgeted.search.budgets.push_back(accuracyBudget());
    s = setUpSearch(budgeted, o);
    QVERIFY(s.accuracy);
    QCOMPARE(calls, 1);
    QCOMPARE(s.config.objectives, (std::vector<std::string>{"latency", "energy"}));  // nothing added
  }

  void asConfiguredRefusesUnavailableAccuracy() {
    Project budgeted = demoWith({"latency", "energy"});
    budgeted.search.budgets.push_back(accuracyBudget());
    SearchSetupOptions o;
    o.accuracy = unavailable();
    try {
      setUpSearch(budgeted, o);
      QFAIL("a budget on accuracy without a supernet was accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("no trained supernet"), e.what());
    }
    o.accuracy = nullptr;
    QVERIFY_THROWS_EXCEPTION(InputError, setUpSearch(demoWith({"accuracy", "latency"}), o));
  }

  void whenTrainedAddsAccuracyWithItsReferencePoint() {
    SearchSetupOptions o;
    o.accuracyMode = AccuracyMode::WhenTrained;
    o.accuracy = available();
    const SearchSetup s = setUpSearch(demoWith({"latency", "energy"}, {5.0, 2.0}), o);
    QVERIFY(s.accuracy);
    QCOMPARE(s.config.objectives, (std::vector<std::string>{"accuracy", "latency", "energy"}));
    QCOMPARE(s.config.referencePoint, (std::vector<double>{0.0, 5.0, 2.0}));
    QVERIFY(notesMention(s, "accuracy added"));
  }

  void whenTrainedDropsObjectiveReferenceAndBudgetsTogether() {
    Project p = demoWith({"latency", "accuracy", "energy"}, {5.0, 0.0, 2.0});
    p.search.budgets.push_back(accuracyBudget());
    SearchConfig::Budget latency;
    latency.metric = "latency_ms";
    latency.max = 20;
    p.search.budgets.push_back(latency);
    SearchSetupOptions o;
    o.accuracyMode = AccuracyMode::WhenTrained;
    o.accuracy = unavailable();
    const SearchSetup s = setUpSearch(p, o);
    QVERIFY(!s.accuracy);
    QCOMPARE(s.config.objectives, (std::vector<std::string>{"latency", "energy"}));
    QCOMPARE(s.config.referencePoint, (std::vector<double>{5.0, 2.0}));
    QCOMPARE(s.config.budgets.size(), std::size_t(1));
    QCOMPARE(s.config.budgets[0].metric, std::string("latency_ms"));
    QVERIFY(notesMention(s, "no trained supernet"));
    QVERIFY(notesMention(s, "the accuracy objective"));
    QVERIFY(notesMention(s, "1 accuracy budget"));
  }

  void whenTrainedDropsAnAccuracyBudgetAlone() {
    // `h4h run` used to ignore budgets here and searched with an unmeasurable budget.
    Project p = demoWith({"latency", "energy"});
    p.search.budgets.push_back(accuracyBudget());
    SearchSetupOptions o;
    o.accuracyMode = AccuracyMode::WhenTrained;
    o.accuracy = unavailable();
    const SearchSetup s = setUpSearch(p, o);
    QVERIFY(s.config.budgets.empty());
    QCOMPARE(s.config.objectives, (std::vector<std::string>{"latency", "energy"}));
    QVERIFY(notesMention(s, "1 accuracy budget"));
  }

  void whenTrainedKeepsTwoObjectives() {
    SearchSetupOptions o;
    o.accuracyMode = AccuracyMode::WhenTrained;
    const SearchSetup s = setUpSearch(demoWith({"accuracy"}, {0.0}), o);
    QCOMPARE(s.config.objectives, (std::vector<std::string>{"latency", "energy"}));
    QVERIFY(s.config.referencePoint.empty());
  }

  void hardwareFollowsTheSearchSectionInForce() {
    Project p = demoWith({"latency", "energy"});
    p.search.scheduleObjective = "latency";
    SearchSetupOptions o;
    SearchConfig overridden = p.search;
    overridden.scheduleObjective = "energy";
    o.config = overridden;
    const SearchSetup s = setUpSearch(p, o);
    QCOMPARE(s.hardware->fingerprint()["objective"].get<std::string>(), std::string("energy"));
    QCOMPARE(s.config.scheduleObjective, std::string("energy"));
  }
};

QTEST_APPLESS_MAIN(TestSearchSetup)
#include "test_search_setup.moc"
