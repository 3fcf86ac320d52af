#pragma once
/// Batches from an ImageSet: seeded shuffling per epoch, optional random crop (pad 4)
/// and horizontal flip, normalisation, optional resize, and prefetch on a background
/// thread so the trainer's thread never waits on data preparation. The batch sequence
/// depends only on the seed and the epoch, never on thread timing. Torch code only.

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "data/image_set.h"

namespace h4h {

struct Batch {
  torch::Tensor images;  ///< float (B, C, H, W), normalised
  torch::Tensor labels;  ///< int64 (B)
};

struct LoaderOptions {
  int batchSize = 128;
  bool shuffle = true;
  bool dropLast = false;          ///< skip a last, smaller batch
  bool randomCrop = false;        ///< zero-pad 4 pixels, crop back at a random offset
  bool flip = false;              ///< horizontal flip with probability 1/2
  std::vector<double> mean, std;  ///< per channel; empty: no normalisation (just /255)
  int resolution = 0;             ///< resize (bilinear) to this side; 0: native
  std::uint64_t seed = 1;
  int prefetch = 2;               ///< batches prepared ahead; 0: prepared in next()
  torch::Device device = torch::kCPU;  ///< where batches are delivered
  /// Data-parallel sharding: batch k is this rank's slice of the global batch k (the
  /// global batch of batchSize images; slices split it in rank order, as evenly as
  /// possible). Order and augmentation are those of the unsharded loader.
  int shardRank = 0;
  int shardCount = 1;
};

class BatchLoader {
public:
  BatchLoader(ImageSet set, LoaderOptions options);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  /// Starts epoch `epoch` (its order and augmentation follow from seed and epoch),
  /// abandoning what is left of the current one.
  void startEpoch(int epoch);
  /// The next batch of the current epoch; false when the epoch is over. Rethrows an
  /// error raised while preparing it.
  bool next(Batch& batch);

  std::int64_t batchesPerEpoch() const;
  const ImageSet& set() const { return m_set; }
  const LoaderOptions& options() const { return m_options; }

private:
  Batch makeBatch(std::int64_t index) const;
  /// An image folder's samples at `indices`: uint8 pixels, decoded (and augmented for
  /// training), and the indices of the files that decoded.
  std::pair<torch::Tensor, torch::Tensor> decodeFileBatch(const torch::Tensor& indices) const;
  void stopWorker();
  void workerLoop(int epoch);

  ImageSet m_set;
  LoaderOptions m_options;
  torch::Tensor m_order;  ///< sample order of the current epoch
  int m_epoch = -1;
  std::int64_t m_nextIndex = 0;  ///< next batch next() returns

  std::thread m_worker;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Batch> m_queue;
  std::exception_ptr m_error;
  bool m_stop = false;
  bool m_workerDone = false;
};

}  // namespace h4h
