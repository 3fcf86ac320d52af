#include "search_user_path.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <regex>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "graph/layer_graph.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "sched/assign.h"
#include "sched/evaluate.h"
#include "space/space_ops.h"

namespace h4h::bench {

namespace fs = std::filesystem;

namespace {
volatile double g_sink = 0.0;
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double wholeEvaluationRate(const Project& project, int rounds) {
  LowerOptions opts;
  opts.resolution = project.space.deployResolution;
  std::mt19937_64 rng(2024);
  std::vector<Arch> archs;
  for (int i = 0; i < 200; ++i) archs.push_back(sampleArch(project.space, rng));
  const std::int64_t inputBytes = lowerArch(project.space, archs.front(), opts).front().inBytes;
  const AssignConfig cfg = assignConfigFor(project.hardware, Objective::Latency, inputBytes);
  NetworkProfile buffer;
  std::vector<double> rates;
  for (int r = 0; r < std::max(1, rounds); ++r) {
    const double start = threadCpuSeconds();
    for (const Arch& a : archs) {
      const std::vector<Layer> g = lowerArch(project.space, a, opts);
      profileNetworkInto(g, project.hardware, nullptr, buffer);
      g_sink = g_sink + assignExact(g, buffer, cfg).objectiveValue;
    }
    rates.push_back(static_cast<double>(archs.size()) / std::max(threadCpuSeconds() - start, 1e-9));
  }
  std::nth_element(rates.begin(), rates.begin() + rates.size() / 2, rates.end());
  return rates[rates.size() / 2];
}

ChildRun runChild(const std::string& program, const std::vector<std::string>& args,
                  const std::string& workDir) {
  ChildRun run;
  int out[2];
  if (::pipe(out) != 0) return run;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::close(out[0]);
    if (::chdir(workDir.c_str()) != 0) ::_exit(127);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) run.stdoutText.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  run.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  run.cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  run.maxRssMb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
  return run;
}

std::string copyProjectTo(const std::string& project, const std::string& dir, const std::string& name) {
  Project p = loadProjectOrThrow(project);
  p.results = ProjectResults{};
  const std::string target = (fs::path(dir) / name).string();
  fs::remove_all(target + ".d");
  saveProject(p, target);
  return target;
}

long long archsMeasured(const std::string& searchStdout) {
  std::smatch m;
  static const std::regex count("([0-9]+) archs measured");
  std::string::const_iterator from = searchStdout.begin();
  long long last = -1;
  while (std::regex_search(from, searchStdout.end(), m, count)) {
    last = std::stoll(m[1]);
    from = m[0].second;
  }
  return last;
}

}  // namespace h4h::bench
