#pragma once
/// Batch normalisation whose batch statistics span every process of a data-parallel
/// run (PyTorch's SyncBatchNorm semantics): the mean and variance that normalise a
/// training batch, and the running statistics updated from them, are those of the
/// global batch, so W processes with B/W images each compute what one process with B
/// images computes. Per-rank statistics would make a W-process run a different model.
/// Torch code only.

#include <torch/torch.h>

namespace h4h {

/// Sums tensors over the processes of a run (implemented by train/process_group.h).
class BatchStatsSync {
public:
  virtual ~BatchStatsSync() = default;
  /// Replaces `stats` (1-D, contiguous) by its element-wise sum over every rank.
  virtual void sumAcrossRanks(torch::Tensor& stats) = 0;
};

/// The sync batch norm in force on this thread, or nullptr (local statistics).
BatchStatsSync* batchStatsSync();

/// Puts `sync` in force on this thread for its lifetime (nullptr: none).
class ScopedBatchStatsSync {
public:
  explicit ScopedBatchStatsSync(BatchStatsSync* sync);
  ~ScopedBatchStatsSync();
  ScopedBatchStatsSync(const ScopedBatchStatsSync&) = delete;
  ScopedBatchStatsSync& operator=(const ScopedBatchStatsSync&) = delete;

private:
  BatchStatsSync* m_previous;
};

/// Training-mode batch norm of x (N, C, H, W) over the global batch: normalises with
/// the global mean and biased variance, updates runningMean/runningVar (views, written
/// in place) with the global mean and unbiased variance at `momentum`. Differentiable
/// in x, weight and bias: the backward pass sums its per-channel reductions over the
/// ranks too. Every rank must call it in the same order with the same channel count.
torch::Tensor syncBatchNorm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                            torch::Tensor runningMean, torch::Tensor runningVar, double momentum, double eps,
                            BatchStatsSync& sync);

}  // namespace h4h
