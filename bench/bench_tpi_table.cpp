// The TPI table of issue 7 for our data: every training recipe (cnn-only, vanilla,
// vanilla-gradproj, tpi-unfreeze, tpi-freeze) trains the demo project's supernet on
// Fashion-MNIST under the same budget (same total epochs, same steps per epoch, same
// seeds); the min and max nets' test top-1 are printed in the seed paper's table format
// with deltas against CNN-only (the baseline measured in the same run) and written as CSV.
//
// usage: bench_tpi_table [PROJECT] [--epochs E] [--seeds N] [--steps-per-epoch N]
//                        [--recipes a,b,...] [--jobs J] [--out DIR] [--speed]
//                        [--sandwich-random N] [--train-limit N]
//   PROJECT defaults to projects/demo.h4h (its space, data and training sections are used;
//   recipe, epochs and seed are set per run). Two-phase recipes split E as ⌈E/2⌉ + ⌊E/2⌋.
//   The table's own settings replace the project's demo-run shortcuts: every training
//   image (--train-limit, default 0 = all) and max + min nets only per step
//   (--sandwich-random, default 0).
//   --speed only measures training throughput (images/s and CPU seconds per step) of one
//   sandwich step and of the max/min nets alone, to plan a budget.
//   --jobs J trains J recipes at once, each with one intra-op thread (default 2: on two
//   cores, two single-threaded jobs outrun one two-threaded job on these small tensors).
//   --speed uses H4H_THREADS intra-op threads (default: every core).

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "train/run_history.h"
#include "train/sandwich.h"
#include "train/trainer.h"

using namespace h4h;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Setup {
  std::string project = std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h";
  int epochs = 0;  ///< 0: the project's training.epochs
  int seeds = 1;
  int stepsPerEpoch = 0;
  std::vector<std::string> recipes{"cnn-only", "vanilla", "vanilla-gradproj", "tpi-unfreeze",
                                   "tpi-freeze"};
  std::string out = "tpi_table";
  bool speed = false;
  int jobs = 2;
  int sandwichRandom = 0;
  int trainLimit = 0;
};

/// Relative cost of a recipe's run, to start the longest first: two jobs then finish
/// close together instead of one running the last recipe alone.
int expectedCost(const std::string& recipe) {
  if (recipe == "vanilla-gradproj") return 5;
  if (recipe == "vanilla") return 4;
  if (recipe == "tpi-unfreeze") return 3;
  if (recipe == "cnn-only") return 2;
  return 1;
}

