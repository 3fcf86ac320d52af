// h4h run PROJECT [--out DIR] [--stages train,search,schedule] [--resume]:
// the whole pipeline without a display (core's RunJob, run/run_job.h): train the
// supernet (skipped when a finished checkpoint for the current settings exists), search,
// choose and schedule an arch, and write a report folder (summary.md, CSVs, schedule
// exports, PNGs drawn offscreen with the studio's plots through cli/report_pngs.h).
// Results go into the project file. Ctrl-C checkpoints the running stage, writes a
// partial report marked INCOMPLETE and exits 130; --resume continues.

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/report_pngs.h"
#include "project/project_io.h"
#include "report/report_schedule.h"
#include "run/run_job.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

constexpr int kExitCancelled = 130;

namespace fs = std::filesystem;

RunOptions parseStages(const std::string& text) {
  RunOptions options;
  options.train = options.search = options.schedule = false;
  std::stringstream in(text);
  std::string part;
  bool any = false;
  while (std::getline(in, part, ',')) {
    if (part == "train") options.train = true;
    else if (part == "search") options.search = true;
    else if (part == "schedule") options.schedule = true;
    else throw InputError("--stages: unknown stage \"" + part + "\" (expected train, search, schedule)");
    any = true;
  }
  if (!any) throw InputError("--stages: expected a list such as train,search,schedule");
  return options;
}

/// Stage headers, notes, epochs and generations as lines on stderr; the bar between them.
JobContext::EventFn printEvents(ProgressPrinter& printer, bool quiet) {
  return [&printer, quiet](const JobEvent& e) {
    if (quiet) return;
    const Json& d = e.data;
    if (e.kind == "run.stage") {
      printer.finish();
      std::fprintf(stderr, "[%d/%d] %s\n", d["index"].get<int>(), d["count"].get<int>(),
                   d["what"].get<std::string>().c_str());
    } else if (e.kind == "run.note") {
      printer.finish();
      std::fprintf(stderr, "  %s\n", d["text"].get<std::string>().c_str());
    } else if (e.kind == "train.epoch") {
      printer.finish();
      std::fprintf(stderr, "  epoch %d: loss %.4f, min net %.2f%%, max net %.2f%%\n", d["epoch"].get<int>(),
                   d["loss"].get<double>(), 100.0 * d["min_top1"].get<double>(),
                   100.0 * d["max_top1"].get<double>());
    } else if (e.kind == "search.generation") {
      printer.finish();
      std::fprintf(stderr, "  generation %d/%d: front %zu, %d archs %s\n", d["generation"].get<int>(),
                   d["generations"].get<int>(), d["front"].size(), d["evaluations"].get<int>(),
                   d["predictor"].is_null() ? "measured"
                                            : ("evaluated, " + std::to_string(d["measured_accuracies"].get<int>()) +
                                               " accuracies measured").c_str());
    }
  };
}

int runRun(const ParsedArgs& args) {
  RunOptions options = parseStages(args.valueOr("stages", "train,search,schedule"));
  options.resume = args.has("resume");
  Project project = loadProjectOrThrow(args.project());
  checkProjectWritable(project.filePath);
  const FileLock trainLock = options.train ? lockProjectJob(project.filePath, "train") : FileLock();
  const FileLock searchLock = options.search ? lockProjectJob(project.filePath, "search") : FileLock();
  const std::string outDir = args.valueOr("out", project.artifactDir() + "/report");
  const bool quiet = args.has("quiet");
  const auto plotter = makeReportPlotter();

  RunJob job(project, options);
  CancelToken cancel;
  ProgressPrinter printer(args);
  JobResult result;
  {
    InterruptGuard guard(cancel);
    JobContext context(cancel, [&printer](const JobProgress& p) { printer(p); }, printEvents(printer, quiet));
    result = job.execute(context);
    printer.finish();
  }
  if (job.badInput()) throw InputError(result.message);
  if (result.status == JobStatus::Failed && !job.stageFailed()) throw std::runtime_error(result.message);

  RunReport report = job.report();
  report.projectPath = args.project();  // as the user named it
  const std::vector<std::string> problems = writeReportFolder(report, outDir, plotter.get());
  for (const auto& p : problems) std::cerr << "h4h run: could not render " << p << "\n";

  if (!quiet && !report.incomplete.empty())
    std::cerr << "report is INCOMPLETE (" << report.incomplete << "); continue with: h4h run "
              << args.project() << " --resume\n";
  std::cout << "report: " << (fs::path(outDir) / "summary.md").string() << "\n";
  if (job.stageFailed() || !problems.empty()) return 1;
  return report.incomplete.empty() ? 0 : kExitCancelled;
}

}  // namespace

Command runCommand() {
  return {"run",
          "the whole pipeline (train, search, schedule) and a report folder; Ctrl-C saves, "
          "writes a partial report and exits 130",
          "PROJECT [--out DIR] [--stages train,search,schedule] [--resume]",
          {{"out", "DIR", "report folder (default: PROJECT.d/report)"},
           {"stages", "LIST", "stages to run, from train, search, schedule (default: all); the "
                              "report always uses the project's saved results"},
           {"resume", "", "continue an interrupted training and search where they stopped"}},
          runRun};
}

}  // namespace h4h::cli
