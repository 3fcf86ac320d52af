#pragma once
/// Training and measuring supernets on behalf of a study (the tpi study, issue 22). The
/// engine does not link LibTorch, so core/train supplies these functions
/// (train/study_training_backend.h) and `h4h study` and the Studies tab pass them in.

#include <functional>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "project/project.h"
#include "space/search_space.h"
#include "train/trainer.h"

namespace h4h {

struct StudyTraining {
  /// Trains a supernet on the calling thread with `threads` intra-op threads (a
  /// TrainerJob run to its end, cancel or failure); throws InputError for bad input.
  std::function<JobResult(const Project& project, const TrainerOptions& options, int threads,
                          JobContext& context)>
      train;
  /// Top-1 fractions of `archs` with the weights in `weights` (a supernet file of the
  /// project's space), measured on the TEST split: `batches` test batches per arch
  /// (0 = all), BN statistics recalibrated per arch on `calibrationBatches` training
  /// batches. Runs on the calling thread with `threads` intra-op threads; throws
  /// JobCancelled between archs when `context` is cancelled.
  std::function<std::vector<double>(const Project& project, const std::string& weights,
                                    const std::vector<Arch>& archs, int batches,
                                    int calibrationBatches, int threads, JobContext& context)>
      measureOnTest;

  explicit operator bool() const { return train && measureOnTest; }
};

}  // namespace h4h
