// Image-folder datasets end to end (issue 23, item 3): a supernet trains and evaluates on
// a Fashion-MNIST folder exported as PNG, with random-resized crops and flips, and the
// search's accuracy evaluator reads it. One thread, a tiny space.
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>

#include "data/folder_export.h"
#include "jobs/job.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/space_ops.h"
#include "train/supernet_evaluator.h"
#include "train/trainer.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

/// The tiny space of test_train at 16 pixels, ten classes, reading `folder`.
Json folderProject(const std::string& folder) {
  Json doc = Json::parse(R"({
    "format": "h4h-project", "version": 1, "name": "folder",
    "space": {
      "input_channels": 1, "classes": 10, "train_resolutions": [12, 16], "deploy_resolution": 16,
      "activation": "swish",
      "stem": {"widths": [4, 8], "kernel": 3, "stride": 2},
      "stages": [
        {"name": "mb", "stride": 2, "widths": [8], "mb_depths": [1, 2], "kernels": [3],
         "expands": [1, 2], "se": false, "vit_depths": [0], "heads": [], "mlp_ratios": []}
      ],
      "head": {"conv_widths": [16], "conv_expand": 0, "feature_widths": []}
    },
    "data": {"dataset": "folder", "validation_size": 20, "batch_size": 32, "eval_batch_size": 50,
             "random_crop": true, "flip": true, "prefetch": 1, "bad_images": "skip"},
    "training": {"recipe": "vanilla", "epochs": 1, "learning_rate": 0.05, "sandwich_random": 1,
                 "bn_recalib_batches": 1, "warmup_epochs": 0}
  })");
  doc["data"]["path"] = folder;
  return doc;
}

}  // namespace

class TestDataFolderTrain : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { configureTorchThreads(1); }

  void supernetTrainsAndEvaluatesOnAFolder() {
    QTemporaryDir dir;
    DataConfig source;
    if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) source.dataset = "synthetic";
    source.validationSize = 0;
    FolderExportOptions options;
    options.outDir = dir.filePath("fashion").toStdString();
    options.limit = 300;
    exportImageFolder(readDatasetFiles(source), options);

    Json doc = folderProject(options.outDir);
    const std::string file = dir.filePath("folder.h4h").toStdString();
    ProjectLoad load = parseProjectText(doc.dump(), file);
    QVERIFY2(load.project, load.errors.joined().c_str());
    Project project = *load.project;
    QCOMPARE(project.data.imageSize, 0);  // the space's largest training resolution, 16

    TrainerOptions trainOptions;
    trainOptions.maxStepsPerEpoch = 3;
    trainOptions.evalBatches = 2;
    TrainerJob job(project, trainOptions);
    CancelToken cancel;
    JobContext context(cancel);
    const JobResult result = job.execute(context);
    QVERIFY2(result.status == JobStatus::Finished, result.message.c_str());
    const RunRecord run = job.runRecord();
    QCOMPARE(run.epochs.size(), std::size_t{1});
    QCOMPARE(run.stepsPerEpoch, std::optional<std::int64_t>(3));
    QVERIFY(std::isfinite(run.epochs.front().loss));
    QVERIFY(run.epochs.front().maxTop1 >= 0.0 && run.epochs.front().maxTop1 <= 1.0);

    SupernetEvaluatorOptions evalOptions;
    evalOptions.batches = 1;
    SupernetAccuracyEvaluator evaluator(project, evalOptions);
    const double top1 = evaluator.top1(maxArch(project.space));
    QVERIFY(top1 >= 0.0 && top1 <= 1.0);
    QVERIFY(evaluator.fingerprint()["data"].contains("image_size"));
    QVERIFY(!evaluator.fingerprint()["data"].contains("decode_threads"));
  }
};

QTEST_GUILESS_MAIN(TestDataFolderTrain)
#include "test_data_folder_train.moc"
