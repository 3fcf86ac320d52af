// The architecture search job: exhaustive-front checks on an enumerable space with the
// real hardware models, budgets, accuracy through the evaluator interface, events,
// exact resume after a cancel, random search, and bad input.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <optional>
#include <set>

#include "graph/layer_graph.h"
#include "hw/hardware_config.h"
#include "search/accuracy_predictor.h"
#include "search/hardware_evaluator.h"
#include "search/search_job.h"
#include "search/search_rng.h"
#include "search/search_state_log.h"
#include "space/arch_key.h"
#include "space/space_ops.h"

using namespace h4h;

namespace {

/// Stage "mb": 2 widths x (4 + 16) MBConv variants; stage "hy": 2 widths x 4 MBConv
/// variants x (1 + 2 + 4) ViT variants: 40 x 56 = 2240 archs.
SearchSpace toySpace() {
  SearchSpace s;
  s.inputChannels = 3;
  s.classes = 10;
  s.trainResolutions = {32};
  s.deployResolution = 32;
  s.stem.widths = {16};
  StageSpace a;
  a.name = "mb";
  a.stride = 1;
  a.widths = {16, 24};
  a.mbDepths = {1, 2};
  a.kernels = {3, 5};
  a.expands = {1, 4};
  StageSpace b;
  b.name = "hy";
  b.stride = 2;
  b.widths = {32, 40};
  b.mbDepths = {1};
  b.kernels = {3, 5};
  b.expands = {2, 4};
  b.vitDepths = {0, 1, 2};
  b.heads = {4};
  b.mlpRatios = {1.0, 2.0};
  s.stages = {a, b};
  s.head.convWidths = {64};
  return s;
}

std::vector<Arch> enumerate(const SearchSpace& space) {
  const long long size = std::stoll(spaceSizeExact(space));
  std::map<std::string, Arch> all;
  SearchRng rng(1);
  for (int i = 0; i < 1000000 && static_cast<long long>(all.size()) < size; ++i) {
    Arch a = sampleArch(space, rng);
    all.emplace(archKey(a), a);
  }
  std::vector<Arch> out;
  for (auto& [k, a] : all) out.push_back(a);
  return out;
}

HardwareConfig defaultHardware() {
  ErrorList errors;
  HardwareConfig hw = hardwareFromJson(Json::object(), "hardware", errors);
  if (!errors.empty()) qFatal("%s", errors.joined().c_str());
  return hw;
}

std::shared_ptr<ArchEvaluator> hardwareEvaluator(const SearchSpace& space) {
  return std::make_shared<HardwareEvaluator>(space, defaultHardware(), Objective::Latency);
}

Json stateJson(const SearchJob& job) { return searchStateToJson(job.state()); }

/// A stand-in for the supernet: accuracy grows with MACs, with a small per-arch
/// wobble, reported to 0.01 like a measured top-1.
class FakeAccuracy : public AccuracyEvaluator {
public:
  explicit FakeAccuracy(const SearchSpace& space) : m_space(space) {}
  double top1(const Arch& arch) override {
    ++calls;
    const double macs = static_cast<double>(graphTotals(lowerArch(m_space, arch)).macs) / 1e6;
    std::uint64_t h = 1469598103934665603ull;
    for (char c : archKey(arch)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    const double raw = 0.9 - 0.4 * std::exp(-macs / 3.0) - 0.01 * static_cast<double>(h % 3);
    return std::round(raw * 100.0) / 100.0;
  }
  Json fingerprint() const override { return checkpoint.empty() ? Json() : Json(checkpoint); }
  int calls = 0;
  std::string checkpoint;  ///< stands for the supernet's identity

private:
  SearchSpace m_space;
};

/// Keys on the exhaustive (constraint-)front of `archs` for the config's objectives.
std::set<std::vector<double>> trueFront(const std::vector<Arch>& archs, ArchEvaluator& hw,
                                        AccuracyEvaluator* acc, const SearchConfig& config) {
  ParetoArchive truth;
  for (const auto& a : archs) {
    ArchMetrics m = hw.evaluate(a);
    if (acc) m.accuracy = acc->top1(a);
    truth.insert(ParetoEntry{archKey(a), fitnessFromMetrics(m.toJson(), config), m.toJson()});
  }
  std::set<std::vector<double>> pts;
  for (const auto& e : truth.sorted())
    if (e.fitness.feasible()) pts.insert(e.fitness.objectives);
  return pts;
}

std::set<std::vector<double>> foundFront(const SearchJob& job) {
  std::set<std::vector<double>> pts;
  for (const auto& e : job.archive().sorted())
    if (e.fitness.feasible()) pts.insert(e.fitness.objectives);
  return pts;
}

JobResult runJob(SearchJob& job, std::vector<JobEvent>* events = nullptr,
                 int cancelAtGeneration = -1, int cancelAfterProgressCalls = -1) {
  CancelToken token;
  int progressCalls = 0;
  JobContext ctx(
      token,
      [&](const JobProgress&) {
        if (cancelAfterProgressCalls >= 0 && ++progressCalls >= cancelAfterProgressCalls) token.cancel();
      },
      [&](const JobEvent& e) {
        if (events) events->push_back(e);
        if (e.kind == "search.generation" && e.data["generation"].get<int>() == cancelAtGeneration)
          token.cancel();
      });
  return job.execute(ctx);
}

SearchConfig smallConfig() {
  SearchConfig c;
  c.population = 16;
  c.generations = 8;
  c.mutationProb = 0.15;
  c.seed = 3;
  return c;
}

/// Runs `job` with every step appended to a state log at `path` (created at the first
/// step unless `log` is already open), as the CLI does; the cut-short step on cancel too.
JobResult runLogged(SearchJob& job, const std::string& path, std::optional<SearchStateLog> log = {},
                    int cancelAfterProgressCalls = -1) {
  job.setCheckpoint([&](const SearchStep& step) {
    if (!log) log = SearchStateLog::create(path, job.header(), {step});
    else log->append(step);
  });
  const JobResult r = runJob(job, nullptr, -1, cancelAfterProgressCalls);
  const SearchStep rest = job.takeStep();
  if (!rest.empty()) {
    if (!log) log = SearchStateLog::create(path, job.header(), {rest});
    else log->append(rest);
  }
  return r;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

class TestSearchJob : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    m_space = toySpace();
    m_all = enumerate(m_space);
    QCOMPARE(static_cast<long long>(m_all.size()), std::stoll(spaceSizeExact(m_space)));
  }

