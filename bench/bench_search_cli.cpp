// The user's search against the engine (issue 19): `h4h search PROJECT --objectives
// latency,energy --generations G --population P --threads 1` run as a child process on a
// temp copy of the project, its archs measured per CPU-second (user + system time of the
// child) and its peak memory (max RSS), against bench_schedule's whole-evaluation rate on
// this thread, measured before and after the child (median of both) in the same run.
// Targets: ratio >= 0.50, max RSS < 200 MB. `--baseline H4H` also runs another build's
// CLI (e.g. the code before the issue) the same way, before and after ours.
//
// usage: bench_search_cli [PROJECT] [--generations G] [--population P] [--baseline H4H]
//                         [--h4h H4H] [--repeats N]

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <unistd.h>
#include <string>
#include <vector>

#include "project/project_io.h"
#include "search_user_path.h"

using namespace h4h;
using namespace h4h::bench;

namespace {

struct CliFigure {
  std::vector<double> rates, rss, cpu;
  long long archs = -1;

  static double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  }
};

bool runCli(const std::string& h4h, const std::string& project, const std::string& dir, int generations,
            int population, CliFigure& figure) {
  const std::string copy = copyProjectTo(project, dir, "bench.h4h");
  const ChildRun run = runChild(h4h,
                                {"search", copy, "--objectives", "latency,energy", "--generations",
                                 std::to_string(generations), "--population", std::to_string(population),
                                 "--threads", "1", "--quiet"},
                                dir);
  const long long archs = archsMeasured(run.stdoutText);
  if (run.exitCode != 0 || archs <= 0) {
    std::fprintf(stderr, "bench_search_cli: %s exited %d\n", h4h.c_str(), run.exitCode);
    return false;
  }
  figure.archs = archs;
  figure.rates.push_back(static_cast<double>(archs) / run.cpuSeconds);
  figure.rss.push_back(run.maxRssMb);
  figure.cpu.push_back(run.cpuSeconds);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string project = std::string(H4H_SOURCE_DIR) + "/projects/paper.h4h";
  std::string ours = H4H_CLI_PATH, baseline;
  int generations = 100, population = 200, repeats = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--generations") generations = std::stoi(next());
    else if (a == "--population") population = std::stoi(next());
    else if (a == "--baseline") baseline = next();
    else if (a == "--h4h") ours = next();
    else if (a == "--repeats") repeats = std::max(1, std::stoi(next()));
    else project = a;
  }
  project = std::filesystem::absolute(project).string();
  const std::string dir = std::filesystem::temp_directory_path() / ("bench_search_cli." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const Project loaded = loadProjectOrThrow(project);

  std::vector<double> engine{wholeEvaluationRate(loaded, 15)};
  CliFigure oursFigure, baselineFigure;
  for (int r = 0; r < repeats; ++r) {
    if (!baseline.empty() && !runCli(baseline, project, dir, generations, population, baselineFigure)) return 1;
    if (!runCli(ours, project, dir, generations, population, oursFigure)) return 1;
    engine.push_back(wholeEvaluationRate(loaded, 15));
  }
  std::filesystem::remove_all(dir);

  const double engineRate = CliFigure::median(engine);
  std::printf("bench_search_cli: %s, %d generations x %d population, %d repeat(s)\n", project.c_str(),
              generations, population, repeats);
  std::printf("engine: whole evaluations (lower + profile + exact assign, latency) %8.0f archs/CPU-s\n",
              engineRate);
  auto print = [&](const char* name, const CliFigure& f) {
    const double rate = CliFigure::median(f.rates);
    const double rss = *std::max_element(f.rss.begin(), f.rss.end());
    std::printf("%-9s h4h search: %lld archs in %.1f CPU-s: %8.0f archs/CPU-s = %.2f of the engine (target "
                ">= 0.50: %s), peak memory %.0f MB (target < 200: %s)\n",
                name, f.archs, CliFigure::median(f.cpu), rate, rate / engineRate,
                rate / engineRate >= 0.5 ? "met" : "missed", rss, rss < 200 ? "met" : "missed");
  };
  if (!baseline.empty()) print("baseline", baselineFigure);
  print("this", oursFigure);
  return 0;
}
