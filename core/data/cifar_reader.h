#pragma once
/// Reader of the CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin): records
/// of 1 label byte + 3072 pixel bytes (R, G, B planes of 32x32). Torch code only.

#include <torch/torch.h>

#include <string>
#include <utility>

namespace h4h {

/// One batch file: images uint8 (N, 3, 32, 32) and labels int64 (N).
std::pair<torch::Tensor, torch::Tensor> readCifarBatch(const std::string& path);

/// The folder holding the batch files: `folder` itself or its `cifar-10-batches-bin`.
/// Throws InputError naming what was looked for when neither holds them.
std::string findCifarFolder(const std::string& folder);

}  // namespace h4h
