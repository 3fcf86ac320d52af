// h4h train PROJECT [--recipe R] [--epochs E | --epochs E1,E2] [--resume | --resume-run ID]
//                   [--checkpoint-minutes M] [--steps-per-epoch N] [--eval-batches N]:
//                   [--nproc N | --rank R --world-size W --master-addr H --master-port P]:
// trains the project's supernet with a progress bar; the run's checkpoints go to
// PROJECT.d/runs/<run-id>/ and its metrics into the project's results.runs (the file is
// saved at every checkpoint). PROJECT.d/supernet.pt, the supernet the project uses, is
// replaced only when the run finishes. Ctrl-C stops after the current step, writes a
// checkpoint and exits 130. Data-parallel: --nproc starts N ranks here; the rank options
// (or torchrun's RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT variables) make this process
// one rank of a run across machines. Rank 0 writes; the other ranks only train.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/local_launcher.h"
#include "cli/progress_printer.h"
#include "project/project_io.h"
#include "train/run_history.h"
#include "train/train_status.h"
#include "train/trainer.h"
#include "train/training_config.h"
#include "model/torch_runtime.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

constexpr int kExitCancelled = 130;  // 128 + SIGINT, as shells report an interrupted command

std::vector<int> parseEpochs(const std::string& text) {
  std::vector<int> epochs;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (part.empty() || used != part.size())
      throw InputError("--epochs: expected E or E1,E2 with whole numbers (\"" + text + "\")");
    epochs.push_back(value);
  }
  if (epochs.empty()) throw InputError("--epochs: expected E or E1,E2 (\"" + text + "\")");
  return epochs;
}

int runTrain(const ParsedArgs& args) {
  const DistConfig dist = distConfigFromArgs(args);
  const int processes = static_cast<int>(args.intOr("nproc", 1, 1, 1024));
  if (processes > 1) return launchRanks(trainCommand(), args, processes);
  const bool writer = dist.rank == 0;
  Project project = loadProjectOrThrow(args.project());
  FileLock jobLock;
  if (writer) {
    checkProjectWritable(project.filePath);
    jobLock = lockProjectJob(project.filePath, "train");
  }
  TrainerOptions options;
  options.dist = dist;
  options.recipe = args.valueOr("recipe", "");
  if (auto e = args.value("epochs")) options.epochs = parseEpochs(*e);
  options.resume = args.has("resume") || args.has("resume-run");
  options.resumeRun = args.valueOr("resume-run", "");
  if (args.has("resume-run") && options.resumeRun.empty())
    throw InputError("--resume-run: expected a run id such as train-2 (\"\")");
  options.checkpointMinutes = args.doubleOr("checkpoint-minutes", -1.0, 0.0, kMaxCheckpointMinutes);
  options.maxStepsPerEpoch = static_cast<int>(args.intOr("steps-per-epoch", 0, 1, 100000000));
  options.evalBatches = static_cast<int>(args.intOr("eval-batches", 0, 1, 100000000));
  const bool quiet = args.has("quiet") || !writer;
  options.onCheckpoint = [&project](const RunRecord& run) {
    updateProjectFile(project, [&run](Project& p) { storeRunRecord(p, run); });
  };

  TrainerJob job(project, options);
  if (!options.resume && !quiet) {
    try {
      if (auto inForce = inForceSupernet(job.artifactDir()))
        std::cerr << "note: the supernet in force"
                  << (inForce->runId.empty() ? std::string() : " (" + inForce->runId + ")")
                  << " stays until " << job.runId() << " finishes\n";
      auto unfinished = findRunCheckpoint(job.artifactDir());
      if (unfinished && !unfinished->status.finished)
        std::cerr << "note: " << unfinished->status.runId
                  << " is unfinished and keeps its checkpoint (--resume continues it)\n";
    } catch (const InputError&) {
    }
  }
  job.prepare();  // bad data, device, resume state or checkpoint folder: InputError, exit 2

  CancelToken cancel;
  InterruptGuard guard(cancel);
  ProgressPrinter printer(args);
  JobContext context(cancel, [&printer](const JobProgress& p) { printer(p); },
                     [&printer, quiet](const JobEvent& e) {
                       if (quiet || e.kind != "train.epoch") return;
                       printer.finish();
                       const RunEpoch d = RunEpoch::fromEvent(e.data);
                       std::fprintf(stderr,
                                    "epoch %d (phase %d): loss %.4f, min net %.2f%%, max net "
                                    "%.2f%%, %.0f img/s, %.0f s\n",
                                    d.epoch, d.phase, d.loss, 100.0 * d.minTop1, 100.0 * d.maxTop1,
                                    d.imagesPerSecond, d.seconds + d.evalSeconds);
                     });
  const JobResult result = job.execute(context);
  printer.finish();
  switch (result.status) {
    case JobStatus::Finished:
      if (!writer) return 0;
      std::cout << result.message << "\nsupernet: " << job.artifactDir() << "/" << kSupernetFile
                << " (in force, from " << job.runId() << ")\n";
      return 0;
    case JobStatus::Cancelled:
      if (!writer) return kExitCancelled;
      std::cerr << result.message << "\nresume with: h4h train " << args.project()
                << " --resume-run " << job.runId() << "  (or --resume: the latest unfinished run)\n";
      return kExitCancelled;
    case JobStatus::Failed:
      std::cerr << "h4h train: training failed: " << result.message << "\n";
      return 1;
  }
  return 1;
}

}  // namespace

Command trainCommand() {
  Command command{"train",
          "train the project's supernet (sandwich rule, TPI recipes); Ctrl-C saves and exits 130",
          "PROJECT [--recipe R] [--epochs E | --epochs E1,E2] [--resume | --resume-run ID] "
          "[--checkpoint-minutes M] [--nproc N | --rank R --world-size W --master-addr H --master-port P]",
          {{"recipe", "R", "cnn-only, vanilla, vanilla-gradproj, tpi-unfreeze or tpi-freeze "
                           "(default: the project's training.recipe)"},
           {"epochs", "E|E1,E2", "epochs (two-phase recipes: E1,E2 per phase, or E split "
                                 "between them); default: the project's"},
           {"resume", "", "continue the latest unfinished run (PROJECT.d/runs/) exactly where it "
                          "stopped"},
           {"resume-run", "ID", "continue run ID (e.g. train-3) exactly where it stopped"},
           {"checkpoint-minutes", "M", "minutes between mid-epoch checkpoints, 0 = epoch ends "
                                       "only (default: the project's training.checkpoint_minutes)"},
           {"steps-per-epoch", "N", "cap optimiser steps per epoch (quick trials)"},
           {"eval-batches", "N", "test batches per evaluation (default: the whole test split)"}},
          runTrain};
  withDistOptions(command, "the training");
  return command;
}

}  // namespace h4h::cli
