#pragma once
/// One split of an image-classification dataset held in memory. Torch code only.

#include <torch/torch.h>

#include <string>

namespace h4h {

struct ImageSet {
  torch::Tensor images;  ///< uint8 (N, C, H, W), raw pixel values
  torch::Tensor labels;  ///< int64 (N), in [0, classes)
  int classes = 0;
  std::string name;      ///< e.g. "fashion-mnist/train", for messages

  std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
  int channels() const { return images.defined() ? static_cast<int>(images.size(1)) : 0; }
  int resolution() const { return images.defined() ? static_cast<int>(images.size(2)) : 0; }
  /// The samples at `indices` (int64, 1-D), as a new set.
  ImageSet select(const torch::Tensor& indices, const std::string& newName) const;
  /// The first n samples (n clamped to the size).
  ImageSet head(std::int64_t n, const std::string& newName) const;
};

}  // namespace h4h
