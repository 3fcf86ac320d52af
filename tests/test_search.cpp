// The search engine alone: hypervolume, constraint-domination, sorting and survival,
// NSGA-II on ZDT1 and on an enumerable toy problem, determinism, resume, config.
#include <QtTest>

#include <cmath>
#include <set>

#include "search/choice_problem.h"
#include "search/fitness.h"
#include "search/hypervolume.h"
#include "search/nsga2.h"
#include "search/pareto.h"
#include "search/real_problem.h"
#include "search/search_config.h"

using namespace h4h;

Q_DECLARE_METATYPE(std::vector<std::vector<double>>)
Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(h4h::Fitness)

namespace {
using Points = std::vector<std::vector<double>>;

/// Union volume of the boxes [p, ref] by inclusion-exclusion: the independent reference.
double inclusionExclusion(const Points& pts, const std::vector<double>& ref) {
  const std::size_t n = pts.size(), d = ref.size();
  double total = 0.0;
  for (unsigned mask = 1; mask < (1u << n); ++mask) {
    std::vector<double> lo(d, -1e300);
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (mask & (1u << i)) {
        ++bits;
        for (std::size_t k = 0; k < d; ++k) lo[k] = std::max(lo[k], pts[i][k]);
      }
    double v = 1.0;
    for (std::size_t k = 0; k < d; ++k) v *= std::max(0.0, ref[k] - lo[k]);
    total += (bits % 2 ? 1.0 : -1.0) * v;
  }
  return total;
}

std::vector<double> zdt1(const std::vector<double>& x) {
  double g = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) g += x[i];
  g = 1.0 + 9.0 * g / static_cast<double>(x.size() - 1);
  return {x[0], g * (1.0 - std::sqrt(x[0] / g))};
}

/// A toy discrete bi-objective problem: up to 8 genes with 3 options; f1 rewards high
/// options with gene-specific weights, f2 low ones, with an interaction term.
Fitness toyFitness(const std::vector<int>& g) {
  static const double a[] = {3, 1, 4, 1, 5, 9, 2, 6}, b[] = {2, 7, 1, 8, 2, 8, 1, 3};
  double f1 = 0.0, f2 = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    f1 += a[i] * (2 - g[i]) * (2 - g[i]);
    f2 += b[i] * g[i];
  }
  f2 += 2.0 * g[0] * g[1];
  return Fitness{{f1, f2}, 0.0, false};
}

ParetoEntry entry(const std::string& key, const Fitness& f, Json metrics = Json::object()) {
  ParetoEntry e;
  e.key = key;
  e.fitness = f;
  e.metrics = std::move(metrics);
  return e;
}

Fitness fit(double a, double b, double violation = 0.0) {
  Fitness f;
  f.objectives = {a, b};
  f.violation = violation;
  return f;
}

template <class P, class Eval>
void runGenerations(Nsga2<P>& engine, int untilGeneration, Eval eval) {
  while (engine.generation() < untilGeneration) {
    std::vector<Fitness> fits;
    for (const auto& g : engine.ask()) fits.push_back(eval(g));
    engine.tell(fits);
  }
}

template <class G>
std::vector<std::string> keys(const std::vector<Member<G>>& pop) {
  std::vector<std::string> out;
  for (const auto& m : pop) out.push_back(m.key);
  return out;
}
}  // namespace

class TestSearch : public QObject {
  Q_OBJECT

private slots:
  void hypervolumeHandCases_data() {
    QTest::addColumn<Points>("points");
    QTest::addColumn<std::vector<double>>("reference");
    QTest::addColumn<double>("expected");
    QTest::newRow("2d staircase") << Points{{1, 3}, {2, 2}, {3, 1}} << std::vector<double>{4, 4} << 6.0;
    QTest::newRow("2d dominated point adds nothing")
        << Points{{1, 3}, {2, 2}, {3, 1}, {3, 3}} << std::vector<double>{4, 4} << 6.0;
    QTest::newRow("2d duplicate") << Points{{1, 1}, {1, 1}} << std::vector<double>{2, 3} << 2.0;
    QTest::newRow("2d outside reference") << Points{{5, 0}, {0, 4}} << std::vector<double>{4, 4} << 0.0;
    QTest::newRow("2d on the reference boundary") << Points{{4, 0}} << std::vector<double>{4, 4} << 0.0;
    QTest::newRow("3d unit box") << Points{{1, 1, 1}} << std::vector<double>{2, 2, 2} << 1.0;
    QTest::newRow("3d two boxes") << Points{{0, 0, 1}, {1, 1, 0}} << std::vector<double>{2, 2, 2} << 5.0;
    QTest::newRow("3d three axes")
        << Points{{0, 1, 1}, {1, 0, 1}, {1, 1, 0}} << std::vector<double>{2, 2, 2} << 4.0;
    QTest::newRow("empty") << Points{} << std::vector<double>{1, 1} << 0.0;
  }
  void hypervolumeHandCases() {
    QFETCH(Points, points);
    QFETCH(std::vector<double>, reference);
    QFETCH(double, expected);
    QCOMPARE(hypervolume(points, reference), expected);
  }

