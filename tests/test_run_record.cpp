// Typed training runs (results.runs, core/train/run_record.h): a version-1 file written by
// `h4h train` loads into typed fields and its results save back unchanged; fields this build does
// not know are kept at every level; fields a run has not reached stay absent; records
// from other files name the file and the field when they are malformed.
#include <QtTest>

#include <fstream>

#include "project/project_io.h"
#include "project/project_json.h"
#include "support/test_paths.h"
#include "train/run_history.h"
#include "train/run_record.h"

using namespace h4h;

namespace {

using test::fileText;
using test::trainedProjectPath;

/// A run that must read without an error (InputError naming the field otherwise).
RunRecord readRun(const Json& json) { return runRecordFromFile(json, "test", "run"); }

}  // namespace

class TestRunRecord : public QObject {
  Q_OBJECT

private slots:
  void trainedFileLoadsTyped() {
    const Project p = loadProjectOrThrow(trainedProjectPath());
    QCOMPARE(p.results.runs.size(), std::size_t{2});
    const RunRecord& r = p.results.runs[0];
    QCOMPARE(r.id, std::string("train-1"));
    QCOMPARE(r.kind, std::string("train"));
    QCOMPARE(r.recipe, std::string("tpi-freeze"));
    QCOMPARE(r.status, RunStatus::Finished);
    QCOMPARE(r.seed, std::uint64_t{1});
    QCOMPARE(r.settings["recipe"].get<std::string>(), std::string("tpi-freeze"));
    QCOMPARE(r.phases.size(), std::size_t{2});
    QVERIFY(r.phases[0].plan.cnnOnly && !r.phases[0].plan.freezeCnn);
    QVERIFY(r.phases[1].plan.freezeCnn);
    QCOMPARE(r.phases[1].plan.name, std::string("hybrid"));
    QCOMPARE(r.plannedEpochs(), 2);
    QCOMPARE(r.checkpoint, std::optional<std::string>("tiny_trained.h4h.d/runs/train-1/supernet.pt"));
    QCOMPARE(r.epochsDone, std::optional<int>(2));
    QCOMPARE(r.stepsPerEpoch, std::optional<std::int64_t>(4));
    QCOMPARE(r.threads, std::optional<int>(1));
    QCOMPARE(r.images, std::int64_t{256});
    QVERIFY(r.wallSeconds > 0.0 && r.imagesPerSecond > 0.0);
    QCOMPARE(r.epochs.size(), std::size_t{2});
    QCOMPARE(r.epochs[1].phase, 2);
    QCOMPARE(r.epochs[1].phaseEpoch, 1);
    QCOMPARE(r.epochs[1].epoch, 2);
    QCOMPARE(r.epochs[1].maxTop1, 0.6875);
    QCOMPARE(r.maxTop1, std::optional<double>(0.6875));
    QVERIFY(!r.epochs[0].minArch.empty() && !r.epochs[0].maxArch.empty());
    QCOMPARE(r.steps.every, 1);
    QCOMPARE(r.steps.step.size(), std::size_t{8});
    QCOMPARE(r.steps.step.back(), std::int64_t{7});
    QCOMPARE(r.steps.lr.size(), std::size_t{8});
    QCOMPARE(r.steps.pending.step, std::int64_t{7});
    QVERIFY(r.unknown.empty());
    QCOMPARE(p.results.runs[1].recipe, std::string("vanilla"));
    QCOMPARE(p.results.runs[1].phases.size(), std::size_t{1});
  }

  void versionOneFilesSaveBackUnchanged_data() {
    QTest::addColumn<QString>("path");
    QTest::newRow("tiny_trained") << QString::fromStdString(trainedProjectPath());
    QTest::newRow("demo") << QString::fromStdString(test::projectPath("demo.h4h"));
    QTest::newRow("paper") << QString::fromStdString(test::projectPath("paper.h4h"));
  }
  void versionOneFilesSaveBackUnchanged() {
    QFETCH(QString, path);
    const std::string text = fileText(path.toStdString());
    const Json runs = Json::parse(text)["results"].value("runs", Json::array());
    // Loaded and saved in place (a save elsewhere re-bases the checkpoint paths).
    QTemporaryDir dir;
    const std::string copy = dir.filePath(QFileInfo(path).fileName()).toStdString();
    std::ofstream(copy, std::ios::binary) << text;
    Project p = loadProjectOrThrow(copy);
    QCOMPARE(runRecordsToJson(p.results.runs).dump(), runs.dump());  // dump: an int stays an int
    saveProject(p, copy);
    const Json saved = Json::parse(fileText(copy));
    QCOMPARE(saved["results"]["runs"].dump(), runs.dump());
    // A file saved with its runs gets every result back as it was (other sections may
    // gain fields a newer build adds, such as hardware parameters).
    const Json results = Json::parse(text)["results"];
    if (results.contains("runs")) QCOMPARE(saved["results"].dump(2), results.dump(2));
  }

