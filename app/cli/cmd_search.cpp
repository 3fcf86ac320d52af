// h4h search PROJECT [--generations G] [--population P] [--seed S] [--objectives a,b,c]
//                    [--random] [--csv F] [--resume]:
// the evolutionary architecture search (DESIGN §7) with a line per generation showing
// the hypervolume. The options override the project's search section and are saved
// with the results; the Pareto archive goes to results.pareto and the resumable state
// to a log in the side folder (SearchSaver: appended every generation, the project file
// rewritten every few seconds and at the end). Ctrl-C saves and exits 130.

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/local_launcher.h"
#include "cli/progress_printer.h"
#include "eval/search_setup.h"
#include "project/project_io.h"
#include "project/search_saver.h"
#include "search/pareto_csv.h"
#include "search/search_job.h"
#include "train/supernet_evaluator.h"
#include "util/errors.h"
#include "util/text_output.h"

namespace h4h::cli {

namespace {

constexpr int kExitCancelled = 130;

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) out.push_back(part);
  return out;
}

/// The project's search settings with the command-line overrides, validated by the
/// same reader as the file (errors name the option).
SearchConfig configFor(const Project& project, const ParsedArgs& args) {
  Json j = searchConfigToJson(project.search);
  if (args.has("generations")) j["generations"] = args.intOr("generations", 0, 0, 1000000);
  if (args.has("population")) j["population"] = args.intOr("population", 0, 2, 100000);
  if (args.has("seed")) j["seed"] = args.intOr("seed", 0, 0, 1LL << 53);
  if (args.has("random")) j["algorithm"] = "random";
  if (auto o = args.value("objectives")) {
    j["objectives"] = splitList(*o);
    // a reference point for other objectives does not apply
    if (j["reference_point"].size() != j["objectives"].size()) j["reference_point"] = Json::array();
  }
  ErrorList errors;
  SearchConfig config = searchConfigFromJson(j, "search", errors);
  if (!errors.empty()) {
    std::string text;
    for (const auto& e : errors.items()) {
      std::string path = e.path;
      if (path.rfind("search.objectives", 0) == 0 && args.has("objectives"))
        path = "--objectives" + path.substr(std::string("search.objectives").size());
      text += (text.empty() ? "" : "\n") + FieldError{path, e.problem, e.value}.str();
    }
    throw InputError(text);
  }
  return config;
}

std::string objectiveValueText(const std::string& objective, const ArchMetrics& metrics) {
  const std::string key = objectiveMetricKey(objective);
  const double v = metrics.value(key);
  if (!std::isfinite(v)) return "-";
  char buf[64];
  if (key == "accuracy")
    std::snprintf(buf, sizeof buf, "%.2f%%%s", 100.0 * v, metrics.accuracyPredicted ? " (predicted)" : "");
  else std::snprintf(buf, sizeof buf, "%.4g %s", v, metricUnit(key).c_str());
  return buf;
}

void printFront(const ParetoFront& pareto, const SearchConfig& config) {
  std::cout << "Pareto front (" << pareto.size() << " archs):\n";
  for (const ParetoRecord& row : pareto) {
    if (!row.feasible) continue;
    std::string line = "  ";
    for (const auto& o : config.objectives) line += o + " " + objectiveValueText(o, row.metrics) + "  ";
    char buf[160];
    std::snprintf(buf, sizeof buf, "vit/mb %d/%d  x%.2f latency, x%.2f energy vs NPU-only  ",
                  row.metrics.vitLayers, row.metrics.mbconvLayers,
                  row.metrics.ok ? row.value("latency_improvement") : 0.0,
                  row.metrics.ok ? row.value("energy_improvement") : 0.0);
    std::cout << line << buf << row.key << "\n";
  }
}

