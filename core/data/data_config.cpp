#include "data/data_config.h"

namespace h4h {

const std::vector<std::string>& datasetNames() {
  static const std::vector<std::string> kNames = {"fashion-mnist", "mnist", "cifar10",
                                                  "synthetic"};
  return kNames;
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
  if (c.dataset != "synthetic" && c.path.empty())
    errors.add(f.pathOf("path"), "must name the dataset folder", "\"\"");
  return c;
}

Json dataConfigToJson(const DataConfig& c) {
  return Json{{"dataset", c.dataset},
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
}

}  // namespace h4h
