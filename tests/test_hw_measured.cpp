// Measured tables: CSV parsing with line-numbered errors, overriding the models for
// matching layers, and reporting rows that match nothing.
#include <QtTest>

#include <QDir>
#include <QFile>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "hw/measured_table.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "util/file_read.h"

using namespace h4h;

namespace {

Layer pw(int id, std::int64_t cin, std::int64_t cout, std::int64_t hw) {
  Layer l;
  l.id = id;
  l.kind = LayerKind::PwConv;
  l.in = {cin, hw, hw};
  l.out = {cout, hw, hw};
  l.gemm = {hw * hw, cin, cout, 1};
  l.macs = l.gemm.macs();
  l.weightBytes = cin * cout;
  l.inBytes = l.in.elements();
  l.outBytes = l.out.elements();
  return l;
}

Layer dw(int id, std::int64_t c, std::int64_t hw, int stride) {
  Layer l;
  l.id = id;
  l.kind = LayerKind::DwConv;
  l.kernel = 3;
  l.stride = stride;
  l.in = {c, hw, hw};
  l.out = {c, hw / stride, hw / stride};
  l.gemm = {l.out.h * l.out.w, 9, 1, c};
  l.macs = l.gemm.macs();
  l.weightBytes = 9 * c;
  l.inBytes = l.in.elements();
  l.outBytes = l.out.elements();
  return l;
}

const char* kTable =
    "# measured on silicon\n"
    "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns,energy_nj\n"
    "pwconv,32,28,28,64,28,28,1,1,1,npu,12000,55.5\n"
    "\n"
    "dwconv,64,28,28,64,14,14,3,2,64,cim,9000.5,4\n"
    "pwconv,32,28,28,64,28,28,1,1,1,cim,30000,7.25\n"
    "pwconv,16,28,28,64,28,28,1,1,1,npu,1,1\n";

}  // namespace

class TestHwMeasured : public QObject {
  Q_OBJECT

private slots:
  void parses();
  void columnsInAnyOrder();
  void overridesMatchingLayers();
  void hugeLatencyNamedNotWrapped();
  void reportsUnmatchedRows();
  void malformed_data();
  void malformed();
  void allErrorsReported();
  void loadsFromFile();
  void foreignHeaderNotEchoed();
  void specialFilesRefused_data();
  void specialFilesRefused();
  void oversizedFileRefused();
  void manyBadRowsGiveCappedList();
};

void TestHwMeasured::parses() {
  const MeasuredTable t = parseMeasuredTable(kTable, "silicon.csv");
  QCOMPARE(t.rows().size(), std::size_t(4));
  QCOMPARE(t.rows()[0].line, 3);
  QCOMPARE(t.rows()[1].line, 5);
  QCOMPARE(t.rows()[1].device, MeasuredDevice::Cim);
  QCOMPARE(t.rows()[1].latencyNs, 9000.5);
  QCOMPARE(t.rows()[1].signature.groups, std::int64_t(64));
  QCOMPARE(t.rows()[1].signature.kind, LayerKind::DwConv);
  QVERIFY(parseMeasuredTable(std::string(measuredTableHeader()) + "\n", "empty.csv").empty());
}

void TestHwMeasured::columnsInAnyOrder() {
  const MeasuredTable t = parseMeasuredTable(
      "device,latency_ns,energy_nj,kind,groups,stride,kernel,out_w,out_h,out_c,in_w,in_h,in_c\r\n"
      "npu, 12000 , 55.5,pwconv,1,1,1,28,28,64,28,28,32\r\n",
      "reordered.csv");
  QCOMPARE(t.rows().size(), std::size_t(1));
  QVERIFY(t.find(pw(0, 32, 64, 28), MeasuredDevice::Npu) != nullptr);
  QVERIFY(t.find(pw(0, 32, 64, 28), MeasuredDevice::Cim) == nullptr);
}

