// The Training tab: stored runs are listed and overlaid; settings edits are validated
// and undoable; Start drives a job through the JobRunner, its events become curve
// points (not while the tab is hidden), and the finished or cancelled run lands in
// results.runs; a short real training of a tiny synthetic project runs end to end.

#include <QtTest>
#include <QSpinBox>

#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <qcustomplot.h>
#include <thread>

#include "ui/common/job_runner.h"
#include "ui/window/main_window.h"
#include "project/project_io.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"
#include "ui/training/training_page.h"
#include "ui/training/training_workers.h"
#include "ui/training/training_page_curves.h"
#include "ui/training/training_page_data.h"
#include "ui/training/training_page_settings.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

Project demo() { return loadProjectOrThrow(test::projectPath("demo.h4h")); }

/// A stored run in the results.runs schema (core/train/run_record.h), as JSON.
Json runJson(const std::string& id, const std::string& recipe, int steps, int epochs,
               bool twoPhase) {
  Json stepIdx = Json::array(), loss = Json::array(), lr = Json::array();
  for (int i = 0; i < steps; ++i) {
    stepIdx.push_back(i);
    loss.push_back(2.3 - 1.5 * i / steps);
    lr.push_back(0.1 * (i + 1) / steps);
  }
  Json ep = Json::array();
  for (int e = 1; e <= epochs; ++e)
    ep.push_back({{"phase", twoPhase && e > epochs / 2 ? 2 : 1},
                  {"phase_epoch", e},
                  {"epoch", e},
                  {"loss", 1.0},
                  {"min_top1", 0.5 + 0.05 * e},
                  {"max_top1", 0.6 + 0.05 * e},
                  {"images_per_s", 800.0},
                  {"seconds", 10.0}});
  Json phases = Json::array();
  if (twoPhase) {
    phases.push_back({{"name", "cnn"}, {"epochs", epochs / 2}});
    phases.push_back({{"name", "hybrid"}, {"epochs", epochs - epochs / 2}});
  } else {
    phases.push_back({{"name", "hybrid"}, {"epochs", epochs}});
  }
  return Json{{"id", id},           {"kind", "train"},     {"recipe", recipe},
              {"status", "finished"}, {"epochs", ep},       {"phases", phases},
              {"wall_s", 95.0},     {"images_per_s", 812.0},
              {"steps", {{"every", 1}, {"step", stepIdx}, {"loss", loss}, {"lr", lr}}}};
}

/// The same run, typed (it must read without an error).
RunRecord runRecord(const std::string& id, const std::string& recipe, int steps, int epochs,
                    bool twoPhase) {
  return runRecordFromFile(runJson(id, recipe, steps, epochs, twoPhase), "test run", "run");
}

