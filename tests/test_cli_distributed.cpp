// Data-parallel training over c10d/Gloo (issue 23): 2 ranks × 1 thread end with the
// weights of 1 process with the same global batch and seed; the explicit rank options
// (a multi-machine launch, on 127.0.0.1) and torchrun's environment variables; a run
// interrupted on 2 ranks resumes on 1 to the uninterrupted run's weights; a killed rank
// is named by the survivor within the timeout; a search with accuracy spread over 2
// ranks finds the 1-process front; bad distributed settings exit 2.
//
// Tolerance: over all tensors ‖a − b‖₂ ≤ 1e-5·‖a‖₂, and per tensor max |a − b| ≤
// 1e-5·max(max |a|, 0.01). Two ranks sum the global batch's gradients and batch-norm
// statistics in another order than one process, so float rounding differs (measured:
// 1.6e-7 relative over 128 steps); tensors that stay near zero (biases whose gradients
// cancel, ~1e-8) carry that rounding at a scale where a relative figure means nothing,
// hence the floor of 0.01 (an absolute 1e-7).

#include <torch/torch.h>

#include <QtTest>

#include <unistd.h>

#include <csignal>

#include <nlohmann/json.hpp>

#include "model/supernet.h"
#include "project/project_file.h"
#include "project/project_io.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"
#include "train/dist_config.h"

using h4h::test::runCli;
using h4h::test::tinyProject;
using h4h::test::writeProject;
using Json = nlohmann::json;

namespace {

/// "" when the two supernet files hold the same weights within the tolerance, else what differs.
QString weightGap(const QString& projectA, const QString& a, const QString& b) {
  const h4h::Project project = h4h::loadProjectOrThrow(projectA.toStdString());
  h4h::Supernet first(project.space), second(project.space);
  h4h::loadSupernetWeights(first, a.toStdString());
  h4h::loadSupernetWeights(second, b.toStdString());
  auto named = [](h4h::Supernet& net) {
    auto all = net->named_parameters(true);
    for (const auto& item : net->named_buffers(true)) all.insert(item.key(), item.value());
    return all;
  };
  const auto x = named(first), y = named(second);
  double diff2 = 0.0, norm2 = 0.0;
  for (const auto& item : x) {
    const torch::Tensor u = item.value().to(torch::kFloat64), v = y[item.key()].to(torch::kFloat64);
    const double gap = (u - v).abs().max().item<double>(), scale = std::max(u.abs().max().item<double>(), 0.01);
    if (gap > 1e-5 * scale)
      return QString("%1: max difference %2 at scale %3").arg(item.key().c_str()).arg(gap).arg(scale);
    diff2 += (u - v).square().sum().item<double>();
    norm2 += u.square().sum().item<double>();
  }
  if (diff2 > 1e-10 * norm2) return QString("relative L2 difference %1").arg(std::sqrt(diff2 / norm2));
  return {};
}

Json projectWith(int samples, int epochs) {
  Json p = tinyProject(samples, epochs);
  p["training"]["checkpoint_minutes"] = 0;
  return p;
}

struct Rank {
  QProcess process;
  void start(const QString& project, int rank, int port, double timeout) {
    process.start(QString::fromStdString(h4h::test::cliPath()),
                  {"train", project, "--threads", "1", "--quiet", "--rank", QString::number(rank), "--world-size", "2",
                   "--master-addr", "127.0.0.1", "--master-port", QString::number(port), "--dist-timeout",
                   QString::number(timeout)});
  }
};

bool waitForFile(const QString& path, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (!QFile::exists(path)) {
    if (timer.elapsed() > timeoutMs) return false;
    QThread::msleep(20);
  }
  return true;
}

}  // namespace

