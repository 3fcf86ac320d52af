// `h4h schedule`: totals and exports of one arch, the --sample table, and bad input.
// Runs the built h4h binary (tests/support/cli_runner.h).

#include <QtTest>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include "project/project_io.h"
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
  void npuMemoryInTextAndJson();
  void npuMemoryWarningWhenWeightsExceedSram();
  void sampleTable();
  void badInput_data();
  void badInput();
  void writeErrorsExitTwo_data();
  void writeErrorsExitTwo();
  void searchCsvWriteError();
  void npuOnlyProject();
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
  bool baseline = false;  // the NPU-only schedule as a process of its own
  for (const Json& e : t.at("traceEvents"))
    baseline |= e.at("ph") == "M" && e.at("name") == "process_name" && e.at("pid") == 2 &&
                e.at("args").at("name") == "NPU-only baseline";
  QVERIFY(baseline);
}

void TestSchedCli::npuMemoryInTextAndJson() {
  QTemporaryDir dir;
  const QString json = dir.filePath("s.json");
  // The energy objective moves layers to the CIM, so the schedule's NPU traffic differs.
  const test::CliRun run = test::runCli({"schedule", "projects/demo.h4h", "--arch", "max", "--objective", "energy",
                                         "--json", json});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  QVERIFY2(run.out.contains("NPU memory: shared_sram (SRAM 2.10 MB, weights "), qPrintable(run.out));
  QVERIFY2(run.out.contains("with every layer on the NPU; DRAM "), qPrintable(run.out));
  QVERIFY2(!run.err.contains("warning"), qPrintable(run.err));
  const Json memory = readJson(json).at("npu_memory");
  QCOMPARE(memory.at("memory_mode").get<std::string>(), std::string("shared_sram"));
  QVERIFY(memory.at("fits").get<bool>());
  // shared_sram streams every weight from DRAM once per frame.
  const auto npuOnlyWeights = memory.at("weight_dram_bytes_per_frame").at("npu_only").get<std::int64_t>();
  QCOMPARE(npuOnlyWeights, memory.at("weight_bytes").get<std::int64_t>());
  QVERIFY(memory.at("weight_dram_bytes_per_frame").at("scheduled").get<std::int64_t>() < npuOnlyWeights);

  // The same DRAM bytes per frame as `h4h profile`'s per-layer column adds up to.
  const test::CliRun profile = test::runCli({"profile", "projects/demo.h4h", "--arch", "max", "--quiet"});
  QVERIFY2(profile.exitCode == 0, qPrintable(profile.err));
  const QStringList lines = profile.out.split('\n', Qt::SkipEmptyParts);
  const int column = lines.front().split(',').indexOf("npu_dram_bytes");
  QVERIFY(column >= 0);
  std::int64_t sum = 0;
  for (int i = 1; i < lines.size(); ++i) sum += lines[i].split(',').at(column).toLongLong();
  QVERIFY(sum > 0);
  QCOMPARE(memory.at("dram_bytes_per_frame").at("npu_only").get<std::int64_t>(), sum);
}

void TestSchedCli::npuMemoryWarningWhenWeightsExceedSram() {
  QTemporaryDir dir;
  Json project = readJson(QString::fromStdString(test::projectPath("demo.h4h")));
  project["hardware"] = Json{{"npu", {{"memory_mode", "sram_only"}, {"sram_bytes", 4096}}}};
  const QString path = dir.filePath("small_sram.h4h");
  std::ofstream(path.toStdString()) << project.dump(1);
  const test::CliRun run = test::runCli({"schedule", path, "--arch", "max"});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  QVERIFY2(run.out.contains("NPU memory: sram_only (SRAM 4.1 kB, weights "), qPrintable(run.out));
  QVERIFY2(run.err.contains("warning: sram_only: weights "), qPrintable(run.err));
  QVERIFY2(run.err.contains("of weights are costed as streamed from DRAM"), qPrintable(run.err));
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

void TestSchedCli::writeErrorsExitTwo_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("stdoutFile");
  QTest::addColumn<QString>("message");
  const QStringList schedule = {"schedule", "projects/demo.h4h", "--arch", "min"};
  QTest::newRow("--json") << (schedule + QStringList{"--json", "/dev/full"}) << QString()
                          << "h4h schedule: cannot write /dev/full: No space left on device";
  QTest::newRow("--csv") << (schedule + QStringList{"--csv", "/dev/full"}) << QString()
                         << "h4h schedule: cannot write /dev/full: No space left on device";
  QTest::newRow("--trace") << (schedule + QStringList{"--trace", "/dev/full"}) << QString()
                           << "h4h schedule: cannot write /dev/full: No space left on device";
  QTest::newRow("schedule stdout") << schedule << "/dev/full"
                                   << "h4h schedule: cannot write standard output: No space left on device";
  QTest::newRow("layers stdout") << QStringList{"layers", "projects/demo.h4h", "--quiet"} << "/dev/full"
                                 << "h4h layers: cannot write standard output: No space left on device";
  QTest::newRow("profile stdout") << QStringList{"profile", "projects/demo.h4h", "--quiet"} << "/dev/full"
                                  << "h4h profile: cannot write standard output: No space left on device";
  QTest::newRow("validate stdout") << QStringList{"validate", "projects/demo.h4h"} << "/dev/full"
                                   << "h4h validate: cannot write standard output: No space left on device";
  QTest::newRow("space stdout") << QStringList{"space", "projects/demo.h4h"} << "/dev/full"
                                                  << "h4h space: cannot write standard output: No space left on device";
  QTest::newRow("help stdout") << QStringList{"--help"} << "/dev/full"
                               << "h4h: cannot write standard output";
  QTest::newRow("command help stdout") << QStringList{"schedule", "--help"} << "/dev/full"
                                       << "h4h: cannot write standard output";
}

