#pragma once
/// The one entry point to datasets: a DataConfig in, train / validation / test splits
/// and normalisation constants out. Validation is held out from the training files
/// (seeded), for the architecture search; test is the dataset's own test split (an image
/// folder's val/, or for a folder without one a seeded tenth of its images).
/// Torch code only.

#include <string>
#include <vector>

#include "data/data_config.h"
#include "data/image_set.h"
#include "space/search_space.h"

namespace h4h {

struct DataSplits {
  ImageSet train, validation, test;
  std::vector<double> mean, std;  ///< per channel, of train pixels scaled to [0, 1]
  std::vector<std::string> classNames;  ///< by label, e.g. a folder's class folder names
  std::string description;        ///< e.g. "fashion-mnist: 55000 train, 5000 validation, 10000 test"

  int classes() const { return train.classes; }
  int channels() const { return train.channels(); }
  int resolution() const { return train.resolution(); }
};

/// What the model takes, from the project's space: an image folder's images are
/// converted to these channels and, unless data.image_size says otherwise, this side.
struct ModelInput {
  int channels = 0;    ///< space.input_channels
  int resolution = 0;  ///< the largest of space.train_resolutions
};
ModelInput modelInputOf(const SearchSpace& space);

/// Loads the dataset `config` names. config.path must already be resolved (see
/// Project::resolvePath). Throws InputError naming the file, what was expected and,
/// for (Fashion-)MNIST, the Debian package that provides it, when data is missing or
/// corrupt, or when the split sizes do not fit the data. An image folder needs `input`.
DataSplits loadDataSplits(const DataConfig& config, const ModelInput& input = {});

/// A dataset's own training and test sets, whole and in file order, with its class
/// names (what `h4h data export-folder` writes). Not for "folder".
struct DatasetFiles {
  ImageSet train, test;
  std::vector<std::string> classNames;
};
DatasetFiles readDatasetFiles(const DataConfig& config);

/// Per-channel mean and standard deviation of uint8 images scaled to [0, 1].
void channelStats(const torch::Tensor& images, std::vector<double>& mean, std::vector<double>& std);

}  // namespace h4h