  void hardwareFrontEqualsExhaustiveFront_data() {
    QTest::addColumn<QStringList>("objectives");
    QTest::addColumn<QString>("budgetMetric");  // "" = none
    QTest::addColumn<double>("budgetQuantile");  // the bound: this quantile over the space
    QTest::addColumn<bool>("lowerBound");
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("population");
    QTest::addColumn<int>("generations");
    for (int seed : {1, 2, 3})
      QTest::newRow(qPrintable(QString("accuracy,latency seed %1").arg(seed)))
          << QStringList{"accuracy", "latency"} << "" << 0.0 << false << seed << 40 << 30;
    QTest::newRow("latency,energy with macs >= median")
        << QStringList{"latency", "energy"} << "macs_m" << 0.5 << true << 1 << 40 << 25;
    QTest::newRow("accuracy,energy,params with latency <= 40% quantile")
        << QStringList{"accuracy", "energy", "params"} << "latency_ms" << 0.4 << false << 1 << 64 << 16;
  }
  void hardwareFrontEqualsExhaustiveFront() {
    QFETCH(QStringList, objectives);
    QFETCH(QString, budgetMetric);
    QFETCH(double, budgetQuantile);
    QFETCH(bool, lowerBound);
    QFETCH(int, seed);
    QFETCH(int, population);
    QFETCH(int, generations);
    SearchConfig config;
    config.population = population;
    config.generations = generations;
    config.mutationProb = 0.15;
    config.seed = static_cast<std::uint64_t>(seed);
    config.objectives.clear();
    for (const auto& o : objectives) config.objectives.push_back(o.toStdString());
    auto hw = hardwareEvaluator(m_space);
    if (!budgetMetric.isEmpty()) {
      std::vector<double> values;
      for (const auto& a : m_all) values.push_back(metricValue(hw->evaluate(a).toJson(), budgetMetric.toStdString()));
      std::sort(values.begin(), values.end());
      SearchConfig::Budget b;
      b.metric = budgetMetric.toStdString();
      (lowerBound ? b.min : b.max) = values[static_cast<std::size_t>(budgetQuantile * values.size())];
      config.budgets.push_back(b);
    }
    const bool acc = objectives.contains("accuracy");
    auto fake = acc ? std::make_shared<FakeAccuracy>(m_space) : nullptr;
    SearchJob job(m_space, config, hw, fake);
    const JobResult r = runJob(job);
    QCOMPARE(r.status, JobStatus::Finished);
    FakeAccuracy reference(m_space);
    const auto truth = trueFront(m_all, *hw, acc ? &reference : nullptr, config);
    std::size_t hit = 0;
    for (const auto& p : foundFront(job)) hit += truth.count(p);
    qInfo("true front %zu points, %zu found with %d of %zu evaluations", truth.size(), hit,
          job.evaluations(), m_all.size());
    QVERIFY(job.evaluations() <= config.population * (config.generations + 1));
    QVERIFY(job.evaluations() < static_cast<int>(m_all.size()));
    QCOMPARE(foundFront(job), truth);
    if (truth.size() > 5) {
      // random search with the same budget misses part of the front
      SearchConfig randomConfig = config;
      randomConfig.algorithm = "random";
      SearchJob random(m_space, randomConfig, hw, acc ? std::make_shared<FakeAccuracy>(m_space) : nullptr);
      runJob(random);
      std::size_t randomHit = 0;
      for (const auto& p : foundFront(random)) randomHit += truth.count(p);
      qInfo("random search at the same budget found %zu of them", randomHit);
      QVERIFY(randomHit < truth.size());
    }
    if (fake) QCOMPARE(fake->calls, job.evaluations());  // the cache: no arch measured twice
    for (const auto& e : job.archive().sorted()) {
      for (const auto& b : config.budgets) {
        QVERIFY(metricValue(e.metrics, b.metric) <= b.max);
        QVERIFY(metricValue(e.metrics, b.metric) >= b.min);
      }
      QVERIFY(e.metrics.contains("vit_mbconv_ratio"));
      QVERIFY(e.metrics["latency_improvement"].get<double>() >= 1.0 - 1e-9);  // never worse than NPU-only
    }
  }

