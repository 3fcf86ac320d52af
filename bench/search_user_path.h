#pragma once
// What the search benchmarks compare against: bench_schedule's whole-evaluation figure
// (lower + profile + exact assignment, latency objective, default capacity grid) on
// this thread, and the user's `h4h search` run as a child process on a temp copy of a
// project, timed by the kernel (CPU time and peak memory of the child).

#include <string>
#include <vector>

#include "project/project.h"

namespace h4h::bench {

/// CPU time of this thread (rates per core stay meaningful on a shared, loaded machine).
double threadCpuSeconds();

/// Whole evaluations per CPU-second of 200 random archs of the project's space: the
/// median of `rounds` passes.
double wholeEvaluationRate(const Project& project, int rounds);

struct ChildRun {
  int exitCode = -1;
  double cpuSeconds = 0;  ///< user + system
  double wallSeconds = 0;
  double maxRssMb = 0;
  std::string stdoutText;
};

/// Runs `program args...` in `workDir`, stdout captured, stderr discarded.
ChildRun runChild(const std::string& program, const std::vector<std::string>& args,
                  const std::string& workDir);

/// A fresh copy of `project` (no results, no side folder) at `dir`/`name`.
std::string copyProjectTo(const std::string& project, const std::string& dir, const std::string& name);

/// The "N archs measured" count of `h4h search`'s last line (-1 when absent).
long long archsMeasured(const std::string& searchStdout);

}  // namespace h4h::bench
