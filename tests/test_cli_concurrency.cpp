// Several `h4h` processes on one project file: a second job of the same kind refuses
// at start naming the other's pid, `search` and `train` running together both keep
// their results, saves go through a symlink, and a read-only project or side folder
// is refused before a long job starts (exit 2).

#include <QtTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "project/project_io.h"
#include "project/project_search_state.h"
#include "support/cli_runner.h"
#include "support/tiny_project.h"
#include "support/test_paths.h"

using h4h::test::runCli;
using h4h::test::tinyProject;
using h4h::test::writeProject;
using Json = nlohmann::json;

namespace {

/// Starts h4h in the background.
void startCli(QProcess& proc, const QStringList& args) {
  proc.setWorkingDirectory(QString::fromStdString(h4h::test::sourceDir()));
  proc.start(QString::fromStdString(h4h::test::cliPath()), args);
}

/// Waits until `proc` holds the `job` lock of `project` (its pid is in the lock file).
bool waitForJobLock(QProcess& proc, const QString& project, const QString& job) {
  const QFileInfo info(project);
  const QString lock = info.absolutePath() + "/." + info.fileName() + "." + job + ".lock";
  const QByteArray expected = QByteArray::number(proc.processId()) + " " + job.toUtf8();
  for (int i = 0; i < 6000 && proc.state() == QProcess::Running; ++i) {
    QFile f(lock);
    if (f.open(QIODevice::ReadOnly) && f.readAll().startsWith(expected)) return true;
    QTest::qWait(10);
  }
  return false;
}

int stop(QProcess& proc) {
  ::kill(static_cast<pid_t>(proc.processId()), SIGINT);
  if (!proc.waitForFinished(120000)) {
    proc.kill();
    proc.waitForFinished();
    return -1;
  }
  return proc.exitCode();
}

}  // namespace

class TestCliConcurrency : public QObject {
  Q_OBJECT

private slots:
  void secondSearchRefuses() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(64, 1));
    QProcess first;
    startCli(first, {"search", project, "--generations", "1000000", "--quiet"});
    QVERIFY(first.waitForStarted());
    QVERIFY2(waitForJobLock(first, project, "search"), first.readAllStandardError().constData());
    const auto second = runCli({"search", project, "--generations", "2", "--quiet"});
    QCOMPARE(second.exitCode, 2);
    QVERIFY2(second.err.contains("another `h4h search` is running"), qPrintable(second.err));
    QVERIFY2(second.err.contains(QString("pid %1").arg(first.processId())), qPrintable(second.err));
    QVERIFY2(second.err.contains("p.h4h"), qPrintable(second.err));
    QCOMPARE(stop(first), 130);
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QVERIFY(p.results.hasSearchState());  // the first one's results are there
    // Released when it ended: a new search runs.
    QCOMPARE(runCli({"search", project, "--generations", "1", "--quiet"}).exitCode, 0);
  }

  void secondTrainRefuses() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(4096, 50));
    QProcess first;
    startCli(first, {"train", project, "--threads", "1", "--quiet"});
    QVERIFY(first.waitForStarted());
    QVERIFY2(waitForJobLock(first, project, "train"), first.readAllStandardError().constData());
    const auto second = runCli({"train", project, "--threads", "1", "--quiet"});
    QCOMPARE(second.exitCode, 2);
    QVERIFY2(second.err.contains("another `h4h train` is running"), qPrintable(second.err));
    QVERIFY2(second.err.contains(QString("pid %1").arg(first.processId())), qPrintable(second.err));
    QCOMPARE(stop(first), 130);
  }

  void searchAndTrainBothKeepTheirResults() {
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(128, 1));
    QProcess search;
    startCli(search, {"search", project, "--generations", "1000000", "--quiet"});
    QVERIFY(search.waitForStarted());
    QVERIFY2(waitForJobLock(search, project, "search"), search.readAllStandardError().constData());
    // Training starts while the search saves every generation, and ends before it.
    const auto train = runCli({"train", project, "--threads", "1", "--quiet"});
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    QVERIFY2(search.state() == QProcess::Running, search.readAllStandardError().constData());
    QCOMPARE(stop(search), 130);
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QCOMPARE(p.results.runs.size(), std::size_t{1});
    QCOMPARE(p.results.runs[0].status, h4h::RunStatus::Finished);
    QVERIFY(p.results.hasSearchState());
    QVERIFY(!p.results.pareto.empty());
    QVERIFY(h4h::loadSearchState(p)->generation() >= 1);
  }

  void savesGoThroughASymlink() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("real"));
    const QString target = writeProject(dir, "real/p.h4h", tinyProject(64, 1));
    const QString link = dir.filePath("link.h4h");
    QVERIFY(QFile::link("real/p.h4h", link));
    QVERIFY(::chmod(target.toLocal8Bit().constData(), 0600) == 0);
    const auto run = runCli({"search", link, "--generations", "1", "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(h4h::loadProjectOrThrow(target.toStdString()).results.hasSearchState());
    struct stat st {};
    QVERIFY(::stat(target.toLocal8Bit().constData(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, mode_t{0600});
  }

  void readOnlyIsRefusedBeforeTheJob_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("what");  // "file", "folder" or "side"
    QTest::addColumn<QString>("expected");
    QTest::newRow("search, read-only file") << "search" << "file" << "is read-only (mode 0444)";
    QTest::newRow("train, read-only file") << "train" << "file" << "is read-only (mode 0444)";
    QTest::newRow("run, read-only file") << "run" << "file" << "is read-only (mode 0444)";
    QTest::newRow("train, read-only side folder") << "train" << "side" << "side folder is read-only";
    QTest::newRow("train, read-only folder") << "train" << "folder" << "the folder is read-only";
  }
  void readOnlyIsRefusedBeforeTheJob() {
    QFETCH(QString, command);
    QFETCH(QString, what);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString project = writeProject(dir, "p.h4h", tinyProject(64, 1));
    const QByteArray before = [&] {
      QFile f(project);
      f.open(QIODevice::ReadOnly);
      return f.readAll();
    }();
    if (what == "file") {
      QVERIFY(::chmod(project.toLocal8Bit().constData(), 0444) == 0);
    } else if (what == "folder") {
      QVERIFY(::chmod(dir.path().toLocal8Bit().constData(), 0555) == 0);
    } else {
      QVERIFY(QDir(dir.path()).mkdir("p.h4h.d"));
      QVERIFY(::chmod((project + ".d").toLocal8Bit().constData(), 0555) == 0);
    }
    const auto run = runCli({command, project, "--quiet"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QFile f(project);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    QVERIFY(!QFileInfo::exists(project + ".d/train_status.json"));  // no epoch ran
    ::chmod(dir.path().toLocal8Bit().constData(), 0755);
  }
};

QTEST_GUILESS_MAIN(TestCliConcurrency)
#include "test_cli_concurrency.moc"
