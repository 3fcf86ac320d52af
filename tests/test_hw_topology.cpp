// SCALE-Sim topology files as layers, and the profile CSV `h4h profile` prints.
#include <QtTest>

#include <sys/stat.h>

#include "hw/npu_model.h"
#include "hw/presets.h"
#include "hw/profile_csv.h"
#include "hw/profiler.h"
#include "hw/scalesim_topology.h"
#include "hw/systolic.h"
#include "util/errors.h"

using namespace h4h;

namespace {

QStringList csvLines(const std::string& csv) {
  return QString::fromStdString(csv).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestHwTopology : public QObject {
  Q_OBJECT

private slots:
  void convForm();
  void gemmForm();
  void groupsColumn();
  void groupsWithStrideWidth();
  void errors_data();
  void errors();
  void profileCsvColumns();
  void headerNotEchoed();
  void specialFilesRefused_data();
  void specialFilesRefused();
};

void TestHwTopology::convForm() {
  const std::vector<Layer> layers = parseScaleSimTopology(
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
      "Conv1, 224, 224, 3, 3, 3, 32, 2,\n"
      "\n"
      "Conv2 DP, 111, 111, 3, 3, 32, 1, 1,\n"
      "PW, 109, 109, 1, 1, 32, 64, 1\n"
      "Rect, 20, 30, 3, 5, 4, 8, 1, 2,\n",
      "net.csv");
  QCOMPARE(layers.size(), std::size_t(4));
  // No padding: (224 - 3) / 2 + 1 = 111.
  const Layer& c1 = layers[0];
  QCOMPARE(c1.block, std::string("Conv1"));
  QCOMPARE(c1.kind, LayerKind::Conv);
  QVERIFY(c1.out == (TensorShape{32, 111, 111}));
  QCOMPARE(c1.gemm.m, std::int64_t(111 * 111));
  QCOMPARE(c1.gemm.k, std::int64_t(27));
  QCOMPARE(c1.gemm.n, std::int64_t(32));
  QCOMPARE(c1.macs, std::int64_t(111 * 111 * 27 * 32));
  QCOMPARE(c1.weightBytes, std::int64_t(27 * 32));
  QCOMPARE(c1.inBytes, std::int64_t(224 * 224 * 3));
  // "DP": depthwise, one group per channel with Num Filter filters each.
  const Layer& dw = layers[1];
  QCOMPARE(dw.kind, LayerKind::DwConv);
  QVERIFY(dw.out == (TensorShape{32, 109, 109}));
  QCOMPARE(dw.gemm.groups, std::int64_t(32));
  QCOMPARE(dw.gemm.k, std::int64_t(9));
  QCOMPARE(dw.gemm.n, std::int64_t(1));
  QCOMPARE(layers[2].kind, LayerKind::PwConv);
  QCOMPARE(layers[2].id, 2);
  // Separate strides: out = (20 - 3)/1 + 1 = 18 rows, (30 - 5)/2 + 1 = 13 columns.
  QVERIFY(layers[3].out == (TensorShape{8, 18, 13}));
  QCOMPARE(layers[3].gemm.k, std::int64_t(3 * 5 * 4));
  // The NPU costs the topology's GEMMs with the fold equations.
  NpuConfig cfg;
  cfg.rows = 16;
  cfg.cols = 16;
  cfg.dataflow = Dataflow::OutputStationary;
  QCOMPARE(NpuModel(cfg).layerComputeCycles(c1),
           systolicGemmCycles(Dataflow::OutputStationary, 16, 16, 111 * 111, 27, 32));
}

void TestHwTopology::gemmForm() {
  const std::vector<Layer> layers =
      parseScaleSimTopology("Layer, M, N, K,\nfc1, 196, 768, 192,\nfc2,196,192,768\n", "g.csv");
  QCOMPARE(layers.size(), std::size_t(2));
  QCOMPARE(layers[0].kind, LayerKind::Fc);
  QCOMPARE(layers[0].gemm.m, std::int64_t(196));
  QCOMPARE(layers[0].gemm.k, std::int64_t(192));
  QCOMPARE(layers[0].gemm.n, std::int64_t(768));
  QCOMPARE(layers[0].macs, std::int64_t(196) * 192 * 768);
  QCOMPARE(layers[0].weightBytes, std::int64_t(192) * 768);
  QCOMPARE(layers[1].gemm.k, std::int64_t(768));
}

void TestHwTopology::groupsColumn() {
  const std::vector<Layer> layers = parseScaleSimTopology(
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, Groups,\n"
      "plain, 18, 18, 3, 3, 8, 16, 1, 1,\n"
      "dw, 18, 18, 3, 3, 16, 16, 2, 16,\n"
      "grouped, 16, 16, 1, 1, 16, 32, 1, 4,\n"
      "multiplier, 10, 10, 3, 3, 4, 8, 1, 4,\n"
      "no groups value, 10, 10, 1, 1, 4, 8, 1,\n"
      "DP old rule, 10, 10, 3, 3, 4, 1, 1,\n"
      "DP with groups, 10, 10, 3, 3, 4, 8, 1, 1,\n",
      "g.csv");
  QCOMPARE(layers.size(), std::size_t(7));
  // Groups = 1: an ordinary conv.
  QCOMPARE(layers[0].kind, LayerKind::Conv);
  QCOMPARE(layers[0].gemm.groups, std::int64_t(1));
  QCOMPARE(layers[0].macs, std::int64_t(16 * 16) * 3 * 3 * 8 * 16);
  // Groups = Channels = Num Filter: depthwise, one 3x3 filter per channel.
  const Layer& dw = layers[1];
  QCOMPARE(dw.kind, LayerKind::DwConv);
  QVERIFY(dw.out == (TensorShape{16, 8, 8}));
  QCOMPARE(dw.gemm.m, std::int64_t(64));
  QCOMPARE(dw.gemm.k, std::int64_t(9));
  QCOMPARE(dw.gemm.n, std::int64_t(1));
  QCOMPARE(dw.gemm.groups, std::int64_t(16));
  QCOMPARE(dw.macs, std::int64_t(64) * 9 * 16);
  QCOMPARE(dw.weightBytes, std::int64_t(9 * 16));
  // 4 groups of 4 input and 8 output channels: a quarter of the dense MACs and weights.
  const Layer& g = layers[2];
  QCOMPARE(g.kind, LayerKind::PwConv);
  QVERIFY(g.out == (TensorShape{32, 16, 16}));
  QCOMPARE(g.gemm.k, std::int64_t(4));
  QCOMPARE(g.gemm.n, std::int64_t(8));
  QCOMPARE(g.gemm.groups, std::int64_t(4));
  QCOMPARE(g.macs, std::int64_t(256) * 16 * 32 / 4);
  QCOMPARE(g.weightBytes, std::int64_t(16 * 32 / 4));
  // Groups = Channels with twice the filters: depthwise with a channel multiplier of 2.
  QCOMPARE(layers[3].kind, LayerKind::DwConv);
  QCOMPARE(layers[3].gemm.n, std::int64_t(2));
  QVERIFY(layers[3].out == (TensorShape{8, 8, 8}));
  // A row may leave Groups out (default 1); "DP" then keeps SCALE-Sim's meaning...
  QCOMPARE(layers[4].kind, LayerKind::PwConv);
  QCOMPARE(layers[4].gemm.groups, std::int64_t(1));
  QCOMPARE(layers[5].kind, LayerKind::DwConv);
  QCOMPARE(layers[5].gemm.groups, std::int64_t(4));
  // ...while a Groups value, when given, decides.
  QCOMPARE(layers[6].kind, LayerKind::Conv);
  QCOMPARE(layers[6].gemm.groups, std::int64_t(1));
  QVERIFY(layers[6].out == (TensorShape{8, 8, 8}));
  // The NPU packs the depthwise groups as for a lowered depthwise layer: ⌊32 / 9⌋ = 3
  // channels per fold on the 32x8 WS array (docs/hardware_model.md, grouped convolutions).
  NpuConfig cfg;
  cfg.rows = 32;
  cfg.cols = 8;
  cfg.dataflow = Dataflow::WeightStationary;
  QCOMPARE(NpuModel(cfg).computeCycles(dw.gemm), packedCycles(Dataflow::WeightStationary, 32, 8, dw.gemm, 3));
}

void TestHwTopology::groupsWithStrideWidth() {
  // Both optional columns, named, in either order; an unnamed ninth column stays the stride width.
  const std::string head = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides";
  const std::pair<std::string, std::string> orders[] = {{", Stride width, Groups\n", "c, 20, 30, 3, 5, 4, 8, 1, 2, 4\n"},
                                                        {", Groups, Stride width\n", "c, 20, 30, 3, 5, 4, 8, 1, 4, 2\n"}};
  for (const auto& [tail, row] : orders) {
    const std::vector<Layer> layers = parseScaleSimTopology(head + tail + row, "s.csv");
    QVERIFY(layers[0].out == (TensorShape{8, 18, 13}));  // stride 2 along the width only
    QCOMPARE(layers[0].gemm.groups, std::int64_t(4));
  }
  const std::vector<Layer> legacy =
      parseScaleSimTopology(head + ", Stride width\nc, 20, 30, 3, 5, 4, 8, 1, 2\n", "s.csv");
  QVERIFY(legacy[0].out == (TensorShape{8, 18, 13}));
  QCOMPARE(legacy[0].gemm.groups, std::int64_t(1));
}

void TestHwTopology::errors_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  const QString conv = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
  QTest::newRow("empty") << "\n\n" << "t.csv: empty topology file";
  QTest::newRow("header") << "name,a,b\nx,1,2\n"
                          << "t.csv:1: not a SCALE-Sim topology header: expected 'Layer name, IFMAP Height, IFMAP "
                             "Width, Filter Height, Filter Width, Channels, Num Filter, Strides' or 'Layer, M, N, K' (3 fields)";
  QTest::newRow("fields") << conv + "c1, 10, 10, 3, 3, 4,\n" << "t.csv:2: has 6 fields, expected 8 or 9";
  QTest::newRow("not integer") << conv + "c1, 10, 10.5, 3, 3, 4, 8, 1,\n"
                               << "t.csv:2: field 3: must be an integer in [1, 1000000] (10.5)";
  QTest::newRow("zero stride") << conv + "c1, 10, 10, 3, 3, 4, 8, 0,\n"
                               << "t.csv:2: field 8: must be an integer in [1, 1000000] (0)";
  QTest::newRow("filter too big") << conv + "\nc1, 4, 4, 5, 3, 4, 8, 1,\n" << "t.csv:3: the filter is larger than the IFMAP (5x3)";
  const QString grouped = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
                          "Strides, Groups\n";
  QTest::newRow("groups not dividing channels")
      << grouped + "g1, 10, 10, 3, 3, 6, 8, 1, 4\n"
      << "t.csv:2: Groups (column 9): must divide Channels (6) and Num Filter (8) (4)";
  QTest::newRow("groups not dividing filters")
      << grouped + "g1, 10, 10, 1, 1, 8, 6, 1, 4\n"
      << "t.csv:2: Groups (column 9): must divide Channels (8) and Num Filter (6) (4)";
  QTest::newRow("groups zero") << grouped + "g1, 10, 10, 1, 1, 8, 8, 1, 0\n"
                               << "t.csv:2: field 9: must be an integer in [1, 1000000] (0)";
  QTest::newRow("groups not integer") << grouped + "g1, 10, 10, 1, 1, 8, 8, 1, two\n"
                                      << "t.csv:2: field 9: must be an integer in [1, 1000000] (two)";
  QTest::newRow("too many fields with groups") << grouped + "g1, 10, 10, 1, 1, 8, 8, 1, 2, 2\n"
                                               << "t.csv:2: has 10 fields, expected 8 or 9";
  QTest::newRow("two groups columns")
      << "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, "
         "Groups, groups\n"
      << "t.csv:1: columns 9 and 10: one must be Groups, the other the stride width (Groups, groups)";
  QTest::newRow("gemm fields") << "Layer, M, N, K\nfc, 1, 2\n" << "t.csv:2: has 3 fields, expected 4";
  QTest::newRow("no layers") << "Layer, M, N, K\n" << "t.csv: no layers after the header";
  // Every field within the accepted range, the product beyond 64 bits: named, not wrapped.
  QTest::newRow("macs overflow")
      << conv + "c0, 8, 8, 3, 3, 4, 8, 1,\nbig, 1000000, 1000000, 1, 1, 1000000, 1000000, 1,\n"
      << "t.csv:3: layer 'big': MACs (OFMAP H x W x Filter H x W x Channels x Num Filter = 1000000 x 1000000 x "
         "1 x 1 x 1000000 x 1000000) = more than 2^63 is beyond 2^50 (about 1.1e15), the most one layer may have";
  // Fits in 64 bits (1e18) but beyond what the cycle and energy sums stay exact for.
  QTest::newRow("gemm too large") << "Layer, M, N, K\nfc, 1000000, 1000000, 1000000\n"
                                  << "t.csv:2: layer 'fc': MACs (M x N x K = 1000000 x 1000000 x 1000000) = "
                                     "1000000000000000000 is beyond 2^50 (about 1.1e15), the most one layer may have";
  QTest::newRow("depthwise outputs") << conv + "DP1, 1000000, 1000000, 1, 1, 2000, 1, 1000000,\n"
                                     << "t.csv:2: layer 'DP1': input elements = 2000000000000000 is beyond 2^50 "
                                        "(about 1.1e15), the most one layer may have";
}

void TestHwTopology::errors() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  try {
    parseScaleSimTopology(text.toStdString(), "t.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), message);
  }
}

void TestHwTopology::profileCsvColumns() {
  std::vector<Layer> layers = parseScaleSimTopology("Layer, M, N, K\nqk, 49, 49, 16\nproj, 49, 128, 128\n", "g.csv");
  layers[0].kind = LayerKind::AttnQk;
  layers[0].activationOperands = true;
  layers[0].weightBytes = 0;
  const HardwareConfig hw = defaultHardware();
  NetworkProfile profile = profileNetwork(layers, hw);
  profile[1].npu.source = CostSource::Measured;
  const QStringList lines = csvLines(profileCsv(layers, profile));
  QCOMPARE(lines.size(), 3);
  const QStringList header = lines[0].split(',');
  for (const char* column : {"id", "block", "kind", "macs", "weight_bytes", "in_bytes", "out_bytes", "npu_cycles",
                             "npu_latency_ns", "npu_energy_nj", "npu_util", "cim_latency_ns", "cim_energy_nj",
                             "link_latency_ns", "link_energy_nj", "source"})
    QVERIFY2(header.contains(column), column);
  const QStringList qk = lines[1].split(',');
  QCOMPARE(qk.size(), header.size());
  QCOMPARE(qk[header.indexOf("kind")], QString("attn_qk"));
  QCOMPARE(qk[header.indexOf("cim_supported")], QString("0"));
  QCOMPARE(qk[header.indexOf("cim_latency_ns")], QString());  // unsupported is not zero cost
  QVERIFY(!qk[header.indexOf("cim_note")].isEmpty());
  QCOMPARE(qk[header.indexOf("npu_cycles")].toLongLong(), qint64(profile[0].npu.cycles));
  QCOMPARE(qk[header.indexOf("source")], QString("model"));
  const QStringList proj = lines[2].split(',');
  QCOMPARE(proj[header.indexOf("cim_supported")], QString("1"));
  QVERIFY(proj[header.indexOf("cim_latency_ns")].toDouble() > 0);
  QCOMPARE(proj[header.indexOf("source")], QString("measured:npu"));
  QCOMPARE(proj[header.indexOf("macs")].toLongLong(), qint64(49) * 128 * 128);
}

void TestHwTopology::headerNotEchoed() {
  // A file that is no topology at all (here a password-file line) is never quoted back.
  try {
    parseScaleSimTopology("root:x:0:0:secret-hash:/root:/bin/bash\n", "t.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    QVERIFY2(message.find("secret-hash") == std::string::npos, message.c_str());
    QVERIFY2(message.find("not a SCALE-Sim topology header") != std::string::npos, message.c_str());
  }
}

void TestHwTopology::specialFilesRefused_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<QString>("expected");
  QTest::newRow("fifo") << "fifo" << "is not a regular file (a FIFO)";
  QTest::newRow("/dev/zero") << "zero" << "is not a regular file (a character device)";
  QTest::newRow("directory") << "dir" << "is a directory, not a file";
}

void TestHwTopology::specialFilesRefused() {
  QFETCH(QString, kind);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  std::string path = "/dev/zero";
  if (kind == "fifo") {
    path = dir.filePath("topology.csv").toStdString();
    QCOMPARE(::mkfifo(path.c_str(), 0600), 0);  // no writer: opening it must not block
  } else if (kind == "dir") {
    path = dir.path().toStdString();
  }
  try {
    loadScaleSimTopology(path);
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), QString::fromStdString(path) + ": " + expected);
  }
}

QTEST_APPLESS_MAIN(TestHwTopology)
#include "test_hw_topology.moc"
