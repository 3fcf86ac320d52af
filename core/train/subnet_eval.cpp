#include "train/subnet_eval.h"

#include <cmath>

#include "train/process_group.h"

namespace h4h {

BufferSnapshot::BufferSnapshot(const torch::nn::Module& module,
                               const std::function<bool(const std::string&)>& keep) {
  torch::NoGradGuard noGrad;
  for (const auto& item : module.named_buffers(true))
    if (!keep || keep(item.key())) m_saved.emplace_back(item.value(), item.value().clone());
}

void BufferSnapshot::restore() {
  torch::NoGradGuard noGrad;
  for (auto& [live, copy] : m_saved) live.copy_(copy);
}

torch::Tensor atResolution(const torch::Tensor& images, int resolution) {
  if (resolution <= 0 || (images.size(2) == resolution && images.size(3) == resolution))
    return images;
  namespace F = torch::nn::functional;
  return F::interpolate(images, F::InterpolateFuncOptions()
                                    .size(std::vector<int64_t>{resolution, resolution})
                                    .mode(torch::kBilinear)
                                    .align_corners(false));
}

double evaluateSubnetTop1(Supernet& net, const Arch& arch,
                          const std::vector<torch::Tensor>& calibration, BatchLoader& loader,
                          int maxBatches, ProcessGroup* group, double stderrTarget) {
  BufferSnapshot snapshot(*net);
  const bool wasTraining = net->is_training();
  std::int64_t correct = 0, seen = 0;
  try {
    std::vector<torch::Tensor> resized;
    resized.reserve(calibration.size());
    for (const auto& images : calibration) resized.push_back(atResolution(images, arch.resolution));
    net->recalibrateBN(arch, resized);
    torch::NoGradGuard noGrad;
    net->eval();
    loader.startEpoch(0);
    Batch batch;
    for (int b = 0; (maxBatches <= 0 || b < maxBatches) && loader.next(batch); ++b) {
      if (batch.labels.size(0) == 0) continue;  // a rank's empty shard of a short last batch
      auto logits = net->forward(atResolution(batch.images, arch.resolution), arch);
      correct += logits.argmax(1).eq(batch.labels.to(logits.device())).sum().item<std::int64_t>();
      seen += batch.labels.size(0);
      if (stderrTarget > 0.0 && !group && top1StandardError(correct, seen) <= stderrTarget) break;
    }
  } catch (...) {
    snapshot.restore();
    net->train(wasTraining);
    throw;
  }
  snapshot.restore();
  net->train(wasTraining);
  if (group) {
    torch::Tensor counts = torch::tensor({correct, seen}, torch::kInt64);
    group->allReduceSum(counts, "evaluation counts");
    correct = counts[0].item<std::int64_t>();
    seen = counts[1].item<std::int64_t>();
  }
  return seen > 0 ? static_cast<double>(correct) / static_cast<double>(seen) : 0.0;
}

double top1StandardError(std::int64_t correct, std::int64_t seen) {
  if (seen <= 0) return 1.0;
  const double p = (static_cast<double>(correct) + 1.0) / (static_cast<double>(seen) + 2.0);
  return std::sqrt(p * (1.0 - p) / static_cast<double>(seen));
}

std::vector<torch::Tensor> calibrationBatches(BatchLoader& loader, int batches) {
  std::vector<torch::Tensor> out;
  loader.startEpoch(0);
  Batch batch;
  while (static_cast<int>(out.size()) < batches && loader.next(batch)) out.push_back(batch.images);
  return out;
}

LoaderOptions evalLoaderOptions(const DataConfig& data, const DataSplits& splits,
                                torch::Device device) {
  LoaderOptions o;
  o.batchSize = data.evalBatchSize;
  o.shuffle = false;
  o.mean = splits.mean;
  o.std = splits.std;
  o.seed = data.seed;
  o.prefetch = data.prefetch;
  o.device = device;
  return o;
}

std::vector<torch::Tensor> recalibrationSet(const DataConfig& data, const DataSplits& splits,
                                            int batches, torch::Device device, int shardRank,
                                            int shardCount) {
  LoaderOptions o = evalLoaderOptions(data, splits, device);
  o.shardRank = shardRank;
  o.shardCount = shardCount;
  o.batchSize = data.batchSize;
  o.shuffle = true;
  o.seed = data.seed ^ 0xB1CA11B2A7E5ULL;
  o.prefetch = 0;
  BatchLoader loader(splits.train, o);
  return calibrationBatches(loader, batches);
}

}  // namespace h4h
