// `h4h run`: the whole pipeline on a tiny synthetic project, every report file checked
// (exists and parses), results stored in the project, the second run reusing the
// finished checkpoint, Ctrl-C (SIGINT) mid-training leaving a checkpoint and a report
// marked INCOMPLETE that --resume completes, and bad --stages exiting 2.

#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include <csignal>

#include "project/project_io.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;
using Json = nlohmann::json;

namespace {

Json tinyProject() {
  Json mb = {{"name", "mb"}, {"stride", 1}, {"widths", {8, 12}}, {"mb_depths", {1, 2}},
             {"kernels", {3, 5}}, {"expands", {1, 3}}, {"se", false}, {"vit_depths", {0}},
             {"heads", Json::array()}, {"mlp_ratios", Json::array()}};
  Json hy = {{"name", "hy"}, {"stride", 2}, {"widths", {16}}, {"mb_depths", {1}},
             {"kernels", {3}}, {"expands", {2, 3}}, {"se", false}, {"vit_depths", {0, 1}},
             {"heads", {2}}, {"mlp_ratios", {1, 2}}};
  return {{"format", "h4h-project"},
          {"version", 1},
          {"name", "tiny"},
          {"space",
           {{"input_channels", 1}, {"classes", 4}, {"train_resolutions", {12}},
            {"deploy_resolution", 12}, {"activation", "relu6"},
            {"stem", {{"widths", {8}}, {"kernel", 3}, {"stride", 1}}},
            {"stages", {mb, hy}},
            {"head", {{"conv_widths", {32}}, {"conv_expand", 0}, {"feature_widths", Json::array()}}}}},
          {"hardware", Json::object()},
          {"data",
           {{"dataset", "synthetic"}, {"synthetic_samples", 96}, {"validation_size", 32},
            {"synthetic_resolution", 12}, {"synthetic_channels", 1}, {"synthetic_classes", 4},
            {"batch_size", 32}, {"eval_batch_size", 32}, {"prefetch", 0}}},
          {"training",
           {{"recipe", "vanilla"}, {"epochs", 1}, {"bn_recalib_batches", 1}, {"sandwich_random", 1}}},
          {"search",
           {{"population", 6}, {"generations", 2}, {"accuracy_eval_batches", 1},
            {"objectives", {"latency", "energy"}}}},
          {"results", Json::object()}};
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeProject(const QString& path, const Json& project) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(QByteArray::fromStdString(project.dump(2)));
}

void checkCsv(const QString& path, const QString& firstColumn, int minRows) {
  const QList<QByteArray> lines = readAll(path).trimmed().split('\n');
  QVERIFY2(lines.size() >= 1 + minRows, qPrintable(path + ": too few rows"));
  QVERIFY2(lines.front().startsWith(firstColumn.toUtf8() + ","), qPrintable(path));
  const int columns = lines.front().count(',');
  for (const auto& line : lines) QCOMPARE(line.count(','), columns);
}

void checkPng(const QString& path) {
  const QByteArray png = readAll(path);
  QVERIFY2(png.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)), qPrintable(path + " is not a PNG"));
  QVERIFY2(png.size() > 1024, qPrintable(path + " is too small"));
}

Json parseJson(const QString& path) {
  const QByteArray text = readAll(path);
  return Json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
}

}  // namespace

