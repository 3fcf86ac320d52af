// h4h study PROJECT NAME [--out DIR] [--seeds N] [--base-seed S] [--quick] [--budget B]: one of the
// seed paper's findings re-run on the project as a seeded, deterministic experiment
// (core/study/). Writes a folder (study.md, one CSV per table, PNGs drawn with the
// studio's plots through cli/report_pngs.h), stores the summary in results.studies and
// prints the headline numbers beside the seed's. Ctrl-C cancels: no folder, no record,
// exit 130.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/progress_printer.h"
#include "cli/report_pngs.h"
#include "cli/text_format.h"
#include "project/project_io.h"
#include "study/study_folder.h"
#include "study/study_job.h"
#include "train/study_accuracy.h"
#include "train/study_training_backend.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

constexpr int kExitCancelled = 130;

namespace fs = std::filesystem;

std::string validStudies() {
  std::string out;
  for (const std::string& n : studyNames()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

StudySettings settingsFrom(const ParsedArgs& args, const Project& project) {
  if (args.positionals.size() < 2)
    throw InputError("missing NAME argument: the study to run (one of " + validStudies() + ")");
  if (args.positionals.size() > 2)
    throw InputError("unexpected argument \"" + args.positionals[2] + "\" (usage: PROJECT NAME)");
  StudySettings s;
  const Study& study = studyOrThrow(args.positionals[1]);
  s.study = study.name();
  s.seeds = static_cast<int>(args.intOr("seeds", study.defaultSeeds(), 1, kMaxStudySeeds));
  s.baseSeed = static_cast<std::uint64_t>(
      args.intOr("base-seed", static_cast<long long>(project.search.seed), 0, 1LL << 53));
  s.quick = args.has("quick");
  s.budget = args.valueOr("budget", "");
  return s;
}

/// The headline numbers beside the seed's, one per line.
void printHeadlines(const StudyResult& result) {
  std::cout << padded("figure", 64) << padLeft("this study", 20) << padLeft("seed paper", 12) << "\n";
  for (const StudyHeadline& h : result.headlines) {
    std::cout << padded(h.name, 64) << padLeft(headlineText(h.value, h.unit), 20)
              << padLeft(headlineText(h.seed, h.unit), 12) << "\n";
  }
}

int runStudy(const ParsedArgs& args) {
  Project project = loadProjectOrThrow(args.project());
  const StudySettings settings = settingsFrom(args, project);
  checkProjectWritable(project.filePath);
  const std::string outDir =
      args.valueOr("out", defaultStudyFolder(project, settings.study, std::chrono::system_clock::now()));
  std::error_code ec;
  if (fs::exists(outDir, ec))
    throw InputError("--out: the study folder already exists; choose another (" + outDir + ")");
  const bool quiet = args.has("quiet");
  const auto plotter = makeStudyPlotter();

  const Study& definition = studyOrThrow(settings.study);
  StudyJob job(project, settings, studyAccuracyFactory(definition), {}, studyTraining());
  CancelToken cancel;
  ProgressPrinter printer(args);
  JobResult result;
  {
    InterruptGuard guard(cancel);
    JobContext context(cancel, [&printer](const JobProgress& p) { printer(p); });
    result = job.execute(context);
    printer.finish();
  }
  if (job.badInput()) throw InputError(result.message);
  if (result.status == JobStatus::Failed) throw std::runtime_error(result.message);
  if (result.status == JobStatus::Cancelled) {
    if (!quiet) {
      std::cerr << "study cancelled: no folder written, the project is unchanged\n";
      if (definition.trains())
        std::cerr << "the supernets it finished are kept; the same command resumes without retraining them\n";
    }
    return kExitCancelled;
  }

  const StudyResult& study = job.result();
  const StudyOutput output = saveStudy(project, study, result.status, outDir, plotter.get());
  for (const auto& p : output.pngProblems) std::cerr << "h4h study: could not render " << p << "\n";

  for (const std::string& note : study.notes)
    if (!quiet) std::cerr << "  " << note << "\n";
  printHeadlines(study);
  std::cout << "study: " << (fs::path(outDir) / "study.md").string() << " ("
            << fmt("%.1f", study.provenance.wallSeconds) << " s)\n";
  return output.pngProblems.empty() ? 0 : 1;
}

std::string studyList() {
  std::string out;
  for (const Study* s : allStudies()) out += "\n  " + padded(s->name(), 16) + s->title();
  return out;
}

}  // namespace

Command studyCommand() {
  return {"study",
          "re-run one of the seed paper's findings as a seeded experiment: a folder with study.md, "
          "CSVs and PNGs, and a summary in the project's results",
          "PROJECT NAME [--out DIR] [--seeds N] [--base-seed S] [--quick] [--budget B]\nstudies:" + studyList(),
          {{"out", "DIR", "study folder (default: PROJECT.d/studies/NAME-<UTC time>); must not exist"},
           {"seeds", "N", "independent searches, samples or trainings, seeded S, S+1, ... (default 1; tpi: 3)"},
           {"base-seed", "S", "the first seed (default: the project's search.seed)"},
           {"quick", "", "smaller samples and searches (a first look; what the tests run)"},
           {"budget", "B", "tpi: standard (default, about an hour on the demo with 2 cores), full or quick"}},
          runStudy};
}

}  // namespace h4h::cli
