// h4h run PROJECT [--out DIR] [--stages train,search,schedule] [--resume]:
// the whole pipeline without a display: train the supernet (skipped when a finished
// checkpoint for the current settings exists), search, choose and schedule an arch, and
// write a report folder (summary.md, CSVs, schedule exports, PNGs drawn offscreen with
// the studio's plots). Results go into the project file. Ctrl-C checkpoints the running
// stage, writes a partial report marked INCOMPLETE and exits 130; --resume continues.

#include <QApplication>
#include <QByteArray>
#include <QString>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/run_report.h"
#include "graph/layer_graph.h"
#include "hw/measured_table.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "project/search_saver.h"
#include "gantt_chart.h"
#include "report_plots.h"
#include "sched/schedule_export.h"
#include "search/hardware_evaluator.h"
#include "search/search_job.h"
#include "space/arch_key.h"
#include "train/run_history.h"
#include "train/supernet_evaluator.h"
#include "train/train_status.h"
#include "train/trainer.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

constexpr int kExitCancelled = 130;
constexpr int kReportFrames = 3;  // enough to show frames overlapping in the Gantt

namespace fs = std::filesystem;

std::set<std::string> parseStages(const std::string& text) {
  std::set<std::string> stages;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part != "train" && part != "search" && part != "schedule")
      throw InputError("--stages: unknown stage \"" + part + "\" (expected train, search, schedule)");
    stages.insert(part);
  }
  if (stages.empty()) throw InputError("--stages: expected a list such as train,search,schedule");
  return stages;
}