void TestHwMeasured::overridesMatchingLayers() {
  const MeasuredTable t = parseMeasuredTable(kTable, "silicon.csv");
  const HardwareConfig hw = defaultHardware();
  const std::vector<Layer> layers = {pw(0, 32, 64, 28), dw(1, 64, 28, 2), pw(2, 64, 64, 28)};
  const NetworkProfile model = profileNetwork(layers, hw);
  const NetworkProfile p = profileNetwork(layers, hw, &t);
  // Layer 0: both devices measured.
  QCOMPARE(p[0].npu.latencyNs, 12000.0);
  QCOMPARE(p[0].npu.energyNj, 55.5);
  QCOMPARE(p[0].npu.source, CostSource::Measured);
  QCOMPARE(qint64(p[0].npu.cycles), qint64(12000));  // 1 GHz
  QVERIFY(std::fabs(p[0].npu.utilization - double(layers[0].macs) / (256.0 * 12000)) < 1e-12);
  QCOMPARE(p[0].cim.latencyNs, 30000.0);
  QCOMPARE(p[0].cim.source, CostSource::Measured);
  QCOMPARE(qint64(p[0].cim.cycles), qint64(15000));  // 0.5 GHz
  // Layer 1: only the CIM measured; the NPU keeps the model's cost.
  QCOMPARE(p[1].cim.latencyNs, 9000.5);
  QCOMPARE(p[1].npu.source, CostSource::Model);
  QCOMPARE(p[1].npu.latencyNs, model[1].npu.latencyNs);
  // Layer 2: no match, untouched; link costs are never overridden.
  QCOMPARE(p[2].npu.latencyNs, model[2].npu.latencyNs);
  QCOMPARE(p[2].cim.source, CostSource::Model);
  QCOMPARE(p[0].outputTransfer.latencyNs, model[0].outputTransfer.latencyNs);
  // A measured row makes an otherwise unsupported placement supported.
  NetworkProfile q = model;
  q[0].cim.supported = false;
  q[0].cim.unsupportedReason = UnsupportedReason::OverMacroCapacity;
  QCOMPARE(t.apply(layers, hw, q), 3);
  QVERIFY(q[0].cim.supported);
  QVERIFY(q[0].cim.unsupportedReason == UnsupportedReason::None);
  // A measurement faster than the configured peak caps utilisation at 1.
  MeasuredTable fast;
  MeasuredRow row;
  row.signature = signatureOf(layers[2]);
  row.latencyNs = 1.0;
  row.energyNj = 1.0;
  QCOMPARE(fast.add(row), -1);
  QCOMPARE(fast.add(row), 0);  // same signature and device: refused, index of the first
  NetworkProfile r = model;
  QCOMPARE(fast.apply(layers, hw, r), 1);
  QCOMPARE(r[2].npu.utilization, 1.0);
}

void TestHwMeasured::hugeLatencyNamedNotWrapped() {
  // A row added directly (not range-checked by the parser) whose cycle count does not
  // fit 64 bits: a named error, never a negative cycle count.
  const std::vector<Layer> layers = {pw(0, 32, 64, 28)};
  MeasuredTable table("lab.csv");
  MeasuredRow row;
  row.signature = signatureOf(layers[0]);
  row.device = MeasuredDevice::Cim;
  row.latencyNs = 1e19;
  row.line = 5;
  table.add(row);
  NetworkProfile p = profileNetwork(layers, defaultHardware());
  try {
    table.apply(layers, defaultHardware(), p);
    QFAIL("no error");
  } catch (const InputError& e) {
    const QString message = QString::fromUtf8(e.what());
    QVERIFY2(message.startsWith("lab.csv:5: latency_ns: "), qPrintable(message));
    QVERIFY2(message.contains("beyond 64-bit cycle counts"), qPrintable(message));
  }
  // Through the parser the same value is refused at load, naming the line.
  const std::string csv = std::string(measuredTableHeader()) + "\npwconv,32,28,28,64,28,28,1,1,1,cim,1e19,1\n";
  QVERIFY_THROWS_EXCEPTION(InputError, parseMeasuredTable(csv, "lab.csv"));
  // The largest accepted latency gives a positive cycle count.
  const std::string ok = std::string(measuredTableHeader()) + "\npwconv,32,28,28,64,28,28,1,1,1,cim,1e15,1\n";
  NetworkProfile q = profileNetwork(layers, defaultHardware());
  parseMeasuredTable(ok, "lab.csv").apply(layers, defaultHardware(), q);
  QVERIFY(q[0].cim.cycles > 0);
}

