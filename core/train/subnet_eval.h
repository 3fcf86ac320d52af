#pragma once
/// Evaluating one subnet of a trained supernet: BN statistics re-estimated for that
/// subnet, then top-1 on a split. The supernet's buffers are restored afterwards, so
/// evaluation never changes the training state: with weight sharing the running
/// statistics accumulated during sandwich training belong to no single subnet (they
/// are only a starting point), frozen parts must keep theirs, and a resumed run must
/// see exactly the buffers an uninterrupted one would. Torch code only.

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "data/batch_loader.h"
#include "data/data_config.h"
#include "data/dataset.h"
#include "model/supernet.h"

namespace h4h {

/// Copies of a module's buffers (those `keep` accepts, all when empty); restore()
/// writes them back in place.
class BufferSnapshot {
public:
  explicit BufferSnapshot(const torch::nn::Module& module,
                          const std::function<bool(const std::string&)>& keep = {});
  void restore();
  std::size_t size() const { return m_saved.size(); }

private:
  std::vector<std::pair<torch::Tensor, torch::Tensor>> m_saved;  ///< (live, copy)
};

/// Images resized (bilinear) to `resolution` when they are not that size already.
torch::Tensor atResolution(const torch::Tensor& images, int resolution);

class ProcessGroup;

/// Top-1 (fraction) of subnet `arch` over up to `maxBatches` batches (0: all) of
/// epoch 0 of `loader`, after recalibrating its BN statistics on `calibration`
/// (image batches). Restores the supernet's buffers and train/eval mode.
/// With `stderrTarget` > 0 it stops early, after the first batch whose running top-1 has
/// a binomial standard error of at most that fraction (the estimate uses (correct+1)/(seen+2),
/// so a perfect first batch does not stop it at once).
/// Data-parallel (`group`): the loader and the calibration batches are this rank's
/// shards, the caller keeps the group's sync batch norm in force (so the recalibrated
/// statistics are the global batches'), and the counts are summed over the ranks; the
/// early stop is then not applied (each rank would stop on its own shard).
double evaluateSubnetTop1(Supernet& net, const Arch& arch,
                          const std::vector<torch::Tensor>& calibration, BatchLoader& loader,
                          int maxBatches = 0, ProcessGroup* group = nullptr, double stderrTarget = 0.0);

/// The binomial standard error of a top-1 of `correct` out of `seen`, estimated with
/// (correct+1)/(seen+2); 1 when nothing was seen.
double top1StandardError(std::int64_t correct, std::int64_t seen);

/// The first `batches` image batches of `loader`'s epoch 0, on the loader's device.
std::vector<torch::Tensor> calibrationBatches(BatchLoader& loader, int batches);

/// Loader settings for evaluation (no shuffle, no augmentation, evalBatchSize,
/// normalised with the training split's statistics).
LoaderOptions evalLoaderOptions(const DataConfig& data, const DataSplits& splits,
                                torch::Device device);
/// The fixed BN-recalibration set: `batches` training batches of data.batchSize in a
/// seeded order (the same for the trainer's evaluation and the search's evaluator).
/// Data-parallel: each rank gets its shard of every batch (`shardRank` of `shardCount`).
std::vector<torch::Tensor> recalibrationSet(const DataConfig& data, const DataSplits& splits,
                                            int batches, torch::Device device, int shardRank = 0,
                                            int shardCount = 1);

}  // namespace h4h
