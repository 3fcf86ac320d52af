#include "support/tiny_project.h"

#include <QFile>

namespace h4h::test {

using Json = nlohmann::json;

Json tinyProject(int samples, int epochs) {
  Json p = Json::parse(R"({
    "format": "h4h-project", "version": 1, "name": "tiny",
    "space": {
      "input_channels": 1, "classes": 4, "train_resolutions": [8], "deploy_resolution": 8,
      "activation": "swish",
      "stem": {"widths": [4, 8], "kernel": 3, "stride": 2},
      "stages": [
        {"name": "mb", "stride": 1, "widths": [8], "mb_depths": [1, 2], "kernels": [3],
         "expands": [1, 2], "se": false, "vit_depths": [0], "heads": [], "mlp_ratios": []},
        {"name": "hy", "stride": 1, "widths": [8, 16], "mb_depths": [1], "kernels": [3],
         "expands": [2], "se": false, "vit_depths": [0, 1], "heads": [2], "mlp_ratios": [1]}
      ],
      "head": {"conv_widths": [16], "conv_expand": 0, "feature_widths": []}
    },
    "data": {"dataset": "synthetic", "synthetic_resolution": 8, "synthetic_classes": 4,
             "validation_size": 32, "batch_size": 32, "eval_batch_size": 64, "prefetch": 1},
    "training": {"recipe": "tpi-freeze", "learning_rate": 0.05, "sandwich_random": 1,
                 "bn_recalib_batches": 2},
    "search": {"objectives": ["latency", "energy"], "population": 8}
  })");
  p["data"]["synthetic_samples"] = samples;
  p["training"]["phase1_epochs"] = epochs;
  p["training"]["phase2_epochs"] = epochs;
  return p;
}

QString writeProject(const QTemporaryDir& dir, const QString& name, const Json& project) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(QByteArray::fromStdString(project.dump(2)));
  return path;
}

}  // namespace h4h::test
