#pragma once
/// Supernet training as a core Job (DESIGN §6, issue 7). Torch-free facade (pimpl), so
/// the CLI and the studio include it without LibTorch headers.
///
/// Each step follows the sandwich rule (max, min and training.sandwich_random random
/// subnets of the phase's space), with in-place distillation from the max net, summed
/// gradients, gradient clipping and one SGD step (Nesterov momentum, weight decay,
/// warm-up + cosine learning rate per phase, label smoothing). Phases per recipe: see
/// recipe_plan.h. After every epoch the min and max nets of the phase are evaluated on
/// the test split (BN recalibrated per subnet).
///
/// Checkpoints (layout: train_status.h): each run writes its own folder
/// <artefact folder>/runs/<run-id>/ (kTrainStateFile, kSupernetFile, kTrainStatusFile)
/// at every epoch end, every training.checkpoint_minutes within an epoch, and on cancel,
/// so a killed process loses at most that interval and a cancelled one nothing. The
/// supernet in force (<artefact folder>/supernet.pt, with supernet.json naming its run)
/// is replaced, atomically, only when a run finishes: a cancelled or failed run leaves
/// the finished one in force. resume continues a run bit-for-bit (same weights as an
/// uninterrupted run, given the same thread count and device), from an epoch end or from
/// within an epoch alike.
///
/// Events (JobEvent kind: data):
///   train.phase  {phase (1-based), name, cnn_only, freeze_cnn, grad_projection, epochs,
///                 frozen_parameters, trainable_parameters (element counts)}
///   train.step   {phase, epoch (1-based over the run), phase_epoch, step (0-based over
///                 the run), step_in_epoch, steps_per_epoch, loss (max net), sub_loss, lr,
///                 images_per_s}
///   train.epoch  RunEpoch::toJson (run_record.h): {phase, epoch, phase_epoch, loss,
///                 sub_loss, min_top1, max_top1 (fractions), min_arch, max_arch (keys),
///                 images_per_s, seconds, eval_seconds, lr}
///   train.checkpoint {path (the run's train_state.pt), run_id, epochs_done, step_in_epoch,
///                 finished, in_force (the run's weights became the supernet in force)}
/// The run's record (run_record.h) is passed to onCheckpoint after every checkpoint,
/// for the caller to store in the project (storeRunRecord) and save.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "project/project.h"
#include "space/search_space.h"
#include "train/dist_config.h"
#include "train/recipe_plan.h"
#include "train/training_config.h"

namespace h4h {

struct TrainerOptions {
  std::string recipe;       ///< overrides training.recipe when not empty
  std::vector<int> epochs;  ///< overrides the epochs (see applyTrainingOverrides)
  bool resume = false;      ///< continue a run's checkpoint (findRunCheckpoint)
  std::string resumeRun;    ///< with resume: the run id to continue; "" = the latest unfinished
  double checkpointMinutes = -1.0;  ///< overrides training.checkpoint_minutes when >= 0
  std::string artifactDir;  ///< "" = project.artifactDir()
  int maxStepsPerEpoch = 0; ///< cap on optimiser steps per epoch; 0 = every full batch
  int evalBatches = 0;      ///< test batches per evaluation; 0 = the whole test split
  /// Evaluate after every epoch on the validation split instead of the test split (a
  /// study's stopping rule must not look at the test split).
  bool evaluateOnValidation = false;
  /// The phases to run instead of the recipe's (a study's continuation from a shared
  /// phase 1: phase 2 alone, or a CNN-only control); empty = recipePhases(config).
  std::vector<PhasePlan> phases;
  /// Weights to start from instead of the seeded initialisation ("" = none): a supernet
  /// file of the same space (loadSupernetWeights). A resume reads its checkpoint instead.
  std::string initialWeights;
  /// Data-parallel training (DESIGN §6): this process's rank among worldSize processes
  /// that run the same TrainerJob. Every rank samples the same subnets, trains on its
  /// shard of each global batch of data.batch_size images (which the world size must
  /// divide), with batch norm over the global batch and gradients averaged before each
  /// step; the weights equal one process's. Rank 0 alone reads the checkpoint it
  /// resumes (the others receive it) and writes checkpoints and results; the others
  /// only train. Cancelling any rank stops every rank after the same step.
  DistConfig dist;
  /// Intra-op threads of this job while it runs (ScopedJobThreads); 0 = the process's.
  int threads = 0;

  /// Called on the job's thread before every step with the phase (0-based) and the
  /// step's archs (max, min, random...): lets tests and tools see what is sampled.
  std::function<void(int phase, const std::vector<Arch>& archs)> onSandwich;
  /// Called on the job's thread after every checkpoint with the run record.
  std::function<void(const RunRecord& run)> onCheckpoint;
  /// Monotonic seconds, read after every step to time mid-epoch checkpoints; empty =
  /// std::chrono::steady_clock (tests inject a clock instead of waiting).
  std::function<double()> clock;
};

class TrainerJob : public Job {
public:
  /// Throws InputError when the overrides do not fit, or the project has no file and
  /// no artifactDir is given.
  TrainerJob(Project project, TrainerOptions options = {});
  ~TrainerJob() override;

  std::string name() const override { return "train"; }
  /// Loads the data, builds the supernet and, when resuming, reads the checkpoint.
  /// Throws InputError naming the field or file for bad data, device or resume state
  /// (a resume whose space or settings other than epoch counts differ). run() calls it
  /// when the caller has not; calling it first lets a CLI tell bad input from failure.
  void prepare();
  /// The settings in effect: the project's training section with the overrides.
  const TrainingConfig& config() const;
  /// The project's artefact folder (the supernet in force lives there).
  const std::string& artifactDir() const;
  /// This run's checkpoint folder (artifactDir()/runs/<id>); for a resumed run known
  /// once prepare() found the checkpoint.
  const std::string& runFolder() const;
  std::string runId() const;
  /// The run record as of the last checkpoint or the end of run(); call it from the
  /// job's thread (callbacks) or after run() returned.
  const RunRecord& runRecord() const;

protected:
  /// Result data: {run (RunRecord::toJson), min_top1, max_top1, epochs_done, supernet (path: the in-force one
  /// when finished, else the run's own), in_force (bool)}. Cancel gives
  /// JobStatus::Cancelled after the checkpoint is written.
  JobResult run(JobContext& context) override;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace h4h
