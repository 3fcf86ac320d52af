// `h4h search`: the front saved into the project and reloaded, --csv, exact --resume
// (also after Ctrl-C), and bad input exiting 2 with the option named.

#include <QtTest>

#include <csignal>

#include <nlohmann/json.hpp>

#include "project/project_io.h"
#include "project/project_search_state.h"
#include "search/pareto_csv.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;
using Json = nlohmann::json;

namespace {
/// The demo project with a hardware-only search (no trained supernet here).
QString copyDemo(const QTemporaryDir& dir, const QString& name) {
  const QString path = dir.filePath(name);
  h4h::Project p = h4h::loadProjectOrThrow(h4h::test::projectPath("demo.h4h"));
  p.search.objectives = {"latency", "energy"};
  p.search.budgets.clear();
  h4h::saveProject(p, path.toStdString());
  return path;
}

std::string readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

/// Starts `h4h search ARGS` and returns once its stderr shows `mark` ("" = at once) or it
/// ended; what it printed so far is returned.
QString startSearchUntil(QProcess& proc, const QStringList& args, const QString& mark) {
  proc.setWorkingDirectory(QString::fromStdString(h4h::test::sourceDir()));
  proc.setReadChannel(QProcess::StandardError);
  proc.start(QString::fromStdString(h4h::test::cliPath()), QStringList{"search"} + args);
  QString err;
  if (!proc.waitForStarted()) return err;
  while (!mark.isEmpty() && !err.contains(mark) && proc.state() == QProcess::Running) {
    proc.waitForReadyRead(1000);
    err += proc.readAllStandardError();
  }
  return err;
}

h4h::ParetoFront paretoOf(const QString& path) {
  return h4h::loadProjectOrThrow(path.toStdString()).results.pareto;
}
}  // namespace

