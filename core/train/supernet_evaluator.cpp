#include "train/supernet_evaluator.h"

#include <torch/torch.h>

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "model/arch_fit.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "space/arch_key.h"
#include "train/process_group.h"
#include "train/subnet_eval.h"
#include "train/train_status.h"
#include "util/errors.h"

namespace h4h {

struct SupernetAccuracyEvaluator::Impl {
  SearchSpace space;
  Supernet net{nullptr};
  std::unique_ptr<BatchLoader> images;  // the split measured: validation, or test
  std::vector<torch::Tensor> calibration;
  int batches = 0;
  double stderrTarget = 0.0;
  std::unordered_map<std::string, double> cache;
  std::size_t evaluations = 0;
  Json fingerprint;
  std::unique_ptr<ProcessGroup> group;  ///< data-parallel searches only
  mutable std::mutex mutex;
};

namespace {

/// CRC-32 of a file's bytes as 8 hex digits: identifies the weights without trusting
/// timestamps (a copied project keeps its fingerprint).
std::string fileCrc32(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file + ": cannot be read");
  uLong crc = crc32(0L, Z_NULL, 0);
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(in.gcount()));
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc));
  return hex;
}

}  // namespace

SupernetAccuracyEvaluator::SupernetAccuracyEvaluator(const Project& project,
                                                     SupernetEvaluatorOptions options)
    : m_impl(std::make_unique<Impl>()) {
  Impl& d = *m_impl;
  std::string file = options.checkpoint;
  if (file.empty()) {
    if (project.filePath.empty())
      throw InputError("project: has no file, so no trained supernet beside it; save and train it first");
    file = project.artifactDir() + "/" + kSupernetFile;
  }
  if (!std::filesystem::exists(file))
    throw InputError(file + ": no trained supernet; run `h4h train` on the project first");
  d.space = project.space;
  torch::Device device = torch::kCPU;
  if (project.training.device == "cuda" && torch::cuda::is_available()) device = torch::kCUDA;
  {
    std::lock_guard<std::mutex> lock(torchRngMutex());  // construction draws initial weights
    d.net = Supernet(project.space);
  }
  d.net->to(device);
  loadSupernetWeights(d.net, file);
  d.net->eval();

  DataConfig data = project.data;
  if (!project.filePath.empty()) data.path = project.resolvePath(data.path);
  DataSplits splits = loadDataSplits(data, modelInputOf(project.space));
  if (splits.channels() != project.space.inputChannels || splits.classes() != project.space.classes)
    throw InputError("data.dataset: " + splits.description + " does not fit the space (" +
                     std::to_string(project.space.inputChannels) + " channels, " +
                     std::to_string(project.space.classes) + " classes)");
  if (!options.testSplit && splits.validation.size() == 0)
    throw InputError("data.validation_size: the search needs a validation split (0)");
  d.images = std::make_unique<BatchLoader>(options.testSplit ? splits.test : splits.validation,
                                               evalLoaderOptions(data, splits, device));
  // The same recalibration set as the trainer's evaluation.
  d.calibration = recalibrationSet(data, splits,
                                   options.calibrationBatches >= 0 ? options.calibrationBatches
                                                                   : project.training.bnRecalibBatches,
                                   device);
  d.batches = options.batches >= 0 ? options.batches : project.search.accuracyEvalBatches;
  d.stderrTarget = options.stderrTarget >= 0.0 ? options.stderrTarget : project.search.accuracyStderr;
  Json dataJson = dataConfigToJson(project.data);
  dataJson.erase("path");  // where the files are is not what they hold
  dataJson.erase("prefetch");
  dataJson.erase("decode_threads");
  d.fingerprint = Json{{"checkpoint_crc32", fileCrc32(file)},
                       {"checkpoint_bytes", std::filesystem::file_size(file)},
                       {"data", dataJson},
                       {"eval_batches", d.batches},
                       {"calibration_batches", static_cast<int>(d.calibration.size())}};
  if (d.stderrTarget > 0.0) d.fingerprint["stderr"] = d.stderrTarget;  // absent: fixed batches
  if (options.testSplit) d.fingerprint["split"] = "test";  // absent: validation, as before it existed
  if (options.dist.distributed()) d.group = std::make_unique<ProcessGroup>(options.dist, false);
}

SupernetAccuracyEvaluator::~SupernetAccuracyEvaluator() = default;

double SupernetAccuracyEvaluator::top1(const Arch& arch) {
  Impl& d = *m_impl;
  std::lock_guard<std::mutex> lock(d.mutex);
  const std::string key = archKey(arch);
  if (auto it = d.cache.find(key); it != d.cache.end()) return it->second;
  requireArchFits(d.space, arch);
  // With a standard-error target the split is the only cap: the target decides how much is read.
  const int batches = d.stderrTarget > 0.0 ? 0 : d.batches;
  const double top1 = evaluateSubnetTop1(d.net, arch, d.calibration, *d.images, batches, nullptr, d.stderrTarget);
  ++d.evaluations;
  d.cache.emplace(key, top1);
  return top1;
}

std::vector<AccuracyResult> SupernetAccuracyEvaluator::top1Many(const std::vector<Arch>& archs) {
  Impl& d = *m_impl;
  if (!d.group) return AccuracyEvaluator::top1Many(archs);
  const auto n = static_cast<std::int64_t>(archs.size());
  const int ranks = d.group->size(), me = d.group->rank();
  auto owner = [ranks](std::int64_t i) { return static_cast<int>(i % ranks); };
  std::vector<AccuracyResult> results(archs.size());
  torch::Tensor shared = torch::zeros({2 * n}, torch::kFloat64);  // (top-1, failed) per arch
  auto values = shared.accessor<double, 1>();
  for (std::int64_t i = 0; i < n; ++i) {
    if (owner(i) != me) continue;
    try {
      results[i].top1 = values[2 * i] = top1(archs[i]);
    } catch (const std::exception& e) {
      results[i].error = e.what();
      values[2 * i + 1] = 1.0;
    }
  }
  d.group->allReduceSum(shared, "accuracies");
  std::lock_guard<std::mutex> lock(d.mutex);
  for (std::int64_t i = 0; i < n; ++i) {
    if (owner(i) == me) continue;
    if (values[2 * i + 1] > 0.0) {
      results[i].error = "measuring its accuracy failed on rank " + std::to_string(owner(i));
      continue;
    }
    results[i].top1 = values[2 * i];
    d.cache.emplace(archKey(archs[i]), results[i].top1);
  }
  return results;
}

Json SupernetAccuracyEvaluator::fingerprint() const { return m_impl->fingerprint; }

std::size_t SupernetAccuracyEvaluator::cacheSize() const {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->cache.size();
}

std::size_t SupernetAccuracyEvaluator::evaluations() const {
  std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->evaluations;
}

std::size_t SupernetAccuracyEvaluator::imagesPerEvaluation() const {
  const auto& opts = m_impl->images->options();
  const std::int64_t n = m_impl->images->set().size();
  if (m_impl->batches <= 0 || m_impl->stderrTarget > 0.0) return static_cast<std::size_t>(n);
  return static_cast<std::size_t>(std::min<std::int64_t>(n, std::int64_t{m_impl->batches} * opts.batchSize));
}

AccuracyFactory supernetAccuracyFactory() {
  return [](const Project& project) -> std::shared_ptr<AccuracyEvaluator> {
    return std::make_shared<SupernetAccuracyEvaluator>(project);
  };
}

}  // namespace h4h