/// A job that emits trainer-shaped events, then stores a run record.
std::shared_ptr<Job> fakeTrainer(const TrainerOptions& options, int steps, bool untilCancelled) {
  return std::make_shared<FunctionJob>("train", [options, steps, untilCancelled](JobContext& ctx) {
    ctx.event("train.phase", {{"phase", 1}, {"name", "cnn"}, {"epochs", 1}});
    RunRecord record = runRecord("train-9", "tpi-freeze", 0, 0, true);
    for (int i = 0; untilCancelled || i < steps; ++i) {
      if (i == steps / 2) {
        ctx.event("train.epoch", {{"phase", 1}, {"epoch", 1}, {"min_top1", 0.4}, {"max_top1", 0.5}});
        ctx.event("train.phase", {{"phase", 2}, {"name", "hybrid"}, {"epochs", 1}});
        if (options.onCheckpoint) options.onCheckpoint(record);
      }
      ctx.throwIfCancelled();
      ctx.event("train.step", {{"phase", i < steps / 2 ? 1 : 2},
                               {"epoch", i < steps / 2 ? 1 : 2},
                               {"step", i},
                               {"step_in_epoch", i % (steps / 2)},
                               {"steps_per_epoch", steps / 2},
                               {"loss", 2.0 - 0.01 * i},
                               {"lr", 0.05},
                               {"images_per_s", 640.0}});
      ctx.progress(double(i + 1) / steps, "phase", "");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ctx.event("train.epoch", {{"phase", 2}, {"epoch", 2}, {"min_top1", 0.45}, {"max_top1", 0.55}});
    record.status = RunStatus::Finished;
    return JobResult{JobStatus::Finished, "done", Json{{"run", record.toJson()}}};
  });
}

int points(QCustomPlot* plot) { return TrainingCurves::pointCount(plot); }

/// The shared tiny project (tests/support/tiny_project.h) as one vanilla epoch: a real
/// TrainerJob takes milliseconds per step.
std::string tinyVanillaProject() {
  nlohmann::json p = test::tinyProject(1024, 1);
  p["data"]["prefetch"] = 0;
  p["training"] = {{"recipe", "vanilla"}, {"epochs", 1}, {"learning_rate", 0.05},
                   {"sandwich_random", 0}, {"bn_recalib_batches", 1}};
  return p.dump();
}

QByteArray fileBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestTrainingPage : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("training-page-test");
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
  }

  void demoFillsTheTab() {
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(QString::fromStdString(test::projectPath("demo.h4h"))));
    auto* page = w.tabs()->findChild<TrainingPage*>();
    QVERIFY(page);
    auto* epochs = qobject_cast<QDoubleSpinBox*>(page->settingsForm()->editor("training.phase1_epochs"));
    QVERIFY(epochs);
    QCOMPARE(epochs->value(), double(w.document()->project().training.phase1Epochs));
    QCOMPARE(page->runList()->topLevelItemCount(), 0);
    auto* start = page->findChild<QPushButton*>("trainStart");
    QVERIFY(start && start->isEnabled());
    QVERIFY(!page->findChild<QPushButton*>("trainResume")->isEnabled());
    QVERIFY(!page->findChild<QPushButton*>("trainCancel")->isEnabled());
  }

  void storedRunsAreListedAndOverlaid() {
    ProjectDocument doc;
    JobRunner runner;
    Project p = demo();
    p.results.runs.push_back(runRecord("train-1", "vanilla", 40, 4, false));
    p.results.runs.push_back(runRecord("train-2", "tpi-freeze", 60, 4, true));
    doc.reset(p);
    TrainingPage page(&doc, &runner);
    page.resize(1200, 800);
    page.show();
    QCOMPARE(page.runList()->topLevelItemCount(), 2);
    QCOMPARE(page.runList()->topLevelItem(1)->text(1), QString("tpi-freeze"));
    QCOMPARE(page.runList()->topLevelItem(1)->text(5), QString("80.00 %"));  // last max top-1
    QCOMPARE(page.checkedRuns(), QStringList{"train-2"});  // the latest starts ticked
    TrainingCurves* curves = page.curves();
    QTRY_COMPARE(points(curves->lossPlot()), 60);
    QCOMPARE(points(curves->lrPlot()), 60);
    QCOMPARE(points(curves->accuracyPlot()), 8);  // 4 epochs × (min, max)
    QVERIFY(curves->lossPlot()->itemCount() >= 1);  // phase-2 boundary marked
    QVERIFY(curves->accuracyPlot()->itemCount() >= 1);

    page.setRunChecked("train-1", true);  // compare on the same axes
    QTRY_COMPARE(points(curves->lossPlot()), 100);
    QCOMPARE(curves->lossPlot()->graphCount(), 2);
    QCOMPARE(points(curves->accuracyPlot()), 16);
    page.setRunChecked("train-2", false);
    QTRY_COMPARE(points(curves->lossPlot()), 40);
  }

  void seriesFromRecordPlacesPhaseBoundaries() {
    const RunSeries s = runSeriesFromRecord(runRecord("r", "tpi-freeze", 80, 4, true));
    QCOMPARE(s.stepX.size(), 80);
    QCOMPARE(s.epochX.size(), 4);
    QCOMPARE(s.phaseEpochX, QVector<double>{2.5});
    QCOMPARE(s.phaseStepX.size(), 1);
    QVERIFY(qAbs(s.phaseStepX[0] - 39.5) < 1e-9);
    QCOMPARE(s.maxTop1.back(), 80.0);
    QCOMPARE(s.totalEpochs, 4);
    const RunSeries empty = runSeriesFromRecord(RunRecord());
    QVERIFY(empty.stepX.isEmpty() && empty.epochX.isEmpty());
  }

  void settingsAreValidatedAndUndoable() {
    ProjectDocument doc;
    JobRunner runner;
    Project twoPhase = demo();
    twoPhase.training.recipe = "tpi-freeze";
    doc.reset(twoPhase);
    TrainingPage page(&doc, &runner);
    TrainingSettingsForm* form = page.settingsForm();
    const int before = doc.project().training.phase2Epochs;
    QVERIFY(form->applySetting("training.phase2_epochs", 7));
    QCOMPARE(doc.project().training.phase2Epochs, 7);
    QVERIFY(form->applySetting("data.batch_size", 64));
    QCOMPARE(doc.project().data.batchSize, 64);
    QVERIFY(doc.isModified());

    const Json training = trainingConfigToJson(doc.project().training);
    QVERIFY(!form->applySetting("training.momentum", 1.5));
    QVERIFY(!form->applySetting("training.recipe", "sgd-magic"));
    QCOMPARE(trainingConfigToJson(doc.project().training), training);
    QVERIFY2(form->settingProblem("training.momentum").contains("training.momentum: must be in [0, 0.999] (1.5)"),
             qPrintable(form->settingProblem("training.momentum")));

    // The recipe decides which epoch fields apply.
    QVERIFY(form->applySetting("training.recipe", "cnn-only"));
    QVERIFY(form->editor("training.epochs")->isEnabled());
    QVERIFY(!form->editor("training.phase1_epochs")->isEnabled());

    QCOMPARE(doc.undoStack()->count(), 3);
    for (int i = 0; i < 3; ++i) doc.undoStack()->undo();
    QCOMPARE(doc.project().training.phase2Epochs, before);
    QCOMPARE(doc.project().training.recipe, std::string("tpi-freeze"));
    QVERIFY(!doc.isModified());
    QVERIFY(form->editor("training.phase1_epochs")->isEnabled());
  }

  void imageFolderSettingsApplyToFolders() {
    ProjectDocument doc;
    JobRunner runner;
    doc.reset(demo());
    TrainingPage page(&doc, &runner);
    TrainingSettingsForm* form = page.settingsForm();
    QVERIFY(!form->editor("data.image_size")->isEnabled());
    QVERIFY(form->applySetting("data.dataset", "folder"));
    QVERIFY(form->editor("data.image_size")->isEnabled());
    QVERIFY(form->applySetting("data.image_size", 64));
    QVERIFY(form->applySetting("data.bad_images", "skip"));
    QVERIFY(form->applySetting("data.random_crop", true));
    QCOMPARE(doc.project().data.imageSize, 64);
    QCOMPARE(doc.project().data.badImages, std::string("skip"));
    QVERIFY(doc.project().data.randomCrop);
    QCOMPARE(qobject_cast<QDoubleSpinBox*>(form->editor("data.decode_threads"))->value(), 2.0);
    QVERIFY(!form->applySetting("data.bad_images", "sometimes"));
    QVERIFY(form->settingProblem("data.bad_images").contains("data.bad_images"));
    doc.undoStack()->undo();  // random_crop
    doc.undoStack()->undo();  // bad_images
    QCOMPARE(doc.project().data.badImages, std::string("fail"));
    QVERIFY(!doc.project().data.randomCrop);
  }

  void startDrawsLiveCurvesAndStoresTheRun() {
    ProjectDocument doc;
    JobRunner runner;
    doc.reset(demo());
    TrainingPage page(&doc, &runner);
    page.setJobFactory([](const Project&, const TrainerOptions& o) { return fakeTrainer(o, 200, false); });
    QSignalSpy finished(&runner, &JobRunner::finished);
    // Hidden: events are buffered, nothing is drawn.
    QVERIFY(page.start());
    QVERIFY(page.isTraining());
    QTRY_VERIFY(page.liveSeries().stepX.size() > 20);
    QCOMPARE(points(page.curves()->lossPlot()), 0);
    page.resize(1200, 800);
    page.show();
    QTRY_VERIFY(points(page.curves()->lossPlot()) > 20);
    QVERIFY(finished.wait(20000));
    QVERIFY(!page.isTraining());
    QCOMPARE(int(doc.project().results.runs.size()), 1);
    QCOMPARE(doc.project().results.runs[0].id, std::string("train-9"));
    QCOMPARE(doc.project().results.runs[0].status, RunStatus::Finished);
    QVERIFY(doc.isModified());
    QCOMPARE(page.runList()->topLevelItemCount(), 1);
    QCOMPARE(page.checkedRuns(), QStringList{"train-9"});
    QVERIFY2(page.statusText().contains("finished"), qPrintable(page.statusText()));
    doc.undoStack()->undo();  // storing the run is an edit like any other
    QVERIFY(doc.project().results.runs.empty());
  }

  void liveSeriesMarksPhaseBoundary() {
    LiveRunSeries live;
    live.addEvent("train.phase", {{"phase", 1}, {"name", "cnn"}});
    for (int i = 0; i < 4; ++i) live.addEvent("train.step", {{"phase", 1}, {"step", i}, {"loss", 1.0}, {"lr", 0.1}});
    live.addEvent("train.epoch", {{"phase", 1}, {"epoch", 1}, {"min_top1", 0.3}, {"max_top1", 0.4}});
    live.addEvent("train.phase", {{"phase", 2}, {"name", "hybrid"}});
    live.addEvent("train.step", {{"phase", 2}, {"step", 4}, {"loss", 1.0}, {"lr", 0.1}});
    QCOMPARE(live.series().phaseStepX, QVector<double>{3.5});
    QCOMPARE(live.series().phaseEpochX, QVector<double>{1.5});
    QCOMPARE(live.series().maxTop1, QVector<double>{40.0});
    QCOMPARE(live.phaseName(), QString("hybrid"));
  }

  void cancelStoresTheCheckpointedRun() {
    ProjectDocument doc;
    JobRunner runner;
    doc.reset(demo());
    TrainingPage page(&doc, &runner);
    page.setJobFactory([](const Project&, const TrainerOptions& o) { return fakeTrainer(o, 20, true); });
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(page.start());
    QVERIFY(!page.start());  // one job at a time
    QTRY_VERIFY(page.liveSeries().stepX.size() > 15);
    page.cancel();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toInt(), int(JobStatus::Cancelled));
    QCOMPARE(int(doc.project().results.runs.size()), 1);  // from the checkpoint hook
    QVERIFY(page.statusText().contains("cancelled"));
  }

  void startOverWarnsAndCancelKeepsTheWeights() {
    const QString file = m_dir.filePath("keep.h4h");
    {
      ProjectLoad load = parseProjectText(tinyVanillaProject(), file.toStdString());
      QVERIFY2(load.project, load.errors.joined().c_str());
      saveProject(*load.project, file.toStdString());
    }
    ProjectDocument doc;
    QStringList errors;
    QVERIFY2(doc.load(file, &errors), qPrintable(errors.join("\n")));
    JobRunner runner;
    TrainingPage page(&doc, &runner);
    QStringList asked;
    bool answer = false;
    page.setConfirmHook([&](const QString&, const QString& text) {
      asked << text;
      return answer;
    });
    page.baseOptions().maxStepsPerEpoch = 2;
    page.baseOptions().evalBatches = 1;
    auto* inForce = page.findChild<QLabel*>("trainInForce");
    QVERIFY(inForce);
    QVERIFY2(inForce->text().contains("No trained supernet"), qPrintable(inForce->text()));
    QSignalSpy finished(&runner, &JobRunner::finished);

    // Nothing in force yet: no question.
    QVERIFY2(page.start(), qPrintable(page.statusText()));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().at(0).toInt(), int(JobStatus::Finished));
    QVERIFY(asked.isEmpty());
    QCOMPARE(page.inForceRun(), QString("train-1"));
    QVERIFY2(inForce->text().contains("train-1"), qPrintable(inForce->text()));
    QVERIFY(page.runList()->topLevelItem(0)->text(2).contains("in force"));
    const QString weights = file + ".d/supernet.pt";
    const QByteArray trained = fileBytes(weights);
    QVERIFY(!trained.isEmpty());

    // Start again: the user is asked, and saying no starts nothing.
    QVERIFY(!page.start());
    QCOMPARE(asked.size(), 1);
    QVERIFY2(asked[0].contains("train-1"), qPrintable(asked[0]));
    QVERIFY(!runner.isRunning());
    QVERIFY2(page.statusText().contains("Not started"), qPrintable(page.statusText()));

    // Saying yes starts train-2; cancelling it keeps train-1's weights bit for bit.
    answer = true;
    page.baseOptions().maxStepsPerEpoch = 0;  // 31 steps: time to cancel
    page.baseOptions().onSandwich = [](int, const std::vector<Arch>&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    };
    QVERIFY(page.start());
    QCOMPARE(asked.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(page.liveSeries().stepX.size() >= 2, 30000);
    page.cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(0).toInt(), int(JobStatus::Cancelled));
    QVERIFY(fileBytes(weights) == trained);
    QCOMPARE(page.inForceRun(), QString("train-1"));
    QVERIFY2(page.statusText().contains("supernet in force (train-1) is unchanged"),
             qPrintable(page.statusText()));
    QCOMPARE(int(doc.project().results.runs.size()), 2);
    QCOMPARE(doc.project().results.runs[1].id, std::string("train-2"));
    QCOMPARE(doc.project().results.runs[1].status, RunStatus::Cancelled);
    QVERIFY(QFile::exists(file + ".d/runs/train-2/train_state.pt"));
    auto* resumeButton = page.findChild<QPushButton*>("trainResume");
    QVERIFY(resumeButton->isEnabled());
    QVERIFY2(resumeButton->toolTip().contains("train-2"), qPrintable(resumeButton->toolTip()));

    // Resume finishes train-2, whose weights then replace train-1's.
    page.baseOptions().onSandwich = {};
    QVERIFY(page.resume());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().at(0).toInt(), int(JobStatus::Finished));
    QCOMPARE(page.inForceRun(), QString("train-2"));
    QVERIFY(fileBytes(weights) != trained);
    QVERIFY(!resumeButton->isEnabled());
  }

  void unsavedProjectCannotTrain() {
    ProjectDocument doc;
    JobRunner runner;
    doc.reset(demo());  // no file: the trainer has nowhere to write checkpoints
    Project p = doc.project();
    p.filePath.clear();
    doc.reset(p);
    TrainingPage page(&doc, &runner);
    QVERIFY(!page.start());
    QVERIFY2(page.statusText().contains("Save the project first"), qPrintable(page.statusText()));
    QVERIFY(!runner.isRunning());
  }

  void shortRealTrainingMakesPoints() {
    Project p = demo();
    p.data.dataset = "synthetic";
    p.data.syntheticSamples = 64;
    p.data.syntheticResolution = 28;
    p.data.syntheticChannels = 1;
    p.data.syntheticClasses = 10;
    p.data.batchSize = 16;
    p.data.evalBatchSize = 32;
    p.data.testLimit = 32;
    p.data.validationSize = 0;
    p.data.prefetch = 0;
    p.training.recipe = "tpi-freeze";
    p.training.phase1Epochs = 1;
    p.training.phase2Epochs = 1;
    p.training.sandwichRandom = 0;
    p.training.bnRecalibBatches = 1;
    const std::string file = m_dir.filePath("tiny.h4h").toStdString();
    saveProject(p, file);

    ProjectDocument doc;
    QStringList errors;
    QVERIFY2(doc.load(QString::fromStdString(file), &errors), qPrintable(errors.join("\n")));
    JobRunner runner;
    TrainingPage page(&doc, &runner);
    page.baseOptions().maxStepsPerEpoch = 2;
    page.baseOptions().evalBatches = 1;
    page.resize(1200, 800);
    page.show();
    QSignalSpy finished(&runner, &JobRunner::finished);
    // Worst gap between turns of the GUI event loop while the job runs.
    QElapsedTimer clock, sinceTick;
    qint64 worstGap = 0;
    QTimer tick;
    tick.setInterval(5);
    connect(&tick, &QTimer::timeout, [&] {
      worstGap = qMax(worstGap, sinceTick.restart());
    });
    clock.start();
    QVERIFY2(page.start(), qPrintable(page.statusText()));
    sinceTick.start();
    tick.start();
    QVERIFY(finished.wait(240000));
    tick.stop();
    QVERIFY2(finished.at(0).at(0).toInt() == int(JobStatus::Finished),
             qPrintable(finished.at(0).at(1).toString()));
    qInfo("tiny training through the tab: %.1f s, worst GUI event-loop gap %lld ms",
          clock.elapsed() / 1000.0, worstGap);
    QVERIFY2(worstGap < 1000, "the GUI thread blocked while training");
    QCOMPARE(int(doc.project().results.runs.size()), 1);
    QCOMPARE(page.runList()->topLevelItemCount(), 1);
    TrainingCurves* curves = page.curves();
    QTRY_VERIFY(points(curves->lossPlot()) >= 4);           // 2 epochs × 2 steps
    QTRY_COMPARE(points(curves->accuracyPlot()), 4);        // 2 epochs × (min, max)
    QVERIFY(curves->accuracyPlot()->itemCount() >= 1);      // phase 2 marked
    QVERIFY(!page.findChild<QPushButton*>("trainResume")->isEnabled());  // finished
  }

  void processesTrainDataParallelWithTheStudioAsRankZero() {
    nlohmann::json json = test::tinyProject(256, 1);
    json["training"]["checkpoint_minutes"] = 0;
    const QString file = test::writeProject(m_dir, "ranks.h4h", json);
    ProjectDocument doc;
    QStringList errors;
    QVERIFY2(doc.load(file, &errors), qPrintable(errors.join("\n")));
    JobRunner runner;
    TrainingPage page(&doc, &runner);
    page.workers()->setProgram(QString::fromStdString(test::cliPath()));
    page.baseOptions().maxStepsPerEpoch = 3;
    page.processesBox()->setValue(2);
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY2(page.start(), qPrintable(page.statusText()));
    QVERIFY(page.workers()->running());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.at(0).at(0).toInt() == int(JobStatus::Finished), qPrintable(finished.at(0).at(1).toString()));
    QTRY_VERIFY(!page.workers()->running());
    QCOMPARE(int(doc.project().results.runs.size()), 1);
    QCOMPARE(doc.project().results.runs[0].processes, std::optional<int>(2));
    QCOMPARE(doc.project().results.runs[0].epochs.size(), std::size_t{2});
    // An edit not yet saved would train rank 0 and the others on different settings.
    page.processesBox()->setValue(2);
    Project edited = doc.project();
    edited.training.learningRate = 0.02;
    pushSectionEdit(&doc, &Project::training, "training", edited.training, "lr");
    page.setConfirmHook([](const QString&, const QString&) { return true; });  // replace the weights: yes
    QVERIFY(!page.start());
    QVERIFY2(page.statusText().contains("Save the project first"), qPrintable(page.statusText()));
    QVERIFY(!page.workers()->running());
  }
};

QTEST_MAIN(TestTrainingPage)
#include "test_ui_training_page.moc"
