// Training throughput of one sandwich step and of single subnets (forward + backward, and
// forward in eval mode), in images per second and CPU seconds per step: what a training
// budget is planned with (docs/training.md §Throughput; the `tpi` study's budget in
// §TPI study). The TPI table itself is `h4h study PROJECT tpi` (core/study/tpi_study.cpp).
//
// usage: bench_train_step [PROJECT]    (default projects/demo.h4h)
//   Intra-op threads: H4H_THREADS (default: every core). With H4H_THREADS=1 and two copies
//   at once it shows what the tpi study's two single-threaded jobs get on two cores.

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <string>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/space_ops.h"
#include "train/sandwich.h"

using namespace h4h;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

/// Throughput of `body` (one training step on `images` images): images per wall second
/// and CPU seconds per step, best of a few rounds after a warm-up.
void measure(const char* label, int images, const std::function<void()>& body) {
  body();
  double bestWall = 1e30, cpu = 0.0;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = Clock::now();
    const double c0 = cpuSeconds();
    body();
    const double wall = seconds(t0);
    if (wall < bestWall) {
      bestWall = wall;
      cpu = cpuSeconds() - c0;
    }
  }
  std::printf("  %-34s %8.1f img/s  %6.3f s/step wall  %6.3f s/step CPU\n", label, images / bestWall,
              bestWall, cpu);
}

int speed(const Project& project) {
  DataConfig data = project.data;
  data.path = project.resolvePath(data.path);
  DataSplits splits = loadDataSplits(data, modelInputOf(project.space));
  LoaderOptions opts;
  opts.batchSize = data.batchSize;
  opts.mean = splits.mean;
  opts.std = splits.std;
  opts.prefetch = 0;
  BatchLoader loader(splits.train, opts);
  Batch batch;
  loader.next(batch);
  torch::manual_seed(1);
  Supernet net(project.space);
  net->train();
  std::mt19937_64 rng(1);
  const SearchSpace& space = project.space;
  std::printf("bench_train_step: %s, batch %d, %d threads\n", project.name.c_str(),
              data.batchSize, torch::get_num_threads());
  SandwichSettings settings;
  auto single = [&](const Arch& a) {
    return [&net, &batch, a] {
      auto loss = torch::nn::functional::cross_entropy(net->forward(batch.images, a), batch.labels);
      loss.backward();
      for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
    };
  };
  measure("max net (hybrid) fwd+bwd", data.batchSize, single(maxArch(space)));
  measure("max net (CNN-only) fwd+bwd", data.batchSize, single(restrictCnnOnly(maxArch(space))));
  measure("min net fwd+bwd", data.batchSize, single(minArch(space)));
  for (int n : {0, 1, 2}) {
    for (bool cnn : {true, false}) {
      const std::string label = std::string("sandwich ") + (cnn ? "CNN-only" : "hybrid") + ", n=" +
                                std::to_string(n);
      measure(label.c_str(), data.batchSize, [&, n, cnn] {
        sandwichStep(net, batch.images, batch.labels, sandwichArchs(space, cnn, n, rng), settings);
      });
    }
  }
  torch::NoGradGuard noGrad;
  net->eval();
  measure("eval max net (forward only)", data.batchSize,
          [&] { net->forward(batch.images, maxArch(space)); });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h";
  try {
    configureAllocator();  // as h4h and the studio
    const Project project = loadProjectOrThrow(file);
    configureTorchThreads(0);
    return speed(project);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train_step: %s\n", e.what());
    return 1;
  }
}
