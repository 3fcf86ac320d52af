#pragma once
/// One split of an image-classification dataset: pixels held in memory, or image files
/// decoded batch by batch (an image folder). Torch code only.

#include <torch/torch.h>

#include <memory>
#include <string>

namespace h4h {

struct ImageFiles;

struct ImageSet {
  torch::Tensor images;  ///< uint8 (N, C, H, W), raw pixel values; undefined when `files` is set
  torch::Tensor labels;  ///< int64 (N), in [0, classes)
  int classes = 0;
  std::string name;      ///< e.g. "fashion-mnist/train", for messages
  std::shared_ptr<const ImageFiles> files;  ///< the files behind the set, when not in memory

  std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
  int channels() const;
  int resolution() const;
  /// The samples at `indices` (int64, 1-D), as a new set.
  ImageSet select(const torch::Tensor& indices, const std::string& newName) const;
  /// The first n samples (n clamped to the size).
  ImageSet head(std::int64_t n, const std::string& newName) const;
};

}  // namespace h4h
