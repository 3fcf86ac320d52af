// Training throughput of the supernet running its max arch vs the extracted standalone
// max subnet (same batch, same run, interleaved rounds, best round of each), and of
// the supernet with 1 and 2 intra-op threads. Target: supernet overhead <= 15 %.
//
// usage: bench_supernet [PROJECT] [--batch B] [--steps N] [--rounds R]
//   PROJECT defaults to projects/demo.h4h; input is random images at the space's
//   first training resolution.

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"

using namespace h4h;

namespace {

struct Setup {
  int batch = 128, steps = 10, rounds = 5;
  std::string project = std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h";
};

/// Images per second of `steps` SGD training steps of `forward`.
double trainImagesPerSecond(const std::function<torch::Tensor(const torch::Tensor&)>& forward,
                            torch::optim::Optimizer& opt, const torch::Tensor& x,
                            const torch::Tensor& y, int steps) {
  auto step = [&] {
    opt.zero_grad();
    torch::nn::functional::cross_entropy(forward(x), y).backward();
    opt.step();
  };
  step();  // warm-up (allocator, kernels)
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) step();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return steps * x.size(0) / s;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Setup setup;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (!std::strcmp(argv[i], "--batch")) setup.batch = next();
    else if (!std::strcmp(argv[i], "--steps")) setup.steps = next();
    else if (!std::strcmp(argv[i], "--rounds")) setup.rounds = next();
    else setup.project = argv[i];
  }
  try {
    const Project project = loadProjectOrThrow(setup.project);
    const SearchSpace& space = project.space;
    const int threads = configureTorchThreads(0);
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
    std::printf("  %lld parameters (max subnet), batch %d x %dx%dx%d, %d steps x %d rounds\n",
                static_cast<long long>(countParameters(*sub)), setup.batch, space.inputChannels,
                res, res, setup.steps, setup.rounds);

    double bestSuper = 0, bestSub = 0;
    for (int r = 0; r < setup.rounds; ++r) {
      bestSuper = std::max(bestSuper, trainImagesPerSecond(superForward, superOpt, x, y, setup.steps));
      bestSub = std::max(bestSub, trainImagesPerSecond(subForward, subOpt, x, y, setup.steps));
    }
    std::printf("\n%d threads (all cores / H4H_THREADS), training images/s (best round):\n", threads);
    std::printf("  extracted max subnet (baseline) %9.1f\n", bestSub);
    std::printf("  supernet running max arch       %9.1f\n", bestSuper);
    const double overhead = bestSub / bestSuper - 1.0;
    std::printf("  supernet overhead               %+8.1f %%  (target <= 15 %%: %s)\n",
                100.0 * overhead, overhead <= 0.15 ? "met" : "NOT met");

    std::printf("\nthread scaling, supernet max arch, training images/s:\n");
    double one = 0;
    for (int t : {1, 2}) {
      configureTorchThreads(t);
      double best = 0;
      for (int r = 0; r < std::max(1, setup.rounds / 2); ++r)
        best = std::max(best, trainImagesPerSecond(superForward, superOpt, x, y, setup.steps));
      if (t == 1) one = best;
      std::printf("  %d thread%s %9.1f  (x%.2f vs 1 thread)\n", t, t == 1 ? " " : "s", best, best / one);
    }
    configureTorchThreads(threads);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_supernet: %s\n", e.what());
    return 1;
  }
}