double seconds(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
/// CPU time of the calling thread (its training job; the loader's prefetch thread is
/// not counted).
double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) out.push_back(part);
  return out;
}

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
  DataSplits splits = loadDataSplits(data);
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
  std::printf("bench_tpi_table --speed: %s, batch %d, %d threads\n", project.name.c_str(),
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

struct Row {
  std::string recipe;
  std::uint64_t seed = 0;
  double minTop1 = 0, maxTop1 = 0, wall = 0, cpu = 0, imagesPerSecond = 0;
  int epochs = 0;
};

std::string label(const std::string& recipe) {
  if (recipe == "cnn-only") return "CNN-only";
  if (recipe == "vanilla") return "Hybrid: Vanilla";
  if (recipe == "vanilla-gradproj") return "Hybrid: Vanilla + grad. projection";
  if (recipe == "tpi-unfreeze") return "Hybrid: TPI-unfreeze";
  if (recipe == "tpi-freeze") return "Hybrid: TPI-freeze";
  return recipe;
}

std::string withDelta(double value, double base, bool isBase) {
  char buf[64];
  if (isBase) std::snprintf(buf, sizeof buf, "%.3f", value);
  else std::snprintf(buf, sizeof buf, "%.3f (%+.3f)", value, value - base);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Setup setup;
  for (int i = 1; i < argc; ++i) {
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (!std::strcmp(argv[i], "--epochs")) setup.epochs = std::atoi(next().c_str());
    else if (!std::strcmp(argv[i], "--seeds")) setup.seeds = std::max(1, std::atoi(next().c_str()));
    else if (!std::strcmp(argv[i], "--steps-per-epoch")) setup.stepsPerEpoch = std::atoi(next().c_str());
    else if (!std::strcmp(argv[i], "--recipes")) setup.recipes = splitList(next());
    else if (!std::strcmp(argv[i], "--out")) setup.out = next();
    else if (!std::strcmp(argv[i], "--speed")) setup.speed = true;
    else if (!std::strcmp(argv[i], "--jobs")) setup.jobs = std::max(1, std::atoi(next().c_str()));
    else if (!std::strcmp(argv[i], "--sandwich-random")) setup.sandwichRandom = std::atoi(next().c_str());
    else if (!std::strcmp(argv[i], "--train-limit")) setup.trainLimit = std::atoi(next().c_str());
    else setup.project = argv[i];
  }
  try {
    Project base = loadProjectOrThrow(setup.project);
    if (!setup.speed) {
      base.training.sandwichRandom = setup.sandwichRandom;
      base.data.trainLimit = setup.trainLimit;
    }
    if (setup.speed) {
      configureTorchThreads(0);
      return speed(base);
    }
    configureTorchThreads(1);
    const int epochs = setup.epochs > 0 ? setup.epochs : base.training.epochs;
    fs::create_directories(setup.out);
    std::printf("bench_tpi_table: %s, %d epochs per recipe, %d seed(s), %d threads, steps/epoch %s, "
                "%d random subnets per step, training images %s\n",
                base.name.c_str(), epochs, setup.seeds, torch::get_num_threads(),
                setup.stepsPerEpoch > 0 ? std::to_string(setup.stepsPerEpoch).c_str() : "all",
                setup.sandwichRandom, setup.trainLimit > 0 ? std::to_string(setup.trainLimit).c_str() : "all");
    std::fflush(stdout);

    struct Task {
      int seed;
      std::string recipe;
    };
    std::vector<Task> tasks;
    for (int s = 0; s < setup.seeds; ++s)
      for (const std::string& recipe : setup.recipes) tasks.push_back({s, recipe});
    std::vector<std::size_t> order(tasks.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return expectedCost(tasks[x].recipe) > expectedCost(tasks[y].recipe);
    });
    std::vector<Row> rows(tasks.size());
    std::vector<std::string> failures;
    std::mutex mutex;  // guards stdout, failures and the task counter
    std::size_t nextTask = 0;
    const auto start = Clock::now();
    auto worker = [&] {
      while (true) {
        std::size_t index;
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (nextTask >= tasks.size() || !failures.empty()) return;
          index = order[nextTask++];
        }
        const int s = tasks[index].seed;
        const std::string recipe = tasks[index].recipe;
        Project p = base;
        p.training.recipe = recipe;
        p.training.seed = base.training.seed + static_cast<std::uint64_t>(s);
        p.data.seed = base.data.seed + static_cast<std::uint64_t>(s);
        p.training.epochs = epochs;
        p.training.phase1Epochs = (epochs + 1) / 2;
        p.training.phase2Epochs = epochs / 2;
        p.results = ProjectResults();
        p.data.path = base.resolvePath(p.data.path);
        const std::string file =
            (fs::absolute(setup.out) / (recipe + "-s" + std::to_string(s) + ".h4h")).string();
        saveProject(p, file);
        TrainerOptions options;
        options.maxStepsPerEpoch = setup.stepsPerEpoch;
        options.onCheckpoint = [&p](const RunRecord& run) {
          storeRunRecord(p, run);
          saveProject(p, p.filePath);
        };
        const auto t0 = Clock::now();
        const double c0 = threadCpuSeconds();
        JobResult result;
        double imagesPerSecond = 0.0;
        try {
          TrainerJob job(p, options);
          CancelToken cancel;
          JobContext ctx(cancel, {}, [&](const JobEvent& e) {
            if (e.kind != "train.epoch") return;
            const RunEpoch d = RunEpoch::fromEvent(e.data);
            std::lock_guard<std::mutex> lock(mutex);
            std::printf("  %-17s seed %d epoch %2d (phase %d): loss %.4f  min %.2f%%  max %.2f%%  "
                        "%.0f img/s  %.0f s (+%.0f s eval), %.0f CPU s so far\n",
                        recipe.c_str(), s, d.epoch, d.phase, d.loss, 100 * d.minTop1,
                        100 * d.maxTop1, d.imagesPerSecond, d.seconds, d.evalSeconds,
                        threadCpuSeconds() - c0);
            std::fflush(stdout);
          });
          result = job.execute(ctx);
          imagesPerSecond = job.runRecord().imagesPerSecond;
        } catch (const std::exception& e) {
          result = {JobStatus::Failed, e.what(), {}};
        }
        std::lock_guard<std::mutex> lock(mutex);
        if (result.status != JobStatus::Finished) {
          failures.push_back(recipe + ": " + result.message);
          return;
        }
        Row& row = rows[index];
        row.recipe = recipe;
        row.seed = p.training.seed;
        row.epochs = epochs;
        row.minTop1 = 100.0 * result.data["min_top1"].get<double>();
        row.maxTop1 = 100.0 * result.data["max_top1"].get<double>();
        row.wall = seconds(t0);
        row.cpu = threadCpuSeconds() - c0;
        row.imagesPerSecond = imagesPerSecond;
      }
    };
    std::vector<std::thread> threads;
    for (int j = 0; j < std::min<int>(setup.jobs, static_cast<int>(tasks.size())); ++j)
      threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    if (!failures.empty()) {
      for (const auto& f : failures) std::fprintf(stderr, "bench_tpi_table: %s\n", f.c_str());
      return 1;
    }
    const double total = seconds(start);

    // Means over seeds per recipe, in the order given.
    std::map<std::string, Row> mean;
    for (const Row& r : rows) {
      Row& m = mean[r.recipe];
      m.recipe = r.recipe;
      m.epochs = r.epochs;
      m.minTop1 += r.minTop1 / setup.seeds;
      m.maxTop1 += r.maxTop1 / setup.seeds;
      m.wall += r.wall / setup.seeds;
      m.cpu += r.cpu / setup.seeds;
      m.imagesPerSecond += r.imagesPerSecond / setup.seeds;
    }
    const bool haveBase = mean.count("cnn-only") != 0;
    const Row baseRow = haveBase ? mean["cnn-only"] : Row();
    std::printf("\nFashion-MNIST test top-1 %% (mean of %d seed(s), %d epochs per recipe; deltas vs "
                "CNN-only):\n\n",
                setup.seeds, epochs);
    std::printf("| recipe | min_net | max_net |\n|---|---|---|\n");
    for (const std::string& recipe : setup.recipes) {
      const Row& m = mean[recipe];
      const bool isBase = recipe == "cnn-only" || !haveBase;
      std::printf("| %s | %s | %s |\n", label(recipe).c_str(),
                  withDelta(m.minTop1, baseRow.minTop1, isBase).c_str(),
                  withDelta(m.maxTop1, baseRow.maxTop1, isBase).c_str());
    }
    double cpuTotal = 0;
    for (const Row& r : rows) cpuTotal += r.cpu;
    std::printf("\nwall time %.1f min in all (%d jobs at once, 1 thread each); CPU time %.1f min\n",
                total / 60.0, setup.jobs, cpuTotal / 60.0);
    for (const std::string& recipe : setup.recipes)
      std::printf("  %-17s %5.1f min wall, %5.1f min CPU, %4.0f img/s\n", recipe.c_str(),
                  mean[recipe].wall / 60.0, mean[recipe].cpu / 60.0, mean[recipe].imagesPerSecond);
    double bestMax = 0, bestMin = 0;
    for (const auto& [recipe, m] : mean) {
      if (recipe == "cnn-only") continue;
      bestMax = std::max(bestMax, m.maxTop1);
      bestMin = std::max(bestMin, m.minTop1);
    }
    std::printf("issue target (hybrid max net >= 92 %%, min net >= 89 %%): max %.2f %% %s, min %.2f %% %s\n",
                bestMax, bestMax >= 92.0 ? "met" : "NOT met", bestMin,
                bestMin >= 89.0 ? "met" : "NOT met");

    const std::string csvPath = (fs::path(setup.out) / "tpi_table.csv").string();
    std::ofstream csv(csvPath);
    csv << "recipe,seed,epochs,min_top1,max_top1,min_delta,max_delta,wall_s,cpu_s,images_per_s\n";
    for (const Row& r : rows) {
      const Row* b = nullptr;
      for (const Row& c : rows)
        if (c.recipe == "cnn-only" && c.seed == r.seed) b = &c;
      char line[256];
      std::snprintf(line, sizeof line, "%s,%llu,%d,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.1f\n",
                    r.recipe.c_str(), static_cast<unsigned long long>(r.seed), r.epochs, r.minTop1,
                    r.maxTop1, b ? r.minTop1 - b->minTop1 : 0.0, b ? r.maxTop1 - b->maxTop1 : 0.0,
                    r.wall, r.cpu, r.imagesPerSecond);
      csv << line;
    }
    std::printf("CSV: %s\n", csvPath.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_tpi_table: %s\n", e.what());
    return 1;
  }
}
