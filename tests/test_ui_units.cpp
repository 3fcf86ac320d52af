// How the studio writes quantities (ui/common/units.h): every tab, tooltip and report
// shows the same text for the same number.

#include <QtTest>

#include <limits>

#include "ui/common/units.h"

using namespace h4h;
using namespace h4h::ui;

class TestUiUnits : public QObject {
  Q_OBJECT

private slots:
  void latencyAndEnergyTakeTheLargestPrefix_data() {
    QTest::addColumn<double>("nano");
    QTest::addColumn<QString>("latency");
    QTest::addColumn<QString>("energy");
    QTest::newRow("below 1 µ") << 310.0 << "310.0 ns" << "310.0 nJ";
    QTest::newRow("micro") << 41300.0 << "41.30 µs" << "41.30 µJ";
    QTest::newRow("milli") << 3.21e6 << "3.210 ms" << "3.210 mJ";
    QTest::newRow("whole") << 2.5e9 << "2.500 s" << "2.500 J";
    QTest::newRow("negative keeps its prefix") << -41300.0 << "-41.30 µs" << "-41.30 µJ";
  }
  void latencyAndEnergyTakeTheLargestPrefix() {
    QFETCH(double, nano);
    QFETCH(QString, latency);
    QFETCH(QString, energy);
    QCOMPARE(formatNs(nano), latency);
    QCOMPARE(formatNj(nano), energy);
  }

  void sizesUseBinaryPrefixes() {
    QCOMPARE(formatBytes(512), QString("512 B"));
    QCOMPARE(formatBytes(1536), QString("1.5 KiB"));
    QCOMPARE(formatBytes(2.0 * 1024 * 1024), QString("2.00 MiB"));
    QCOMPARE(formatBytes(3.0 * 1024 * 1024 * 1024), QString("3.00 GiB"));
  }

  void countsUseDecimalPrefixes() {
    QCOMPARE(formatCount(950), QString("950"));
    QCOMPARE(formatCount(12345), QString("12.3 k"));
    QCOMPARE(formatCount(4.56e6), QString("4.56 M"));
    QCOMPARE(formatCount(1.2e9), QString("1.20 G"));
  }

  void durationsReadAsClockTime() {
    QCOMPARE(formatDuration(42.4), QString("42 s"));
    QCOMPARE(formatDuration(187), QString("3:07"));
    QCOMPARE(formatDuration(3723), QString("1:02:03"));
    QCOMPARE(formatDuration(-1), QString("—"));
    QCOMPARE(formatDuration(std::numeric_limits<double>::infinity()), QString("—"));
  }

  void utcTimesReadToTheMinute() {
    QCOMPARE(formatUtcTime("2026-12-06T10:38:09Z"), QString("2026-12-06 10:38 UTC"));
    QCOMPARE(formatUtcTime("not a time"), QString("not a time"));
  }

  void shapesReadChannelsFirst() { QCOMPARE(formatShape(TensorShape{16, 14, 14}), QString("16×14×14")); }
};

QTEST_MAIN(TestUiUnits)
#include "test_ui_units.moc"