  void eventsEveryGeneration() {
    SearchConfig config = smallConfig();
    SearchJob job(m_space, config, hardwareEvaluator(m_space));
    std::vector<JobEvent> events;
    int checkpoints = 0;
    job.setCheckpoint([&](const SearchStep& step) {
      ++checkpoints;
      QVERIFY(!step.engine.is_null() && !step.seenAdded.empty() && step.history.size() == 1);
    });
    const JobResult r = runJob(job, &events);
    QCOMPARE(r.status, JobStatus::Finished);
    QCOMPARE(checkpoints, config.generations + 1);
    QCOMPARE(static_cast<int>(events.size()), config.generations + 1);
    double lastHv = -1.0;
    for (int g = 0; g <= config.generations; ++g) {
      const Json& d = events[g].data;
      QCOMPARE(events[g].kind, std::string("search.generation"));
      QCOMPARE(d["generation"].get<int>(), g);
      QCOMPARE(d["population"].size(), std::size_t(config.population));
      for (const char* k : {"hypervolume", "population_hypervolume", "evaluations", "new_evaluations",
                            "cache_hits", "front", "feasible", "evaluations_per_s"})
        QVERIFY2(d.contains(k), k);
      // The live rate is wall-clock: archs measured so far over the time taken so far.
      QVERIFY(std::abs(d["evaluations_per_s"].get<double>() * d["elapsed_s"].get<double>() -
                       d["evaluations"].get<double>()) < 1e-6 * d["evaluations"].get<double>() + 1e-9);
      const double hv = d["hypervolume"].get<double>();
      QVERIFY(hv > 0.0 && hv <= 1.0);
      QVERIFY(hv >= lastHv);  // the archive only improves
      lastHv = hv;
    }
    QCOMPARE(r.data["pareto"], paretoFrontToJson(job.pareto()));
    QCOMPARE(events.back().data["hypervolume"].get<double>(), job.hypervolume());
  }

