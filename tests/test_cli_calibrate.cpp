// `h4h profile --network` (bundled reference networks) and `h4h calibrate` (the model
// beside Arm Vela's CSVs): exit codes, stdout/stderr as the other commands, every
// malformed input named. Vela fixtures: tests/data/vela/ (hand-made, synthetic numbers).

#include <QtTest>

#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;

namespace {
QString fixture(const char* name) { return QString::fromStdString(h4h::test::dataDir() + "/vela/" + name); }
}  // namespace

class TestCliCalibrate : public QObject {
  Q_OBJECT

private slots:
  void profileNetworkWithoutProject() {
    const auto run = runCli({"profile", "--network", "mobilenet_v2"});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.split('\n', Qt::SkipEmptyParts).size(), 1 + 64);  // header + every layer
    QVERIFY2(run.err.contains("network mobilenet_v2 (MobileNetV2-1.0 (224)) @224: 64 layers on 1x32x8 ws NPU"),
             qPrintable(run.err));
  }

  void profileNetworkWithProjectAndPreset() {
    const auto run = runCli({"profile", "projects/demo.h4h", "--network", "mobilenet_v2", "--npu-preset",
                             "ethos_u65_512", "--quiet"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("id,block,kind"));
    QCOMPARE(run.out.split('\n', Qt::SkipEmptyParts).size(), 65);
    QVERIFY(run.err.isEmpty());
  }

  void profileNetworkErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringList{"--network", "resnet50"}
                             << "h4h profile: unknown network 'resnet50'; available: mobilenet_v2";
    QTest::newRow("with topology") << QStringList{"--network", "mobilenet_v2", "--topology", "t.csv"}
                                   << "h4h profile: --topology and --network cannot be combined";
    QTest::newRow("with arch") << QStringList{"projects/demo.h4h", "--network", "mobilenet_v2", "--arch", "max"}
                               << "h4h profile: --network and --arch cannot be combined";
    QTest::newRow("nothing") << QStringList{}
                             << "h4h profile: missing PROJECT argument (or --network NAME, --topology FILE)";
  }

  void profileNetworkErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto run = runCli(QStringList{"profile"} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }

  void calibrateMobileNetV2() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("cmp.csv");
    const auto run = runCli({"calibrate", "--network", "mobilenet_v2", "--vela",
                             fixture("mobilenet_v2_per-layer.csv"), "--summary",
                             fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv"), "--csv", csv});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));  // the fixture's settings are the preset's
    for (const char* part : {"Model vs Vela: network mobilenet_v2", "Matched 64 of 64 layers to Vela rows; 64 with the "
                             "same MAC count are compared", "SOFTMAX/Softmax 'Identity': no layer of a matching kind",
                             "  compute  median ", "  memory   median ", "  total    median ",
                             "Network totals beside", "DRAM bytes per inference", "Ethos_U65_256, Ethos_U65_High_End, "
                             "Shared_Sram"})
      QVERIFY2(run.out.contains(part), part);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 65);
    QVERIFY(lines[0].startsWith("layer,block,kind,vela_lines"));
  }

  void calibrateTopologyWithSplitAndWarnings() {
    // The spellings before DESIGN's --vela / --summary, still accepted.
    const auto run = runCli({"calibrate", "--topology", fixture("small_topology.csv"), "--vela-per-layer",
                             fixture("small_per-layer.csv"), "--npu-preset", "ethos_u65_512", "--vela-summary",
                             fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("split by Vela into 2 rows"), qPrintable(run.out));
    QVERIFY2(run.out.contains("PAD/Pad 'pad, before dw1': no layer"), qPrintable(run.out));
    QVERIFY2(run.err.contains("warning: Vela compiled for Ethos_U65_256 (256 MACs/cycle); the model's NPU has 512"),
             qPrintable(run.err));
    QVERIFY2(run.err.contains("are the two files from the same Vela run?"), qPrintable(run.err));
  }

  void calibrateErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no per-layer") << QStringList{"--network", "mobilenet_v2"}
                                  << "h4h calibrate: missing --vela PER_LAYER.csv";
    QTest::newRow("no network") << QStringList{"--vela", fixture("small_per-layer.csv")}
                                << "h4h calibrate: missing PROJECT argument";
    QTest::newRow("missing file") << QStringList{"--network", "mobilenet_v2", "--vela", "/nonexistent.csv"}
                                  << "h4h calibrate: /nonexistent.csv: no such file";
    QTest::newRow("summary as per-layer")
        << QStringList{"--network", "mobilenet_v2", "--vela-per-layer",
                       fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv")}
        << "h4h calibrate: " + fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv") +
               ":1: not a Vela per-layer CSV header";
    QTest::newRow("per-layer as summary")
        << QStringList{"--network", "mobilenet_v2", "--vela", fixture("small_per-layer.csv"),
                       "--summary", fixture("small_per-layer.csv")}
        << "h4h calibrate: " + fixture("small_per-layer.csv") + ":1: missing column 'network' of Vela's summary CSV";
    QTest::newRow("unknown option") << QStringList{"--network", "mobilenet_v2", "--vela-layers", "x.csv"}
                                    << "h4h calibrate: unknown option --vela-layers";
    QTest::newRow("name and alias")
        << QStringList{"--network", "mobilenet_v2", "--vela", "a.csv", "--vela-per-layer", "b.csv"}
        << "h4h calibrate: --vela and --vela-per-layer are the same option: give one";
  }

  void calibrateHelpNamesDesignsOptions() {
    const auto run = runCli({"calibrate", "--help"});
    QCOMPARE(run.exitCode, 0);
    for (const char* part : {"--vela PER_LAYER.csv [--summary SUMMARY.csv]", "(also --vela-per-layer)",
                             "(also --vela-summary)"})
      QVERIFY2(run.out.contains(part), qPrintable(run.out));
  }

  void calibrateErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto run = runCli(QStringList{"calibrate"} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }
};

QTEST_APPLESS_MAIN(TestCliCalibrate)
#include "test_cli_calibrate.moc"
