// Arm Vela's CSV reports (hw/vela_csv.h) and the model-vs-Vela comparison
// (hw/calibration.h). The fixtures in tests/data/vela/ are hand-made in Vela's formats
// with synthetic numbers (see their README): they test parsing, matching and the
// statistics, not the model's accuracy.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "hw/calibration.h"
#include "hw/calibration_csv.h"
#include "hw/npu_model.h"
#include "hw/presets.h"
#include "hw/reference_networks.h"
#include "hw/scalesim_topology.h"
#include "hw/vela_csv.h"
#include "support/test_paths.h"
#include "util/errors.h"

using namespace h4h;

namespace {

std::string fixture(const std::string& name) { return test::dataDir() + "/vela/" + name; }

const char* kHeader =
    "TFLite_operator,NNG Operator,SRAM Usage,Peak%,Op Cycles,Network%,NPU,SRAM AC,DRAM AC,OnFlash AC,"
    "OffFlash AC,MAC Count,Network%,Util%,Name\n";

/// A per-layer row with the given operator, cycles and MACs (other columns filler).
std::string velaRow(const std::string& op, const std::string& nng, double npu, double sram, double dram,
                    long long macs, const std::string& name) {
  std::ostringstream s;
  s << std::setprecision(17) << op << ',' << nng << ",100,1.0," << std::max({npu, sram, dram}) << ",1.0," << npu << ',' << sram << ','
    << dram << ",0.0,0.0," << macs << ",1.0,1.0," << name << "\n";
  return s.str();
}

std::vector<Layer> smallTopology() { return loadScaleSimTopology(fixture("small_topology.csv")); }

NpuConfig u65() { return loadNpuPreset("ethos_u65_256"); }

}  // namespace

class TestHwVela : public QObject {
  Q_OBJECT

private slots:
  void perLayerFixture();
  void summaryFixture();
  void perLayerErrors_data();
  void perLayerErrors();
  void summaryErrors_data();
  void summaryErrors();
  void missingFileNamed();
  void matchesSplitsAndReportsUnmatched();
  void macMismatchKeptInOrderButNotCompared();
  void extraVelaOpNeverShiftsTheRest();
  void layerWithoutVelaRow();
  void medianAndWorstRatio();
  void mobileNetV2FixtureAligns();
  void summaryTotalsAndWarnings();
  void comparisonCsv();
};

void TestHwVela::perLayerFixture() {
  // CRLF line ends, the header again for a second subgraph, a quoted name with a comma.
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("small_per-layer.csv"));
  QCOMPARE(v.rows.size(), std::size_t(5));
  QCOMPARE(v.rows[0].line, 2);
  QCOMPARE(v.rows[0].sourceOperator, std::string("CONV_2D"));
  QCOMPARE(v.rows[0].npuOperator, std::string("Conv2DBias"));
  QCOMPARE(v.rows[0].name, std::string("conv1"));
  QCOMPARE(v.rows[0].opCycles, 2000.0);
  QCOMPARE(v.rows[0].npuCycles, 2000.0);
  QCOMPARE(v.rows[0].sramAccessCycles, 1500.0);
  QCOMPARE(v.rows[0].macs, std::int64_t(294912));
  QCOMPARE(v.rows[1].name, std::string("pad, before dw1"));
  QCOMPARE(v.rows[2].line, 5);  // line 4 is the second header
  QCOMPARE(v.rows[3].sourceOperator, std::string("UNKNOWN"));
  QCOMPARE(v.rows[4].dramAccessCycles, 640.0);
  QCOMPARE(v.rows[4].memoryCycles(), 1200.0);
}

void TestHwVela::summaryFixture() {
  const VelaSummary s = loadVelaSummaryCsv(fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv"));
  QCOMPARE(s.network, std::string("mobilenet_v2"));
  QCOMPARE(s.acceleratorConfiguration, std::string("Ethos_U65_256"));
  QCOMPARE(s.acceleratorMacsPerCycle(), 256);
  QCOMPARE(s.systemConfig, std::string("Ethos_U65_High_End"));
  QCOMPARE(s.memoryMode, std::string("Shared_Sram"));
  QCOMPARE(s.coreClockHz, 1e9);
  // The summary's totals are the per-layer fixture's sums (make_fixtures.py).
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("mobilenet_v2_per-layer.csv"));
  double total = 0, npu = 0;
  std::int64_t macs = 0;
  for (const VelaLayerRow& r : v.rows) {
    total += r.opCycles;
    npu += r.npuCycles;
    macs += r.macs;
  }
  QCOMPARE(s.cyclesTotal, total);
  QCOMPARE(s.cyclesNpu, npu);
  QCOMPARE(s.macs, macs);
  QVERIFY(std::fabs(s.inferenceTimeS - total / 1e9) < 1e-12);
}

