#pragma once
/// The one entry point to datasets: a DataConfig in, train / validation / test splits
/// and normalisation constants out. Validation is held out from the training files
/// (seeded), for the architecture search; test is the dataset's own test split.
/// Torch code only.

#include <string>
#include <vector>

#include "data/data_config.h"
#include "data/image_set.h"

namespace h4h {

struct DataSplits {
  ImageSet train, validation, test;
  std::vector<double> mean, std;  ///< per channel, of train pixels scaled to [0, 1]
  std::string description;        ///< e.g. "fashion-mnist: 55000 train, 5000 validation, 10000 test"

  int classes() const { return train.classes; }
  int channels() const { return train.channels(); }
  int resolution() const { return train.resolution(); }
};

/// Loads the dataset `config` names. config.path must already be resolved (see
/// Project::resolvePath). Throws InputError naming the file, what was expected and,
/// for (Fashion-)MNIST, the Debian package that provides it, when data is missing or
/// corrupt, or when the split sizes do not fit the data.
DataSplits loadDataSplits(const DataConfig& config);

/// Per-channel mean and standard deviation of uint8 images scaled to [0, 1].
void channelStats(const torch::Tensor& images, std::vector<double>& mean, std::vector<double>& std);

}  // namespace h4h
