#include "data/image_files.h"

#include <random>
#include <thread>

#include "data/image_codec.h"
#include "data/image_transform.h"
#include "util/errors.h"

namespace h4h {

namespace {

/// One sample's augmentation generator: std::seed_seq's mixing is specified by the
/// standard, so the crops are the same with every standard library.
std::mt19937_64 sampleRng(const SampleAugmentation& a, std::int64_t index) {
  const auto u32 = [](std::uint64_t v) { return static_cast<std::uint32_t>(v); };
  std::seed_seq seq{u32(a.seed), u32(a.seed >> 32), u32(static_cast<std::uint64_t>(a.epoch)),
                    u32(static_cast<std::uint64_t>(index)), u32(static_cast<std::uint64_t>(index) >> 32)};
  return std::mt19937_64(seq);
}

torch::Tensor decodeOne(const ImageFiles& files, std::int64_t index, const SampleAugmentation& a) {
  const ImageDecoding& d = files.decoding;
  const Image8 image = readImageFile(files.paths[static_cast<std::size_t>(index)], d.channels);
  if (!a.randomResizedCrop && !a.flip) return centreView(image, d.size);
  std::mt19937_64 rng = sampleRng(a, index);
  auto pixels = a.randomResizedCrop
                    ? resizedCrop(image, randomResizedCropBox(image.height, image.width, rng), d.size)
                    : centreView(image, d.size);
  if (a.flip && (rng() & 1)) pixels = pixels.flip({2});
  return pixels;
}

}  // namespace

ImageFiles ImageFiles::subset(const torch::Tensor& indices) const {
  ImageFiles out{{}, decoding, badImages};
  const auto idx = indices.to(torch::kInt64).contiguous();
  const auto* p = idx.data_ptr<std::int64_t>();
  out.paths.reserve(static_cast<std::size_t>(idx.numel()));
  for (std::int64_t i = 0; i < idx.numel(); ++i) out.paths.push_back(paths.at(static_cast<std::size_t>(p[i])));
  return out;
}

DecodedFiles decodeFiles(const ImageFiles& files, const torch::Tensor& indices,
                         const SampleAugmentation& augmentation) {
  const auto idx = indices.to(torch::kInt64).contiguous();
  const auto* p = idx.data_ptr<std::int64_t>();
  const std::int64_t n = idx.numel();
  const ImageDecoding& d = files.decoding;
  auto images = torch::empty({n, d.channels, d.size, d.size}, torch::kUInt8);
  std::vector<std::string> problems(static_cast<std::size_t>(n));  // unreadable files
  std::vector<std::exception_ptr> failures(static_cast<std::size_t>(n));  // anything else
  // Each thread takes every k-th sample; a sample's pixels never depend on which.
  const auto work = [&](std::int64_t first, std::int64_t step) {
    for (std::int64_t i = first; i < n; i += step) {
      try {
        images[i].copy_(decodeOne(files, p[i], augmentation));
      } catch (const InputError& e) {
        problems[static_cast<std::size_t>(i)] = e.what();
      } catch (...) {
        failures[static_cast<std::size_t>(i)] = std::current_exception();
      }
    }
  };
  const std::int64_t threads = std::max<std::int64_t>(1, std::min<std::int64_t>(d.threads, n));
  std::vector<std::thread> pool;
  for (std::int64_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (auto& t : pool) t.join();
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);

  std::vector<std::int64_t> kept;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::string& problem = problems[static_cast<std::size_t>(i)];
    if (problem.empty()) {
      kept.push_back(i);
      continue;
    }
    if (!d.skipBad)
      throw InputError(problem + " (data.bad_images is \"fail\"; \"skip\" leaves such files out)");
    if (files.badImages) files.badImages->record(files.paths[static_cast<std::size_t>(p[i])], problem);
  }
  if (kept.empty() && n > 0)
    throw InputError("data.bad_images: no image of a batch of " + std::to_string(n) +
                     " could be read (e.g. " + problems.front() + ")");
  auto keptIndex = torch::tensor(kept, torch::kInt64);
  if (static_cast<std::int64_t>(kept.size()) == n) return {images, keptIndex};
  return {images.index_select(0, keptIndex), keptIndex};
}

}  // namespace h4h
