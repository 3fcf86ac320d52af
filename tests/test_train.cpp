// Supernet training (issue 7): every recipe runs, tpi-freeze's phase 2 leaves the CNN
// part (weights and BN statistics) untouched while the ViT part learns, sandwich samples
// come from the phase's subspace, resume is bit-exact, cancel leaves a loadable
// checkpoint, bad settings are rejected with the field named, and the search's accuracy
// evaluator reads the trained supernet. Synthetic data, one thread, a tiny space.
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>

#include "jobs/job.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "train/lr_schedule.h"
#include "train/recipe_plan.h"
#include "train/run_history.h"
#include "train/sandwich.h"
#include "train/supernet_evaluator.h"
#include "train/train_status.h"
#include "train/trainer.h"
#include "util/errors.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

/// Two stages: a pure MBConv stage and a hybrid one whose ViT depth is 0, 1 or 2.
const char* kProjectText = R"({
  "format": "h4h-project", "version": 1, "name": "tiny",
  "space": {
    "input_channels": 1, "classes": 4, "train_resolutions": [8], "deploy_resolution": 8,
    "activation": "swish",
    "stem": {"widths": [4, 8], "kernel": 3, "stride": 2},
    "stages": [
      {"name": "mb", "stride": 1, "widths": [8], "mb_depths": [1, 2], "kernels": [3],
       "expands": [1, 2], "se": false, "vit_depths": [0], "heads": [], "mlp_ratios": []},
      {"name": "hy", "stride": 1, "widths": [8, 16], "mb_depths": [1], "kernels": [3],
       "expands": [2], "se": true, "vit_depths": [0, 1, 2], "heads": [2, 4], "mlp_ratios": [1, 2]}
    ],
    "head": {"conv_widths": [16], "conv_expand": 0, "feature_widths": []}
  },
  "data": {"dataset": "synthetic", "synthetic_samples": 128, "synthetic_resolution": 8,
           "synthetic_classes": 4, "validation_size": 32, "batch_size": 32,
           "eval_batch_size": 64, "prefetch": 1},
  "training": {"recipe": "vanilla", "epochs": 2, "phase1_epochs": 1, "phase2_epochs": 1,
               "learning_rate": 0.05, "sandwich_random": 1, "bn_recalib_batches": 2,
               "warmup_epochs": 0.5}
})";

Project tinyProject(const QTemporaryDir& dir, const std::string& file, const std::string& recipe) {
  ProjectLoad load = parseProjectText(kProjectText, dir.filePath(QString::fromStdString(file)).toStdString());
  if (!load.project) throw std::runtime_error(load.errors.joined());
  load.project->training.recipe = recipe;
  return *load.project;
}

struct RunOutcome {
  JobResult result;
  std::vector<JobEvent> events;
};

RunOutcome runTrainer(TrainerJob& job, CancelToken& cancel,
                      const std::function<void(const JobEvent&)>& onEvent = {}) {
  RunOutcome out;
  JobContext ctx(cancel, {}, [&](const JobEvent& e) {
    out.events.push_back(e);
    if (onEvent) onEvent(e);
  });
  out.result = job.execute(ctx);
  return out;
}

std::map<std::string, torch::Tensor> tensorsOf(const std::string& supernetFile, const SearchSpace& space) {
  Supernet net(space);
  loadSupernetWeights(net, supernetFile);
  std::map<std::string, torch::Tensor> out;
  for (const auto& item : net->named_parameters(true)) out[item.key()] = item.value().detach().clone();
  for (const auto& item : net->named_buffers(true)) out[item.key()] = item.value().clone();
  return out;
}

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A clock that moves one second each time it is read: time checkpoints at known steps.
std::function<double()> tickingClock() {
  auto t = std::make_shared<double>(0.0);
  return [t] { return *t += 1.0; };
}

bool hasVit(const Arch& a) {
  for (const auto& s : a.stages)
    if (s.vitDepth > 0) return true;
  return false;
}

}  // namespace