  void hypervolumeMatchesInclusionExclusion() {
    SearchRng rng(7);
    for (int d = 2; d <= 4; ++d)
      for (int trial = 0; trial < 40; ++trial) {
        Points pts(1 + uniformIndex(rng, 8), std::vector<double>(d));
        for (auto& p : pts)
          for (auto& x : p) x = std::round(uniform01(rng) * 10.0) / 10.0;  // ties happen
        const std::vector<double> ref(d, 1.05);
        const double expect = inclusionExclusion(pts, ref);
        QVERIFY2(std::fabs(hypervolume(pts, ref) - expect) < 1e-9,
                 qPrintable(QString("d=%1 trial=%2").arg(d).arg(trial)));
      }
  }

  void normalisedHypervolume_() {
    // (2, 30) in a box ideal (0, 0) .. reference (4, 40): ((4-2)/4) * ((40-30)/40) = 0.125
    QCOMPARE(normalisedHypervolume({{2, 30}}, {0, 0}, {4, 40}), 0.125);
    QCOMPARE(normalisedHypervolume({{0, 0}}, {0, 0}, {4, 40}), 1.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, normalisedHypervolume({{1, 1}}, {2, 0}, {1, 1}));
  }

  void constraintDomination_data() {
    QTest::addColumn<Fitness>("a");
    QTest::addColumn<Fitness>("b");
    QTest::addColumn<bool>("aDominatesB");
    QTest::addColumn<bool>("bDominatesA");
    const Fitness good{{1, 1}, 0, false}, worse{{2, 2}, 0, false}, other{{0, 3}, 0, false};
    const Fitness slightlyOver{{9, 9}, 0.1, false}, farOver{{0, 0}, 2.0, false};
    const Fitness failed{{INFINITY, INFINITY}, 0, true};
    QTest::newRow("pareto dominance") << good << worse << true << false;
    QTest::newRow("incomparable feasible") << good << other << false << false;
    QTest::newRow("identical") << good << good << false << false;
    QTest::newRow("feasible beats infeasible with better objectives") << worse << farOver << true << false;
    QTest::newRow("smaller violation wins") << slightlyOver << farOver << true << false;
    QTest::newRow("equal violation: neither") << slightlyOver << Fitness{{0, 0}, 0.1, false} << false << false;
    QTest::newRow("failed loses to infeasible") << farOver << failed << true << false;
    QTest::newRow("two failed") << failed << failed << false << false;
  }
  void constraintDomination() {
    QFETCH(Fitness, a);
    QFETCH(Fitness, b);
    QFETCH(bool, aDominatesB);
    QFETCH(bool, bDominatesA);
    QCOMPARE(constrainedDominates(a, b), aDominatesB);
    QCOMPARE(constrainedDominates(b, a), bDominatesA);
  }

  void sortingAndCrowding() {
    const std::vector<Fitness> pool = {
        {{1, 4}, 0, false}, {{2, 2}, 0, false}, {{4, 1}, 0, false},  // front 0
        {{3, 3}, 0, false}, {{2, 5}, 0, false},                      // front 1
        {{0, 0}, 0.5, false},                                        // infeasible, front 2
        {{0, 0}, 1.5, false},                                        // more infeasible, front 3
    };
    const auto fronts = nonDominatedSort(pool);
    QCOMPARE(fronts.size(), std::size_t(4));
    QCOMPARE(fronts[0], (std::vector<int>{0, 1, 2}));
    QCOMPARE(fronts[1], (std::vector<int>{3, 4}));
    QCOMPARE(fronts[2], (std::vector<int>{5}));
    QCOMPARE(fronts[3], (std::vector<int>{6}));
    const auto d = crowdingDistances(pool, fronts[0]);
    QVERIFY(std::isinf(d[0]) && std::isinf(d[2]));
    // middle point: (4-1)/(4-1) + (4-1)/(4-1) = 2
    QCOMPARE(d[1], 2.0);
    // survival keeps whole fronts, then the most crowded-apart members of the cut front
    QCOMPARE(selectSurvivors(pool, 5).size(), std::size_t(5));
    const auto s4 = selectSurvivors(pool, 4);
    QCOMPARE(std::set<int>(s4.begin(), s4.begin() + 3), (std::set<int>{0, 1, 2}));
    const auto s6 = selectSurvivors(pool, 6);
    QCOMPARE(s6.back(), 5);  // the less infeasible one survives
  }

