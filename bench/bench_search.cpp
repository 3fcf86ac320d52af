// NSGA-II against random search at the same evaluation budget on the paper project's
// space with hardware objectives (the baseline is random search, measured in the same
// run), over 5 seeds: mean ± standard deviation (and min..max) of the normalised
// hypervolume, their ratio, and archs measured per second.
//
// usage: bench_search [PROJECT] [--population P] [--generations G] [--seeds N]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "project/project_io.h"
#include "search/hardware_evaluator.h"
#include "search/search_job.h"

using namespace h4h;

namespace {

struct Stats {
  double mean = 0, sd = 0, lo = 0, hi = 0;
};

Stats stats(const std::vector<double>& v) {
  Stats s;
  s.lo = s.hi = v.front();
  for (double x : v) {
    s.mean += x;
    s.lo = std::min(s.lo, x);
    s.hi = std::max(s.hi, x);
  }
  s.mean /= static_cast<double>(v.size());
  for (double x : v) s.sd += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(s.sd / static_cast<double>(v.size() - 1)) : 0.0;
  return s;
}

struct RunResult {
  double hv = 0;
  int evaluations = 0;
  double measureSeconds = 0;
  double seconds = 0;
  std::size_t front = 0;
  double vitRatio = 0;  ///< mean ViT/MBConv block ratio over the front
};

RunResult runOnce(const Project& project, SearchConfig config) {
  Objective objective = Objective::Latency;
  parseObjective(config.scheduleObjective, objective);
  auto hw = std::make_shared<HardwareEvaluator>(project.space, project.hardware, objective);
  SearchJob job(project.space, config, hw);
  CancelToken token;
  double measure = 0;
  JobContext ctx(token, {}, [&](const JobEvent& e) { measure = e.data["measure_s"].get<double>(); });
  const auto t0 = std::chrono::steady_clock::now();
  const JobResult r = job.execute(ctx);
  if (r.status != JobStatus::Finished) {
    std::fprintf(stderr, "search failed: %s\n", r.message.c_str());
    std::exit(1);
  }
  RunResult out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.hv = job.hypervolume();
  out.evaluations = job.evaluations();
  out.measureSeconds = measure;
  out.front = job.archive().size();
  for (const auto& e : job.archive().sorted()) out.vitRatio += e.metrics.value("vit_mbconv_ratio", 0.0);
  if (out.front) out.vitRatio /= static_cast<double>(out.front);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(H4H_SOURCE_DIR) + "/projects/paper.h4h";
  int population = 32, generations = 20, seeds = 5;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (!std::strcmp(argv[i], "--population")) population = next();
    else if (!std::strcmp(argv[i], "--generations")) generations = next();
    else if (!std::strcmp(argv[i], "--seeds")) seeds = next();
    else path = argv[i];
  }
  const Project project = loadProjectOrThrow(path);
  std::printf("search benchmark: %s, population %d, %d generations (budget %d archs), %d seeds\n",
              path.c_str(), population, generations, population * (generations + 1), seeds);
  const std::vector<std::vector<std::string>> objectiveSets = {
      {"latency", "energy"}, {"latency", "energy", "period"}, {"latency", "energy", "params"}};
  for (const auto& objectives : objectiveSets) {
    std::string name;
    for (const auto& o : objectives) name += (name.empty() ? "" : ",") + o;
    std::vector<double> hv[2], evalRate[2], frontSize[2], vit[2];
    for (int a = 0; a < 2; ++a)
      for (int s = 1; s <= seeds; ++s) {
        SearchConfig c = project.search;
        c.algorithm = a == 0 ? "random" : "nsga2";
        c.objectives = objectives;
        c.referencePoint.clear();
        c.population = population;
        c.generations = generations;
        c.seed = static_cast<std::uint64_t>(s);
        const RunResult r = runOnce(project, c);
        hv[a].push_back(r.hv);
        evalRate[a].push_back(r.measureSeconds > 0 ? r.evaluations / r.measureSeconds : 0.0);
        frontSize[a].push_back(static_cast<double>(r.front));
        vit[a].push_back(r.vitRatio);
      }
    std::printf("\nobjectives %s\n", name.c_str());
    for (int a = 0; a < 2; ++a) {
      const Stats h = stats(hv[a]), e = stats(evalRate[a]), f = stats(frontSize[a]), v = stats(vit[a]);
      std::printf("  %-7s hypervolume %.4f ± %.4f (min %.4f, max %.4f)  front %.1f  "
                  "vit/mbconv on front %.3f  %.0f archs/s\n",
                  a == 0 ? "random" : "nsga2", h.mean, h.sd, h.lo, h.hi, f.mean, v.mean, e.mean);
    }
    int wins = 0;
    for (int s = 0; s < seeds; ++s) wins += hv[1][s] > hv[0][s];
    std::printf("  ratio nsga2 / random: %.4f (nsga2 better on %d of %d seeds)\n",
                stats(hv[1]).mean / stats(hv[0]).mean, wins, seeds);
  }
  return 0;
}