void TestHwMeasured::reportsUnmatchedRows() {
  const MeasuredTable t = parseMeasuredTable(kTable, "silicon.csv");
  const std::vector<Layer> layers = {pw(0, 32, 64, 28), dw(1, 64, 28, 2)};
  const auto unmatched = t.unmatchedRows(layers);
  QCOMPARE(unmatched.size(), std::size_t(1));
  QCOMPARE(unmatched[0]->line, 7);
  QCOMPARE(t.unmatchedRows({}).size(), std::size_t(4));
}

void TestHwMeasured::malformed_data() {
  QTest::addColumn<QString>("csv");
  QTest::addColumn<QString>("message");
  const QString header = QString(measuredTableHeader()) + "\n";
  QTest::newRow("no header") << "# only a comment\n\n" << QString("m.csv: no header line; expected ") + measuredTableHeader();
  QTest::newRow("unknown column") << "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns,energy_nj,temp\n"
                                  << "m.csv:1: unknown column (temp)";
  QTest::newRow("missing column") << "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns\n"
                                  << QString("m.csv:1: missing column energy_nj (the header is ") + measuredTableHeader() + ")";
  QTest::newRow("missing columns") << "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device\n"
                                   << QString("m.csv:1: missing columns latency_ns, energy_nj (the header is ") + measuredTableHeader() + ")";
  QTest::newRow("field count") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,12000\n"
                               << "m.csv:2: has 12 fields, the header has 13";
  QTest::newRow("bad kind") << header + "\n# x\nconv2d,32,28,28,64,28,28,1,1,1,npu,12000,5\n"
                            << "m.csv:4: kind: unknown layer kind (conv2d)";
  QTest::newRow("bad int") << header + "pwconv,32,28,28.5,64,28,28,1,1,1,npu,12000,5\n"
                           << "m.csv:2: in_w: must be an integer in [1, 1000000000] (28.5)";
  QTest::newRow("zero groups") << header + "pwconv,32,28,28,64,28,28,1,1,0,npu,12000,5\n"
                               << "m.csv:2: groups: must be an integer in [1, 1000000000] (0)";
  QTest::newRow("bad device") << header + "pwconv,32,28,28,64,28,28,1,1,1,gpu,12000,5\n"
                              << "m.csv:2: device: must be npu or cim (gpu)";
  QTest::newRow("negative latency") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,-3,5\n"
                                    << "m.csv:2: latency_ns: must be a positive number of ns (-3)";
  QTest::newRow("latency text") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,fast,5\n"
                                << "m.csv:2: latency_ns: must be a positive number of ns (fast)";
  QTest::newRow("energy nan") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,10,nan\n"
                              << "m.csv:2: energy_nj: must be a number of nJ >= 0 (nan)";
  // 1e19 ns would become a negative cycle count (and then a wrong capacity complaint).
  QTest::newRow("latency beyond 64-bit cycles") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,1e19,5\n"
                                                << "m.csv:2: latency_ns: is beyond 1e15 ns (11.6 days), the most one "
                                                   "layer may take (1e19)";
  QTest::newRow("energy too large") << header + "pwconv,32,28,28,64,28,28,1,1,1,cim,10,1e300\n"
                                    << "m.csv:2: energy_nj: is beyond 1e15 nJ (1 MJ), the most one layer may use (1e300)";
  QTest::newRow("duplicate") << header + "pwconv,32,28,28,64,28,28,1,1,1,npu,10,1\npwconv,32,28,28,64,28,28,1,1,1,npu,11,1\n"
                             << "m.csv:3: same layer signature and device as line 2";
}

