// Accuracy by prediction (issue 25), two measurements in one run:
//
// 1. Throughput: archs per second per core of a search whose accuracy comes from the
//    predictor, hardware evaluation (the scheduler) included, against the same search with
//    hardware objectives only (the baseline). The predictor starts from samples of a
//    synthetic accuracy law, so this part needs no trained supernet.
// 2. Quality at equal wall time on a trained project (default: the demo run's
//    build/demo/demo.h4h): supernet-only search (the project's measurement settings) against
//    predictor+verify, each stopped after the same number of seconds, over several seeds.
//    Each run is scored on the archs it measured itself (predicted ones do not count): their
//    feasible front, re-measured on the whole validation split (one shared, cached
//    evaluator), gives the hypervolume of accuracy, latency and energy.
//
// usage: bench_accuracy_search [PROJECT] [--seconds S] [--seeds N] [--stderr E]

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "eval/search_setup.h"
#include "graph/layer_graph.h"
#include "project/project_io.h"
#include "search/accuracy_predictor.h"
#include "search/search_job.h"
#include "search/search_rng.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "train/supernet_evaluator.h"

using namespace h4h;

namespace {

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// A deterministic stand-in for measured accuracy: grows with MACs (throughput part only).
double syntheticAccuracy(const SearchSpace& space, const Arch& arch) {
  const double macs = static_cast<double>(graphTotals(lowerArch(space, arch)).macs) / 1e6;
  return 0.9 - 0.3 * std::exp(-macs / 5.0);
}

struct Throughput {
  int archs = 0;
  double wall = 0, cpu = 0;
};

Throughput timeSearch(const Project& project, SearchConfig config, bool predicted) {
  SearchSetupOptions options;  // the hardware evaluator as the user's search builds it
  options.config = config;
  options.config->objectives = {"latency", "energy"};
  const SearchSetup setup = setUpSearch(project, options);
  std::shared_ptr<AccuracyEvaluator> accuracy;
  std::vector<AccuracySample> samples;
  if (predicted) {
    class Synthetic : public AccuracyEvaluator {
    public:
      explicit Synthetic(SearchSpace space) : m_space(std::move(space)) {}
      double top1(const Arch& arch) override { return syntheticAccuracy(m_space, arch); }

    private:
      SearchSpace m_space;
    };
    accuracy = std::make_shared<Synthetic>(project.space);
    SearchRng rng(99);
    for (int i = 0; i < 64; ++i) {
      const Arch a = sampleArch(project.space, rng);
      samples.push_back({archKey(a), syntheticAccuracy(project.space, a)});
    }
  }
  SearchJob job(project.space, config, setup.hardware, accuracy);
  job.setPredictorSamples(samples);
  CancelToken token;
  JobContext ctx(token, {}, {});
  const double cpu0 = threadCpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  if (job.execute(ctx).status != JobStatus::Finished) std::exit(1);
  Throughput t;
  t.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t.cpu = threadCpuSeconds() - cpu0;
  t.archs = job.evaluations();
  return t;
}

void throughput(const Project& project) {
  SearchConfig c = project.search;
  c.population = 100;
  c.generations = 49;
  c.referencePoint.clear();
  c.budgets.clear();
  c.initialArchs.clear();
  std::vector<double> hwRate, predRate, predCpuRate;
  for (int rep = 0; rep < 3; ++rep) {
    SearchConfig hw = c;
    hw.objectives = {"latency", "energy"};
    const Throughput a = timeSearch(project, hw, false);
    SearchConfig pred = c;
    pred.objectives = {"accuracy", "latency", "energy"};
    pred.accuracySource = "predictor";
    const Throughput b = timeSearch(project, pred, true);
    hwRate.push_back(a.archs / a.wall);
    predRate.push_back(b.archs / b.wall);
    predCpuRate.push_back(b.archs / b.cpu);
  }
  std::printf("throughput (%d archs per search, one thread, medians of 3):\n", c.population * (c.generations + 1));
  std::printf("  hardware objectives only (baseline): %.0f archs/s\n", median(hwRate));
  std::printf("  accuracy by predictor + hardware:    %.0f archs/s wall, %.0f archs per CPU-second "
              "(target >= 1000)\n",
              median(predRate), median(predCpuRate));
  std::printf("  ratio predictor / baseline: %.2f\n", median(predRate) / median(hwRate));
}

/// One run stopped at the deadline: its measured archs.
struct QualityRun {
  std::map<std::string, ArchMetrics> measured;
  int archs = 0;
  double seconds = 0;
  std::vector<double> ideal, reference;
};

QualityRun runUntil(const Project& project, SearchConfig config, double seconds) {
  SearchSetupOptions options;
  options.config = config;
  options.accuracy = supernetAccuracyFactory();
  const SearchSetup setup = setUpSearch(project, options);  // loads data and weights: not timed
  SearchJob job(project.space, setup.config, setup.hardware, setup.accuracy);
  CancelToken token;
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  JobContext ctx(token, [&](const JobProgress&) {
    if (elapsed() > seconds) token.cancel();
  }, {});
  job.execute(ctx);
  QualityRun r;
  r.seconds = elapsed();
  r.archs = job.evaluations();
  r.ideal = job.idealPoint();
  r.reference = job.referencePoint();
  for (const auto& [key, m] : job.state().cache)
    if (m.ok && !m.accuracyPredicted && std::isfinite(m.accuracy)) r.measured.emplace(key, m);
  return r;
}

/// Hypervolume of the feasible front of `archs` (accuracy from `accuracyOf`).
template <class AccuracyOf>
double frontHypervolume(const std::map<std::string, ArchMetrics>& archs, const SearchConfig& config,
                        const QualityRun& run, AccuracyOf accuracyOf, std::vector<std::string>* frontKeys) {
  ParetoArchive front;
  for (const auto& [key, m] : archs) {
    ArchMetrics scored = m;
    scored.accuracy = accuracyOf(key, m);
    front.insert(ParetoEntry{key, fitnessFromMetrics(scored, config), Json()});
  }
  if (frontKeys)
    for (const ParetoEntry& e : front.sorted()) frontKeys->push_back(e.key);
  return searchHypervolume(front.feasiblePoints(), run.ideal, run.reference);
}

void quality(const std::string& path, double seconds, int seeds, double stderrTarget) {
  const Project project = loadProjectOrThrow(path);
  if (!std::filesystem::exists(project.artifactDir() + "/supernet.pt")) {
    std::printf("\nquality at equal wall time: skipped, %s has no trained supernet (run scripts/demo.sh)\n",
                path.c_str());
    return;
  }
  SupernetEvaluatorOptions wholeSplit;
  wholeSplit.batches = 0;
  wholeSplit.stderrTarget = 0.0;
  SupernetAccuracyEvaluator truth(project, wholeSplit);
  SearchConfig base = project.search;
  base.generations = 100000;  // the deadline ends every run
  std::printf("\nquality at equal wall time (%s, %.0f s per run, population %d):\n", path.c_str(), seconds,
              base.population);
  std::printf("  seed | mode             | archs | measured | wall s | front | HV own | HV whole split\n");
  std::vector<double> hv[2];
  for (int seed = 1; seed <= seeds; ++seed)
    for (int mode = 0; mode < 2; ++mode) {
      SearchConfig c = base;
      c.seed = static_cast<std::uint64_t>(seed);
      c.accuracySource = mode == 0 ? "supernet" : "predictor+verify";
      c.accuracyStderr = mode == 0 ? 0.0 : stderrTarget;
      const QualityRun run = runUntil(project, c, seconds);
      auto own = [](const std::string&, const ArchMetrics& m) { return m.accuracy; };
      std::vector<std::string> keys;
      const double hvOwn = frontHypervolume(run.measured, c, run, own, &keys);
      std::map<std::string, ArchMetrics> front;
      for (const std::string& k : keys) front.emplace(k, run.measured.at(k));
      auto whole = [&](const std::string& k, const ArchMetrics&) { return truth.top1(parseArchKey(k)); };
      const double hvTruth = frontHypervolume(front, c, run, whole, nullptr);
      hv[mode].push_back(hvTruth);
      std::printf("  %4d | %-16s | %5d | %8zu | %6.1f | %5zu | %.4f | %.4f\n", seed, c.accuracySource.c_str(),
                  run.archs, run.measured.size(), run.seconds, keys.size(), hvOwn, hvTruth);
      std::fflush(stdout);
    }
  int wins = 0;
  for (int s = 0; s < seeds; ++s) wins += hv[1][s] >= hv[0][s];
  std::printf("  median HV (whole split): supernet %.4f, predictor+verify %.4f, ratio %.4f; predictor+verify "
              ">= supernet on %d of %d seeds\n",
              median(hv[0]), median(hv[1]), median(hv[1]) / median(hv[0]), wins, seeds);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(H4H_SOURCE_DIR) + "/build/demo/demo.h4h";
  double seconds = 120, stderrTarget = 0.005;
  int seeds = 3;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atof(argv[++i]) : 0.0; };
    if (!std::strcmp(argv[i], "--seconds")) seconds = next();
    else if (!std::strcmp(argv[i], "--seeds")) seeds = static_cast<int>(next());
    else if (!std::strcmp(argv[i], "--stderr")) stderrTarget = next();
    else path = argv[i];
  }
  try {
    throughput(loadProjectOrThrow(std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h"));
    quality(path, seconds, seeds, stderrTarget);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_accuracy_search: %s\n", e.what());
    return 1;
  }
  return 0;
}
