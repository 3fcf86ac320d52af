#pragma once
/// Readers of the IDX format of MNIST and Fashion-MNIST (raw or gzip). Every error
/// names the file and what was expected. Torch code only.

#include <torch/torch.h>

#include <string>

namespace h4h {

/// An idx3-ubyte image file (magic 0x00000803) as uint8 (N, 1, rows, cols).
torch::Tensor readIdxImages(const std::string& path);
/// An idx1-ubyte label file (magic 0x00000801) as int64 (N); labels must be < classes.
torch::Tensor readIdxLabels(const std::string& path, int classes = 10);

}  // namespace h4h