void TestHwMeasured::malformed() {
  QFETCH(QString, csv);
  QFETCH(QString, message);
  try {
    parseMeasuredTable(csv.toStdString(), "m.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), message);
  }
}

void TestHwMeasured::allErrorsReported() {
  const std::string csv = std::string(measuredTableHeader()) +
                          "\npwconv,0,28,28,64,28,28,1,1,1,npu,1,1\npwconv,32,28,28,64,28,28,1,1,1,tpu,1,1\n";
  try {
    parseMeasuredTable(csv, "m.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(e.errors().size(), std::size_t(2));
    QCOMPARE(e.errors().items()[0].path, std::string("m.csv:2"));
    QCOMPARE(e.errors().items()[1].path, std::string("m.csv:3"));
  }
}

void TestHwMeasured::loadsFromFile() {
  const QString path = QDir::temp().filePath("h4h_test_measured.csv");
  {
    std::ofstream out(path.toStdString());
    out << kTable;
  }
  QCOMPARE(loadMeasuredTable(path.toStdString()).rows().size(), std::size_t(4));
  QFile::remove(path);
  QVERIFY_THROWS_EXCEPTION(InputError, loadMeasuredTable(path.toStdString()));
}

void TestHwMeasured::foreignHeaderNotEchoed() {
  // Pointed at some other file: the message counts its columns and never quotes it.
  try {
    parseMeasuredTable("root:x:0:0:secret-hash,/root,/bin/bash\nmore\n", "m.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    QVERIFY2(message.find("secret-hash") == std::string::npos, message.c_str());
    QCOMPARE(message, std::string("m.csv:1: is not a measured-table header: 3 of its 3 columns are "
                                  "not known column names and 13 of the 13 columns are missing "
                                  "(expected ") +
                          measuredTableHeader() + ")");
  }
}

void TestHwMeasured::specialFilesRefused_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<QString>("expected");
  QTest::newRow("fifo") << "fifo" << "is not a regular file (a FIFO)";
  QTest::newRow("/dev/zero") << "zero" << "is not a regular file (a character device)";
}

void TestHwMeasured::specialFilesRefused() {
  QFETCH(QString, kind);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  std::string path = "/dev/zero";
  if (kind == "fifo") {
    path = dir.filePath("measured.csv").toStdString();
    QCOMPARE(::mkfifo(path.c_str(), 0600), 0);  // no writer: opening it must not block
  }
  try {
    loadMeasuredTable(path);
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()), QString::fromStdString(path) + ": " + expected);
  }
}

void TestHwMeasured::oversizedFileRefused() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("huge.csv").toStdString();
  { std::ofstream out(path); }
  std::filesystem::resize_file(path, kMaxTableFileBytes + 1);  // sparse: no disk used
  try {
    loadMeasuredTable(path);
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(QString::fromUtf8(e.what()),
             QString::fromStdString(path + ": is larger than the 64 MiB limit for this input (" +
                                    std::to_string(kMaxTableFileBytes + 1) + " bytes)"));
  }
}

void TestHwMeasured::manyBadRowsGiveCappedList() {
  std::string csv = std::string(measuredTableHeader()) + "\n";
  for (int i = 0; i < 10000; ++i) csv += "pwconv,32,28,28,64,28,28,1,1,1,tpu,1,1\n";
  try {
    parseMeasuredTable(csv, "m.csv");
    QFAIL("no error");
  } catch (const InputError& e) {
    QCOMPARE(e.errors().size(), std::size_t(10000));
    QCOMPARE(e.errors().items().size(), ErrorList::kMaxKept);
    const QStringList lines = QString::fromUtf8(e.what()).split('\n');
    QCOMPARE(lines.size(), int(ErrorList::kMaxKept) + 1);
    QCOMPARE(lines.back(), QString("... and 9950 more"));
  }
}

QTEST_APPLESS_MAIN(TestHwMeasured)
#include "test_hw_measured.moc"