void TestSchedCli::writeErrorsExitTwo() {
  QFETCH(QStringList, args);
  QFETCH(QString, stdoutFile);
  QFETCH(QString, message);
  if (!QFileInfo::exists("/dev/full")) QSKIP("no /dev/full on this system");
  const test::CliRun run = test::runCli(args, 120000, stdoutFile);
  QVERIFY2(run.exitCode == 2, qPrintable(QString::number(run.exitCode) + ": " + run.err));
  QVERIFY2(run.err.contains(message), qPrintable(run.err));
  // A path that cannot be opened (a missing folder) is the user's mistake: exit 2.
  if (stdoutFile.isEmpty()) {
    QStringList missing = args;
    missing.replaceInStrings("/dev/full", "/nonexistent-h4h-dir/out.txt");
    const test::CliRun bad = test::runCli(missing);
    QVERIFY2(bad.exitCode == 2, qPrintable(bad.err));
    QVERIFY2(bad.err.contains("cannot write /nonexistent-h4h-dir/out.txt: No such file or directory"), qPrintable(bad.err));
  }
}

void TestSchedCli::searchCsvWriteError() {
  if (!QFileInfo::exists("/dev/full")) QSKIP("no /dev/full on this system");
  QTemporaryDir dir;
  const QString project = dir.filePath("demo.h4h");
  Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
  p.search.objectives = {"latency", "energy"};
  p.search.budgets.clear();
  saveProject(p, project.toStdString());
  const test::CliRun run = test::runCli({"search", project, "--generations", "0", "--population", "4", "--quiet",
                                         "--csv", "/dev/full"});
  QVERIFY2(run.exitCode == 2, qPrintable(QString::number(run.exitCode) + ": " + run.err));
  QVERIFY2(run.err.contains("h4h search: cannot write /dev/full: No space left on device"), qPrintable(run.err));
}

// An NPU-only project (hardware.cim.macros = 0): every CIM option unsupported with its
// reason in the profile, and a schedule with its baselines.
void TestSchedCli::npuOnlyProject() {
  QTemporaryDir dir;
  Json project = Json::parse(test::fileText(test::projectPath("demo.h4h")));
  project["hardware"] = Json{{"preset", "npu_only"}};
  const QString path = dir.filePath("npu_only.h4h");
  writeFileAtomically(path.toStdString(), project.dump(2));

  test::CliRun run = test::runCli({"validate", path});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  run = test::runCli({"profile", path, "--arch", "max"});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  const QStringList lines = run.out.trimmed().split('\n');
  QVERIFY(lines.size() > 2);
  const QStringList header = lines[0].split(',');
  const int supported = header.indexOf("cim_supported");
  QVERIFY(supported >= 0);
  for (int i = 1; i < lines.size(); ++i) {
    QCOMPARE(lines[i].split(',')[supported], QString("0"));
    QVERIFY2(lines[i].contains("NPU-only system"), qPrintable(lines[i]));
  }
  run = test::runCli({"schedule", path, "--arch", "max", "--frames", "2"});
  QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  QVERIFY2(run.out.contains("npu-only"), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(TestSchedCli)
#include "test_sched_cli.moc"
