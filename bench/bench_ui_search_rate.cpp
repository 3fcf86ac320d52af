// The studio's Search tab against the CLI on the same search (issue 19: "the studio's
// Search tab on the same settings keeps up within 2x of the CLI"): the paper project,
// objectives latency and energy, G generations x P population, run through the Search
// tab (offscreen, live plot and table) until it finishes, timed as process CPU time
// (the worker and the GUI thread together) and wall time; then `h4h search` with the
// same settings as a child process on a temp copy (search_user_path.h). Prints both
// rates and their ratio (target: the Search tab >= 0.5 of the CLI).
//
// usage: QT_QPA_PLATFORM=offscreen bench_ui_search_rate [--generations G] [--population P]

#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <unistd.h>

#include "ui/common/job_runner.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/search/search_page.h"
#include "search_user_path.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  QApplication app(argc, argv);
  int generations = 100, population = 200;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--generations") && i + 1 < argc) generations = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--population") && i + 1 < argc) population = std::atoi(argv[++i]);
  }
  const std::string project = std::string(H4H_SOURCE_DIR) + "/projects/paper.h4h";
  Project p = loadProjectOrThrow(project);
  p.filePath.clear();
  p.search.objectives = {"latency", "energy"};
  p.search.referencePoint.clear();
  p.search.population = population;
  p.search.generations = generations;
  ProjectDocument doc;
  doc.reset(p);
  JobRunner runner;
  SearchPage page(&doc, &runner);
  page.setDialogsEnabled(false);
  page.resize(1400, 850);
  page.show();

  QElapsedTimer wall;
  wall.start();
  const double cpu0 = processCpuSeconds();
  if (!page.start()) {
    std::printf("search did not start: %s\n", qPrintable(page.statusText()));
    return 1;
  }
  while (runner.isRunning()) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  QCoreApplication::processEvents();
  page.flush();
  const double studioCpu = processCpuSeconds() - cpu0;
  const double studioWall = static_cast<double>(wall.elapsed()) / 1e3;
  const long long studioArchs = page.points().size();

  const std::string dir = std::filesystem::temp_directory_path() / ("bench_ui_search_rate." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string copy = bench::copyProjectTo(project, dir, "bench.h4h");
  const bench::ChildRun cli = bench::runChild(
      H4H_CLI_PATH,
      {"search", copy, "--objectives", "latency,energy", "--generations", std::to_string(generations),
       "--population", std::to_string(population), "--threads", "1", "--quiet"},
      dir);
  std::filesystem::remove_all(dir);
  const long long cliArchs = bench::archsMeasured(cli.stdoutText);
  if (cli.exitCode != 0 || cliArchs <= 0) {
    std::printf("h4h search failed (exit %d)\n", cli.exitCode);
    return 1;
  }
  const double studioRate = static_cast<double>(studioArchs) / studioCpu;
  const double cliRate = static_cast<double>(cliArchs) / cli.cpuSeconds;
  std::printf("bench_ui_search_rate: paper project, latency+energy, %d generations x %d population\n",
              generations, population);
  std::printf("Search tab: %lld archs in %.1f CPU-s (%.1f s wall): %8.0f archs/CPU-s\n", studioArchs,
              studioCpu, studioWall, studioRate);
  std::printf("h4h search: %lld archs in %.1f CPU-s (%.1f s wall): %8.0f archs/CPU-s, peak %.0f MB\n",
              cliArchs, cli.cpuSeconds, cli.wallSeconds, cliRate, cli.maxRssMb);
  std::printf("Search tab / CLI: %.2f per CPU-second, %.2f by wall time (target >= 0.50: %s)\n",
              studioRate / cliRate, cli.wallSeconds / studioWall,
              studioRate / cliRate >= 0.5 ? "met" : "missed");
  return 0;
}
