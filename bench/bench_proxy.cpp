// The synflow accuracy proxy (train/synflow_proxy.h): its cost per arch against the
// hardware evaluation of the same archs in the same run (the search pays both per arch
// it measures), on the demo and paper spaces; and, given a trained project, its rank
// correlation with the trained supernet's top-1 over seeded sampled archs (beside the
// correlation of params and MACs, the size baselines a proxy has to beat).
//
// usage: bench_proxy [--archs N] [--threads T] [--trained PROJECT]
//   N seeded sampled archs (default 10; with --trained: default 30), T intra-op threads
//   (default 1). With --trained, prints one CSV row per arch, then the correlations.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/space_ops.h"
#include "search/rank_correlation.h"
#include "space/arch_key.h"
#include "train/supernet_evaluator.h"
#include "train/synflow_proxy.h"

using namespace h4h;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

template <typename Fn>
double seconds(Fn&& fn) {
  const auto t0 = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void benchProject(const std::string& name, int archCount) {
  const Project project = loadProjectOrThrow(std::string(H4H_SOURCE_DIR) + "/projects/" + name);
  std::mt19937_64 rng(1);
  std::vector<Arch> archs = {maxArch(project.space), minArch(project.space)};
  while (static_cast<int>(archs.size()) < archCount) archs.push_back(sampleArch(project.space, rng));

  double buildSeconds = 0.0;
  std::unique_ptr<SynflowProxyEvaluator> proxy;
  buildSeconds = seconds([&] { proxy = std::make_unique<SynflowProxyEvaluator>(project.space); });
  const EvalContext context = evalContextFor(project);
  ArchEvaluation scratch;
  std::vector<double> proxySeconds, hardwareSeconds;
  for (const Arch& arch : archs) {
    proxySeconds.push_back(seconds([&] { proxy->score(arch); }));
    hardwareSeconds.push_back(
        seconds([&] { evaluateArchInto(context, arch, EvalRequest{EvalDepth::Metrics, 1}, scratch); }));
  }
  const double p = median(proxySeconds), h = median(hardwareSeconds);
  std::printf("%-10s %3zu archs  supernet build %.2f s  synflow %.4f s/arch (max %.4f)  "
              "hardware eval %.5f s/arch  synflow / hardware = %.1f\n",
              name.c_str(), archs.size(), buildSeconds, p,
              *std::max_element(proxySeconds.begin(), proxySeconds.end()), h, h > 0 ? p / h : 0.0);
}

void correlation(const std::string& path, int archCount) {
  const Project project = loadProjectOrThrow(path);
  SupernetAccuracyEvaluator trained(project);
  SynflowProxyOptions options;
  options.seed = project.training.seed;
  SynflowProxyEvaluator proxy(project.space, options);
  const EvalContext context = evalContextFor(project);
  std::mt19937_64 rng(1);
  std::vector<double> top1, synflow, params, macs;
  std::vector<double> trainedSeconds, proxySeconds;
  std::printf("arch,top1,synflow_log1p,params_m,macs_m\n");
  for (int i = 0; i < archCount; ++i) {
    const Arch arch = sampleArch(project.space, rng);
    trainedSeconds.push_back(seconds([&] { top1.push_back(trained.top1(arch)); }));
    proxySeconds.push_back(seconds([&] { synflow.push_back(proxy.score(arch)); }));
    const ArchEvaluation e = evaluateArch(context, arch, EvalRequest{});
    params.push_back(e.metrics.paramsM);
    macs.push_back(e.metrics.macsM);
    std::printf("%s,%.4f,%.4f,%.4f,%.3f\n", archKey(arch).c_str(), top1.back(), synflow.back(), params.back(),
                macs.back());
  }
  std::printf("# %zu archs: synflow vs top-1: Spearman %.3f, Kendall %.3f\n", top1.size(),
              spearmanRho(synflow, top1), kendallTauB(synflow, top1));
  std::printf("# params vs top-1: Spearman %.3f, Kendall %.3f; MACs vs top-1: Spearman %.3f, Kendall %.3f\n",
              spearmanRho(params, top1), kendallTauB(params, top1), spearmanRho(macs, top1),
              kendallTauB(macs, top1));
  std::printf("# synflow vs params: Spearman %.3f; seconds per arch (median): trained top-1 %.3f, synflow %.4f\n",
              spearmanRho(synflow, params), median(trainedSeconds), median(proxySeconds));
}

}  // namespace

int main(int argc, char** argv) {
  int archCount = 0, threads = 1;
  std::string trained;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--archs") == 0) archCount = std::max(2, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--threads") == 0) threads = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--trained") == 0) trained = argv[i + 1];
  }
  configureTorchThreads(threads);
  if (!trained.empty()) {
    correlation(trained, archCount > 0 ? archCount : 30);
    return 0;
  }
  if (archCount == 0) archCount = 10;
  std::printf("synflow proxy cost, %d intra-op thread(s), median over archs\n", threads);
  benchProject("demo.h4h", archCount);
  benchProject("paper.h4h", archCount);
  return 0;
}
