#include "data/batch_loader.h"

#include <algorithm>
#include <random>
#include <tuple>

#include "data/image_files.h"
#include "util/errors.h"

namespace h4h {

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

BatchLoader::BatchLoader(ImageSet set, LoaderOptions options)
    : m_set(std::move(set)), m_options(std::move(options)) {
  if (m_options.batchSize < 1) throw InputError("data.batch_size: must be at least 1");
  if (m_options.shardCount < 1 || m_options.shardRank < 0 || m_options.shardRank >= m_options.shardCount)
    throw std::invalid_argument("BatchLoader: shard rank outside [0, shard count)");
  if (!m_options.mean.empty() &&
      (m_options.mean.size() != static_cast<std::size_t>(m_set.channels()) ||
       m_options.std.size() != m_options.mean.size()))
    throw std::invalid_argument("BatchLoader: mean/std need one entry per channel");
}

BatchLoader::~BatchLoader() { stopWorker(); }

std::int64_t BatchLoader::batchesPerEpoch() const {
  const std::int64_t n = m_set.size(), b = m_options.batchSize;
  return m_options.dropLast ? n / b : (n + b - 1) / b;
}

void BatchLoader::stopWorker() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  if (m_worker.joinable()) m_worker.join();
}

void BatchLoader::startEpoch(int epoch) {
  stopWorker();
  m_epoch = epoch;
  m_nextIndex = 0;
  const std::int64_t n = m_set.size();
  m_order = torch::arange(n, torch::kInt64);
  if (m_options.shuffle) {
    auto* p = m_order.data_ptr<std::int64_t>();
    std::mt19937_64 rng(mix(m_options.seed, static_cast<std::uint64_t>(epoch)));
    for (std::int64_t i = n - 1; i > 0; --i)
      std::swap(p[i], p[static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(i + 1))]);
  }
  m_queue.clear();
  m_error = nullptr;
  m_stop = false;
  m_workerDone = false;
  if (m_options.prefetch > 0) m_worker = std::thread([this, epoch] { workerLoop(epoch); });
}

void BatchLoader::workerLoop(int /*epoch*/) {
  torch::NoGradGuard noGrad;
  const std::int64_t batches = batchesPerEpoch();
  try {
    for (std::int64_t i = 0; i < batches; ++i) {
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] {
          return m_stop || m_queue.size() < static_cast<std::size_t>(m_options.prefetch);
        });
        if (m_stop) return;
      }
      Batch batch = makeBatch(i);
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(batch));
      }
      m_cv.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_error = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_workerDone = true;
  }
  m_cv.notify_all();
}

bool BatchLoader::next(Batch& batch) {
  if (m_epoch < 0) startEpoch(0);
  if (m_options.prefetch <= 0) {
    if (m_nextIndex >= batchesPerEpoch()) return false;
    torch::NoGradGuard noGrad;
    batch = makeBatch(m_nextIndex++);
    return true;
  }
  std::unique_lock<std::mutex> lock(m_mutex);
  m_cv.wait(lock, [&] { return !m_queue.empty() || m_workerDone; });
  if (m_queue.empty()) {
    if (m_error) {
      auto error = m_error;
      m_error = nullptr;
      std::rethrow_exception(error);
    }
    return false;
  }
  batch = std::move(m_queue.front());
  m_queue.pop_front();
  ++m_nextIndex;
  lock.unlock();
  m_cv.notify_all();
  return true;
}

std::pair<torch::Tensor, torch::Tensor> BatchLoader::decodeFileBatch(const torch::Tensor& indices) const {
  // A folder's training augmentation: random_crop means torchvision's random-resized crop.
  const SampleAugmentation augmentation{m_options.randomCrop, m_options.flip, m_options.seed, m_epoch};
  const DecodedFiles decoded = decodeFiles(*m_set.files, indices, augmentation);
  return {decoded.images, indices.index_select(0, decoded.kept)};
}

Batch BatchLoader::makeBatch(std::int64_t index) const {
  const std::int64_t n = m_set.size(), start = index * m_options.batchSize;
  const std::int64_t count = std::min<std::int64_t>(m_options.batchSize, n - start);
  // This rank's slice [first, first + mine) of the global batch.
  const std::int64_t shards = std::max(1, m_options.shardCount), rank = m_options.shardRank;
  const std::int64_t first = count * rank / shards, mine = count * (rank + 1) / shards - first;
  auto idx = m_order.narrow(0, start + first, mine);
  torch::Tensor pixels;
  if (m_set.files) std::tie(pixels, idx) = decodeFileBatch(idx);
  else pixels = m_set.images.index_select(0, idx);
  auto x = pixels.to(torch::kFloat32).div_(255.0);
  auto labels = m_set.labels.index_select(0, idx);

  if (!m_set.files && (m_options.randomCrop || m_options.flip)) {
    std::mt19937_64 rng(mix(mix(m_options.seed, static_cast<std::uint64_t>(m_epoch)),
                            static_cast<std::uint64_t>(index) + 0x51ED27ULL));
    const int64_t h = x.size(2), w = x.size(3);
    constexpr int64_t kPad = 4;
    torch::Tensor padded;
    if (m_options.randomCrop) padded = torch::constant_pad_nd(x, {kPad, kPad, kPad, kPad}, 0.0);
    auto out = m_options.randomCrop ? torch::empty_like(x) : x;
    // Draws for the whole global batch, so a sample's augmentation is the same on any
    // number of ranks.
    for (int64_t b = 0; b < count; ++b) {
      const bool own = b >= first && b < first + mine;
      if (m_options.randomCrop) {
        const auto oy = static_cast<int64_t>(rng() % (2 * kPad + 1));
        const auto ox = static_cast<int64_t>(rng() % (2 * kPad + 1));
        if (own) out[b - first].copy_(padded[b - first].narrow(1, oy, h).narrow(2, ox, w));
      }
      if (m_options.flip && (rng() & 1) && own) out[b - first].copy_(out[b - first].flip({2}));
    }
    x = out;
  }
  if (!m_options.mean.empty()) {
    const auto c = x.size(1);
    auto mean = torch::tensor(m_options.mean, torch::kFloat64).to(torch::kFloat32).view({1, c, 1, 1});
    auto std = torch::tensor(m_options.std, torch::kFloat64).to(torch::kFloat32).view({1, c, 1, 1});
    x = (x - mean) / std;
  }
  if (m_options.resolution > 0 && m_options.resolution != x.size(2)) {
    namespace F = torch::nn::functional;
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{m_options.resolution, m_options.resolution})
                              .mode(torch::kBilinear)
                              .align_corners(false));
  }
  if (m_options.device != torch::Device(torch::kCPU)) {
    x = x.to(m_options.device, /*non_blocking=*/true);
    labels = labels.to(m_options.device, /*non_blocking=*/true);
  }
  return Batch{x.contiguous(), labels};
}

}  // namespace h4h
