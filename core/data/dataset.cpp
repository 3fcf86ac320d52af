#include "data/dataset.h"

#include <random>

#include "data/cifar_reader.h"
#include "data/file_bytes.h"
#include "data/folder_dataset.h"
#include "data/idx_reader.h"
#include "data/image_files.h"
#include "data/synthetic_data.h"
#include "util/errors.h"

namespace h4h {

namespace {

/// Images sampled for a folder's normalisation statistics when data.mean is not given.
constexpr std::int64_t kStatsImages = 500;

/// The dataset's own sets; `test` is empty when it must be held out of `train`.
struct RawSets {
  ImageSet train, test;
  std::vector<std::string> classNames;
  std::string notes;  ///< added to the description, e.g. ignored files
};

std::vector<std::string> builtinClassNames(const std::string& dataset, int classes) {
  if (dataset == "fashion-mnist")
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  if (dataset == "cifar10")
    return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
  std::vector<std::string> out;
  for (int c = 0; c < classes; ++c) out.push_back((dataset == "synthetic" ? "class " : "") + std::to_string(c));
  return out;
}

std::string idxFile(const std::string& folder, const std::string& base, const std::string& dataset) {
  for (const std::string& name : {base + ".gz", base})
    if (fileExists(folder + "/" + name)) return folder + "/" + name;
  std::string message = folder + "/" + base + ".gz: not found (expected the " + dataset +
                        " IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                        "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, gzipped or raw, in " +
                        folder + ")";
  if (dataset == "fashion-mnist")
    message += "; install the Debian package dataset-fashion-mnist or set data.path";
  else
    message += "; set data.path to the folder holding them";
  throw InputError(message);
}

ImageSet readIdxPair(const std::string& folder, const std::string& prefix,
                     const std::string& dataset, const std::string& split) {
  const std::string imagesPath = idxFile(folder, prefix + "-images-idx3-ubyte", dataset);
  const std::string labelsPath = idxFile(folder, prefix + "-labels-idx1-ubyte", dataset);
  auto images = readIdxImages(imagesPath);
  auto labels = readIdxLabels(labelsPath, 10);
  if (images.size(0) != labels.size(0))
    throw InputError(imagesPath + ": holds " + std::to_string(images.size(0)) + " images but " +
                     labelsPath + " holds " + std::to_string(labels.size(0)) +
                     " labels (expected equal counts)");
  return ImageSet{images, labels, 10, dataset + "/" + split, nullptr};
}

RawSets readCifar(const std::string& path) {
  const std::string folder = findCifarFolder(path);
  std::vector<torch::Tensor> images, labels;
  for (int b = 1; b <= 5; ++b) {
    const std::string file = folder + "/data_batch_" + std::to_string(b) + ".bin";
    if (!fileExists(file))
      throw InputError(file + ": not found (expected CIFAR-10 batches data_batch_1..5.bin)");
    auto [im, lab] = readCifarBatch(file);
    images.push_back(im);
    labels.push_back(lab);
  }
  const std::string testFile = folder + "/test_batch.bin";
  if (!fileExists(testFile)) throw InputError(testFile + ": not found (expected the CIFAR-10 test batch)");
  auto [testImages, testLabels] = readCifarBatch(testFile);
  return {ImageSet{torch::cat(images), torch::cat(labels), 10, "cifar10/train", nullptr},
          ImageSet{testImages, testLabels, 10, "cifar10/test", nullptr}, {}, {}};
}

/// A seeded permutation of 0..n-1 (Fisher-Yates, portable across standard libraries).
torch::Tensor permutation(std::int64_t n, std::uint64_t seed) {
  auto perm = torch::arange(n, torch::kInt64);
  auto* p = perm.data_ptr<std::int64_t>();
  std::mt19937_64 rng(seed);
  for (std::int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[static_cast<std::int64_t>(rng() % (i + 1))]);
  return perm;
}

}  // namespace

void channelStats(const torch::Tensor& images, std::vector<double>& mean, std::vector<double>& std) {
  mean.clear();
  std.clear();
  torch::NoGradGuard noGrad;
  for (int64_t c = 0; c < images.size(1); ++c) {
    auto x = images.select(1, c).to(torch::kFloat64) / 255.0;
    mean.push_back(x.mean().item<double>());
    std.push_back(std::max(1e-3, x.std().item<double>()));
  }
}

namespace {

RawSets readBuiltin(const DataConfig& config) {
  RawSets raw;
  if (config.dataset == "synthetic") {
    SyntheticSpec spec;
    spec.channels = config.syntheticChannels;
    spec.resolution = config.syntheticResolution;
    spec.classes = config.syntheticClasses;
    spec.seed = config.seed;
    // The synthetic set generates its validation images in addition to the training ones.
    spec.samples = config.syntheticSamples + config.validationSize;
    spec.stream = 0;
    raw.train = makeSyntheticSet(spec, "synthetic/train");
    spec.samples = std::max(spec.classes, config.syntheticSamples / 4);
    spec.stream = 1;
    raw.test = makeSyntheticSet(spec, "synthetic/test");
  } else if (config.dataset == "cifar10") {
    raw = readCifar(config.path);
  } else if (config.dataset == "fashion-mnist" || config.dataset == "mnist") {
    raw.train = readIdxPair(config.path, "train", config.dataset, "train");
    raw.test = readIdxPair(config.path, "t10k", config.dataset, "test");
  } else {
    throw InputError("data.dataset: unknown dataset (\"" + config.dataset + "\")");
  }
  if (raw.test.images.sizes().slice(1) != raw.train.images.sizes().slice(1))
    throw InputError(config.path + ": test images are " + std::to_string(raw.test.resolution()) +
                     " pixels wide but training images " + std::to_string(raw.train.resolution()) +
                     " (expected equal shapes)");
  raw.classNames = builtinClassNames(config.dataset, raw.train.classes);
  return raw;
}

RawSets readFolder(const DataConfig& config, const ModelInput& input) {
  FolderSets folder = readFolderSets(config, input);
  RawSets raw{folder.train, folder.test, folder.classNames, {}};
  if (folder.hasVal) {
    // val/ is listed class by class: a fixed shuffle makes its first batches (eval_batches,
    // test_limit) a fair sample, the same for every seed.
    raw.test = folder.test.select(permutation(folder.test.size(), 0x7E57), "folder/val");
  } else {
    // No val/: test is a seeded tenth of the images, held out before validation.
    const std::int64_t n = raw.train.size(), nTest = std::max<std::int64_t>(1, n / 10);
    if (n < 3)
      throw InputError("data.path: holds " + std::to_string(n) +
                       " images; a folder without train/ and val/ needs at least 3 (" + config.path + ")");
    const auto perm = permutation(n, config.seed * 0x9E3779B97F4A7C15ULL + 29);
    raw.test = folder.train.select(perm.narrow(0, 0, nTest), "folder/test");
    raw.train = folder.train.select(perm.narrow(0, nTest, n - nTest), "folder/train");
    raw.notes += ", test held out (no train/ and val/)";
  }
  std::string classes;
  for (std::size_t c = 0; c < raw.classNames.size() && c < 4; ++c) classes += (c ? ", " : "") + raw.classNames[c];
  raw.notes += " (" + classes + (raw.classNames.size() > 4 ? ", ...)" : ")");
  if (folder.ignoredFiles > 0)
    raw.notes += ", " + std::to_string(folder.ignoredFiles) + " files that are not .jpg, .jpeg or .png ignored";
  return raw;
}

/// Normalisation statistics of a file-backed set from a seeded sample of its images.
void sampledChannelStats(const ImageSet& set, std::uint64_t seed, std::vector<double>& mean,
                         std::vector<double>& std) {
  const std::int64_t count = std::min(set.size(), kStatsImages);
  const auto sample = permutation(set.size(), seed * 0x2545F4914F6CDD1DULL + 37).narrow(0, 0, count);
  channelStats(decodeFiles(*set.files, sample, SampleAugmentation{}).images, mean, std);
}

}  // namespace

ModelInput modelInputOf(const SearchSpace& space) {
  ModelInput input;
  input.channels = space.inputChannels;
  for (int r : space.trainResolutions) input.resolution = std::max(input.resolution, r);
  return input;
}

DatasetFiles readDatasetFiles(const DataConfig& config) {
  if (config.dataset == "folder") throw InputError("data.dataset: is already an image folder (\"folder\")");
  RawSets raw = readBuiltin(config);
  return {raw.train, raw.test, raw.classNames};
}

DataSplits loadDataSplits(const DataConfig& config, const ModelInput& input) {
  DataSplits out;
  RawSets raw = config.dataset == "folder" ? readFolder(config, input) : readBuiltin(config);
  const std::int64_t n = raw.train.size();
  if (config.validationSize >= n)
    throw InputError("data.validation_size: must leave training images (the " + config.dataset +
                     " training files hold " + std::to_string(n) + ") (" +
                     std::to_string(config.validationSize) + ")");
  const auto perm = permutation(n, config.seed * 0x2545F4914F6CDD1DULL + 11);
  const std::int64_t nVal = config.validationSize;
  std::int64_t nTrain = n - nVal;
  if (config.trainLimit > 0) nTrain = std::min<std::int64_t>(nTrain, config.trainLimit);
  out.validation = raw.train.select(perm.narrow(0, 0, nVal), config.dataset + "/validation");
  out.train = raw.train.select(perm.narrow(0, nVal, nTrain), config.dataset + "/train");
  out.test = config.testLimit > 0 ? raw.test.head(config.testLimit, raw.test.name) : raw.test;
  out.classNames = raw.classNames;
  if (!config.mean.empty()) {
    const std::string problem = normalisationProblem(config, out.channels());
    if (!problem.empty()) throw InputError("data.mean: " + problem + " (" + Json(config.mean).dump() + ")");
    out.mean = config.mean;
    out.std = config.std;
  } else if (out.train.files) {
    sampledChannelStats(out.train, config.seed, out.mean, out.std);
  } else {
    channelStats(out.train.images, out.mean, out.std);
  }
  out.description = config.dataset + ": " + std::to_string(out.train.size()) + " train, " +
                    std::to_string(out.validation.size()) + " validation, " +
                    std::to_string(out.test.size()) + " test, " + std::to_string(out.channels()) +
                    "x" + std::to_string(out.resolution()) + "x" +
                    std::to_string(out.resolution()) + ", " + std::to_string(out.classes()) +
                    " classes" + raw.notes;
  return out;
}

}  // namespace h4h