  void iterativeCrowdingKeepsSpread() {
    // Five points on a line, two of them close together: cutting to 4 drops one of the pair.
    std::vector<Fitness> pool;
    for (double x : {0.0, 1.0, 1.05, 2.0, 4.0}) pool.push_back({{x, 4.0 - x}, 0, false});
    auto kept = selectSurvivors(pool, 4);
    std::set<int> s(kept.begin(), kept.end());
    QVERIFY(s.count(0) && s.count(3) && s.count(4));
    QVERIFY(s.count(1) != s.count(2));
  }

  void archiveKeepsNonDominated() {
    ParetoArchive a;
    QVERIFY(a.insert(entry("a", fit(2, 2), Json{{"x", 1}})));
    QVERIFY(!a.insert(entry("b", fit(3, 3))));   // dominated
    QVERIFY(!a.insert(entry("a", fit(0, 0))));   // same key
    QVERIFY(a.insert(entry("c", fit(1, 3))));
    QVERIFY(a.insert(entry("d", fit(1, 1))));    // removes a and c
    QCOMPARE(a.size(), std::size_t(1));
    QVERIFY(a.contains("d") && !a.contains("a"));
    QVERIFY(!a.insert(entry("e", fit(0, 0, 0.2))));  // infeasible loses to feasible
    const Json j = a.toJson();
    QCOMPARE(j.size(), std::size_t(1));
    QCOMPARE(j[0]["key"].get<std::string>(), std::string("d"));
  }

  void zdt1ReachesHypervolume() {
    RealProblem problem(std::vector<double>(30, 0.0), std::vector<double>(30, 1.0));
    EvolutionOptions options;
    options.population = 100;
    options.crossoverProb = 0.9;
    Nsga2<RealProblem> engine(problem, options, 1);
    QElapsedTimer timer;
    timer.start();
    runGenerations(engine, 250, [](const std::vector<double>& x) { return Fitness{zdt1(x), 0, false}; });
    Points pts;
    for (const auto& m : engine.population()) pts.push_back(m.fitness.objectives);
    const double hv = hypervolume(pts, {1.0, 1.0});
    qInfo("ZDT1: hypervolume %.5f (target %.5f, optimum of 100 points ~0.6617) in %lld ms", hv,
          0.99 * 2.0 / 3.0, static_cast<long long>(timer.elapsed()));
    QVERIFY2(hv >= 0.99 * 2.0 / 3.0, qPrintable(QString::number(hv, 'f', 5)));
  }

  void toyFrontEqualsExhaustiveFront_data() {
    QTest::addColumn<quint64>("seed");
    for (quint64 s : {1, 2, 3, 4, 5}) QTest::newRow(qPrintable(QString("seed %1").arg(s))) << s;
  }
  void toyFrontEqualsExhaustiveFront() {
    QFETCH(quint64, seed);
    ChoiceProblem problem(std::vector<int>(8, 3), 1.0 / 8.0);
    // the exhaustive front of all 3^8 = 6561 genomes
    ParetoArchive truth;
    for (int code = 0; code < 6561; ++code) {
      std::vector<int> g(8);
      for (int i = 0, c = code; i < 8; ++i, c /= 3) g[i] = c % 3;
      truth.insert(entry(problem.key(g), toyFitness(g)));
    }
    EvolutionOptions options;
    options.population = 48;
    Nsga2<ChoiceProblem> engine(problem, options, seed);
    ParetoArchive found;
    std::set<std::string> evaluated;
    while (engine.generation() < 40) {
      std::vector<Fitness> fits;
      for (const auto& g : engine.ask()) {
        fits.push_back(toyFitness(g));
        evaluated.insert(problem.key(g));
        found.insert(entry(problem.key(g), fits.back()));
      }
      engine.tell(fits);
    }
    std::set<std::vector<double>> truePoints, foundPoints;
    for (const auto& e : truth.sorted()) truePoints.insert(e.fitness.objectives);
    for (const auto& e : found.sorted()) foundPoints.insert(e.fitness.objectives);
    qInfo("front of %zu points, found %zu of them with %zu of 6561 evaluations", truePoints.size(),
          foundPoints.size(), evaluated.size());
    QVERIFY(evaluated.size() < 6561 / 3);
    QCOMPARE(foundPoints, truePoints);
  }

