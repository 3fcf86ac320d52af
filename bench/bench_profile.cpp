// Profiling throughput on one core: layer profiles per second (NPU + CIM + link per
// layer) and whole subnets of the paper space per second (lowering + profiling),
// printed beside the cost of lowering alone, measured in the same run.
// Pure C++: no torch call is made, so torch's intra-op threads play no part.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "graph/layer_graph.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "hw/reference_networks.h"
#include "project/project_io.h"
#include "space/space_ops.h"

using namespace h4h;

namespace {

/// CPU time of this thread: what "per core" means even on a busy machine.
double threadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// Runs `body` (which reports how many items it did) until at least `minSeconds` of
/// this thread's CPU time passed; returns items per CPU second.
template <typename Body>
double rate(double minSeconds, Body body) {
  std::int64_t items = 0;
  const double start = threadSeconds();
  double elapsed = 0.0;
  do {
    items += body();
    elapsed = threadSeconds() - start;
  } while (elapsed < minSeconds);
  return static_cast<double>(items) / elapsed;
}

volatile double g_sink = 0.0;  // keeps results alive

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const Project project = loadProjectOrThrow(std::string(H4H_SOURCE_DIR) + "/projects/paper.h4h");
  const HardwareConfig hw = defaultHardware();
  LowerOptions opts;
  opts.resolution = project.space.deployResolution;

  std::mt19937_64 rng(2024);
  std::vector<Arch> archs;
  std::vector<std::vector<Layer>> graphs;
  std::int64_t totalLayers = 0;
  for (int i = 0; i < 200; ++i) {
    archs.push_back(sampleArch(project.space, rng));
    graphs.push_back(lowerArch(project.space, archs.back(), opts));
    totalLayers += static_cast<std::int64_t>(graphs.back().size());
  }
  std::printf("bench_profile: paper space, %zu random subnets at %d px, %.1f layers on average, "
              "one core (thread CPU time), >= %.1f s per figure\n",
              archs.size(), opts.resolution, double(totalLayers) / double(archs.size()), seconds);

  // Baseline: lowering alone.
  const double lowerPerS = rate(seconds, [&] {
    for (const Arch& a : archs) g_sink = g_sink + double(lowerArch(project.space, a, opts).size());
    return std::int64_t(archs.size());
  });

  // Profiling alone, on already-lowered graphs, reusing one output buffer.
  NetworkProfile buffer;
  const double layersPerS = rate(seconds, [&] {
    for (const auto& g : graphs) {
      profileNetworkInto(g, hw, nullptr, buffer);
      g_sink = g_sink + buffer.back().npu.latencyNs;
    }
    return totalLayers;
  });

  // The same through the allocating entry point the scheduler calls.
  const double layersPerSAlloc = rate(seconds, [&] {
    for (const auto& g : graphs) g_sink = g_sink + profileNetwork(g, hw).back().cim.energyNj;
    return totalLayers;
  });

  // Whole subnets: lowering + NPU + CIM + link.
  const double subnetsPerS = rate(seconds, [&] {
    for (const Arch& a : archs) {
      const std::vector<Layer> layers = lowerArch(project.space, a, opts);
      g_sink = g_sink + profileNetwork(layers, hw).front().npu.latencyNs;
    }
    return std::int64_t(archs.size());
  });

  // MobileNetV2 for reference.
  const std::vector<Layer> mnv2 = referenceNetworkLayers("mobilenet_v2");
  const double mnv2LayersPerS = rate(seconds, [&] {
    profileNetworkInto(mnv2, hw, nullptr, buffer);
    g_sink = g_sink + buffer.front().npu.latencyNs;
    return std::int64_t(mnv2.size());
  });

  std::printf("lowering only                 %12.0f subnets/s   (baseline)\n", lowerPerS);
  std::printf("profiling only (reused buf)   %12.0f layer profiles/s   (target >= 200000: %s)\n",
              layersPerS, layersPerS >= 200000 ? "met" : "NOT MET");
  std::printf("profiling only (profileNetwork) %10.0f layer profiles/s\n", layersPerSAlloc);
  std::printf("profiling only, MobileNetV2   %12.0f layer profiles/s\n", mnv2LayersPerS);
  std::printf("lowering + profiling          %12.0f subnets/s   = %.2f x the lowering-only rate\n",
              subnetsPerS, subnetsPerS / lowerPerS);
  std::printf("profiling share of a subnet   %12.1f %%\n", 100.0 * (1.0 - subnetsPerS / lowerPerS));
  return g_sink == 12345.678 ? 1 : 0;
}