class TestCliRun : public QObject {
  Q_OBJECT

private slots:
  void wholePipelineWritesTheReport() {
    QTemporaryDir dir;
    const QString project = dir.filePath("tiny.h4h");
    {
      QFile f(project);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray::fromStdString(tinyProject().dump(2)));
    }
    const QString out = dir.filePath("report");
    QElapsedTimer timer;
    timer.start();
    const auto run = runCli({"run", project, "--out", out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY2(timer.elapsed() < 60000, "the tiny pipeline must take under a minute");
    QVERIFY(run.out.contains("report: "));
    for (const char* stage : {"[1/3] train", "[2/3] search", "[3/3] choose"})
      QVERIFY2(run.err.contains(stage), qPrintable(run.err));

    const QString summary = QString::fromUtf8(readAll(out + "/summary.md"));
    QVERIFY(!summary.contains("INCOMPLETE"));
    for (const char* heading : {"## Hardware", "## Training", "## Pareto front",
                                "## Chosen architecture", "### Per-layer assignment", "## System"})
      QVERIFY2(summary.contains(heading), heading);
    QVERIFY(summary.contains("| train-1 | vanilla | finished | 1 |"));
    QVERIFY(summary.contains("| NPU only |"));
    QVERIFY(summary.contains("**chosen**"));

    checkCsv(out + "/pareto.csv", "key", 1);
    checkCsv(out + "/training.csv", "run", 1);
    checkCsv(out + "/schedule.csv", "frame", 3);
    for (const char* png : {"pareto.png", "training.png", "gantt.png"}) checkPng(out + "/" + png);
    const Json schedule = parseJson(out + "/schedule.json");
    QVERIFY(schedule.is_object() && schedule.contains("tasks") && !schedule["tasks"].empty());
    QVERIFY(schedule["npu_memory"]["dram_bytes_per_frame"]["npu_only"].get<std::int64_t>() > 0);
    QVERIFY2(summary.contains("NPU memory: shared_sram (SRAM 2.10 MB, weights "), qPrintable(summary));
    const Json trace = parseJson(out + "/schedule.trace.json");
    QVERIFY(trace.is_object() && !trace["traceEvents"].empty());

    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(p.results.runs.size(), std::size_t(1));
    QCOMPARE(p.results.runs[0].status, h4h::RunStatus::Finished);
    QVERIFY(!p.results.pareto.empty());
    QVERIFY(!p.results.selected.empty());
    QVERIFY(summary.contains(QString::fromStdString("`" + p.results.selected + "`")));
    QVERIFY(std::isfinite(p.results.pareto[0].metrics.accuracy));  // the trained supernet was used
    QCOMPARE(p.results.schedules.size(), std::size_t(1));

    // a second run reuses the finished checkpoint
    const auto again = runCli({"run", project, "--out", out});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.err.contains("training: skipped"), qPrintable(again.err));
    QCOMPARE(h4h::loadProjectOrThrow(project.toStdString()).results.runs.size(), std::size_t(1));
  }

  void interruptLeavesCheckpointAndIncompleteReport() {
    QTemporaryDir dir;
    const QString project = dir.filePath("slow.h4h");
    Json slow = tinyProject();
    slow["training"]["epochs"] = 6;  // seconds per epoch: time to interrupt after the first
    slow["data"]["synthetic_samples"] = 4096;
    writeProject(project, slow);
    const QString out = dir.filePath("report");
    QProcess process;
    process.setWorkingDirectory(QString::fromStdString(h4h::test::sourceDir()));
    process.start(QString::fromStdString(h4h::test::cliPath()), {"run", project, "--out", out});
    QVERIFY(process.waitForStarted());
    // Interrupt once the first epoch has been checkpointed.
    const QString status = dir.filePath("slow.h4h.d/runs/train-1/train_status.json");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(status), 60000);
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(60000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 130, qPrintable(err));
    QVERIFY2(err.contains("INCOMPLETE"), qPrintable(err));
    QVERIFY(QString::fromUtf8(readAll(out + "/summary.md")).contains("INCOMPLETE"));
    QVERIFY(QFile::exists(dir.filePath("slow.h4h.d/runs/train-1/train_state.pt")));
    const h4h::Project stopped = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(stopped.results.runs.size(), std::size_t(1));
    QVERIFY(stopped.results.runs[0].status != h4h::RunStatus::Finished);

    // --resume continues the same run to the end and completes the report.
    const auto resumed = runCli({"run", project, "--out", out, "--resume"}, 300000);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY(!QString::fromUtf8(readAll(out + "/summary.md")).contains("INCOMPLETE"));
    const h4h::Project done = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(done.results.runs.size(), std::size_t(1));
    QCOMPARE(done.results.runs[0].status, h4h::RunStatus::Finished);
    QVERIFY(!done.results.pareto.empty());
  }

  void badStagesExit2() {
    const auto run = runCli({"run", "/nonexistent/x.h4h", "--stages", "train,bake"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--stages: unknown stage \"bake\""), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
