#include "cli/progress_printer.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace h4h::cli {

std::string formatDuration(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "?";
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

ProgressPrinter::ProgressPrinter(const ParsedArgs& args) {
  if (args.has("quiet")) m_mode = Mode::Quiet;
  else if (args.has("json-progress")) m_mode = Mode::Json;
  else if (::isatty(STDERR_FILENO)) m_mode = Mode::Bar;
  else m_mode = Mode::Lines;
}

ProgressPrinter::~ProgressPrinter() { finish(); }

void ProgressPrinter::operator()(const JobProgress& p) {
  const auto now = std::chrono::steady_clock::now();
  switch (m_mode) {
    case Mode::Quiet:
      return;
    case Mode::Json: {
      nlohmann::json j{{"fraction", p.fraction}, {"stage", p.stage}, {"message", p.message},
                       {"elapsed_s", p.elapsedSeconds}, {"eta_s", p.etaSeconds}};
      std::fprintf(stderr, "%s\n", j.dump().c_str());
      return;
    }
    case Mode::Bar: {
      if (now - m_last < std::chrono::milliseconds(100) && p.fraction < 1.0) return;
      constexpr int kWidth = 28;
      const int filled = static_cast<int>(std::lround(p.fraction * kWidth));
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.resize(kWidth, '.');
      std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%% %s ETA %s", p.stage.c_str(), bar.c_str(),
                   p.fraction * 100.0, p.message.c_str(), formatDuration(p.etaSeconds).c_str());
      std::fflush(stderr);
      m_open = true;
      break;
    }
    case Mode::Lines:
      if (now - m_last < std::chrono::seconds(2) && p.fraction < 1.0) return;
      std::fprintf(stderr, "%s %3.0f%% %s (elapsed %s, ETA %s)\n", p.stage.c_str(),
                   p.fraction * 100.0, p.message.c_str(), formatDuration(p.elapsedSeconds).c_str(),
                   formatDuration(p.etaSeconds).c_str());
      break;
  }
  m_last = now;
}

void ProgressPrinter::finish() {
  if (m_open) std::fprintf(stderr, "\n");
  m_open = false;
}

}  // namespace h4h::cli
