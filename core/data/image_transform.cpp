#include "data/image_transform.h"

#include <algorithm>
#include <cmath>

namespace h4h {

namespace {

constexpr double kMinArea = 0.08, kMaxArea = 1.0;      // RandomResizedCrop's scale
constexpr double kMinRatio = 3.0 / 4.0, kMaxRatio = 4.0 / 3.0;  // and ratio
constexpr double kEvalCropFraction = 0.875;            // 224 of 256

/// Uniform in [lo, hi) from 53 random bits (portable, unlike std's distributions).
double uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

int randomInt(std::mt19937_64& rng, int lo, int hi) {  // inclusive
  return lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

torch::Tensor asTensor(const Image8& image) {  // uint8 (C, H, W), a view of the pixels
  auto hwc = torch::from_blob(const_cast<std::uint8_t*>(image.pixels.data()),
                              {image.height, image.width, image.channels}, torch::kUInt8);
  return hwc.permute({2, 0, 1});
}

/// uint8 (C, h, w) resized to (C, height, width).
torch::Tensor resized(const torch::Tensor& pixels, int height, int width) {
  if (pixels.size(1) == height && pixels.size(2) == width) return pixels.contiguous();
  namespace F = torch::nn::functional;
  auto x = pixels.unsqueeze(0).to(torch::kFloat32);
  x = F::interpolate(x, F::InterpolateFuncOptions()
                            .size(std::vector<int64_t>{height, width})
                            .mode(torch::kBilinear)
                            .align_corners(false)
                            .antialias(true));
  return x.squeeze(0).round_().clamp_(0, 255).to(torch::kUInt8);
}

}  // namespace

CropBox randomResizedCropBox(int height, int width, std::mt19937_64& rng) {
  const double area = static_cast<double>(height) * width;
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * uniform(rng, kMinArea, kMaxArea);
    const double ratio = std::exp(uniform(rng, std::log(kMinRatio), std::log(kMaxRatio)));
    const int w = static_cast<int>(std::lround(std::sqrt(target * ratio)));
    const int h = static_cast<int>(std::lround(std::sqrt(target / ratio)));
    if (w > 0 && h > 0 && w <= width && h <= height)
      return {randomInt(rng, 0, height - h), randomInt(rng, 0, width - w), h, w};
  }
  // Fallback: the whole image, cut to the nearest ratio in range.
  const double ratio = static_cast<double>(width) / height;
  int w = width, h = height;
  if (ratio < kMinRatio) h = static_cast<int>(std::lround(w / kMinRatio));
  else if (ratio > kMaxRatio) w = static_cast<int>(std::lround(h * kMaxRatio));
  h = std::clamp(h, 1, height);
  w = std::clamp(w, 1, width);
  return {(height - h) / 2, (width - w) / 2, h, w};
}

torch::Tensor resizedCrop(const Image8& image, const CropBox& box, int size) {
  const auto crop = asTensor(image).narrow(1, box.top, box.height).narrow(2, box.left, box.width);
  return resized(crop, size, size);
}

torch::Tensor centreView(const Image8& image, int size) {
  const int shorter = static_cast<int>(size / kEvalCropFraction);
  int h = shorter, w = shorter;
  // As torchvision's Resize(int): the shorter side becomes `shorter`, the other keeps the ratio.
  if (image.width > image.height) w = static_cast<int>(static_cast<std::int64_t>(shorter) * image.width / image.height);
  else h = static_cast<int>(static_cast<std::int64_t>(shorter) * image.height / image.width);
  const auto scaled = resized(asTensor(image), h, w);
  // CenterCrop's offsets: round((h - size) / 2).
  const int top = static_cast<int>(std::lround((h - size) / 2.0));
  const int left = static_cast<int>(std::lround((w - size) / 2.0));
  return scaled.narrow(1, top, size).narrow(2, left, size).contiguous();
}

}  // namespace h4h
