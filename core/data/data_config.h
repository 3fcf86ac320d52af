#pragma once
/// The project's `data` section: which dataset feeds training and evaluation, where it
/// lives, how it is split and augmented. Torch-free (project/ loads it; data/ reads it).

#include <cstdint>
#include <string>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// "fashion-mnist", "mnist", "cifar10", "synthetic", "folder".
const std::vector<std::string>& datasetNames();
/// data.bad_images: "fail" (the default) or "skip".
const std::vector<std::string>& badImagePolicies();

struct DataConfig {
  std::string dataset = "fashion-mnist";
  /// Folder of the dataset files; a relative path is resolved against the project file.
  std::string path = "/usr/share/datasets/fashion-mnist";
  int validationSize = 5000;  ///< images held out from the training files (for the search)
  int trainLimit = 0;         ///< use at most this many training images; 0 = all
  int testLimit = 0;          ///< use at most this many test images; 0 = all
  bool randomCrop = false;    ///< pad-4 random crop on training batches
  bool flip = false;          ///< random horizontal flip on training batches
  int batchSize = 128;
  int evalBatchSize = 500;
  int syntheticSamples = 2048;  ///< synthetic training images (validationSize more are made for validation, a quarter as many for test)
  int syntheticResolution = 28; ///< side of the synthetic images
  int syntheticChannels = 1;
  int syntheticClasses = 10;
  std::uint64_t seed = 1;       ///< shuffling, augmentation, split and synthetic data
  int prefetch = 2;             ///< batches prepared ahead on a background thread; 0 = none
  // Image folders (docs/training.md, "Image folders"):
  int imageSize = 0;            ///< side of the images a folder delivers; 0 = the space's largest training resolution
  std::string badImages = "fail";  ///< an unreadable image: "fail" stops with its path, "skip" leaves it out
  int decodeThreads = 2;        ///< threads decoding one batch of image files
  /// Per-channel normalisation of pixels in [0, 1]; empty: measured on the training images.
  std::vector<double> mean, std;
};

DataConfig dataConfigFromJson(const Json& j, const std::string& path, ErrorList& errors);
/// What is wrong with data.mean / data.std for images of `channels` channels ("" when
/// they fit or are not given), for a message on data.mean.
std::string normalisationProblem(const DataConfig& config, int channels);
/// The section as a project file holds it; `everyField` adds the image-folder fields that
/// a project of another dataset leaves out (for editors that show them all).
Json dataConfigToJson(const DataConfig& config, bool everyField = false);

}  // namespace h4h