void TestHwVela::perLayerErrors_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  const QString header = kHeader;
  const QString conv = "CONV_2D,Conv2DBias,100,1.0,%1,1.0,%2,10.0,0.0,0.0,0.0,%3,1.0,1.0,conv\n";
  QTest::newRow("empty") << "\r\n\n" << "v.csv: empty file: expected Vela's per-layer CSV (--verbose-performance)";
  QTest::newRow("not a header") << "name,cycles\nconv,1\n"
                                << "v.csv:1: not a Vela per-layer CSV header: expected 'TFLite_operator, NNG "
                                   "Operator, SRAM Usage, Peak%, Op Cycles, Network%, NPU, SRAM AC, DRAM AC, "
                                   "OnFlash AC, OffFlash AC, MAC Count, Network%, Util%, Name' (name)";
  QTest::newRow("missing column") << "TFLite_operator,NNG Operator,Op Cycles,NPU,SRAM AC,MAC Count,Name\n"
                                  << "v.csv:1: missing column 'DRAM AC' of Vela's per-layer CSV";
  QTest::newRow("field count") << header + "CONV_2D,Conv2DBias,100\n" << "v.csv:2: has 3 fields, the header has 15";
  QTest::newRow("cycles not a number") << header + conv.arg("12x").arg("5").arg("10")
                                       << "v.csv:2: column 'Op Cycles': must be a non-negative number (12x)";
  QTest::newRow("negative cycles") << header + conv.arg("5").arg("-5").arg("10")
                                   << "v.csv:2: column 'NPU': must be a non-negative number (-5)";
  QTest::newRow("nan cycles") << header + conv.arg("nan").arg("5").arg("10")
                              << "v.csv:2: column 'Op Cycles': must be a non-negative number (nan)";
  QTest::newRow("fractional MACs") << header + "\n" + conv.arg("5").arg("5").arg("10.5")
                                   << "v.csv:3: column 'MAC Count': must be a non-negative integer (10.5)";
  QTest::newRow("empty MACs") << header + conv.arg("5").arg("5").arg("")
                              << "v.csv:2: column 'MAC Count': must be a non-negative integer";
  QTest::newRow("no operator") << header + ",,100,1.0,5,1.0,5,10.0,0.0,0.0,0.0,10,1.0,1.0,conv\n"
                               << "v.csv:2: column 'NNG Operator': must name Vela's operator";
  QTest::newRow("unclosed quote") << header + "CONV_2D,Conv2DBias,100,1.0,5,1.0,5,10,0,0,0,10,1,1,\"conv\n"
                                  << "v.csv:2: column 15: quoted field not closed on this line";
  QTest::newRow("text after quote") << header + "CONV_2D,\"Conv2DBias\"x,100,1.0,5,1.0,5,10,0,0,0,10,1,1,c\n"
                                    << "v.csv:2: column 2: text after the closing quote";
  QTest::newRow("no rows") << header + header << "v.csv: no operations after the header";
  // Every problem at once, each with its line.
  QTest::newRow("several") << header + conv.arg("x").arg("5").arg("10") + conv.arg("5").arg("5").arg("y")
                           << "v.csv:2: column 'Op Cycles': must be a non-negative number (x)\n"
                              "v.csv:3: column 'MAC Count': must be a non-negative integer (y)";
}

void TestHwVela::perLayerErrors() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  try {
    parseVelaPerLayerCsv(text.toStdString(), "v.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), message);
  }
}