  void sameSeedSameResult() {
    SearchConfig config = smallConfig();
    SearchJob a(m_space, config, hardwareEvaluator(m_space));
    SearchJob b(m_space, config, hardwareEvaluator(m_space));
    runJob(a);
    runJob(b);
    QCOMPARE(a.pareto(), b.pareto());
    QCOMPARE(stateJson(a), stateJson(b));
    config.seed = 99;
    SearchJob c(m_space, config, hardwareEvaluator(m_space));
    runJob(c);
    QVERIFY(stateJson(c)["engine"] != stateJson(a)["engine"]);
  }

  void resumeEqualsUninterrupted_data() {
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<int>("cancelAtGeneration");
    QTest::addColumn<int>("cancelAfterProgressCalls");
    QTest::newRow("nsga2, after generation 3") << "nsga2" << 3 << -1;
    QTest::newRow("nsga2, inside generation 5") << "nsga2" << -1 << 5 * 16 + 7;
    QTest::newRow("nsga2, inside the first generation") << "nsga2" << -1 << 4;
    QTest::newRow("random, after generation 2") << "random" << 2 << -1;
  }
  void resumeEqualsUninterrupted() {
    QFETCH(QString, algorithm);
    QFETCH(int, cancelAtGeneration);
    QFETCH(int, cancelAfterProgressCalls);
    SearchConfig config = smallConfig();
    config.algorithm = algorithm.toStdString();
    config.objectives = {"accuracy", "latency", "energy"};
    SearchJob straight(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    std::vector<JobEvent> straightEvents;
    QCOMPARE(runJob(straight, &straightEvents).status, JobStatus::Finished);

    auto acc1 = std::make_shared<FakeAccuracy>(m_space);
    SearchJob first(m_space, config, hardwareEvaluator(m_space), acc1);
    QCOMPARE(runJob(first, nullptr, cancelAtGeneration, cancelAfterProgressCalls).status,
             JobStatus::Cancelled);
    QVERIFY(first.generation() < config.generations);
    const std::string saved = stateJson(first).dump();  // through text, as in the project file

    auto acc2 = std::make_shared<FakeAccuracy>(m_space);
    SearchJob resumed(m_space, config, hardwareEvaluator(m_space), acc2);
    resumed.restore(Json::parse(saved));
    std::vector<JobEvent> resumedEvents;
    QCOMPARE(runJob(resumed, &resumedEvents).status, JobStatus::Finished);
    QCOMPARE(resumed.pareto(), straight.pareto());
    QCOMPARE(stateJson(resumed), stateJson(straight));
    QCOMPARE(resumed.history(), straight.history());
    // no arch measured twice across the two runs
    QCOMPARE(acc1->calls + acc2->calls, straight.evaluations());
    // the resumed run's events continue where the first stopped, with the same numbers
    const Json& lastStraight = straightEvents.back().data;
    const Json& lastResumed = resumedEvents.back().data;
    QCOMPARE(lastResumed["population"], lastStraight["population"]);
    QCOMPARE(lastResumed["hypervolume"], lastStraight["hypervolume"]);
  }

  /// A kill at any moment leaves the log cut anywhere: every cut (each record boundary,
  /// one byte either side, the middle of each record) reads back as the state of its
  /// last whole record, resumes, appends after the torn tail and ends exactly as an
  /// uninterrupted run with the same seed; the log it leaves reads as that run's state.
  void logCutAnywhereResumesExactly() {
    SearchConfig config = smallConfig();
    SearchJob straight(m_space, config, hardwareEvaluator(m_space));
    QCOMPARE(runJob(straight).status, JobStatus::Finished);
    QTemporaryDir dir;
    const std::string whole = dir.filePath("whole.log").toStdString();
    SearchJob first(m_space, config, hardwareEvaluator(m_space));
    QCOMPARE(runLogged(first, whole, {}, 5 * 16 + 7).status, JobStatus::Cancelled);
    const std::string text = readText(whole);
    std::vector<std::size_t> ends;  // end of each record
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') ends.push_back(i + 1);
    QVERIFY(ends.size() >= 6);  // header, generations 0..3, the cut-short generation 4
    QCOMPARE(readSearchStateLog(whole).ignoredBytes, std::uint64_t(0));
    std::set<std::size_t> cuts;
    std::size_t start = 0;
    for (std::size_t end : ends) {
      for (std::size_t c : {start + 1, (start + end) / 2, end - 1, end, end + 1})
        if (c >= ends.front() && c <= text.size()) cuts.insert(c);
      start = end;
    }
    for (std::size_t cut : cuts) {
      const std::string path = dir.filePath("cut.log").toStdString();
      std::string torn = text.substr(0, cut);
      if (cut < text.size() && cut > ends.front() && cut % 2) torn.back() ^= 0x20;  // damaged, not only short
      writeText(path, torn);
      const SearchStateLoad load = readSearchStateLog(path);
      QVERIFY(load.validBytes <= cut);
      QCOMPARE(load.validBytes + load.ignoredBytes, std::uint64_t(cut));
      SearchJob resumed(m_space, config, hardwareEvaluator(m_space));
      resumed.restore(load.state, path);
      QCOMPARE(runLogged(resumed, path, SearchStateLog::openForAppend(path, load.validBytes)).status,
               JobStatus::Finished);
      QCOMPARE(resumed.pareto(), straight.pareto());
      QCOMPARE(stateJson(resumed), stateJson(straight));
      const SearchStateLoad after = readSearchStateLog(path);
      QCOMPARE(after.ignoredBytes, std::uint64_t(0));
      QCOMPARE(searchStateToJson(after.state), stateJson(straight));
    }
    // A cut inside the header is no saved search at all.
    writeText(dir.filePath("header.log").toStdString(), text.substr(0, ends.front() - 1));
    QVERIFY_THROWS_EXCEPTION(InputError, readSearchStateLog(dir.filePath("header.log").toStdString()));
  }

  void resumeCanExtendAFinishedSearch() {
    SearchConfig config = smallConfig();
    SearchJob straight(m_space, config, hardwareEvaluator(m_space));
    runJob(straight);
    SearchConfig shorter = config;
    shorter.generations = 4;
    SearchJob first(m_space, shorter, hardwareEvaluator(m_space));
    runJob(first);
    SearchJob more(m_space, config, hardwareEvaluator(m_space));
    more.restore(Json::parse(stateJson(first).dump()));
    runJob(more);
    QCOMPARE(more.pareto(), straight.pareto());
  }

  void restoreRefusesOtherSettings() {
    SearchConfig config = smallConfig();
    SearchJob first(m_space, config, hardwareEvaluator(m_space));
    runJob(first, nullptr, 1);
    const Json state = stateJson(first);
    SearchConfig other = config;
    other.seed = 4;
    other.population = 20;
    SearchJob job(m_space, other, hardwareEvaluator(m_space));
    try {
      job.restore(state);
      QFAIL("restore accepted another seed");
    } catch (const InputError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("population") != std::string::npos && msg.find("seed") != std::string::npos,
               msg.c_str());
    }
    HardwareConfig hw = defaultHardware();
    hw.link.bandwidthGBs *= 2;
    SearchJob otherHw(m_space, config, std::make_shared<HardwareEvaluator>(m_space, hw, Objective::Latency));
    QVERIFY_THROWS_EXCEPTION(InputError, otherHw.restore(state));
    SearchJob bad(m_space, config, hardwareEvaluator(m_space));
    Json broken = state;
    broken["engine"]["population"][0]["genome"] = "r32_nonsense";
    try {
      bad.restore(broken);
      QFAIL("restore accepted a broken genome");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("results.search_state.engine.population[0].genome") !=
                   std::string::npos,
               e.what());
    }
    QVERIFY_THROWS_EXCEPTION(InputError, bad.restore(Json()));