  void sameSeedSameRun() {
    ChoiceProblem problem(std::vector<int>(8, 3), 0.15);
    auto run = [&](std::uint64_t seed) {
      Nsga2<ChoiceProblem> engine(problem, EvolutionOptions{}, seed);
      runGenerations(engine, 15, toyFitness);
      return keys(engine.population());
    };
    QCOMPARE(run(3), run(3));
    QVERIFY(run(3) != run(4));
  }

  void randomSearchUsesTheSameApi() {
    ChoiceProblem problem(std::vector<int>(8, 3), 0.15);
    EvolutionOptions options;
    options.randomSearch = true;
    options.population = 20;
    Nsga2<ChoiceProblem> engine(problem, options, 9);
    std::set<std::string> asked;
    while (engine.generation() < 10) {
      std::vector<Fitness> fits;
      for (const auto& g : engine.ask()) {
        asked.insert(problem.key(g));
        fits.push_back(toyFitness(g));
      }
      engine.tell(fits);
    }
    QCOMPARE(asked.size(), std::size_t(20 * 11));  // 220 of 6561  // no duplicates across the whole run
    QCOMPARE(engine.population().size(), std::size_t(20));
  }

  void duplicateAvoidanceInATinySpace() {
    // 6 genomes, population 4: offspring stay distinct from each other while possible.
    ChoiceProblem problem({2, 3}, 0.5);
    EvolutionOptions options;
    options.population = 4;
    Nsga2<ChoiceProblem> engine(problem, options, 1);
    for (int gen = 0; gen < 5; ++gen) {
      const auto& batch = engine.ask();
      std::set<std::string> distinct;
      for (const auto& g : batch) distinct.insert(problem.key(g));
      QCOMPARE(distinct.size(), std::size_t(4));
      std::vector<Fitness> fits;
      for (const auto& g : batch) fits.push_back(Fitness{{double(g[0]), double(g[1])}, 0, false});
      engine.tell(fits);
    }
  }