void TestHwVela::summaryErrors_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  std::ifstream in(fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv"));
  std::string header, data;
  std::getline(in, header);
  std::getline(in, data);
  const QString h = QString::fromStdString(header).trimmed() + "\n";
  const QString d = QString::fromStdString(data).trimmed() + "\n";
  QTest::newRow("empty") << "" << "s.csv: empty file: expected Vela's summary CSV";
  QTest::newRow("no data") << h << "s.csv: no data row after the header";
  QTest::newRow("two data rows") << h + d + "\n" + d << "s.csv:4: a summary has one data row after the header; this is another";
  QTest::newRow("missing column") << QString(h).replace("cycles_total", "cycles_all") + d
                                  << "s.csv:1: missing column 'cycles_total' of Vela's summary CSV";
  QTest::newRow("field count") << h + "default,mobilenet_v2\n" << "s.csv:2: has 2 fields, the header has 52";
  QTest::newRow("bad clock") << h + QString(d).replace(",1000000000.0,", ",fast,")
                             << "s.csv:2: column 'core_clock': must be a non-negative number (fast)";
  QTest::newRow("zero clock") << h + QString(d).replace(",1000000000.0,", ",0.0,")
                              << "s.csv:2: column 'core_clock': must be positive (Hz) (0.0)";
  QTest::newRow("bad macs") << h + QString(d).replace(",300836992,", ",3e8x,")
                            << "s.csv:2: column 'nn_macs': must be a non-negative integer (3e8x)";
}

void TestHwVela::summaryErrors() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  try {
    parseVelaSummaryCsv(text.toStdString(), "s.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), message);
  }
}

void TestHwVela::missingFileNamed() {
  try {
    loadVelaPerLayerCsv("/nonexistent/x_per-layer.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), QString("/nonexistent/x_per-layer.csv: no such file"));
  }
}

void TestHwVela::matchesSplitsAndReportsUnmatched() {
  const std::vector<Layer> layers = smallTopology();
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("small_per-layer.csv"));
  const NpuConfig npu = u65();
  const CalibrationReport r = calibrateAgainstVela(layers, npu, v);
  QCOMPARE(r.rows.size(), std::size_t(4));
  // conv1 ↔ row 0
  QCOMPARE(r.rows[0].layer, 0);
  QCOMPARE(r.rows[0].velaRows, std::vector<int>{0});
  QVERIFY(r.rows[0].compared());
  // the PAD Vela added: no layer, in place
  QCOMPARE(r.rows[1].layer, -1);
  QCOMPARE(r.rows[1].velaRows, std::vector<int>{1});
  // dw1 split in two rows whose MACs add up to the layer's
  QCOMPARE(r.rows[2].layer, 1);
  QCOMPARE(r.rows[2].velaRows, (std::vector<int>{2, 3}));
  QCOMPARE(r.rows[2].velaMacs, layers[1].macs);
  QCOMPARE(r.rows[2].vela.compute, 1500.0);
  QCOMPARE(r.rows[2].vela.total, 1500.0);
  // gconv ↔ row 4
  QCOMPARE(r.rows[3].layer, 2);
  QCOMPARE(r.rows[3].velaRows, std::vector<int>{4});
  QCOMPARE(r.matchedLayers, 3);
  QCOMPARE(r.unmatchedVelaRows, 1);
  QCOMPARE(r.unmatchedLayers, 0);
  QCOMPARE(r.macMismatches, 0);
  // The model side is NpuModel::breakdown, part by part.
  const NpuModel model(npu);
  for (const CalibrationRow& row : r.rows) {
    if (row.layer < 0) continue;
    const NpuBreakdown b = model.breakdown(layers[std::size_t(row.layer)]);
    QCOMPARE(row.model.compute, double(b.computeCycles));
    QCOMPARE(row.model.sram, double(b.sramCycles));
    QCOMPARE(row.model.dram, double(b.dramCycles));
    QCOMPARE(row.model.memory, double(std::max(b.sramCycles, b.dramCycles)));
    QCOMPARE(row.model.total, double(b.totalCycles));
  }
  QCOMPARE(r.compute.count, 3);
  QCOMPARE(r.velaTotals.total, 2000.0 + 300.0 + 800.0 + 700.0 + 1200.0);
}

void TestHwVela::macMismatchKeptInOrderButNotCompared() {
  const std::vector<Layer> layers = smallTopology();
  const std::string text = kHeader + velaRow("CONV_2D", "Conv2DBias", 2000, 100, 0, 294912, "conv1") +
                           velaRow("DEPTHWISE_CONV_2D", "DepthwiseConv2DBias", 900, 100, 0, 99999, "dw1") +
                           velaRow("CONV_2D", "Conv2DBias", 1000, 100, 0, 32768, "gconv");
  const CalibrationReport r = calibrateAgainstVela(layers, u65(), parseVelaPerLayerCsv(text, "v.csv"));
  QCOMPARE(r.rows.size(), std::size_t(3));
  QCOMPARE(r.rows[1].layer, 1);
  QCOMPARE(r.rows[1].velaRows, std::vector<int>{1});
  QVERIFY(!r.rows[1].macsAgree);
  QVERIFY(!r.rows[1].compared());
  QCOMPARE(r.macMismatches, 1);
  QCOMPARE(r.compute.count, 2);  // the disagreeing pair is left out of the statistics
}

