#pragma once
/// The processes of a data-parallel run, over LibTorch's c10d: a TCPStore rendezvous
/// held by rank 0 and a Gloo process group (CPU tensors), or NCCL for GPUs where the
/// LibTorch build has it (DESIGN §6, issue 23). Every
/// collective waits at most DistConfig::timeoutSeconds; a failure (a rank that died,
/// hung or lost its link) becomes a DistributedError naming the ranks that stopped
/// answering, found from heartbeats each rank leaves in the store. Torch code only.

#include <torch/torch.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/sync_batch_norm.h"
#include "train/dist_config.h"

namespace h4h {

/// A collective or the rendezvous failed; the message names the rank(s) to blame.
class DistributedError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class ProcessGroup : public BatchStatsSync {
public:
  /// Joins the run (blocks until every rank joined, or the timeout): Gloo on the CPU;
  /// with `cuda`, NCCL on GPU config.localRank where LibTorch was built with it (CMake
  /// option H4H_NCCL). Throws InputError for an invalid config or CUDA without NCCL,
  /// DistributedError when the rendezvous fails.
  ProcessGroup(const DistConfig& config, bool cuda);
  ~ProcessGroup() override;
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const;
  int size() const;

  /// Replaces every tensor by rank 0's (in place).
  void broadcast(std::vector<torch::Tensor>& tensors, const std::string& what);
  /// Replaces every tensor by its mean over the ranks, in buckets of at most 25 MB
  /// (PyTorch DDP's default bucket_cap_mb) so one message carries many small tensors.
  void allReduceMean(std::vector<torch::Tensor>& tensors, const std::string& what);
  /// Replaces `t` (contiguous) by its element-wise sum over the ranks.
  void allReduceSum(torch::Tensor& t, const std::string& what);
  void sumAcrossRanks(torch::Tensor& stats) override { allReduceSum(stats, "batch-norm statistics"); }
  /// Rank 0's `bytes` on every rank (other ranks pass anything), through the store.
  std::string shareFromRank0(const std::string& key, const std::string& bytes);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace h4h
