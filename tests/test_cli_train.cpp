// `h4h train`: a finished run saved into the project and beside it, resume of a finished
// run, Ctrl-C exiting 130 with a checkpoint that --resume completes, and bad input
// exiting 2 with the option or file named. Tiny synthetic project, one thread.

#include <QtTest>

#include <csignal>
#include <optional>

#include <nlohmann/json.hpp>

#include "project/project_io.h"
#include "support/cli_runner.h"
#include "support/tiny_project.h"
#include "support/test_paths.h"
#include "train/train_status.h"

using h4h::test::runCli;
using h4h::test::tinyProject;
using h4h::test::writeProject;
using Json = nlohmann::json;

class TestCliTrain : public QObject {
  Q_OBJECT

private slots:
  void trainsAndSavesTheRun() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(128, 1));
    auto run = runCli({"train", project, "--threads", "1", "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("trained 2 epochs"), qPrintable(run.out));
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(p.results.runs.size(), std::size_t{1});
    const h4h::RunRecord& r = p.results.runs[0];
    QCOMPARE(r.status, h4h::RunStatus::Finished);
    QCOMPARE(r.recipe, std::string("tpi-freeze"));
    QCOMPARE(r.epochs.size(), std::size_t{2});
    QCOMPARE(r.checkpoint, std::optional<std::string>("p.h4h.d/runs/train-1/supernet.pt"));
    QVERIFY(QFile::exists(dir.filePath("p.h4h.d/supernet.pt")));
    QVERIFY(QFile::exists(dir.filePath("p.h4h.d/runs/train-1/train_state.pt")));
    QCOMPARE(h4h::inForceSupernet(dir.filePath("p.h4h.d").toStdString())->runId, std::string("train-1"));
    QVERIFY2(run.out.contains("in force, from train-1"), qPrintable(run.out));
    QVERIFY(h4h::trainingFinished(p));
    // An export of the supernet in force names its run.
    auto exported = runCli({"export", project, "--arch", "max", "--out", dir.filePath("max"),
                            "--bn-batches", "0", "--threads", "1"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    QVERIFY2(exported.out.contains("supernet of training run train-1"), qPrintable(exported.out));
    QFile arch(dir.filePath("max/arch.json"));
    QVERIFY(arch.open(QIODevice::ReadOnly));
    QCOMPARE(Json::parse(arch.readAll().toStdString())["supernet_run"].get<std::string>(),
             std::string("train-1"));

    auto again = runCli({"train", project, "--resume", "--threads", "1", "--quiet"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains("already trained"), qPrintable(again.out));
    QCOMPARE(h4h::loadProjectOrThrow(project.toStdString()).results.runs.size(), std::size_t{1});
  }

  void interruptCheckpointsAndResumes() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(4096, 20));
    QProcess proc;
    proc.setWorkingDirectory(QString::fromStdString(h4h::test::sourceDir()));
    proc.start(QString::fromStdString(h4h::test::cliPath()),
               {"train", project, "--threads", "1", "--json-progress"});
    QVERIFY(proc.waitForStarted());
    QString err;
    while (!err.contains("\"step 2/") && proc.state() == QProcess::Running) {
      proc.waitForReadyRead(1000);
      err += proc.readAllStandardError();
    }
    QVERIFY2(proc.state() == QProcess::Running, qPrintable(err.right(600)));
    ::kill(static_cast<pid_t>(proc.processId()), SIGINT);
    QVERIFY(proc.waitForFinished(60000));
    err += proc.readAllStandardError();
    QVERIFY2(proc.exitCode() == 130, qPrintable(err.right(600)));
    QVERIFY2(err.contains("--resume"), qPrintable(err.right(600)));
    auto status = h4h::readTrainingStatus(dir.filePath("p.h4h.d/runs/train-1").toStdString());
    QVERIFY(status && !status->finished);
    QVERIFY(status->epochsDone < 40);
    QVERIFY(!QFile::exists(dir.filePath("p.h4h.d/supernet.pt")));  // nothing finished: nothing in force
    QCOMPARE(h4h::loadProjectOrThrow(project.toStdString()).results.runs[0].status,
             h4h::RunStatus::Cancelled);

    // Fewer epochs than planned: the resumed run finishes the stopped epoch's phase quickly.
    auto resumed = runCli({"train", project, "--resume", "--epochs", "1,1", "--steps-per-epoch", "4",
                           "--threads", "1", "--quiet"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(p.results.runs.size(), std::size_t{1});
    QCOMPARE(p.results.runs[0].status, h4h::RunStatus::Finished);
  }

  void killAfterTimeCheckpointResumes() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(4096, 20));
    QProcess proc;
    proc.setWorkingDirectory(QString::fromStdString(h4h::test::sourceDir()));
    // A checkpoint every ~0.1 s, i.e. every step or two of the first epoch.
    proc.start(QString::fromStdString(h4h::test::cliPath()),
               {"train", project, "--threads", "1", "--checkpoint-minutes", "0.002", "--quiet"});
    QVERIFY(proc.waitForStarted());
    const std::string runDir = dir.filePath("p.h4h.d/runs/train-1").toStdString();
    std::optional<h4h::TrainingStatus> status;
    QElapsedTimer waited;
    waited.start();
    while (proc.state() == QProcess::Running && waited.elapsed() < 120000) {
      try {
        status = h4h::readTrainingStatus(runDir);
      } catch (const std::exception&) {
        status.reset();
      }
      if (status && status->epochsDone == 0 && status->stepInEpoch > 0) break;
      proc.waitForFinished(20);
    }
    QVERIFY2(proc.state() == QProcess::Running, qPrintable(proc.readAllStandardError().right(600)));
    QVERIFY(status && status->stepInEpoch > 0);
    ::kill(static_cast<pid_t>(proc.processId()), SIGKILL);
    QVERIFY(proc.waitForFinished(60000));
    QCOMPARE(proc.exitStatus(), QProcess::CrashExit);

    // The mid-epoch checkpoint resumes (the resumed epoch is cut to 4 steps: quick).
    auto resumed = runCli({"train", project, "--resume", "--epochs", "1,1", "--steps-per-epoch", "4",
                           "--threads", "1", "--quiet"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(p.results.runs.size(), std::size_t{1});
    QCOMPARE(p.results.runs[0].status, h4h::RunStatus::Finished);
    QCOMPARE(h4h::inForceSupernet(dir.filePath("p.h4h.d").toStdString())->runId, std::string("train-1"));
  }

  void readOnlyFolderFailsFast() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(4096, 20));
    const QString folder = dir.filePath("p.h4h.d");
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner |
                                              QFileDevice::ReadGroup | QFileDevice::ExeGroup));
    auto run = runCli({"train", project, "--threads", "1"});
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(run.exitCode, 2);
    // Refused by the project's writability check before the job, or by the trainer's
    // own check of its checkpoint folder: either way before any step, naming the folder.
    QVERIFY2(run.err.contains(folder) &&
                 (run.err.contains("read-only") || run.err.contains("cannot write")),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains("epoch 1"), qPrintable(run.err));  // before any training
    QVERIFY(h4h::loadProjectOrThrow(project.toStdString()).results.runs.empty());
  }

  void badIntervalInProjectExitsTwo() {
    QTemporaryDir dir;
    Json p = tinyProject(128, 1);
    p["training"]["checkpoint_minutes"] = 2000;
    const QString project = writeProject(dir, "p.h4h", p);
    auto run = runCli({"train", project, "--threads", "1"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("training.checkpoint_minutes: must be in [0, 1440]"), qPrintable(run.err));
  }

  void badInputExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("recipe") << QStringList{"--recipe", "fancy"} << "--recipe: must be one of";
    QTest::newRow("epochs text") << QStringList{"--epochs", "two"} << "--epochs: expected E or E1,E2";
    QTest::newRow("epochs per phase") << QStringList{"--recipe", "vanilla", "--epochs", "1,2"}
                                      << "--epochs: recipe vanilla has one phase";
    QTest::newRow("nothing to resume") << QStringList{"--resume"} << "no checkpoint to resume";
    QTest::newRow("no such run") << QStringList{"--resume-run", "train-7"}
                                 << "holds no checkpoint of run train-7";
    QTest::newRow("interval") << QStringList{"--checkpoint-minutes", "-1"}
                              << "--checkpoint-minutes: must be in";
  }
  void badInputExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(128, 1));
    auto run = runCli(QStringList{"train", project, "--threads", "1"} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
