// `h4h schedule`: totals and exports of one arch, the --sample table, and bad input.
// Runs the built h4h binary (tests/support/cli_runner.h).

#include <QtTest>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include "sched/schedule_export.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

Json readJson(const QString& path) {
  std::ifstream in(path.toStdString());
  std::stringstream s;
  s << in.rdbuf();
  return Json::parse(s.str());
}

}  // namespace

class TestSchedCli : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void oneArchWithExports();
  void sampleTable();
  void badInput_data();
  void badInput();
};

void TestSchedCli::initTestCase() {
  QVERIFY2(QFileInfo::exists(QString::fromStdString(test::cliPath())),
           "the h4h binary is not built (build the h4h target first)");
}

void TestSchedCli::oneArchWithExports() {
  QTemporaryDir dir;
  const QString json = dir.filePath("s.json"), csv = dir.filePath("s.csv"), trace = dir.filePath("s.trace.json");
  const test::CliRun run = test::runCli({"schedule", "projects/demo.h4h", "--arch", "max", "--frames", "3",
                                         "--objective", "energy", "--json", json, "--csv", csv, "--trace", trace});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  for (const char* needle : {"objective energy", "heterogeneous", "npu-only", "cim-only", "greedy", "pipeline: 3 frames"})
    QVERIFY2(run.out.contains(needle), qPrintable(run.out));
  const Schedule s = scheduleFromJsonOrThrow(readJson(json));
  QCOMPARE(s.frames, 3);
  QCOMPARE(s.objective, Objective::Energy);
  QCOMPARE(s.baselines.size(), std::size_t{3});
  QVERIFY(!s.tasks.empty());
  QVERIFY(s.arch.rfind("r", 0) == 0);
  std::ifstream csvIn(csv.toStdString());
  std::string line;
  std::size_t rows = 0;
  while (std::getline(csvIn, line)) ++rows;
  QCOMPARE(rows, s.tasks.size() + 1);
  const Json t = readJson(trace);
  QVERIFY(t.at("traceEvents").is_array());
  QVERIFY(t.at("traceEvents").size() > s.tasks.size());
}

void TestSchedCli::sampleTable() {
  const QStringList args{"schedule", "projects/demo.h4h", "--sample", "12", "--seed", "5"};
  const test::CliRun a = test::runCli(args);
  QVERIFY2(a.exitCode == 0, qPrintable(a.err));
  for (const char* needle : {"sampled 12 archs", "latency", "energy", "average", "best", "worst", "archs using the CIM", "dwconv"})
    QVERIFY2(a.out.contains(needle), qPrintable(a.out));
  const test::CliRun b = test::runCli(args);
  QCOMPARE(b.out, a.out);  // deterministic for a seed
}

void TestSchedCli::badInput_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("message");
  QTest::newRow("objective") << QStringList{"--objective", "speed"} << "--objective: must be latency, energy or edp (speed)";
  QTest::newRow("sample+arch") << QStringList{"--sample", "3", "--arch", "max"} << "--sample and --arch cannot be combined";
  QTest::newRow("sample+trace") << QStringList{"--sample", "3", "--trace", "x.json"} << "--trace does not apply to --sample";
  QTest::newRow("arch") << QStringList{"--arch", "not-a-key"} << "arch";
}

void TestSchedCli::badInput() {
  QFETCH(QStringList, args);
  QFETCH(QString, message);
  const test::CliRun run = test::runCli(QStringList{"schedule", "projects/demo.h4h"} + args);
  QCOMPARE(run.exitCode, 2);
  QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestSchedCli)
#include "test_sched_cli.moc"
