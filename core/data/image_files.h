#pragma once
/// A split of an image-folder dataset as files, decoded batch by batch in the loader's
/// background thread (an ImageNet-sized folder cannot be held in memory). Each sample's
/// random crop and flip follow from (seed, epoch, the sample's index in its split) alone,
/// so a batch is the same whatever the thread timing, the decode threads or the way a
/// batch is cut into shards. Torch code only.

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/bad_images.h"

namespace h4h {

/// How the files become pixels (from the project's data and space sections).
struct ImageDecoding {
  int size = 0;        ///< side of the square images delivered
  int channels = 0;    ///< 1 or 3 (space.input_channels): grey and colour are converted
  bool skipBad = false;  ///< data.bad_images "skip": leave unreadable files out of their batch
  int threads = 1;     ///< threads decoding one batch
};

struct ImageFiles {
  std::vector<std::string> paths;
  ImageDecoding decoding;
  std::shared_ptr<BadImageLog> badImages;  ///< shared by the splits of one dataset

  /// The files at `indices` (int64, 1-D), with the same decoding and log.
  ImageFiles subset(const torch::Tensor& indices) const;
};

/// Training augmentation of one batch; none: the evaluation view.
struct SampleAugmentation {
  bool randomResizedCrop = false;
  bool flip = false;
  std::uint64_t seed = 0;
  int epoch = 0;
};

struct DecodedFiles {
  torch::Tensor images;  ///< uint8 (K, channels, size, size)
  torch::Tensor kept;    ///< int64 (K): the positions in `indices` that decoded
};

/// Decodes the files at `indices` (int64, 1-D). An unreadable file throws InputError
/// naming its path, or with decoding.skipBad is recorded in the log and left out (a batch
/// none of whose files decodes still throws: it would train on nothing).
DecodedFiles decodeFiles(const ImageFiles& files, const torch::Tensor& indices,
                         const SampleAugmentation& augmentation);

}  // namespace h4h