void TestHwVela::extraVelaOpNeverShiftsTheRest() {
  // A CONV_2D row no layer has, in the middle: it stays unmatched instead of every
  // later row sliding one layer down.
  const std::vector<Layer> layers = smallTopology();
  const std::string text = kHeader + velaRow("CONV_2D", "Conv2DBias", 2000, 100, 0, 294912, "conv1") +
                           velaRow("CONV_2D", "Conv2DBias", 50, 10, 0, 4096, "extra") +
                           velaRow("DEPTHWISE_CONV_2D", "DepthwiseConv2DBias", 900, 100, 0, 36864, "dw1") +
                           velaRow("CONV_2D", "Conv2DBias", 1000, 100, 0, 32768, "gconv");
  const CalibrationReport r = calibrateAgainstVela(layers, u65(), parseVelaPerLayerCsv(text, "v.csv"));
  QCOMPARE(r.unmatchedVelaRows, 1);
  QCOMPARE(r.macMismatches, 0);
  QCOMPARE(r.matchedLayers, 3);
  QCOMPARE(r.rows[1].layer, -1);
  QCOMPARE(r.rows[1].velaRows, std::vector<int>{1});
  QCOMPARE(r.rows[3].velaRows, std::vector<int>{3});
}

void TestHwVela::layerWithoutVelaRow() {
  const std::vector<Layer> layers = smallTopology();
  const std::string text = kHeader + velaRow("CONV_2D", "Conv2DBias", 2000, 100, 0, 294912, "conv1") +
                           velaRow("CONV_2D", "Conv2DBias", 1000, 100, 0, 32768, "gconv");
  const CalibrationReport r = calibrateAgainstVela(layers, u65(), parseVelaPerLayerCsv(text, "v.csv"));
  QCOMPARE(r.unmatchedLayers, 1);
  QCOMPARE(r.rows[1].layer, 1);
  QVERIFY(r.rows[1].velaRows.empty());
  QCOMPARE(r.matchedLayers, 2);
}

void TestHwVela::medianAndWorstRatio() {
  // Four identical 1x1 convs; Vela's compute set so the ratios are 2, 1, 0.5, 0.25.
  const std::vector<Layer> layers = parseScaleSimTopology(
      "Layer, M, N, K\na, 64, 64, 64\nb, 64, 64, 64\nc, 64, 64, 64\nd, 64, 64, 64\n", "g.csv");
  const NpuConfig npu = u65();
  const double c = double(NpuModel(npu).breakdown(layers[0]).computeCycles);
  std::string text = kHeader;
  const double factors[] = {0.5, 1.0, 2.0, 4.0};
  for (double f : factors) text += velaRow("FULLY_CONNECTED", "FullyConnected", c * f, 1, 0, 64 * 64 * 64, "fc");
  const CalibrationReport r = calibrateAgainstVela(layers, npu, parseVelaPerLayerCsv(text, "v.csv"));
  QCOMPARE(r.compute.count, 4);
  QVERIFY(std::fabs(r.compute.median - std::sqrt(0.5 * 1.0)) < 1e-9);  // geometric mean of the middle two
  QVERIFY(std::fabs(r.compute.worst - 0.25) < 1e-9);                  // |log 0.25| > |log 2|
  QCOMPARE(r.compute.worstRow, 3);
  // Odd count: the middle ratio.
  text = kHeader;
  for (int i = 0; i < 3; ++i) text += velaRow("FULLY_CONNECTED", "FullyConnected", c * factors[i], 1, 0, 262144, "fc");
  const std::vector<Layer> three(layers.begin(), layers.begin() + 3);
  const CalibrationReport r3 = calibrateAgainstVela(three, npu, parseVelaPerLayerCsv(text, "v.csv"));
  QVERIFY(std::fabs(r3.compute.median - 1.0) < 1e-9);
  QVERIFY(std::fabs(r3.compute.worst - 2.0) < 1e-9);
}

