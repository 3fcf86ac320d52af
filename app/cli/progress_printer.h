#pragma once
// Renders a job's progress on stderr: a redrawn bar on a terminal, JSON lines
// with --json-progress, nothing with --quiet, and a line per update otherwise
// (throttled so logs stay readable).

#include <chrono>
#include <string>

#include "cli/cli_args.h"
#include "jobs/job.h"

namespace h4h::cli {

class ProgressPrinter {
public:
  explicit ProgressPrinter(const ParsedArgs& args);
  ~ProgressPrinter();
  void operator()(const JobProgress& progress);
  /// Ends the current bar line (call before printing other output).
  void finish();

private:
  enum class Mode { Quiet, Json, Bar, Lines };
  Mode m_mode;
  bool m_open = false;
  std::chrono::steady_clock::time_point m_last{};
};

/// "1h02m", "3m05s", "12s"
std::string formatDuration(double seconds);

}  // namespace h4h::cli