int runSearch(const ParsedArgs& args) {
  const DistConfig dist = distConfigFromArgs(args);
  const int processes = static_cast<int>(args.intOr("nproc", 1, 1, 1024));
  if (processes > 1) return launchRanks(searchCommand(), args, processes);
  // Data-parallel: every rank runs the same search; rank 0 alone saves and prints.
  const bool writer = dist.rank == 0;
  Project project = loadProjectOrThrow(args.project());
  FileLock jobLock;
  if (writer) {
    checkProjectWritable(project.filePath);
    jobLock = lockProjectJob(project.filePath, "search");
  }
  const SearchConfig config = configFor(project, args);
  const bool quiet = args.has("quiet") || !writer;
  const bool resume = args.has("resume");
  if (resume && !project.results.hasSearchState())
    throw InputError("results.search: no saved search to resume in " + args.project() +
                     "; run without --resume");

  SearchSetupOptions options;
  options.config = config;
  options.accuracy = [dist](const Project& p) -> std::shared_ptr<AccuracyEvaluator> {
    SupernetEvaluatorOptions evaluator;
    evaluator.dist = dist;
    return std::make_shared<SupernetAccuracyEvaluator>(p, evaluator);
  };
  const SearchSetup setup = setUpSearch(project, options);
  SearchJob job(project.space, setup.config, setup.hardware, setup.accuracy);
  job.setPredictorSamples(setup.predictorSamples);
  if (!quiet)
    for (const std::string& note : setup.notes) std::cerr << "note: " << note << "\n";
  SearchSaver saver(project, [&config](Project& p) { p.search = config; });
  if (resume) saver.resume(job);
  else if (project.results.hasSearchState() && !quiet)
    std::cerr << "note: starting a new search; the saved one is replaced (use --resume to "
                 "continue it)\n";

  project.search = config;
  if (writer) job.setCheckpoint([&](const SearchStep& step) { saver.save(job, step); });

  CancelToken cancel;
  // The other ranks follow rank 0: it alone stops on Ctrl-C (and saves); they end when it does.
  std::optional<InterruptGuard> guard;
  if (writer) guard.emplace(cancel);
  ProgressPrinter printer(args);
  JobContext context(
      cancel, [&printer](const JobProgress& p) { printer(p); },
      [&printer, quiet](const JobEvent& e) {
        if (quiet || e.kind != "search.generation") return;
        printer.finish();
        const Json& d = e.data;
        const double hv = d["hypervolume"].is_number() ? d["hypervolume"].get<double>() : NAN;
        std::fprintf(stderr,
                     "generation %d/%d: hypervolume %.4f, front %zu, %d feasible, %d archs "
                     "%s (%.1f/s)\n",
                     d["generation"].get<int>(), d["generations"].get<int>(), hv,
                     d["front"].size(), d["feasible"].get<int>(), d["evaluations"].get<int>(),
                     d["predictor"].is_null() ? "measured" : "evaluated", d["evaluations_per_s"].get<double>());
        if (const Json& p = d["predictor"]; p.is_object()) {
          std::fprintf(stderr, "  accuracy: %d archs measured by the supernet, the rest predicted (ridge on %d",
                       d["measured_accuracies"].get<int>(), p["samples"].get<int>());
          if (const Json& q = p.value("quality", Json()); q.is_object())
            std::fprintf(stderr, "; held-out Kendall tau %.2f, RMSE %.2f points", q["kendall_tau"].get<double>(),
                         100.0 * q["rmse"].get<double>());
          std::fprintf(stderr, ")\n");
        }
      });
  const JobResult result = job.execute(context);
  printer.finish();

  auto writeCsv = [&] {
    if (auto path = args.value("csv")) {
      writeTextFile(*path, paretoCsv(job.pareto()));
    }
  };
  if (!writer) {
    if (result.status == JobStatus::Failed) std::cerr << "h4h search: search failed: " << result.message << "\n";
    return result.status == JobStatus::Finished ? 0 : result.status == JobStatus::Cancelled ? kExitCancelled : 1;
  }
  switch (result.status) {
    case JobStatus::Finished:
      saver.finish(job);
      writeCsv();
      printFront(job.pareto(), config);
      std::cout << result.message << "\n";
      return 0;
    case JobStatus::Cancelled:
      saver.finish(job);
      writeCsv();
      std::cerr << "search stopped "
                << (job.generation() < 0 ? std::string("during the initial population")
                                         : "after generation " + std::to_string(job.generation()))
                << " (" << job.evaluations() << " archs measured, saved); resume with: h4h search "
                << args.project() << " --resume\n";
      return kExitCancelled;
    case JobStatus::Failed:
      std::cerr << "h4h search: search failed: " << result.message << "\n";
      return 1;
  }
  return 1;
}

}  // namespace

Command searchCommand() {
  Command command{"search",
          "evolutionary multi-objective architecture search (NSGA-II); Ctrl-C saves and exits 130",
          "PROJECT [--generations G] [--population P] [--seed S] [--objectives a,b,c] [--random] "
          "[--csv F] [--resume]",
          {{"generations", "G", "generations after the initial population (default: the project's)"},
           {"population", "P", "population size (default: the project's)"},
           {"seed", "S", "random seed; the same seed gives the same search"},
           {"objectives", "LIST", "comma-separated, from accuracy, latency, energy, period, params, "
                                  "macs (accuracy needs a trained supernet)"},
           {"random", "", "random search with the same evaluation budget (the baseline)"},
           {"csv", "F", "also write the Pareto front as CSV to F"},
           {"resume", "", "continue the search saved in the project exactly where it stopped "
                          "(--generations may extend a finished one)"}},
          runSearch};
  withDistOptions(command, "the accuracy measurements");
  return command;
}

}  // namespace h4h::cli