class TestCliDistributed : public QObject {
  Q_OBJECT

private slots:
  void twoRanksTrainTheWeightsOfOneProcess() {
    QTemporaryDir dir;
    const QString one = writeProject(dir, "one.h4h", projectWith(256, 1));
    const QString two = writeProject(dir, "two.h4h", projectWith(256, 1));
    auto single = runCli({"train", one, "--threads", "1", "--quiet"});
    QVERIFY2(single.exitCode == 0, qPrintable(single.err));
    auto pair = runCli({"train", two, "--nproc", "2", "--threads", "2", "--quiet"});
    QVERIFY2(pair.exitCode == 0, qPrintable(pair.err));
    const QString gap = weightGap(one, dir.filePath("one.h4h.d/supernet.pt"), dir.filePath("two.h4h.d/supernet.pt"));
    QVERIFY2(gap.isEmpty(), qPrintable(gap));
    // Rank 0 alone wrote: one run, recorded with its two processes and the same accuracy.
    const h4h::Project a = h4h::loadProjectOrThrow(one.toStdString());
    const h4h::Project b = h4h::loadProjectOrThrow(two.toStdString());
    QCOMPARE(b.results.runs.size(), std::size_t{1});
    QCOMPARE(b.results.runs[0].processes, std::optional<int>(2));
    QCOMPARE(QDir(dir.filePath("two.h4h.d/runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 1);
    QCOMPARE(*b.results.runs[0].maxTop1, *a.results.runs[0].maxTop1);
    QCOMPARE(*b.results.runs[0].minTop1, *a.results.runs[0].minTop1);
  }

  void explicitRanksAndEnvironmentOnLoopback() {
    QTemporaryDir dir;
    const QString one = writeProject(dir, "one.h4h", projectWith(128, 1));
    const QString two = writeProject(dir, "two.h4h", projectWith(128, 1));
    QVERIFY(runCli({"train", one, "--threads", "1", "--quiet"}).exitCode == 0);
    const int port = h4h::freeLoopbackPort();
    Rank rank0;
    rank0.start(two, 0, port, 60);
    // Rank 1 as a torchrun-style launcher starts it: the environment only.
    QProcess rank1;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RANK", "1");
    env.insert("WORLD_SIZE", "2");
    env.insert("LOCAL_RANK", "1");
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    rank1.setProcessEnvironment(env);
    rank1.start(QString::fromStdString(h4h::test::cliPath()), {"train", two, "--threads", "1"});
    QVERIFY(rank0.process.waitForFinished(120000));
    QVERIFY(rank1.waitForFinished(120000));
    QVERIFY2(rank0.process.exitCode() == 0, rank0.process.readAllStandardError().constData());
    QVERIFY2(rank1.exitCode() == 0, rank1.readAllStandardError().constData());
    QVERIFY2(rank1.readAllStandardOutput().isEmpty(), "rank 1 printed results");
    const QString gap = weightGap(one, dir.filePath("one.h4h.d/supernet.pt"), dir.filePath("two.h4h.d/supernet.pt"));
    QVERIFY2(gap.isEmpty(), qPrintable(gap));
  }

  void interruptedOnTwoRanksResumesOnOne() {
    QTemporaryDir dir;
    const QString reference = writeProject(dir, "ref.h4h", projectWith(1024, 2));
    const QString split = writeProject(dir, "split.h4h", projectWith(1024, 2));
    QVERIFY(runCli({"train", reference, "--threads", "1", "--quiet"}).exitCode == 0);
    QProcess launcher;
    launcher.start(QString::fromStdString(h4h::test::cliPath()),
                   {"train", split, "--nproc", "2", "--threads", "2", "--quiet"});
    // Ctrl-C once the first epoch's checkpoint exists (three epochs remain).
    QVERIFY(waitForFile(dir.filePath("split.h4h.d/runs/train-1/train_state.pt"), 120000));
    ::kill(static_cast<pid_t>(launcher.processId()), SIGINT);
    QVERIFY(launcher.waitForFinished(120000));
    const QString err = launcher.readAllStandardError();
    QVERIFY2(launcher.exitCode() == 130, qPrintable(err));
    const h4h::Project stopped = h4h::loadProjectOrThrow(split.toStdString());
    QCOMPARE(stopped.results.runs[0].status, h4h::RunStatus::Cancelled);
    QVERIFY(*stopped.results.runs[0].epochsDone < 4);
    auto resumed = runCli({"train", split, "--resume", "--threads", "1", "--quiet"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const QString gap = weightGap(reference, dir.filePath("ref.h4h.d/supernet.pt"), dir.filePath("split.h4h.d/supernet.pt"));
    QVERIFY2(gap.isEmpty(), qPrintable(gap));
    QCOMPARE(h4h::loadProjectOrThrow(split.toStdString()).results.runs[0].processes, std::optional<int>(1));
  }

  void aKilledRankIsNamedByTheOther_data() {
    QTest::addColumn<int>("killed");
    QTest::newRow("rank 1 killed") << 1;
    QTest::newRow("rank 0 killed") << 0;
  }
  void aKilledRankIsNamedByTheOther() {
    QFETCH(int, killed);
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", projectWith(4096, 4));
    const int port = h4h::freeLoopbackPort();
    constexpr double kTimeout = 30.0;
    Rank ranks[2];
    ranks[0].start(project, 0, port, kTimeout);
    ranks[1].start(project, 1, port, kTimeout);
    QVERIFY(waitForFile(dir.filePath("p.h4h.d/runs/train-1/train_state.pt"), 180000) ||
            ranks[0].process.state() == QProcess::Running);
    QTest::qWait(300);  // inside the second epoch's steps
    QElapsedTimer timer;
    timer.start();
    ::kill(static_cast<pid_t>(ranks[killed].process.processId()), SIGKILL);
    QProcess& survivor = ranks[1 - killed].process;
    QVERIFY(survivor.waitForFinished(static_cast<int>(kTimeout * 1000)));
    QVERIFY2(timer.elapsed() < kTimeout * 1000, qPrintable(QString::number(timer.elapsed())));
    const QString err = survivor.readAllStandardError();
    QVERIFY2(survivor.exitCode() != 0, qPrintable(err));
    QVERIFY2(err.contains(QString("rank %1 ").arg(killed)) && err.contains("stopped answering"), qPrintable(err));
    ranks[killed].process.waitForFinished(1000);
  }

  void searchWithAccuracyOnTwoRanksFindsTheSameFront() {
    QTemporaryDir dir;
    Json json = projectWith(256, 1);
    json["search"]["generations"] = 3;
    const QString one = writeProject(dir, "one.h4h", json);
    QVERIFY(runCli({"train", one, "--threads", "1", "--quiet"}).exitCode == 0);
    const QString two = writeProject(dir, "two.h4h", json);
    QVERIFY(QFile::copy(dir.filePath("one.h4h.d/supernet.pt"), (QDir(dir.filePath("two.h4h.d")).mkpath(".") ,
                                                                dir.filePath("two.h4h.d/supernet.pt"))));
    const QStringList search{"--objectives", "accuracy,latency", "--seed", "3", "--quiet"};
    auto single = runCli(QStringList{"search", one, "--threads", "1", "--csv", dir.filePath("one.csv")} + search);
    QVERIFY2(single.exitCode == 0, qPrintable(single.err));
    auto pair = runCli(QStringList{"search", two, "--nproc", "2", "--threads", "2", "--csv", dir.filePath("two.csv")} +
                       search);
    QVERIFY2(pair.exitCode == 0, qPrintable(pair.err));
    QFile a(dir.filePath("one.csv")), b(dir.filePath("two.csv"));
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray front = a.readAll();
    QVERIFY(front.count('\n') >= 2);  // a header and at least one arch
    QCOMPARE(b.readAll(), front);
    QCOMPARE(pair.out.count("archs on the front"), 1);  // rank 0 alone printed
  }

  void badDistributedSettingsExit2() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", projectWith(128, 1));
    auto uneven = runCli({"train", project, "--nproc", "3", "--threads", "3", "--quiet"});
    QCOMPARE(uneven.exitCode, 2);
    QVERIFY2(uneven.err.contains("data.batch_size") && uneven.err.contains("(32)"), qPrintable(uneven.err));
    // A second training of the same project: rank 0 is refused the project's lock, and
    // the launcher does not wait out the 300 s timeout for rank 1, still waiting to join.
    {
      const h4h::FileLock held = h4h::lockProjectJob(project.toStdString(), "train");
      QElapsedTimer timer;
      timer.start();
      auto locked = runCli({"train", project, "--nproc", "2", "--threads", "2", "--quiet"}, 60000);
      QCOMPARE(locked.exitCode, 2);
      QVERIFY2(locked.err.contains("rank 0") && timer.elapsed() < 40000, qPrintable(locked.err));
    }
    auto both = runCli({"train", project, "--nproc", "2", "--rank", "0"});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.err.contains("--rank") && both.err.contains("--nproc"), qPrintable(both.err));
    auto outside = runCli({"train", project, "--rank", "2", "--world-size", "2"});
    QCOMPARE(outside.exitCode, 2);
    QVERIFY2(outside.err.contains("--rank: must be in [0, 1]") && outside.err.contains("(2)"), qPrintable(outside.err));
  }
};

QTEST_MAIN(TestCliDistributed)
#include "test_cli_distributed.moc"