class TestTrain : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { configureTorchThreads(1); }
  void init() { torch::manual_seed(0); }

  void lrSchedule() {
    QCOMPARE(cosineWarmupLr(1.0, 0, 4, 20), 0.25);
    QCOMPARE(cosineWarmupLr(1.0, 3, 4, 20), 1.0);
    QCOMPARE(cosineWarmupLr(1.0, 4, 4, 20), 1.0);
    QVERIFY(std::abs(cosineWarmupLr(1.0, 12, 4, 20) - 0.5) < 1e-12);
    QVERIFY(cosineWarmupLr(1.0, 19, 4, 20) < 0.01);
    QCOMPARE(cosineWarmupLr(0.1, 0, 0, 10), 0.1);
  }

  void historyDownsamples() {
    RunHistory h;
    const int n = 3 * RunHistory::kMaxStepPoints + 7;
    for (int i = 0; i < n; ++i) h.addStep(i, 1.0 + i, 0.1);
    const StepSeries& steps = h.record().steps;
    QVERIFY(steps.step.size() <= static_cast<std::size_t>(RunHistory::kMaxStepPoints));
    QCOMPARE(steps.every, 4);
    QCOMPARE(steps.step.size(), steps.loss.size());
    QCOMPARE(steps.step.size(), steps.lr.size());
    // Every point holds `every` steps, the rest waits in the pending bucket.
    QCOMPARE(static_cast<int>(steps.step.size()) * steps.every + steps.pending.count, n);
    // Each point is the mean of its bucket: steps 0..3 -> losses 1..4, ending at step 3.
    QCOMPARE(steps.loss[0], 2.5);
    QCOMPARE(steps.step[0], std::int64_t{3});
    QCOMPARE(steps.lr[0], 0.1);
    // The downsampled series survives its own JSON.
    ErrorList errors;
    const RunRecord back = RunRecord::fromJson(h.record().toJson(), "run", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(back.steps.toJson(), steps.toJson());
  }

  void recipePlans_data() {
    QTest::addColumn<QString>("recipe");
    QTest::addColumn<int>("phases");
    QTest::addColumn<bool>("firstCnnOnly");
    QTest::addColumn<bool>("lastFrozen");
    QTest::addColumn<bool>("gradProj");
    QTest::newRow("cnn-only") << "cnn-only" << 1 << true << false << false;
    QTest::newRow("vanilla") << "vanilla" << 1 << false << false << false;
    QTest::newRow("vanilla-gradproj") << "vanilla-gradproj" << 1 << false << false << true;
    QTest::newRow("tpi-unfreeze") << "tpi-unfreeze" << 2 << true << false << false;
    QTest::newRow("tpi-freeze") << "tpi-freeze" << 2 << true << true << false;
  }
  void recipePlans() {
    QFETCH(QString, recipe);
    QFETCH(int, phases);
    QFETCH(bool, firstCnnOnly);
    QFETCH(bool, lastFrozen);
    QFETCH(bool, gradProj);
    TrainingConfig c;
    c.recipe = recipe.toStdString();
    const auto plan = recipePhases(c);
    QCOMPARE(static_cast<int>(plan.size()), phases);
    QCOMPARE(plan.front().cnnOnly, firstCnnOnly);
    QCOMPARE(plan.back().freezeCnn, lastFrozen);
    QCOMPARE(plan.back().gradProjection, gradProj);
    QVERIFY(!plan.back().cnnOnly || recipe == "cnn-only");
  }

  void cnnPartNames() {
    QVERIFY(isCnnPartTensor("stem.conv.weight"));
    QVERIFY(isCnnPartTensor("stem.bn.running_mean"));
    QVERIFY(isCnnPartTensor("stages.0.mb.1.dw.conv.weight"));
    QVERIFY(isCnnPartTensor("stages.12.mb.0.se.reduce.weight"));
    QVERIFY(!isCnnPartTensor("stages.1.vit.0.qkv.weight"));
    QVERIFY(!isCnnPartTensor("stages.1.pos.weight"));
    QVERIFY(!isCnnPartTensor("head_conv.conv.weight"));
    QVERIFY(!isCnnPartTensor("classifier.weight"));
    QVERIFY(!isCnnPartTensor("stages.x.mb.0.weight"));
  }

  void gradientProjection() {
    auto t = [](std::vector<float> v) { return torch::tensor(v); };
    // Conflict: s = 1/1 -> 2*gSub + gSup.
    QVERIFY(torch::allclose(projectedGradient(t({1, 0}), t({-1, 1})), t({1, 1})));
    // No conflict: plain sum.
    QVERIFY(torch::allclose(projectedGradient(t({1, 0}), t({1, 1})), t({2, 1})));
    // s clamped to 2.
    QVERIFY(torch::allclose(projectedGradient(t({1, 0}), t({-5, 0})), t({-2, 0})));
  }

  void overridesAndInvalidSettings_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("lr") << R"({"learning_rate": -1})" << "training.learning_rate";
    QTest::newRow("recipe") << R"({"recipe": "fancy"})" << "training.recipe";
    QTest::newRow("momentum") << R"({"momentum": 1.5})" << "training.momentum";
    QTest::newRow("sandwich") << R"({"sandwich_random": 99})" << "training.sandwich_random";
    QTest::newRow("smoothing") << R"({"label_smoothing": 0.9})" << "training.label_smoothing";
    QTest::newRow("epochs") << R"({"epochs": 0})" << "training.epochs";
    QTest::newRow("nesterov") << R"({"nesterov": "yes"})" << "training.nesterov";
    QTest::newRow("device") << R"({"device": "tpu"})" << "training.device";
    QTest::newRow("clip") << R"({"grad_clip": -2})" << "training.grad_clip";
    QTest::newRow("checkpoint interval") << R"({"checkpoint_minutes": 1441})"
                                         << "training.checkpoint_minutes";
    QTest::newRow("negative interval") << R"({"checkpoint_minutes": -1})"
                                       << "training.checkpoint_minutes";
  }
  void overridesAndInvalidSettings() {
    QFETCH(QString, json);
    QFETCH(QString, field);
    ErrorList errors;
    trainingConfigFromJson(Json::parse(json.toStdString()), "training", errors);
    QCOMPARE(static_cast<int>(errors.size()), 1);
    QCOMPARE(QString::fromStdString(errors.items()[0].path), field);
    if (field == "training.checkpoint_minutes")  // the real limits, named
      QVERIFY2(errors.joined().find("[0, 1440]") != std::string::npos, errors.joined().c_str());
  }

  void epochOverrides() {
    TrainingConfig c;
    c.recipe = "tpi-freeze";
    applyTrainingOverrides(c, "", {5});
    QCOMPARE(c.phase1Epochs, 3);
    QCOMPARE(c.phase2Epochs, 2);
    applyTrainingOverrides(c, "vanilla", {7});
    QCOMPARE(c.recipe, std::string("vanilla"));
    QCOMPARE(c.epochs, 7);
    QVERIFY_THROWS_EXCEPTION(InputError, applyTrainingOverrides(c, "vanilla", {1, 2}));
    QVERIFY_THROWS_EXCEPTION(InputError, applyTrainingOverrides(c, "nope", {}));
    QVERIFY_THROWS_EXCEPTION(InputError, applyTrainingOverrides(c, "tpi-freeze", {1}));
    QVERIFY_THROWS_EXCEPTION(InputError, applyTrainingOverrides(c, "tpi-freeze", {0, 2}));
  }

  void everyRecipeRuns_data() {
    QTest::addColumn<QString>("recipe");
    for (const auto& r : trainingRecipes()) QTest::newRow(r.c_str()) << QString::fromStdString(r);
  }
  void everyRecipeRuns() {
    QFETCH(QString, recipe);
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", recipe.toStdString());
    RunRecord lastStored;
    TrainerOptions options;
    options.onCheckpoint = [&](const RunRecord& run) { lastStored = run; };
    TrainerJob job(project, options);
    CancelToken cancel;
    RunOutcome out = runTrainer(job, cancel);
    QCOMPARE(out.result.status, JobStatus::Finished);
    const RunRecord run = job.runRecord();
    QCOMPARE(run.status, RunStatus::Finished);
    QVERIFY(lastStored == run);
    QCOMPARE(out.result.data["run"], run.toJson());
    QCOMPARE(run.recipe, recipe.toStdString());
    QCOMPARE(run.epochs.size(), std::size_t{2});
    QCOMPARE(run.epochsDone, std::optional<int>(2));
    QCOMPARE(run.steps.step.size(), std::size_t{8});  // 128 / 32 = 4 steps per epoch
    QCOMPARE(run.stepsPerEpoch, std::optional<std::int64_t>(4));
    QCOMPARE(run.plannedEpochs(), 2);
    for (const RunEpoch& e : run.epochs) {
      QVERIFY(e.minTop1 >= 0.0 && e.minTop1 <= 1.0);
      QVERIFY(e.maxTop1 >= 0.0 && e.maxTop1 <= 1.0);
      QVERIFY(std::isfinite(e.loss));
    }
    QCOMPARE(run.maxTop1, std::optional<double>(run.epochs.back().maxTop1));
    // What the trainer writes reads back as the same record.
    ErrorList errors;
    QVERIFY(RunRecord::fromJson(run.toJson(), "run", errors) == run);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    // Step and epoch events carry the documented fields.
    int steps = 0, epochs = 0;
    for (const JobEvent& e : out.events) {
      if (e.kind == "train.step") {
        ++steps;
        for (const char* k : {"phase", "epoch", "step", "loss", "lr", "images_per_s"})
          QVERIFY2(e.data.contains(k), k);
      }
      if (e.kind == "train.epoch") {
        ++epochs;
        for (const char* k : {"phase", "epoch", "min_top1", "max_top1", "seconds"})
          QVERIFY2(e.data.contains(k), k);
      }
    }
    QCOMPARE(steps, 8);
    QCOMPARE(epochs, 2);
    // The checkpoint files exist, load, and the status marks a finished training; the
    // run's own folder holds them, and its weights are now in force.
    const std::string artefacts = project.artifactDir();
    QCOMPARE(job.runFolder(), artefacts + "/runs/train-1");
    QCOMPARE(run.checkpoint, std::optional<std::string>("p.h4h.d/runs/train-1/supernet.pt"));
    Supernet net(project.space);
    loadSupernetWeights(net, artefacts + "/" + kSupernetFile);
    loadSupernetWeights(net, job.runFolder() + "/" + kSupernetFile);
    loadSupernetWeights(net, job.runFolder() + "/" + kTrainStateFile);
    auto status = readTrainingStatus(job.runFolder());
    QVERIFY(status.has_value());
    QVERIFY(status->finished);
    QCOMPARE(status->epochsDone, 2);
    auto inForce = inForceSupernet(artefacts);
    QVERIFY(inForce && inForce->finished);
    QCOMPARE(inForce->runId, std::string("train-1"));
    QVERIFY(trainingFinished(project));
    project.training.checkpointMinutes = 0.5;  // bookkeeping only: still trained
    QVERIFY(trainingFinished(project));
    // The stored record replaces itself in the project's runs.
    storeRunRecord(project, run);
    storeRunRecord(project, run);
    QCOMPARE(project.results.runs.size(), std::size_t{1});
    QCOMPARE(nextRunId(project), std::string("train-2"));
  }

  void sandwichSamplesFollowThePhase() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "tpi-unfreeze");
    project.training.sandwichRandom = 2;
    std::map<int, std::vector<Arch>> seen;
    TrainerOptions options;
    options.onSandwich = [&](int phase, const std::vector<Arch>& archs) {
      QCOMPARE(archs.size(), std::size_t{4});
      for (const Arch& a : archs) seen[phase].push_back(a);
    };
    TrainerJob job(project, options);
    CancelToken cancel;
    QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    QCOMPARE(seen[0].size(), std::size_t{16});
    QCOMPARE(seen[1].size(), std::size_t{16});
    const SearchSpace cnn = cnnOnlySpace(project.space);
    for (std::size_t i = 0; i < seen[0].size(); ++i) {
      QVERIFY2(!hasVit(seen[0][i]), archKey(seen[0][i]).c_str());
      if (i % 4 == 0) QVERIFY(seen[0][i] == maxArch(cnn));
      if (i % 4 == 1) QVERIFY(seen[0][i] == minArch(cnn));
    }
    int hybrids = 0;
    for (std::size_t i = 0; i < seen[1].size(); ++i) {
      if (i % 4 == 0) QVERIFY(seen[1][i] == maxArch(project.space));
      if (i % 4 == 1) QVERIFY(seen[1][i] == minArch(project.space));
      if (i % 4 >= 2 && hasVit(seen[1][i])) ++hybrids;
    }
    QVERIFY(hybrids > 0);
    QVERIFY(hasVit(maxArch(project.space)));
  }

  void tpiFreezeKeepsCnnPart_data() {
    QTest::addColumn<QString>("recipe");
    QTest::addColumn<bool>("frozen");
    QTest::newRow("tpi-freeze") << "tpi-freeze" << true;
    QTest::newRow("tpi-unfreeze") << "tpi-unfreeze" << false;
  }
  void tpiFreezeKeepsCnnPart() {
    QFETCH(QString, recipe);
    QFETCH(bool, frozen);
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", recipe.toStdString());
    const std::string weights = project.artifactDir() + "/" + kSupernetFile;  // in force at the end
    const std::string runWeights = project.artifactDir() + "/runs/train-1/" + kSupernetFile;
    const std::string afterPhase1 = dir.filePath("phase1.pt").toStdString();
    TrainerOptions options;
    options.onCheckpoint = [&](const RunRecord& run) {
      if (run.epochsDone == 1) fs::copy_file(runWeights, afterPhase1);
    };
    // The supernet as initialised (the trainer seeds torch with training.seed).
    torch::manual_seed(project.training.seed);
    Supernet init(project.space);
    std::map<std::string, torch::Tensor> initial;
    for (const auto& item : init->named_parameters(true)) initial[item.key()] = item.value().detach().clone();
    TrainerJob job(project, options);
    CancelToken cancel;
    QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    const auto before = tensorsOf(afterPhase1, project.space);
    const auto after = tensorsOf(weights, project.space);
    int cnnSame = 0, cnnChanged = 0, vitChanged = 0, bnStats = 0, headChanged = 0;
    for (const auto& [name, t] : before) {
      const bool same = torch::equal(t, after.at(name));
      if (isCnnPartTensor(name)) {
        (same ? cnnSame : cnnChanged) += 1;
        if (frozen && name.find("running_") != std::string::npos) {
          ++bnStats;
          QVERIFY2(same, name.c_str());
        }
        if (frozen) QVERIFY2(same, name.c_str());
      } else if (name.find(".vit.") != std::string::npos && name.find("weight") != std::string::npos) {
        if (!same) ++vitChanged;
      } else if (name.rfind("classifier.", 0) == 0 && !same) {
        ++headChanged;
      }
    }
    QVERIFY(vitChanged > 0);
    QVERIFY(headChanged > 0);
    if (frozen) {
      QVERIFY(bnStats > 0);
      QCOMPARE(cnnChanged, 0);
    } else {
      QVERIFY(cnnChanged > 0);
    }
    // Phase 1 trains the CNN subspace only: ViT weights still as initialised.
    for (const auto& [name, t] : initial)
      if (name.find(".vit.") != std::string::npos)
        QVERIFY2(torch::equal(t, before.at(name)), name.c_str());
  }

  void resumeIsBitExact_data() {
    QTest::addColumn<QString>("recipe");
    QTest::addColumn<int>("cancelAtStep");  // global step after which to cancel; -1: at epoch 1's end
    QTest::newRow("vanilla, epoch boundary") << "vanilla" << -1;
    QTest::newRow("tpi-freeze, mid phase 2") << "tpi-freeze" << 5;
    QTest::newRow("gradproj, mid epoch 1") << "vanilla-gradproj" << 1;
  }
  void resumeIsBitExact() {
    QFETCH(QString, recipe);
    QFETCH(int, cancelAtStep);
    QTemporaryDir dir;
    Project straight = tinyProject(dir, "a.h4h", recipe.toStdString());
    {
      TrainerJob job(straight, {});
      CancelToken cancel;
      QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    }
    Project split = tinyProject(dir, "b.h4h", recipe.toStdString());
    {
      TrainerJob job(split, {});
      CancelToken cancel;
      RunOutcome out = runTrainer(job, cancel, [&](const JobEvent& e) {
        if (cancelAtStep < 0 && e.kind == "train.epoch" && e.data["epoch"] == 1) cancel.cancel();
        if (cancelAtStep >= 0 && e.kind == "train.step" && e.data["step"] == cancelAtStep) cancel.cancel();
      });
      QCOMPARE(out.result.status, JobStatus::Cancelled);
      auto status = readTrainingStatus(job.runFolder());
      QVERIFY(status && !status->finished);
    }
    {
      torch::manual_seed(12345);  // resume must not depend on the process's RNG state
      TrainerOptions options;
      options.resume = true;
      TrainerJob job(split, options);
      CancelToken cancel;
      RunOutcome out = runTrainer(job, cancel);
      QCOMPARE(out.result.status, JobStatus::Finished);
      QCOMPARE(job.runRecord().epochs.size(), std::size_t{2});
      QCOMPARE(job.runRecord().steps.loss.size(), std::size_t{8});
    }
    const auto a = tensorsOf(straight.artifactDir() + "/" + kSupernetFile, straight.space);
    const auto b = tensorsOf(split.artifactDir() + "/" + kSupernetFile, split.space);
    QCOMPARE(a.size(), b.size());
    for (const auto& [name, t] : a) QVERIFY2(torch::equal(t, b.at(name)), name.c_str());
  }

  void cancelLeavesLoadableCheckpoint() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "tpi-freeze");
    RunRecord stored;
    TrainerOptions options;
    options.onCheckpoint = [&](const RunRecord& run) { stored = run; };
    TrainerJob job(project, options);
    CancelToken cancel;
    RunOutcome out = runTrainer(job, cancel, [&](const JobEvent& e) {
      if (e.kind == "train.step") cancel.cancel();
    });
    QCOMPARE(out.result.status, JobStatus::Cancelled);
    QCOMPARE(stored.status, RunStatus::Cancelled);
    Supernet net(project.space);
    loadSupernetWeights(net, job.runFolder() + "/" + kSupernetFile);
    QVERIFY(!fs::exists(project.artifactDir() + "/" + kSupernetFile));  // nothing in force
    QVERIFY(!inForceSupernet(project.artifactDir()));
    auto status = readTrainingStatus(job.runFolder());
    QVERIFY(status.has_value());
    QVERIFY(!status->finished);
    QCOMPARE(status->stepInEpoch, std::int64_t{1});
    QVERIFY(!trainingFinished(project));
  }

  void resumeRejectsChangesAndMissingCheckpoints() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    TrainerOptions resume;
    resume.resume = true;
    {
      TrainerJob job(project, resume);
      QVERIFY_THROWS_EXCEPTION(InputError, job.prepare());
    }
    {
      TrainerOptions oneEpoch;
      oneEpoch.epochs = {1};
      TrainerJob job(project, oneEpoch);
      CancelToken cancel;
      QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    }
    project.training.learningRate = 0.01;
    TrainerJob job(project, resume);
    try {
      job.prepare();
      QFAIL("resume with another learning rate was accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("training.learning_rate") != std::string::npos, e.what());
    }
    // More epochs than the checkpoint has done: resume extends the run.
    project.training.learningRate = 0.05;
    TrainerJob longer(project, resume);
    CancelToken cancel;
    RunOutcome out = runTrainer(longer, cancel);
    QCOMPARE(out.result.status, JobStatus::Finished);
    QCOMPARE(longer.runRecord().epochs.size(), std::size_t{2});
  }

  void cancelledRunKeepsTheSupernetInForce() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    const std::string artefacts = project.artifactDir();
    const std::string inForceFile = artefacts + "/" + kSupernetFile;
    {
      TrainerOptions oneEpoch;
      oneEpoch.epochs = {1};
      TrainerJob job(project, oneEpoch);
      CancelToken cancel;
      QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    }
    const std::string finished = fileBytes(inForceFile);
    QVERIFY(!finished.empty());
    QCOMPARE(inForceSupernet(artefacts)->runId, std::string("train-1"));

    // A new run (the project file never recorded train-1: the folder still reserves the
    // id), cancelled after its first epoch's checkpoint, in the middle of epoch 2.
    std::string second;
    {
      TrainerJob job(project, {});
      QCOMPARE(job.runId(), std::string("train-2"));
      CancelToken cancel;
      RunOutcome out = runTrainer(job, cancel, [&](const JobEvent& e) {
        if (e.kind == "train.step" && e.data["step"] == 5) cancel.cancel();
      });
      QCOMPARE(out.result.status, JobStatus::Cancelled);
      second = job.runFolder();
      QCOMPARE(out.result.data["in_force"].get<bool>(), false);
    }
    QVERIFY(fileBytes(inForceFile) == finished);  // bit for bit
    auto inForce = inForceSupernet(artefacts);
    QVERIFY(inForce && inForce->finished);
    QCOMPARE(inForce->runId, std::string("train-1"));
    QVERIFY(trainingFinished(project) == false);  // train-1 had 1 epoch, the project wants 2
    auto own = readTrainingStatus(second);
    QVERIFY(own && !own->finished);
    QCOMPARE(own->epochsDone, 1);
    QCOMPARE(own->stepInEpoch, std::int64_t{2});
    QVERIFY(fileBytes(second + "/" + kSupernetFile) != finished);

    // --resume picks the unfinished run, finishes it, and only then replaces the weights.
    auto latest = findRunCheckpoint(artefacts);
    QVERIFY(latest && !latest->legacy);
    QCOMPARE(latest->status.runId, std::string("train-2"));
    QCOMPARE(findRunCheckpoint(artefacts, "train-1")->status.finished, true);
    TrainerOptions resume;
    resume.resume = true;
    TrainerJob job(project, resume);
    CancelToken cancel;
    RunOutcome out = runTrainer(job, cancel);
    QCOMPARE(out.result.status, JobStatus::Finished);
    QCOMPARE(job.runId(), std::string("train-2"));
    QCOMPARE(job.runRecord().epochs.size(), std::size_t{2});
    QVERIFY(fileBytes(inForceFile) != finished);
    QVERIFY(fileBytes(inForceFile) == fileBytes(second + "/" + kSupernetFile));
    inForce = inForceSupernet(artefacts);
    QCOMPARE(inForce->runId, std::string("train-2"));
    QCOMPARE(inForce->epochsDone, 2);
    QCOMPARE(inForce->runFolder, std::string("runs/train-2"));
    QVERIFY(trainingFinished(project));
    bool installedEvent = false;
    for (const JobEvent& e : out.events)
      if (e.kind == "train.checkpoint" && e.data["in_force"].get<bool>()) installedEvent = true;
    QVERIFY(installedEvent);
    // Resuming the finished run by id reports it done and leaves the weights as they are.
    const std::string now = fileBytes(inForceFile);
    TrainerOptions again = resume;
    again.resumeRun = "train-2";
    TrainerJob done(project, again);
    QCOMPARE(runTrainer(done, cancel).result.status, JobStatus::Finished);
    QVERIFY(fileBytes(inForceFile) == now);
    TrainerOptions missing = resume;
    missing.resumeRun = "train-7";
    TrainerJob nothing(project, missing);
    QVERIFY_THROWS_EXCEPTION(InputError, nothing.prepare());
  }

  void timeCheckpointResumeIsBitExact() {
    QTemporaryDir dir;
    // Reference without time checkpoints.
    Project plain = tinyProject(dir, "plain.h4h", "tpi-freeze");
    plain.training.checkpointMinutes = 0;
    {
      TrainerJob job(plain, {});
      CancelToken cancel;
      QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    }
    // The same run with a checkpoint every 2.5 ticks of the clock: after the 3rd step of
    // each epoch (the clock ticks once per step and once per checkpoint).
    TrainerOptions timed;
    timed.checkpointMinutes = 2.5 / 60.0;
    timed.clock = tickingClock();
    Project straight = tinyProject(dir, "a.h4h", "tpi-freeze");
    {
      TrainerJob job(straight, timed);
      CancelToken cancel;
      RunOutcome out = runTrainer(job, cancel);
      QCOMPARE(out.result.status, JobStatus::Finished);
      std::vector<std::int64_t> midEpoch;
      for (const JobEvent& e : out.events)
        if (e.kind == "train.checkpoint" && e.data["step_in_epoch"].get<std::int64_t>() > 0)
          midEpoch.push_back(e.data["step_in_epoch"].get<std::int64_t>());
      QCOMPARE(midEpoch, (std::vector<std::int64_t>{3, 3}));
    }
    // Killed (no cancel checkpoint) one step after the first mid-epoch checkpoint.
    Project killed = tinyProject(dir, "b.h4h", "tpi-freeze");
    {
      timed.clock = tickingClock();
      TrainerJob job(killed, timed);
      CancelToken cancel;
      bool checkpointed = false;
      RunOutcome out = runTrainer(job, cancel, [&](const JobEvent& e) {
        if (e.kind == "train.checkpoint" && e.data["step_in_epoch"] == 3) checkpointed = true;
        if (checkpointed && e.kind == "train.step") throw std::runtime_error("killed");
      });
      QCOMPARE(out.result.status, JobStatus::Failed);
      auto status = readTrainingStatus(job.runFolder());
      QVERIFY(status && !status->finished);
      QCOMPARE(status->epochsDone, 0);
      QCOMPARE(status->stepInEpoch, std::int64_t{3});
      QVERIFY(!fs::exists(killed.artifactDir() + "/" + kSupernetFile));
    }
    {
      torch::manual_seed(777);
      TrainerOptions resume;
      resume.resume = true;
      TrainerJob job(killed, resume);
      CancelToken cancel;
      QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
      QCOMPARE(job.runRecord().steps.loss.size(), std::size_t{8});
    }
    const auto ref = tensorsOf(plain.artifactDir() + "/" + kSupernetFile, plain.space);
    const auto a = tensorsOf(straight.artifactDir() + "/" + kSupernetFile, straight.space);
    const auto b = tensorsOf(killed.artifactDir() + "/" + kSupernetFile, killed.space);
    QCOMPARE(a.size(), ref.size());
    for (const auto& [name, t] : ref) {
      QVERIFY2(torch::equal(t, a.at(name)), name.c_str());
      QVERIFY2(torch::equal(t, b.at(name)), name.c_str());
    }
  }

  void legacyCheckpointStillResumes() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    const fs::path artefacts = project.artifactDir();
    {
      TrainerJob job(project, {});
      CancelToken cancel;
      RunOutcome out = runTrainer(job, cancel, [&](const JobEvent& e) {
        if (e.kind == "train.step" && e.data["step"] == 1) cancel.cancel();
      });
      QCOMPARE(out.result.status, JobStatus::Cancelled);
    }
    // The older layout: the files directly in the artefact folder.
    for (const char* f : {kTrainStateFile, kSupernetFile, kTrainStatusFile})
      fs::rename(artefacts / "runs" / "train-1" / f, artefacts / f);
    fs::remove_all(artefacts / "runs");
    auto legacy = findRunCheckpoint(artefacts.string());
    QVERIFY(legacy && legacy->legacy);
    QVERIFY(inForceSupernet(artefacts.string()) && !inForceSupernet(artefacts.string())->finished);
    TrainerOptions resume;
    resume.resume = true;
    TrainerJob job(project, resume);
    CancelToken cancel;
    QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    QCOMPARE(job.runFolder(), (artefacts / "runs" / "train-1").string());
    QCOMPARE(job.runRecord().steps.loss.size(), std::size_t{8});
    auto inForce = inForceSupernet(artefacts.string());
    QVERIFY(inForce && inForce->finished);
    QCOMPARE(inForce->runId, std::string("train-1"));
    QVERIFY(trainingFinished(project));
    // The migrated run is no longer offered from the old files.
    QCOMPARE(listRunCheckpoints(artefacts.string()).size(), std::size_t{1});

    // A finished training of the older layout stays in force and counts as trained.
    for (const char* f : {kTrainStateFile, kSupernetFile, kTrainStatusFile})
      fs::rename(artefacts / "runs" / "train-1" / f, artefacts / f);
    fs::remove_all(artefacts / "runs");
    fs::remove(artefacts / kInForceFile);
    const std::string weights = fileBytes((artefacts / kSupernetFile).string());
    QVERIFY(inForceSupernet(artefacts.string())->finished);
    QVERIFY(trainingFinished(project));
    TrainerJob done(project, resume);
    JobResult result = runTrainer(done, cancel).result;
    QCOMPARE(result.status, JobStatus::Finished);
    QVERIFY2(result.message.find("already trained") != std::string::npos, result.message.c_str());
    QVERIFY(fileBytes((artefacts / kSupernetFile).string()) == weights);
    QVERIFY(!fs::exists(artefacts / kInForceFile));
    TrainerJob next(project, {});
    QCOMPARE(next.runId(), std::string("train-2"));  // the old run's id stays taken
  }

  void simultaneousRunsGetFoldersOfTheirOwn() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    TrainerJob a(project, {});
    TrainerJob b(project, {});
    QCOMPARE(a.runId(), std::string("train-1"));
    QCOMPARE(b.runId(), std::string("train-1"));  // neither has a folder yet
    a.prepare();
    b.prepare();
    QCOMPARE(a.runId(), std::string("train-1"));
    QCOMPARE(b.runId(), std::string("train-2"));  // train-1's folder was reserved
    QVERIFY(fs::is_directory(a.runFolder()) && fs::is_directory(b.runFolder()));
    QCOMPARE(b.runRecord().checkpoint, std::optional<std::string>("p.h4h.d/runs/train-2/supernet.pt"));
    // A run that cannot start leaves no folder behind.
    Project bad = project;
    bad.data.batchSize = 4096;  // larger than the training split
    TrainerJob c(bad, {});
    QCOMPARE(c.runId(), std::string("train-3"));
    QVERIFY_THROWS_EXCEPTION(InputError, c.prepare());
    QVERIFY(!fs::exists(c.runFolder()));
  }

  void unwritableCheckpointFolderFailsFast() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    const std::string artefacts = project.artifactDir();
    fs::create_directories(artefacts);
    fs::permissions(artefacts, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    bool stepped = false;
    TrainerOptions options;
    options.onSandwich = [&](int, const std::vector<Arch>&) { stepped = true; };
    TrainerJob job(project, options);
    try {
      job.prepare();
      QFAIL("a read-only checkpoint folder was accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(artefacts) != std::string::npos, e.what());
    }
    CancelToken cancel;
    QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Failed);
    QVERIFY(!stepped);
    fs::permissions(artefacts, fs::perms::owner_write, fs::perm_options::add);
    // A read-only supernet in force is refused too (training would replace it).
    {
      std::ofstream(artefacts + "/" + kSupernetFile) << "weights";
    }
    fs::permissions(artefacts + "/" + kSupernetFile, fs::perms::owner_write | fs::perms::group_write |
                        fs::perms::others_write, fs::perm_options::remove);
    TrainerJob again(project, options);
    try {
      again.prepare();
      QFAIL("a read-only supernet.pt was accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(kSupernetFile) != std::string::npos, e.what());
    }
    QVERIFY(!stepped);
  }

  void accuracyEvaluatorUsesTrainedSupernet() {
    QTemporaryDir dir;
    Project project = tinyProject(dir, "p.h4h", "vanilla");
    QVERIFY_THROWS_EXCEPTION(InputError, SupernetAccuracyEvaluator(project, {}));
    TrainerJob job(project, {});
    CancelToken cancel;
    QCOMPARE(runTrainer(job, cancel).result.status, JobStatus::Finished);
    SupernetAccuracyEvaluator evaluator(project, {});
    const Arch big = maxArch(project.space);
    const double a = evaluator.top1(big);
    QVERIFY(a >= 0.0 && a <= 1.0);
    QCOMPARE(evaluator.top1(big), a);
    QCOMPARE(evaluator.evaluations(), std::size_t{1});
    evaluator.top1(minArch(project.space));
    QCOMPARE(evaluator.cacheSize(), std::size_t{2});
    QCOMPARE(evaluator.imagesPerEvaluation(), std::size_t{32});  // the validation split
    // A second evaluator on the same weights agrees (evaluation restores BN buffers).
    SupernetAccuracyEvaluator again(project, {});
    QCOMPARE(again.top1(big), a);
    // The fingerprint (what a resumed search checks) follows the weights and the settings.
    QVERIFY(evaluator.fingerprint().is_object());
    QCOMPARE(again.fingerprint(), evaluator.fingerprint());
    SupernetEvaluatorOptions fewer;
    fewer.batches = 1;
    QVERIFY(SupernetAccuracyEvaluator(project, fewer).fingerprint() != evaluator.fingerprint());
    Project other = tinyProject(dir, "q.h4h", "vanilla");
    other.training.seed += 1;
    TrainerJob otherJob(other, {});
    QCOMPARE(runTrainer(otherJob, cancel).result.status, JobStatus::Finished);
    SupernetEvaluatorOptions otherWeights;
    otherWeights.checkpoint = other.artifactDir() + "/" + kSupernetFile;
    QVERIFY(SupernetAccuracyEvaluator(project, otherWeights).fingerprint() != evaluator.fingerprint());
    Arch bad = big;
    bad.stages[1].width = 999;
    QVERIFY_THROWS_EXCEPTION(InputError, evaluator.top1(bad));
  }
};

QTEST_APPLESS_MAIN(TestTrain)
#include "test_train.moc"
