#include "data/data_config.h"

namespace h4h {

const std::vector<std::string>& datasetNames() {
  static const std::vector<std::string> kNames = {"fashion-mnist", "mnist", "cifar10",
                                                  "synthetic", "folder"};
  return kNames;
}

const std::vector<std::string>& badImagePolicies() {
  static const std::vector<std::string> kPolicies = {"fail", "skip"};
  return kPolicies;
}

namespace {

const DataConfig kDefaults;

/// The channel count a dataset has before the project's space is seen; 0 for a folder,
/// whose images take space.input_channels.
int knownChannels(const DataConfig& c) {
  if (c.dataset == "synthetic") return c.syntheticChannels;
  if (c.dataset == "cifar10") return 3;
  if (c.dataset == "folder") return 0;
  return 1;
}

std::string listText(const std::vector<double>& values) { return Json(values).dump(); }

void readNormalisation(JsonFields& f, DataConfig& c) {
  c.mean = f.getDoubleList("mean", {}, 0.0, 1.0, Need::Optional, /*nonEmpty=*/false);
  c.std = f.getDoubleList("std", {}, 1e-6, 1e6, Need::Optional, /*nonEmpty=*/false);
  if (c.mean.size() != c.std.size()) {
    const bool meanShort = c.mean.size() < c.std.size();
    f.errors().add(f.pathOf(meanShort ? "mean" : "std"),
                   meanShort ? "needs one value per value of data.std" : "needs one value per value of data.mean",
                   listText(meanShort ? c.mean : c.std));
    return;
  }
  const std::string problem = normalisationProblem(c, knownChannels(c));
  if (!problem.empty()) f.errors().add(f.pathOf("mean"), problem, listText(c.mean));
}

}  // namespace

std::string normalisationProblem(const DataConfig& c, int channels) {
  if (c.mean.empty() || channels <= 0 || static_cast<int>(c.mean.size()) == channels) return {};
  return "needs one value per channel (" + std::to_string(channels) + ")";
}

DataConfig dataConfigFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  DataConfig c;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return c;
  c.dataset = f.getEnum("dataset", c.dataset, datasetNames());
  c.path = f.getString("path", c.path);
  c.validationSize = static_cast<int>(f.getInt("validation_size", c.validationSize, 0, 10000000));
  c.trainLimit = static_cast<int>(f.getInt("train_limit", c.trainLimit, 0, 100000000));
  c.testLimit = static_cast<int>(f.getInt("test_limit", c.testLimit, 0, 100000000));
  c.randomCrop = f.getBool("random_crop", c.randomCrop);
  c.flip = f.getBool("flip", c.flip);
  c.batchSize = static_cast<int>(f.getInt("batch_size", c.batchSize, 1, 65536));
  c.evalBatchSize = static_cast<int>(f.getInt("eval_batch_size", c.evalBatchSize, 1, 65536));
  c.syntheticSamples =
      static_cast<int>(f.getInt("synthetic_samples", c.syntheticSamples, 1, 10000000));
  c.syntheticResolution =
      static_cast<int>(f.getInt("synthetic_resolution", c.syntheticResolution, 4, 1024));
  c.syntheticChannels =
      static_cast<int>(f.getInt("synthetic_channels", c.syntheticChannels, 1, 16));
  c.syntheticClasses = static_cast<int>(f.getInt("synthetic_classes", c.syntheticClasses, 2, 1000));
  c.seed = static_cast<std::uint64_t>(
      f.getInt("seed", static_cast<long long>(c.seed), 0, (1LL << 53)));
  c.prefetch = static_cast<int>(f.getInt("prefetch", c.prefetch, 0, 64));
  c.imageSize = static_cast<int>(f.getInt("image_size", c.imageSize, 0, 4096));
  c.badImages = f.getEnum("bad_images", c.badImages, badImagePolicies());
  c.decodeThreads = static_cast<int>(f.getInt("decode_threads", c.decodeThreads, 1, 256));
  readNormalisation(f, c);
  if (c.dataset != "synthetic" && c.path.empty())
    errors.add(f.pathOf("path"), "must name the dataset folder", "\"\"");
  return c;
}

Json dataConfigToJson(const DataConfig& c, bool everyField) {
  Json j{{"dataset", c.dataset},
         {"path", c.path},
         {"validation_size", c.validationSize},
         {"train_limit", c.trainLimit},
         {"test_limit", c.testLimit},
         {"random_crop", c.randomCrop},
         {"flip", c.flip},
         {"batch_size", c.batchSize},
         {"eval_batch_size", c.evalBatchSize},
         {"synthetic_samples", c.syntheticSamples},
         {"synthetic_resolution", c.syntheticResolution},
         {"synthetic_channels", c.syntheticChannels},
         {"synthetic_classes", c.syntheticClasses},
         {"seed", c.seed},
         {"prefetch", c.prefetch}};
  // Fields added with image folders are written for folders or when set, so that older
  // projects save (and fingerprint their cached results) exactly as before.
  const bool folder = everyField || c.dataset == "folder";
  if (folder || c.imageSize != kDefaults.imageSize) j["image_size"] = c.imageSize;
  if (folder || c.badImages != kDefaults.badImages) j["bad_images"] = c.badImages;
  if (folder || c.decodeThreads != kDefaults.decodeThreads) j["decode_threads"] = c.decodeThreads;
  if (!c.mean.empty()) {
    j["mean"] = c.mean;
    j["std"] = c.std;
  }
  return j;
}

}  // namespace h4h