    // accuracies measured with another supernet are not reused
    SearchConfig withAccuracy = config;
    withAccuracy.objectives = {"accuracy", "latency"};
    auto oldNet = std::make_shared<FakeAccuracy>(m_space);
    oldNet->checkpoint = "epoch 2";
    SearchJob a(m_space, withAccuracy, hardwareEvaluator(m_space), oldNet);
    runJob(a, nullptr, 0);
    auto newNet = std::make_shared<FakeAccuracy>(m_space);
    newNet->checkpoint = "epoch 4";
    SearchJob b(m_space, withAccuracy, hardwareEvaluator(m_space), newNet);
    try {
      b.restore(stateJson(a));
      QFAIL("restore accepted accuracies of another supernet");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("supernet") != std::string::npos, e.what());
    }
    newNet->checkpoint = "epoch 2";
    b.restore(stateJson(a));
    QCOMPARE(b.evaluations(), a.evaluations());
  }

  void randomSearchSameBudget() {
    SearchConfig config = smallConfig();
    config.algorithm = "random";
    SearchJob job(m_space, config, hardwareEvaluator(m_space));
    std::vector<JobEvent> events;
    QCOMPARE(runJob(job, &events).status, JobStatus::Finished);
    QCOMPARE(static_cast<int>(events.size()), config.generations + 1);
    QCOMPARE(job.evaluations(), config.population * (config.generations + 1));  // 144 distinct of 240
    QVERIFY(job.hypervolume() > 0.0);
  }

  void initialArchsStartThePopulation() {
    SearchConfig config = smallConfig();
    config.generations = 0;
    config.initialArchs = {"max", archKey(minArch(m_space)), "max"};  // a repeat is dropped
    SearchJob job(m_space, config, hardwareEvaluator(m_space));
    runJob(job);
    const SearchState state = job.state();
    QVERIFY(state.cache.count(archKey(maxArch(m_space))));
    QVERIFY(state.cache.count(archKey(minArch(m_space))));
    QCOMPARE(static_cast<int>(state.cache.size()), config.population);
    // Without them the same seed draws a population that misses the max arch.
    config.initialArchs.clear();
    SearchJob plain(m_space, config, hardwareEvaluator(m_space));
    runJob(plain);
    QVERIFY(!plain.state().cache.count(archKey(maxArch(m_space))));

    ErrorList errors;
    Json j = searchConfigToJson(smallConfig());
    QVERIFY(!j.contains("initial_archs"));  // files without the field stay as they were
    j["initial_archs"] = {"max", 3};
    const SearchConfig read = searchConfigFromJson(j, "search", errors);
    QCOMPARE(errors.size(), std::size_t(1));
    QCOMPARE(errors.items().front().path, std::string("search.initial_archs[1]"));
    QCOMPARE(read.initialArchs, std::vector<std::string>{"max"});

    config.initialArchs = {"max", "r999_bogus"};
    try {
      SearchJob bad(m_space, config, hardwareEvaluator(m_space));
      QFAIL("a malformed initial arch accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("search.initial_archs[1]") == 0, e.what());
    }
    config.initialArchs = {"max"};
    config.cnnOnly = true;
    try {
      SearchJob bad(m_space, config, hardwareEvaluator(m_space));
      QFAIL("a hybrid initial arch accepted in a CNN-only search");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("CNN-only") != std::string::npos, e.what());
    }
  }

  void badInput() {
    SearchConfig config = smallConfig();
    config.objectives = {"accuracy", "latency"};
    try {
      SearchJob job(m_space, config, hardwareEvaluator(m_space));
      QFAIL("accuracy without an evaluator accepted");
    } catch (const InputError& e) {
      QVERIFY(std::string(e.what()).find("search.objectives: accuracy needs a trained supernet") == 0);
    }
    config.objectives = {"latency", "energy"};
    config.referencePoint = {-1.0, 3.0};
    try {
      SearchJob job(m_space, config, hardwareEvaluator(m_space));
      QFAIL("negative latency reference accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("search.reference_point[0]") == 0, e.what());
    }
  }

  void failedEvaluationsAreRankedLast() {
    // An evaluator that fails on every arch with a ViT layer: the search carries on and
    // the front holds only archs that could be measured.
    class Flaky : public ArchEvaluator {
    public:
      explicit Flaky(std::shared_ptr<ArchEvaluator> inner) : m_inner(std::move(inner)) {}
      ArchMetrics evaluate(const Arch& a) override {
        for (const auto& s : a.stages)
          if (s.vitDepth > 0) throw std::runtime_error("no ViT on this chip");
        return m_inner->evaluate(a);
      }

    private:
      std::shared_ptr<ArchEvaluator> m_inner;
    };
    SearchJob job(m_space, smallConfig(), std::make_shared<Flaky>(hardwareEvaluator(m_space)));
    QCOMPARE(runJob(job).status, JobStatus::Finished);
    QVERIFY(!job.archive().empty());
    for (const auto& e : job.archive().sorted()) {
      QVERIFY(e.fitness.feasible());
      QCOMPARE(e.metrics["vit_layers"].get<int>(), 0);
    }
    bool sawError = false;
    const Json state = stateJson(job);
    for (const auto& [k, v] : state["cache"].items())
      if (v.contains("error") && v["error"].get<std::string>() == "no ViT on this chip") sawError = true;
    QVERIFY(sawError);
  }

  /// search.accuracy "predictor": the initial population is measured, the rest predicted.
  void predictorMeasuresOnlyUntilItCanPredict() {
    SearchConfig config = smallConfig();
    config.objectives = {"accuracy", "latency", "energy"};
    config.accuracySource = "predictor";
    auto acc = std::make_shared<FakeAccuracy>(m_space);
    SearchJob job(m_space, config, hardwareEvaluator(m_space), acc);
    std::vector<JobEvent> events;
    QCOMPARE(runJob(job, &events).status, JobStatus::Finished);
    QCOMPARE(acc->calls, config.population);
    QVERIFY(job.evaluations() > 4 * config.population);
    QVERIFY(job.predictor());
    QCOMPARE(static_cast<int>(job.predictor()->samples().size()), config.population);
    QCOMPARE(events.back().data["measured_accuracies"].get<int>(), config.population);
    QCOMPARE(events.back().data["predictor"]["samples"].get<int>(), config.population);
    int predicted = 0;
    for (const auto& [key, m] : job.state().cache)
      if (m.ok && m.accuracyPredicted) {
        ++predicted;
        QCOMPARE(m.accuracy, job.predictor()->predict(parseArchKey(key)));
      }
    QCOMPARE(predicted, job.evaluations() - config.population);
  }

  /// "predictor+verify": the front's predicted members are measured, the predictor refitted,
  /// and the final front holds measured accuracies only, each the evaluator's value.
  void predictorVerifyEndsOnAMeasuredFront() {
    SearchConfig config = smallConfig();
    config.objectives = {"accuracy", "latency", "energy"};
    config.accuracySource = "predictor+verify";
    config.verifyEvery = 3;
    auto acc = std::make_shared<FakeAccuracy>(m_space);
    SearchJob job(m_space, config, hardwareEvaluator(m_space), acc);
    std::vector<JobEvent> events;
    QCOMPARE(runJob(job, &events).status, JobStatus::Finished);
    QVERIFY(acc->calls > config.population);      // verification measured more
    QVERIFY(acc->calls < job.evaluations() / 2);  // ... but far from every arch
    FakeAccuracy truth(m_space);
    QVERIFY(!job.archive().empty());
    for (const auto& e : job.archive().sorted()) {
      QVERIFY2(!e.metrics.contains("accuracy_predicted"), e.key.c_str());
      QCOMPARE(e.metrics["accuracy"].get<double>(), truth.top1(parseArchKey(e.key)));
    }
    // measurements grew at the verifying generations only (3, 6 and the last, 8)
    std::vector<int> measured;
    for (const auto& ev : events) measured.push_back(ev.data["measured_accuracies"].get<int>());
    QCOMPARE(measured[1], measured[0]);
    QVERIFY(measured[3] > measured[2]);
    QCOMPARE(measured[4], measured[3]);
    QVERIFY(measured[8] >= measured[7]);
    QCOMPARE(measured.back(), acc->calls);
    QVERIFY(events.back().data["predictor"]["quality"]["kendall_tau"].is_number());
  }

  void predictorVerifyResumesExactly() {
    SearchConfig config = smallConfig();
    config.objectives = {"accuracy", "latency", "energy"};
    config.accuracySource = "predictor+verify";
    SearchJob straight(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    QCOMPARE(runJob(straight).status, JobStatus::Finished);
    SearchJob first(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    QCOMPARE(runJob(first, nullptr, 5).status, JobStatus::Cancelled);
    SearchJob resumed(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    resumed.restore(Json::parse(stateJson(first).dump()));
    QCOMPARE(runJob(resumed).status, JobStatus::Finished);
    QCOMPARE(resumed.pareto(), straight.pareto());
    QCOMPARE(stateJson(resumed), stateJson(straight));
  }

  /// A stored predictor's samples let the search predict from the initial population on. A saved
  /// search goes on from the samples it started with (kept in its header), whatever the stored
  /// predictor holds by then: it ends exactly as the uninterrupted run.
  void predictorSamplesStartThePredictor() {
    SearchConfig config = smallConfig();
    config.objectives = {"accuracy", "latency", "energy"};
    config.accuracySource = "predictor";
    FakeAccuracy truth(m_space);
    std::vector<AccuracySample> samples;
    for (std::size_t i = 0; i < 12; ++i) samples.push_back({archKey(m_all[i * 97]), truth.top1(m_all[i * 97])});
    SearchJob straight(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    straight.setPredictorSamples(samples);
    QCOMPARE(runJob(straight).status, JobStatus::Finished);
    auto acc = std::make_shared<FakeAccuracy>(m_space);
    SearchJob job(m_space, config, hardwareEvaluator(m_space), acc);
    job.setPredictorSamples(samples);
    QCOMPARE(runJob(job, nullptr, 2).status, JobStatus::Cancelled);
    QCOMPARE(acc->calls, 0);
    QCOMPARE(job.predictor()->samples().size(), samples.size());
    const Json saved = stateJson(job);

    SearchJob other(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    std::vector<AccuracySample> grown = samples;  // a later search stored more
    grown.push_back({archKey(m_all[5]), truth.top1(m_all[5])});
    other.setPredictorSamples(grown);
    other.restore(Json::parse(saved.dump()));
    QCOMPARE(runJob(other).status, JobStatus::Finished);
    QCOMPARE(other.pareto(), straight.pareto());
    QCOMPARE(stateJson(other), stateJson(straight));

    Json bad = saved;  // a hand-edited header: named, never a crash
    bad["accuracy"]["predictor_seed"][3]["key"] = "r32_nonsense";
    SearchJob broken(m_space, config, hardwareEvaluator(m_space), std::make_shared<FakeAccuracy>(m_space));
    try {
      broken.restore(bad);
      QFAIL("a malformed predictor seed was accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("accuracy.predictor_seed[3].key") != std::string::npos, e.what());
    }
  }

private:
  SearchSpace m_space;
  std::vector<Arch> m_all;
};

QTEST_APPLESS_MAIN(TestSearchJob)
#include "test_search_job.moc"