class TestCliSearch : public QObject {
  Q_OBJECT

private slots:
  void frontIsSavedAndReloaded() {
    QTemporaryDir dir;
    const QString project = copyDemo(dir, "demo.h4h");
    const QString csv = dir.filePath("front.csv");
    auto run = runCli({"search", project, "--generations", "3", "--population", "8", "--objectives",
                       "latency,energy,params", "--csv", csv});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("Pareto front"));
    for (int g = 0; g <= 3; ++g)
      QVERIFY2(run.err.contains(QString("generation %1/3: hypervolume").arg(g)), qPrintable(run.err));
    const h4h::Project p = h4h::loadProjectOrThrow(project.toStdString());
    QVERIFY(!p.results.pareto.empty());
    // The front and a summary in the file; every evaluation in the log beside it.
    QCOMPARE(p.results.search.generations, 3);
    const auto state = h4h::loadSearchState(p);
    QVERIFY(state && !p.results.searchState);
    QCOMPARE(static_cast<long long>(state->cache.size()), p.results.search.evaluations);
    QVERIFY(!Json::parse(readAll(project))["results"].contains("search_state"));
    // The typed front writes back exactly the rows the search wrote.
    QCOMPARE(h4h::paretoFrontToJson(p.results.pareto), Json::parse(readAll(project))["results"]["pareto"]);
    QCOMPARE(p.search.population, 8);  // the options are saved with the results
    QCOMPARE(p.search.objectives, (std::vector<std::string>{"latency", "energy", "params"}));
    for (const auto& record : p.results.pareto)
      for (const char* k : {"key", "latency_ms", "energy_mj", "params_m", "vit_mbconv_ratio",
                            "latency_improvement", "energy_improvement"})
        QVERIFY2(record.toJson().contains(k), k);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), h4h::paretoCsv(p.results.pareto));
  }

  void resumeEqualsUninterrupted() {
    QTemporaryDir dir;
    const QString straight = copyDemo(dir, "straight.h4h");
    const QString split = copyDemo(dir, "split.h4h");
    const QStringList common{"--population", "8", "--seed", "5", "--quiet"};
    QCOMPARE(runCli(QStringList{"search", straight, "--generations", "5"} + common).exitCode, 0);
    QCOMPARE(runCli(QStringList{"search", split, "--generations", "2"} + common).exitCode, 0);
    auto resumed = runCli({"search", split, "--generations", "5", "--resume", "--quiet"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(paretoOf(split), paretoOf(straight));
  }

  void interruptSavesAndResumes() {
    QTemporaryDir dir;
    const QString straight = copyDemo(dir, "straight.h4h");
    const QString stopped = copyDemo(dir, "stopped.h4h");
    const QStringList args{"--generations", "60", "--population", "8", "--seed", "2"};
    QCOMPARE(runCli(QStringList{"search", straight, "--quiet"} + args).exitCode, 0);

    QProcess proc;
    QString err = startSearchUntil(proc, QStringList{stopped} + args, "generation 1/60:");
    QVERIFY2(proc.state() == QProcess::Running, qPrintable(err));
    ::kill(static_cast<pid_t>(proc.processId()), SIGINT);
    QVERIFY(proc.waitForFinished(60000));
    err += proc.readAllStandardError();
    QVERIFY2(proc.exitCode() == 130, qPrintable(err.right(600)));
    QVERIFY2(err.contains("--resume"), qPrintable(err));
    const h4h::Project p = h4h::loadProjectOrThrow(stopped.toStdString());
    const int reached = h4h::loadSearchState(p)->generation();
    QVERIFY(reached >= 1 && reached < 60);

    auto resumed = runCli({"search", stopped, "--resume", "--quiet"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(paretoOf(stopped), paretoOf(straight));
  }

  /// kill -9 at any moment (here: at a few points of a running search, the project file
  /// written every few seconds, the log every generation) leaves a search that resumes
  /// and ends exactly as an uninterrupted one.
  void killNineResumesExactly_data() {
    QTest::addColumn<int>("generation");
    QTest::newRow("in generation 0") << 0;
    QTest::newRow("after generation 2") << 2;
    QTest::newRow("after generation 9") << 9;
  }
  void killNineResumesExactly() {
    QFETCH(int, generation);
    QTemporaryDir dir;
    const QString straight = copyDemo(dir, "straight.h4h");
    const QString killed = copyDemo(dir, "killed.h4h");
    const QStringList args{"--generations", "40", "--population", "8", "--seed", "5"};
    QCOMPARE(runCli(QStringList{"search", straight, "--quiet"} + args).exitCode, 0);
    // A first, finished search: a kill during the next one must not lose it.
    QCOMPARE(runCli(QStringList{"search", killed, "--quiet", "--generations", "1", "--seed", "5",
                                "--population", "8"}).exitCode, 0);

    QProcess proc;
    startSearchUntil(proc, QStringList{killed} + args,
                     generation > 0 ? QString("generation %1/40:").arg(generation) : QString());
    ::kill(static_cast<pid_t>(proc.processId()), SIGKILL);
    QVERIFY(proc.waitForFinished(60000));

    auto resumed = runCli({"search", killed, "--resume", "--quiet", "--generations", "40"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(paretoOf(killed), paretoOf(straight));
  }

  /// A version-1 file with the whole state in results.search_state resumes, and the
  /// save moves the state into a log in the side folder.
  void versionOneStateResumesAndMigrates() {
    QTemporaryDir dir;
    const QString straight = copyDemo(dir, "straight.h4h");
    const QString old = copyDemo(dir, "old.h4h");
    QCOMPARE(runCli({"search", straight, "--quiet", "--generations", "6", "--population", "8"}).exitCode, 0);
    QCOMPARE(runCli({"search", old, "--quiet", "--generations", "2", "--population", "8"}).exitCode, 0);
    // Rewrite it as version 1 wrote it: the whole state inline, no log.
    h4h::Project p = h4h::loadProjectOrThrow(old.toStdString());
    Json doc = Json::parse(readAll(old));
    doc["results"].erase("search");
    doc["results"]["search_state"] = h4h::searchStateToJson(*h4h::loadSearchState(p));
    QDir(QString::fromStdString(p.artifactDir())).removeRecursively();
    {
      QFile f(old);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write(QByteArray::fromStdString(doc.dump(2)));
    }
    QVERIFY(h4h::loadProjectOrThrow(old.toStdString()).results.hasSearchState());
    auto resumed = runCli({"search", old, "--resume", "--quiet", "--generations", "6"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(paretoOf(old), paretoOf(straight));
    const Json after = Json::parse(readAll(old));
    QVERIFY(!after["results"].contains("search_state"));
    QCOMPARE(after["results"]["search"]["generations"].get<int>(), 6);
  }

  void badInputExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown objective") << QStringList{"--objectives", "latency,speed"}
                                       << "--objectives[1]: unknown objective";
    QTest::newRow("population") << QStringList{"--population", "1"} << "--population: must be in [2, 100000] (1)";
    QTest::newRow("nothing to resume") << QStringList{"--resume"} << "results.search: no saved search";
    QTest::newRow("accuracy without supernet") << QStringList{"--objectives", "accuracy,latency"}
                                               << "no trained supernet";
  }
  void badInputExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString project = copyDemo(dir, "demo.h4h");
    auto run = runCli(QStringList{"search", project} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
  }

  void resumeRefusesChangedSettings() {
    QTemporaryDir dir;
    const QString project = copyDemo(dir, "demo.h4h");
    QCOMPARE(runCli({"search", project, "--generations", "1", "--population", "8", "--quiet"}).exitCode, 0);
    auto run = runCli({"search", project, "--resume", "--seed", "9"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("the saved search used other settings (seed)"),
             qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliSearch)
#include "test_cli_search.moc"
