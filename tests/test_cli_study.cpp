// `h4h study`: the quick `system`, `compute-units` and `tpi` studies of a tiny project
// through the CLI (folder with study.md, CSVs and PNGs drawn with the studio's plots, the
// record in the project, the headline table on stdout; tpi's supernets reused by a second
// run), and bad input exiting 2 with a message naming the argument (--budget included).

#include <QtTest>

#include <nlohmann/json.hpp>

#include "project/project_io.h"
#include "support/cli_runner.h"
#include "support/tiny_project.h"

using h4h::test::runCli;

class TestCliStudy : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  QString m_project;

private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_project = h4h::test::writeProject(m_dir, "tiny.h4h", h4h::test::tinyProject(64, 1));
    QVERIFY(!m_project.isEmpty());
  }

  void systemStudyWritesItsFolderAndRecord() {
    const QString out = m_dir.filePath("system");
    const auto run = runCli({"study", m_project, "system", "--quick", "--out", out, "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    for (const char* f : {"study.md", "systems.csv", "ablations.csv", "reductions.png", "per_arch.png", "ablations.png"})
      QVERIFY2(QFileInfo(QDir(out).filePath(f)).size() > 0, f);
    QVERIFY(run.out.contains("latency reduction, average, found archs"));
    QVERIFY(run.out.contains("study: " + out));
    const h4h::Project p = h4h::loadProjectOrThrow(m_project.toStdString());
    QCOMPARE(p.results.studies.size(), std::size_t(1));
    QCOMPARE(p.results.studies[0].folder, std::string("system"));
    QCOMPARE(p.results.studies[0].status, std::string("finished"));

    const auto again = runCli({"study", m_project, "system", "--quick", "--out", out});
    QCOMPARE(again.exitCode, 2);  // a finished folder is never written over
    QVERIFY2(again.err.contains("--out"), qPrintable(again.err));
  }

  void computeUnitsStudyDrawsItsPlot() {
    const QString out = m_dir.filePath("units");
    const auto run = runCli({"study", m_project, "compute-units", "--quick", "--out", out, "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(QFileInfo(QDir(out).filePath("compute_units.csv")).size() > 0);
    QVERIFY(QFileInfo(QDir(out).filePath("compute_units.png")).size() > 0);
  }

  void tpiStudyTrainsAndResumes() {
    const QString out = m_dir.filePath("tpi");
    const auto run = runCli({"study", m_project, "tpi", "--quick", "--seeds", "1", "--out", out, "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    for (const char* f : {"study.md", "tpi.csv", "paired.csv", "phase1.csv", "supernets.csv", "paired.png", "phase1.png"})
      QVERIFY2(QFileInfo(QDir(out).filePath(f)).size() > 0, f);
    QVERIFY(run.out.contains("tpi-freeze - CNN-only, hybrid min net top-1"));
    // The same design again: every supernet is reused from the work folder.
    const auto again = runCli({"study", m_project, "tpi", "--quick", "--seeds", "1", "--out", out + "2"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.err.contains("6 of 6 supernets already trained"), qPrintable(again.err));
    QCOMPARE(QFileInfo(QDir(out + "2").filePath("tpi.csv")).size(), QFileInfo(QDir(out).filePath("tpi.csv")).size());

    const auto budget = runCli({"study", m_project, "tpi", "--budget", "huge"});
    QCOMPARE(budget.exitCode, 2);
    QVERIFY2(budget.err.contains("--budget") && budget.err.contains("huge"), qPrintable(budget.err));
    const auto both = runCli({"study", m_project, "tpi", "--quick", "--budget", "full"});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.err.contains("--budget: --quick already chooses"), qPrintable(both.err));
    const auto none = runCli({"study", m_project, "system", "--budget", "full"});
    QCOMPARE(none.exitCode, 2);
    QVERIFY2(none.err.contains("--budget: the system study has no budgets"), qPrintable(none.err));
  }

  void badInputExitsTwoNamingTheArgument() {
    const auto unknown = runCli({"study", m_project, "speed"});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("NAME: unknown study \"speed\" (expected system, compute-units"),
             qPrintable(unknown.err));
    const auto missing = runCli({"study", m_project});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("missing NAME"), qPrintable(missing.err));
    const auto seeds = runCli({"study", m_project, "system", "--seeds", "0"});
    QCOMPARE(seeds.exitCode, 2);
    QVERIFY2(seeds.err.contains("--seeds"), qPrintable(seeds.err));
  }
};

QTEST_GUILESS_MAIN(TestCliStudy)
#include "test_cli_study.moc"