  void resumeGivesTheUninterruptedResult_data() {
    QTest::addColumn<bool>("random");
    QTest::newRow("nsga2") << false;
    QTest::newRow("random") << true;
  }
  void resumeGivesTheUninterruptedResult() {
    QFETCH(bool, random);
    ChoiceProblem problem(std::vector<int>(8, 3), 0.15);
    EvolutionOptions options;
    options.randomSearch = random;
    options.population = 16;
    Nsga2<ChoiceProblem> straight(problem, options, 11);
    runGenerations(straight, 20, toyFitness);

    Nsga2<ChoiceProblem> first(problem, options, 11);
    runGenerations(first, 8, toyFitness);
    const std::string saved = first.stateToJson().dump();
    Nsga2<ChoiceProblem> resumed(problem, options, 999);  // the seed comes from the state
    ErrorList errors;
    resumed.restoreState(Json::parse(saved), "state", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(resumed.generation(), 8);
    runGenerations(resumed, 20, toyFitness);
    QCOMPARE(keys(resumed.population()), keys(straight.population()));

    // real-coded too (its keys are bit patterns; the JSON round trip must be exact)
    RealProblem real(std::vector<double>(5, 0.0), std::vector<double>(5, 1.0));
    auto eval = [](const std::vector<double>& x) { return Fitness{zdt1(x), 0, false}; };
    Nsga2<RealProblem> a(real, options, 5), b(real, options, 5);
    runGenerations(a, 12, eval);
    runGenerations(b, 5, eval);
    Nsga2<RealProblem> c(real, options, 0);
    c.restoreState(Json::parse(b.stateToJson().dump()), "state", errors);
    QVERIFY(errors.empty());
    runGenerations(c, 12, eval);
    QCOMPARE(keys(c.population()), keys(a.population()));
  }

  void restoreRejectsBadState() {
    ChoiceProblem problem(std::vector<int>(3, 2), 0.3);
    Nsga2<ChoiceProblem> engine(problem, EvolutionOptions{}, 1);
    ErrorList errors;
    engine.restoreState(Json{{"generation", 2}, {"rng", "not a state"},
                             {"population", Json::array({Json{{"genome", {0, 5, 1}},
                                                              {"fitness", {{"objectives", {1, 2}}}}}})}},
                        "state", errors);
    const std::string text = errors.joined();
    QVERIFY2(text.find("state.rng") != std::string::npos, text.c_str());
    QVERIFY2(text.find("state.population[0].genome[1]") != std::string::npos, text.c_str());
    QCOMPARE(engine.generation(), -1);  // unchanged
  }

  void configDefaultsAndRoundTrip() {
    ErrorList errors;
    const SearchConfig d = searchConfigFromJson(Json::object(), "search", errors);
    QVERIFY(errors.empty());
    QCOMPARE(d.algorithm, std::string("nsga2"));
    QCOMPARE(d.objectives, (std::vector<std::string>{"latency", "energy"}));
    SearchConfig c;
    c.algorithm = "random";
    c.objectives = {"accuracy", "latency", "energy"};
    c.budgets = {{"latency_ms", 20.0}};
    c.budgets.push_back({});
    c.budgets.back().metric = "accuracy";
    c.budgets.back().min = 0.5;
    c.referencePoint = {0.1, 50.0, 5.0};
    c.seed = 42;
    const Json j = searchConfigToJson(c);
    const SearchConfig back = searchConfigFromJson(j, "search", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(searchConfigToJson(back), j);
    QCOMPARE(back.budgets.size(), std::size_t(2));
    QCOMPARE(back.budgets[1].min, 0.5);
    QVERIFY(std::isinf(back.budgets[1].max));
  }

  void configErrorsNameTheField_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown objective") << R"({"objectives": ["latency", "speed"]})"
                                       << "search.objectives[1]: unknown objective; must be one of accuracy, latency, energy, period, params, macs (\"speed\")";
    QTest::newRow("objective twice") << R"({"objectives": ["energy", "energy"]})"
                                     << "search.objectives[1]: objective listed twice";
    QTest::newRow("no objectives") << R"({"objectives": []})" << "search.objectives: must name at least one";
    QTest::newRow("population") << R"({"population": 1})" << "search.population: must be in [2, 100000] (1)";
    QTest::newRow("probability") << R"({"mutation_prob": 1.5})" << "search.mutation_prob: must be in [0, 1]";
    QTest::newRow("algorithm") << R"({"algorithm": "cmaes"})" << "search.algorithm: must be one of nsga2, random";
    QTest::newRow("budget metric") << R"({"budgets": [{"metric": "watts", "max": 3}]})"
                                   << "search.budgets[0].metric: unknown metric";
    QTest::newRow("budget bound") << R"({"budgets": [{"metric": "latency_ms"}]})"
                                  << "search.budgets[0]: needs a \"max\" or a \"min\" bound";
    QTest::newRow("budget order") << R"({"budgets": [{"metric": "energy", "min": 3, "max": 1}]})"
                                  << "search.budgets[0].min: must not exceed max";
    QTest::newRow("reference size") << R"({"reference_point": [1, 2, 3]})"
                                    << "search.reference_point: needs one value per objective (2)";
    QTest::newRow("schedule objective") << R"({"schedule_objective": "speed"})"
                                        << "search.schedule_objective: must be one of latency, energy, edp";
  }
  void configErrorsNameTheField() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    ErrorList errors;
    searchConfigFromJson(Json::parse(json.toStdString()), "search", errors);
    const std::string text = errors.joined();
    QVERIFY2(text.find(expected.toStdString()) != std::string::npos, text.c_str());
  }

  void budgetAliasesAndUnits() {
    ErrorList errors;
    const SearchConfig c =
        searchConfigFromJson(Json::parse(R"({"budgets": [{"metric": "latency", "max": 20}]})"), "search", errors);
    QVERIFY(errors.empty());
    QCOMPARE(c.budgets[0].metric, std::string("latency_ms"));
    QCOMPARE(metricUnit("energy_mj"), std::string("mJ"));
    QCOMPARE(objectiveMetricKey("macs"), std::string("macs_m"));
  }
};

QTEST_APPLESS_MAIN(TestSearch)
#include "test_search.moc"