/// The QApplication the report's plots need; the offscreen platform when there is no display.
std::unique_ptr<QApplication> makeGuiApp() {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
      qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "h4h";
  static char* argv[] = {name, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

class RunPipeline {
public:
  RunPipeline(const ParsedArgs& args, Project& project, CancelToken& cancel, RunReport& report)
      : m_args(args), m_project(project), m_cancel(cancel), m_report(report),
        m_quiet(args.has("quiet")), m_resume(args.has("resume")) {}

  void stageHeader(int index, int count, const std::string& what) {
    if (!m_quiet) std::fprintf(stderr, "[%d/%d] %s\n", index, count, what.c_str());
  }

  void note(const std::string& line) {
    m_report.notes.push_back(line);
    if (!m_quiet) std::fprintf(stderr, "  %s\n", line.c_str());
  }

  bool failed() const { return m_failed; }

  void train() {
    if (trainingFinished(m_project)) {
      note("training: skipped, a finished checkpoint for the current settings is in " +
           m_project.artifactDir());
      return;
    }
    TrainerOptions options;
    options.resume = m_resume && findRunCheckpoint(m_project.artifactDir()).has_value();
    options.onCheckpoint = [this](const Json& run) {
      updateProjectFile(m_project, [&run](Project& p) { storeRunRecord(p, run); });
    };
    TrainerJob job(m_project, options);
    job.prepare();
    m_trainedNow = true;
    ProgressPrinter printer(m_args);
    const bool quiet = m_quiet;
    JobContext context(m_cancel, [&printer](const JobProgress& p) { printer(p); },
                       [&printer, quiet](const JobEvent& e) {
                         if (quiet || e.kind != "train.epoch") return;
                         printer.finish();
                         const Json& d = e.data;
                         std::fprintf(stderr, "  epoch %d: loss %.4f, min net %.2f%%, max net %.2f%%\n",
                                      d["epoch"].get<int>(), d["loss"].get<double>(),
                                      100.0 * d["min_top1"].get<double>(),
                                      100.0 * d["max_top1"].get<double>());
                       });
    const JobResult result = job.execute(context);
    printer.finish();
    const Json record = job.runRecord();
    updateProjectFile(m_project, [&record](Project& p) { storeRunRecord(p, record); });
    if (result.status == JobStatus::Finished) {
      note(std::string("training: ") + (options.resume ? "resumed and finished" : "finished") +
           " (recipe " + job.config().recipe + "): " + result.message);
    } else if (result.status == JobStatus::Cancelled) {
      m_report.incomplete = "cancelled during training (checkpoint saved)";
      note("training: cancelled, checkpoint in " + job.runFolder());
    } else {
      m_report.incomplete = "training failed: " + result.message;
      note("training: failed: " + result.message);
      m_failed = true;
    }
  }

  void search() {
    SearchConfig config = m_project.search;
    const bool hasSupernet = fs::exists(fs::path(m_project.artifactDir()) / kSupernetFile);
    bool wantsAccuracy = false;
    for (const auto& o : config.objectives) wantsAccuracy |= o == "accuracy";
    std::shared_ptr<AccuracyEvaluator> accuracy;
    if (hasSupernet) {
      try {
        accuracy = std::make_shared<SupernetAccuracyEvaluator>(m_project);
        if (!wantsAccuracy) {
          config.objectives.insert(config.objectives.begin(), "accuracy");
          if (!config.referencePoint.empty()) config.referencePoint.insert(config.referencePoint.begin(), 0.0);
        }
      } catch (const InputError& e) {
        note(std::string("search: accuracy not measured: ") + e.what());
      }
    }
    if (!accuracy && wantsAccuracy) {
      if (!hasSupernet) note("search: accuracy not measured (no trained supernet)");
      for (std::size_t i = 0; i < config.objectives.size(); ++i)
        if (config.objectives[i] == "accuracy") {
          config.objectives.erase(config.objectives.begin() + static_cast<long>(i));
          if (i < config.referencePoint.size())
            config.referencePoint.erase(config.referencePoint.begin() + static_cast<long>(i));
          break;
        }
      if (config.objectives.empty()) config.objectives = {"latency", "energy"};
    }
    for (auto it = config.budgets.begin(); it != config.budgets.end();)
      it = (!accuracy && it->metric == "accuracy") ? config.budgets.erase(it) : it + 1;

    Objective objective = Objective::Latency;
    parseObjective(config.scheduleObjective, objective);
    std::shared_ptr<const MeasuredTable> measured;
    if (!m_project.hardware.measuredTablePath.empty())
      measured = std::make_shared<const MeasuredTable>(
          loadMeasuredTable(m_project.resolvePath(m_project.hardware.measuredTablePath)));
    auto hardware = std::make_shared<HardwareEvaluator>(m_project.space, m_project.hardware,
                                                        objective, measured);
    SearchJob job(m_project.space, config, hardware, accuracy);
    // Searches are deterministic for a given seed, so a saved one with the same settings
    // ends exactly as a new one would: continue it, unless the supernet just changed.
    bool resumed = false;
    SearchSaver saver(m_project, [&config](Project& p) { p.search = config; });
    if ((m_resume || !m_trainedNow) && m_project.results.hasSearchState()) {
      try {
        saver.resume(job);
        resumed = true;
      } catch (const InputError& e) {
        if (m_resume)
          note(std::string("search: the saved search does not fit the settings, starting over (") +
               e.what() + ")");
      }
    }
    m_project.search = config;
    job.setCheckpoint([&](const SearchStep& step) { saver.save(job, step); });
    ProgressPrinter printer(m_args);
    const bool quiet = m_quiet;
    JobContext context(m_cancel, [&printer](const JobProgress& p) { printer(p); },
                       [&printer, quiet](const JobEvent& e) {
                         if (quiet || e.kind != "search.generation") return;
                         printer.finish();
                         const Json& d = e.data;
                         std::fprintf(stderr, "  generation %d/%d: front %zu, %d archs measured\n",
                                      d["generation"].get<int>(), d["generations"].get<int>(),
                                      d["front"].size(), d["evaluations"].get<int>());
                       });
    const JobResult result = job.execute(context);
    printer.finish();
    if (result.status != JobStatus::Failed) saver.finish(job);
    std::string objectives;
    for (const auto& o : config.objectives) objectives += (objectives.empty() ? "" : ", ") + o;
    if (result.status == JobStatus::Finished) {
      note(std::string("search: ") + (resumed ? "continued the saved search" : "finished") +
           " (objectives " + objectives + "): " + std::to_string(job.evaluations()) +
           " archs measured, " + std::to_string(job.pareto().size()) + " on the front");
    } else if (result.status == JobStatus::Cancelled) {
      m_report.incomplete = "cancelled during the search after generation " +
                            std::to_string(job.generation()) + " (state saved)";
      note("search: cancelled");
    } else {
      m_report.incomplete = "search failed: " + result.message;
      note("search: failed: " + result.message);
      m_failed = true;
    }
  }

  void schedule() {
    m_report.chosenKey = chooseArch(m_project, m_report.chosenWhy);
    if (m_report.chosenKey.empty()) {
      note("schedule: no arch to schedule (" + m_report.chosenWhy + ")");
      return;
    }
    const Arch arch = parseArchKey(m_report.chosenKey);
    LowerOptions lower;
    lower.resolution = m_project.space.deployResolution;
    m_report.layers = lowerArch(m_project.space, arch, lower);
    std::unique_ptr<MeasuredTable> measured;
    if (!m_project.hardware.measuredTablePath.empty())
      measured = std::make_unique<MeasuredTable>(
          loadMeasuredTable(m_project.resolvePath(m_project.hardware.measuredTablePath)));
    m_report.profile = profileNetwork(m_report.layers, m_project.hardware, measured.get());
    Objective objective = Objective::Latency;
    parseObjective(m_project.search.scheduleObjective, objective);
    const AssignConfig config = assignConfigFor(
        m_project.hardware, objective, m_report.layers.empty() ? 0 : m_report.layers.front().inBytes);
    m_report.eval = evaluateSystem(m_report.layers, m_report.profile, config);
    if (!m_report.eval.hetero.feasible) {
      note("schedule: " + m_report.chosenKey + " has no feasible schedule: " + m_report.eval.hetero.why);
      return;
    }
    m_report.schedule = scheduleSystem(m_report.layers, m_report.profile, m_report.eval, kReportFrames);
    m_report.schedule.arch = m_report.chosenKey;
    if (m_report.eval.npuOnly.feasible) {
      m_report.npuOnlySchedule =
          simulatePipeline(m_report.layers, m_report.profile, m_report.eval.npuOnly, kReportFrames);
      m_report.npuOnlySchedule.arch = m_report.chosenKey + " (NPU only)";
      m_report.hasNpuOnly = true;
    }
    m_report.scheduled = true;
    const std::string key = m_report.chosenKey;
    const Json scheduled = scheduleToJson(m_report.schedule);
    updateProjectFile(m_project, [&key, &scheduled](Project& p) {
      p.results.selected = key;
      Json kept = Json::array();
      for (const Json& s : p.results.schedules)
        if (!s.is_object() || s.value("arch", std::string()) != key) kept.push_back(s);
      kept.push_back(scheduled);
      p.results.schedules = kept;
    });
    char buf[200];
    std::snprintf(buf, sizeof buf, "schedule: %d layers, %d on CIM, %.4f ms per frame (NPU-only %.4f ms)",
                  static_cast<int>(m_report.layers.size()), m_report.eval.hetero.countOn(Device::Cim),
                  m_report.eval.hetero.latencyNs / 1e6, m_report.eval.npuOnly.latencyNs / 1e6);
    note(buf);
  }

private:
  const ParsedArgs& m_args;
  Project& m_project;
  CancelToken& m_cancel;
  RunReport& m_report;
  bool m_quiet;
  bool m_resume;
  bool m_failed = false;
  bool m_trainedNow = false;  ///< training ran in this invocation (cached accuracies are stale)
};

void writePngs(const Project& project, const RunReport& report, const std::string& dir,
               std::vector<std::string>& problems) {
  const auto at = [&dir](const char* name) {
    return QString::fromStdString((fs::path(dir) / name).string());
  };
  if (!ui::renderTrainingReportPng(project.results.runs, at("training.png")))
    problems.push_back("training.png");
  if (!ui::renderParetoReportPng(project, report.chosenKey, at("pareto.png")))
    problems.push_back("pareto.png");
  if (report.scheduled && 
      !ui::renderGanttPng(report.schedule, report.layers, at("gantt.png"), QSize(1400, 600),
                          report.hasNpuOnly ? &report.npuOnlySchedule : nullptr))
    problems.push_back("gantt.png");
}

int runRun(const ParsedArgs& args) {
  const std::set<std::string> stages = parseStages(args.valueOr("stages", "train,search,schedule"));
  Project project = loadProjectOrThrow(args.project());
  checkProjectWritable(project.filePath);
  const FileLock trainLock =
      stages.count("train") ? lockProjectJob(project.filePath, "train") : FileLock();
  const FileLock searchLock =
      stages.count("search") ? lockProjectJob(project.filePath, "search") : FileLock();
  const std::string outDir = args.valueOr("out", project.artifactDir() + "/report");
  const bool quiet = args.has("quiet");
  const auto app = makeGuiApp();

  RunReport report;
  report.project = &project;
  report.projectPath = args.project();
  CancelToken cancel;
  RunPipeline pipeline(args, project, cancel, report);
  {
    InterruptGuard guard(cancel);
    const int count = static_cast<int>(stages.size());
    int index = 0;
    if (stages.count("train")) {
      pipeline.stageHeader(++index, count, "train the supernet");
      pipeline.train();
    }
    if (stages.count("search") && report.incomplete.empty()) {
      pipeline.stageHeader(++index, count, "search");
      pipeline.search();
    }
    if (stages.count("schedule") && report.incomplete.empty()) {
      pipeline.stageHeader(++index, count, "choose and schedule an arch");
      pipeline.schedule();
    }
  }
  if (!report.incomplete.empty() && report.chosenKey.empty()) {
    std::string why;
    report.chosenKey = chooseArch(project, why);
    report.chosenWhy = why + " (not scheduled: the run stopped early)";
  }
  writeReportTexts(report, outDir);
  std::vector<std::string> problems;
  writePngs(project, report, outDir, problems);
  for (const auto& p : problems) std::cerr << "h4h run: could not render " << p << "\n";

  if (!quiet && !report.incomplete.empty())
    std::cerr << "report is INCOMPLETE (" << report.incomplete << "); continue with: h4h run "
              << args.project() << " --resume\n";
  std::cout << "report: " << (fs::path(outDir) / "summary.md").string() << "\n";
  if (pipeline.failed() || !problems.empty()) return 1;
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
