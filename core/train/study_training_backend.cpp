#include "train/study_training_backend.h"

#include "model/torch_runtime.h"
#include "train/supernet_evaluator.h"
#include "train/trainer.h"

namespace h4h {

StudyTraining studyTraining() {
  StudyTraining t;
  t.train = [](const Project& project, const TrainerOptions& options, int threads, JobContext& context) {
    const ScopedJobThreads scope(threads);
    TrainerJob job(project, options);
    job.prepare();  // bad input throws InputError here, not as a failed result
    return job.execute(context);
  };
  t.measureOnTest = [](const Project& project, const std::string& weights, const std::vector<Arch>& archs,
                       int batches, int calibrationBatches, int threads, JobContext& context) {
    const ScopedJobThreads scope(threads);
    SupernetEvaluatorOptions options;
    options.checkpoint = weights;
    options.batches = batches;
    options.calibrationBatches = calibrationBatches;
    options.testSplit = true;
    SupernetAccuracyEvaluator evaluator(project, options);
    std::vector<double> top1;
    top1.reserve(archs.size());
      for (const Arch& arch : archs) {
      context.throwIfCancelled();
      top1.push_back(evaluator.top1(arch));
    }
    return top1;
  };
  return t;
}

}  // namespace h4h
