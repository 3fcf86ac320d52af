// Training throughput of the supernet running its max arch vs the extracted standalone
// max subnet: like with like — the same memory layout and convolutions (model_ops.h
// toModelLayout, depthwise_conv.h modelConv2d), the same SGD step, the same batch, one
// intra-op thread by default, interleaved rounds in one run, medians. What is left is the
// supernet's own cost (slicing, arch checks). Target: supernet overhead <= 15 %.
// Also prints minor page faults per step (the allocator's share, docs/performance.md).
//
// usage: bench_supernet [PROJECT] [--batch B] [--steps N] [--rounds R] [--threads T]
//                       [--system-malloc] [--supernet-only]
//   PROJECT defaults to projects/demo.h4h; input is random images at the space's first
//   training resolution. --system-malloc leaves glibc's default thresholds (no
//   configureAllocator) for an A/B run; --supernet-only times the supernet alone (what
//   bench/python_replica.py reads).

#include <torch/torch.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"

using namespace h4h;

namespace {

struct Setup {
  int batch = 128, steps = 10, rounds = 5, threads = 1;
  bool systemMalloc = false, supernetOnly = false;
  std::string project = std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h";
};

struct Rate {
  double imagesPerSecond = 0;
  double faultsPerStep = 0;  ///< minor page faults
};

long minorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

/// Images per second and page faults per step of `steps` SGD training steps of `forward`.
Rate trainRate(const std::function<torch::Tensor(const torch::Tensor&)>& forward, torch::optim::Optimizer& opt,
               const torch::Tensor& x, const torch::Tensor& y, int steps) {
  auto step = [&] {
    opt.zero_grad();
    torch::nn::functional::cross_entropy(forward(x), y).backward();
    opt.step();
  };
  step();  // warm-up (allocator, kernels)
  const long faults0 = minorFaults();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) step();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {steps * x.size(0) / s, static_cast<double>(minorFaults() - faults0) / steps};
}

Rate median(std::vector<Rate> rates) {
  auto mid = [&rates](auto field) {
    std::vector<double> v;
    for (const Rate& r : rates) v.push_back(r.*field);
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  return {mid(&Rate::imagesPerSecond), mid(&Rate::faultsPerStep)};
}

void printRate(const char* label, const Rate& r) {
  std::printf("  %-32s %9.1f img/s  %8.0f minor faults/step\n", label, r.imagesPerSecond, r.faultsPerStep);
}

Setup parse(int argc, char** argv) {
  Setup setup;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (!std::strcmp(argv[i], "--batch")) setup.batch = next();
    else if (!std::strcmp(argv[i], "--steps")) setup.steps = next();
    else if (!std::strcmp(argv[i], "--rounds")) setup.rounds = next();
    else if (!std::strcmp(argv[i], "--threads")) setup.threads = next();
    else if (!std::strcmp(argv[i], "--system-malloc")) setup.systemMalloc = true;
    else if (!std::strcmp(argv[i], "--supernet-only")) setup.supernetOnly = true;
    else setup.project = argv[i];
  }
  if (setup.batch < 1 || setup.steps < 1 || setup.rounds < 1 || setup.threads < 1)
    throw std::invalid_argument("--batch, --steps, --rounds and --threads must be positive");
  return setup;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    const Setup setup = parse(argc, argv);
    if (!setup.systemMalloc) configureAllocator();
    const Project project = loadProjectOrThrow(setup.project);
    const SearchSpace& space = project.space;
    configureTorchThreads(setup.threads);
    torch::manual_seed(1);
    Supernet net(space);
    net->train();
    const Arch arch = maxArch(space);
    Subnet sub = net->extract(arch);
    sub->train();
    const int res = space.trainResolutions.front();
    auto x = torch::randn({setup.batch, space.inputChannels, res, res});
    auto y = torch::randint(space.classes, {setup.batch}, torch::kInt64);
    torch::optim::SGD superOpt(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    torch::optim::SGD subOpt(sub->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    auto superForward = [&](const torch::Tensor& in) { return net->forward(in, arch); };
    auto subForward = [&](const torch::Tensor& in) { return sub->forward(in); };

    std::printf("bench_supernet: %s, max arch %s\n", project.name.c_str(), archKey(arch).c_str());
    std::printf("  %lld parameters (max subnet), batch %d x %dx%dx%d, %d steps x %d rounds, %d thread%s, %s\n",
                static_cast<long long>(countParameters(*sub)), setup.batch, space.inputChannels, res, res,
                setup.steps, setup.rounds, setup.threads, setup.threads == 1 ? "" : "s",
                setup.systemMalloc ? "glibc default malloc" : "configureAllocator()");

    std::vector<Rate> superRates, subRates;
    for (int r = 0; r < setup.rounds; ++r) {
      superRates.push_back(trainRate(superForward, superOpt, x, y, setup.steps));
      if (!setup.supernetOnly) subRates.push_back(trainRate(subForward, subOpt, x, y, setup.steps));
    }
    std::printf("\ntraining, SGD step, both channels-last (median of %d rounds):\n", setup.rounds);
    const Rate superRate = median(superRates);
    if (!setup.supernetOnly) printRate("extracted max subnet (baseline)", median(subRates));
    printRate("supernet running max arch", superRate);
    if (!setup.supernetOnly) {
      const double overhead = median(subRates).imagesPerSecond / superRate.imagesPerSecond - 1.0;
      std::printf("  supernet overhead                %+8.1f %%  (target <= 15 %%: %s)\n", 100.0 * overhead,
                  overhead <= 0.15 ? "met" : "NOT met");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_supernet: %s\n", e.what());
    return 1;
  }
}