  void unknownFieldsAreKeptAtEveryLevel() {
    Json run = Json::parse(fileText(trainedProjectPath()))["results"]["runs"][0];
    run["x_top"] = Json{{"by", "a plugin"}};
    run["epochs"][0]["x_epoch"] = 1;
    run["steps"]["x_steps"] = "kept";
    run["steps"]["pending"]["x_pending"] = Json::array({1, 2});
    run["phases"][1]["x_phase"] = true;
    const RunRecord r = readRun(run);
    QCOMPARE(r.unknown["x_top"]["by"].get<std::string>(), std::string("a plugin"));
    QCOMPARE(r.epochs[0].unknown["x_epoch"].get<int>(), 1);
    QCOMPARE(r.steps.unknown["x_steps"].get<std::string>(), std::string("kept"));
    QCOMPARE(r.steps.pending.unknown["x_pending"].size(), std::size_t{2});
    QVERIFY(r.phases[1].unknown["x_phase"].get<bool>());
    QCOMPARE(r.toJson(), run);
    // The trainer continuing the run keeps them too.
    RunHistory history(r);
    history.addStep(8, 1.25, 0.01);
    QCOMPARE(history.record().toJson()["x_top"], run["x_top"]);
    QCOMPARE(history.record().toJson()["steps"]["x_steps"], run["steps"]["x_steps"]);
  }

  void fieldsNotReachedStayAbsent() {
    // A run stored before its first checkpoint (e.g. the studio cancelling at once).
    const Json fresh = Json::parse(R"({"id": "train-4", "kind": "train", "recipe": "vanilla",
      "seed": 3, "status": "cancelled", "started": "2026-12-01T10:00:00Z", "settings": {},
      "phases": [], "wall_s": 0.0, "images": 0, "images_per_s": 0.0, "epochs": [],
      "steps": {"every": 1, "step": [], "loss": [], "lr": [],
                "pending": {"sum_loss": 0.0, "sum_lr": 0.0, "count": 0, "step": 0}}})");
    const RunRecord r = readRun(fresh);
    QVERIFY(!r.checkpoint && !r.updated && !r.data && !r.epochsDone && !r.minTop1 && !r.threads);
    QCOMPARE(r.status, RunStatus::Cancelled);
    QCOMPARE(r.toJson(), fresh);
    const RunRecord empty;
    QCOMPARE(empty.toJson().count("checkpoint"), std::size_t{0});
  }

  void everyStatusRoundTrips() {
    for (const std::string& name : runStatusNames()) {
      Json run{{"id", "train-1"}, {"status", name}};
      const RunRecord r = readRun(run);
      QCOMPARE(runStatusName(r.status), name);
      QCOMPARE(r.toJson()["status"].get<std::string>(), name);
    }
  }

  void recordFromAnotherFileNamesFileAndField() {
    Json run = Json::parse(fileText(trainedProjectPath()))["results"]["runs"][0];
    run["epochs"][1]["loss"] = "x";
    try {
      runRecordFromFile(run, "/tmp/p.h4h.d/runs/train-1/train_state.pt", "history");
      QFAIL("a malformed record was read");
    } catch (const InputError& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("train_state.pt: history.epochs[1].loss: must be a number") != std::string::npos,
               message.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(std::logic_error, RunEpoch::fromEvent(Json{{"min_top1", "high"}}));
    QCOMPARE(RunEpoch::fromEvent(run["epochs"][0]).maxTop1, 0.5);
  }

  void storeReplacesTheRunWithItsId() {
    Project p;
    RunRecord a, b;
    a.id = "train-1";
    b.id = "train-7";
    storeRunRecord(p, a);
    storeRunRecord(p, b);
    a.status = RunStatus::Finished;
    storeRunRecord(p, a);
    QCOMPARE(p.results.runs.size(), std::size_t{2});
    QCOMPARE(p.results.runs[0].status, RunStatus::Finished);
    QCOMPARE(nextRunId(p), std::string("train-8"));
    QCOMPARE(nextRunId(std::vector<std::string>{"other", "train-x", "train-99999999999999999999999"}),
             std::string("train-1"));
  }
};

QTEST_GUILESS_MAIN(TestRunRecord)
#include "test_run_record.moc"
