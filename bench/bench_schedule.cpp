// Scheduling throughput on one core: whole evaluations (lower + profile + exact
// assignment) of random paper-space archs per second, for each objective, printed
// beside the assign-only rate and the lower + profile rate (the baseline measured in
// the same run), and the rate and optimality loss at each capacity granularity. Rates are
// per core (thread CPU time) and robust to a shared machine's bursts: each figure repeats
// a pass over all archs for the time given and reports the median pass. Target: >= 20,000
// archs/s whole.
// Usage: bench_schedule [seconds per figure] [project] [coarse buckets, default 64]
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "sched/pipeline.h"
#include "space/space_ops.h"

using namespace h4h;

namespace {

/// CPU time of this thread: rates per core stay meaningful on a shared, loaded machine.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// Items per second of `body` (one pass, returning its item count): the median over the
/// passes that fit in `minSeconds` (at least five).
template <typename Body>
double rate(double minSeconds, Body body) {
  std::vector<double> perPass;
  const double start = cpuSeconds();
  do {
    const double passStart = cpuSeconds();
    const std::int64_t items = body();
    perPass.push_back(static_cast<double>(items) / std::max(cpuSeconds() - passStart, 1e-9));
  } while (cpuSeconds() - start < minSeconds || perPass.size() < 5);
  std::nth_element(perPass.begin(), perPass.begin() + perPass.size() / 2, perPass.end());
  return perPass[perPass.size() / 2];
}

volatile double g_sink = 0.0;

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const std::string path = argc > 2 ? argv[2] : std::string(H4H_SOURCE_DIR) + "/projects/paper.h4h";
  const Project project = loadProjectOrThrow(path);
  const HardwareConfig& hw = project.hardware;
  LowerOptions opts;
  opts.resolution = project.space.deployResolution;

  std::mt19937_64 rng(2024);
  std::vector<Arch> archs;
  std::vector<std::vector<Layer>> graphs;
  std::vector<NetworkProfile> profiles;
  std::int64_t layers = 0;
  for (int i = 0; i < 200; ++i) {
    archs.push_back(sampleArch(project.space, rng));
    graphs.push_back(lowerArch(project.space, archs.back(), opts));
    profiles.push_back(profileNetwork(graphs.back(), hw));
    layers += static_cast<std::int64_t>(graphs.back().size());
  }
  const std::int64_t inputBytes = graphs.front().front().inBytes;
  std::printf("bench_schedule: %s, %zu random archs at %d px, %.1f layers on average, CIM %lld B, "
              "one core, >= %.1f s per figure\n",
              path.c_str(), archs.size(), opts.resolution, double(layers) / double(archs.size()),
              static_cast<long long>(hw.cim.totalCapacityBytes()), seconds);

  // How often the capacity binds (the exact DP's slow path).
  {
    const AssignConfig cfg = assignConfigFor(hw, Objective::Latency, inputBytes);
    int bound = 0, cim = 0;
    for (std::size_t i = 0; i < graphs.size(); ++i) {
      const Assignment a = assignExact(graphs[i], profiles[i], cfg);
      bound += a.bucketBytes > 0;
      cim += a.countOn(Device::Cim);
    }
    std::printf("latency objective: capacity binds for %d of %zu archs; %.1f layers on the CIM on average\n",
                bound, graphs.size(), double(cim) / double(graphs.size()));
  }

  // Baseline: lower + profile, what every evaluation pays before scheduling.
  NetworkProfile buffer;
  const double lowerProfile = rate(seconds, [&] {
    for (const Arch& a : archs) {
      const std::vector<Layer> g = lowerArch(project.space, a, opts);
      profileNetworkInto(g, hw, nullptr, buffer);
      g_sink = g_sink + buffer.back().npu.latencyNs;
    }
    return std::int64_t(archs.size());
  });
  std::printf("%-34s %12.0f archs/s\n", "lower + profile (baseline)", lowerProfile);

  // Per objective: the assign-only rate at each capacity granularity (0 = exact bytes)
  // with its excess over the exact-bytes optimum, then whole evaluations at the default
  // grid and at the coarse grid the search may use.
  const int coarse = argc > 3 ? std::atoi(argv[3]) : 64;
  for (Objective objective : {Objective::Latency, Objective::Energy, Objective::Edp}) {
    const AssignConfig exactCfg = [&] {
      AssignConfig c = assignConfigFor(hw, objective, inputBytes);
      c.capacityBuckets = 0;
      return c;
    }();
    std::vector<double> exactValue(graphs.size());
    const double exactRate = rate(seconds, [&] {
      for (std::size_t i = 0; i < graphs.size(); ++i)
        exactValue[i] = assignExact(graphs[i], profiles[i], exactCfg).objectiveValue;
      return std::int64_t(graphs.size());
    });
    std::printf("%-8s assign only, exact bytes         %10.0f archs/s\n", objectiveName(objective), exactRate);
    for (int buckets : {4096, AssignConfig().capacityBuckets, 256, coarse}) {
      AssignConfig cfg = exactCfg;
      cfg.capacityBuckets = buckets;
      double mean = 0.0, worst = 0.0;
      for (std::size_t i = 0; i < graphs.size(); ++i) {
        const double excess = assignExact(graphs[i], profiles[i], cfg).objectiveValue / exactValue[i] - 1.0;
        mean += excess / double(graphs.size());
        worst = std::max(worst, excess);
      }
      const double r = rate(seconds, [&] {
        for (std::size_t i = 0; i < graphs.size(); ++i)
          g_sink = g_sink + assignExact(graphs[i], profiles[i], cfg).objectiveValue;
        return std::int64_t(graphs.size());
      });
      std::printf("%-8s assign only, %5d buckets        %10.0f archs/s  (%.1fx exact; excess over exact: mean %.4f%%, max %.4f%%)\n",
                  objectiveName(objective), buckets, r, r / exactRate, 100.0 * mean, 100.0 * worst);
    }
    for (int buckets : {AssignConfig().capacityBuckets, coarse}) {
      AssignConfig cfg = exactCfg;
      cfg.capacityBuckets = buckets;
      const double whole = rate(seconds, [&] {
        for (const Arch& a : archs) {
          const std::vector<Layer> g = lowerArch(project.space, a, opts);
          profileNetworkInto(g, hw, nullptr, buffer);
          g_sink = g_sink + assignExact(g, buffer, cfg).objectiveValue;
        }
        return std::int64_t(archs.size());
      });
      std::printf("%-8s whole (lower+profile+assign), %5d buckets %8.0f archs/s  (%.2fx of lower+profile; target 20000: %s)\n",
                  objectiveName(objective), buckets, whole, whole / lowerProfile, whole >= 20000 ? "met" : "missed");
    }
    AssignConfig cfg = exactCfg;
    cfg.capacityBuckets = coarse;
    const double withBaselines = rate(seconds, [&] {
      for (const Arch& a : archs) {
        const std::vector<Layer> g = lowerArch(project.space, a, opts);
        profileNetworkInto(g, hw, nullptr, buffer);
        const SystemEval e = evaluateSystem(g, buffer, cfg);
        g_sink = g_sink + e.hetero.objectiveValue + e.npuOnly.objectiveValue + steadyStatePeriodNs(g, buffer, e.hetero);
      }
      return std::int64_t(archs.size());
    });
    std::printf("%-8s + baselines + period, %5d buckets        %8.0f archs/s\n", objectiveName(objective), coarse,
                withBaselines);
  }
  return 0;
}