void TestHwVela::mobileNetV2FixtureAligns() {
  const std::vector<Layer> layers = referenceNetworkLayers("mobilenet_v2");
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("mobilenet_v2_per-layer.csv"));
  const CalibrationReport r = calibrateAgainstVela(layers, u65(), v);
  QCOMPARE(r.matchedLayers, int(layers.size()));
  QCOMPARE(r.macMismatches, 0);
  QCOMPARE(r.unmatchedLayers, 0);
  QCOMPARE(r.unmatchedVelaRows, 1);
  QCOMPARE(v.rows[std::size_t(r.rows.back().velaRows.front())].sourceOperator, std::string("SOFTMAX"));
  for (const CalibrationRow& row : r.rows)
    if (row.matched()) QCOMPARE(row.velaRows.size(), std::size_t(1));
  QCOMPARE(r.compute.count, int(layers.size()));
  // Σ of what Vela counts for our layers = the fixture's MACs (pooling as kernel x outputs).
  std::int64_t velaMacs = 0;
  for (const VelaLayerRow& row : v.rows) velaMacs += row.macs;
  QCOMPARE(r.expectedVelaMacs, velaMacs);
}

void TestHwVela::summaryTotalsAndWarnings() {
  const std::vector<Layer> layers = referenceNetworkLayers("mobilenet_v2");
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("mobilenet_v2_per-layer.csv"));
  const VelaSummary s = loadVelaSummaryCsv(fixture("mobilenet_v2_summary_Ethos_U65_High_End.csv"));
  NpuConfig npu = u65();
  const CalibrationReport r = calibrateAgainstVela(layers, npu, v);
  SummaryComparison cmp = compareVelaSummary(r, s, npu);
  QVERIFY2(cmp.warnings.empty(), cmp.warnings.empty() ? "" : cmp.warnings.front().c_str());
  const auto line = [&](const std::string& what) {
    for (const SummaryLine& l : cmp.lines)
      if (l.what == what) return l;
    return SummaryLine{};
  };
  QCOMPARE(line("total cycles").model, r.modelTotals.total);
  QCOMPARE(line("total cycles").vela, s.cyclesTotal);
  QCOMPARE(line("DRAM bytes per inference").model, r.modelDramBytes);
  QCOMPARE(line("DRAM bytes per inference").vela, s.dramTotalBytes);
  QCOMPARE(line("latency (ms)").model, r.modelLatencyNs * 1e-6);
  QCOMPARE(line("MACs (as Vela counts them)").vela, double(s.macs));

  npu = loadNpuPreset("ethos_u65_512");
  npu.clockGhz = 0.5;
  VelaSummary other = s;
  other.cyclesTotal *= 2;
  cmp = compareVelaSummary(calibrateAgainstVela(layers, npu, v), other, npu);
  QCOMPARE(cmp.warnings.size(), std::size_t(3));
  QVERIFY(QString::fromStdString(cmp.warnings[0]).contains("(256 MACs/cycle); the model's NPU has 512 (2 x 32x8)"));
  QVERIFY(QString::fromStdString(cmp.warnings[1]).contains("core clock is 1000 MHz; the model's is 500 MHz"));
  QVERIFY(QString::fromStdString(cmp.warnings[2]).contains("same Vela run"));
}

void TestHwVela::comparisonCsv() {
  const std::vector<Layer> layers = smallTopology();
  const VelaPerLayer v = loadVelaPerLayerCsv(fixture("small_per-layer.csv"));
  const CalibrationReport r = calibrateAgainstVela(layers, u65(), v);
  const QStringList lines = QString::fromStdString(calibrationCsv(r, layers, v)).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 1 + 4);
  const QStringList header = lines[0].split(',');
  QCOMPARE(header.size(), 22);
  // The PAD row: no layer, its name quoted.
  QVERIFY2(lines[2].startsWith(",,,3,PAD/Pad,\"pad, before dw1\",,0,,"), qPrintable(lines[2]));
  // The split depthwise conv lists both lines and its compute ratio.
  const QStringList dw = lines[3].split(',');
  QCOMPARE(dw[header.indexOf("vela_lines")], QString("5;6"));
  QCOMPARE(dw[header.indexOf("vela_compute")], QString("1500"));
  QCOMPARE(dw[header.indexOf("macs_agree")], QString("1"));
  const double ratio = dw[header.indexOf("compute_ratio")].toDouble();
  QVERIFY(std::fabs(ratio - r.rows[2].model.compute / 1500.0) < 1e-4);
}

QTEST_APPLESS_MAIN(TestHwVela)
#include "test_hw_vela.moc"
