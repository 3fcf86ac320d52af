// `h4h space` and `h4h layers`: output formats, determinism, exit codes and messages.
// Needs the built h4h binary (built by the default target).

#include <QtTest>

#include <QFileInfo>

#include <fstream>
#include <sstream>

#include "graph/layer_graph.h"
#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;
using namespace h4h;

namespace {
SearchSpace projectSpace(const std::string& name) {
  std::ifstream in(test::projectPath(name));
  std::stringstream ss;
  ss << in.rdbuf();
  ErrorList errors;
  return spaceFromJson(Json::parse(ss.str())["space"], "space", errors);
}
}  // namespace

class TestSpaceCli : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY2(QFileInfo::exists(QString::fromStdString(test::cliPath())),
             "build the h4h target first");
  }

  void spaceSummary() {
    auto run = runCli({"space", "projects/paper.h4h"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const SearchSpace sp = projectSpace("paper.h4h");
    QVERIFY(run.out.contains(QString::fromStdString("size: " + spaceSizeExact(sp) + " archs")));
    QVERIFY(run.out.contains("s4 vit2: stride 2, widths {112,120,128}"));
    QVERIFY(run.out.contains(QString::fromStdString("key " + archKey(maxArch(sp)))));
    const Arch smallest = minArch(sp);
    const auto minMacs = graphTotals(lowerArch(sp, smallest)).macs;  // at its own resolution
    QVERIFY(run.out.contains(QString("@%1 (%2)").arg(smallest.resolution).arg(minMacs)));
    QVERIFY(run.out.contains("deployed each subnet at its own resolution"));
  }

  void sampleKeys() {
    auto a = runCli({"space", "projects/demo.h4h", "--sample", "50", "--seed", "7"});
    auto b = runCli({"space", "projects/demo.h4h", "--sample", "50", "--seed", "7"});
    auto c = runCli({"space", "projects/demo.h4h", "--sample", "50", "--seed", "8"});
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(a.out, b.out);
    QVERIFY(a.out != c.out);
    const QStringList keys = a.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(keys.size(), 50);
    const SearchSpace sp = projectSpace("demo.h4h");
    for (const QString& k : keys) {
      ErrorList errors;
      validateArch(sp, parseArchKey(k.toStdString()), errors);
      QVERIFY2(errors.empty(), errors.joined().c_str());
    }
    auto cnn = runCli({"space", "projects/demo.h4h", "--sample", "20", "--cnn-only"});
    QVERIFY(!cnn.out.contains('/'));
  }

  void layersCsv() {
    const SearchSpace sp = projectSpace("demo.h4h");
    std::mt19937_64 rng(1);
    const Arch a = sampleArch(sp, rng);
    auto run = runCli({"layers", "projects/demo.h4h", "--arch", QString::fromStdString(archKey(a))});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto layers = lowerArch(sp, a);
    const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), int(layers.size()) + 1);
    QVERIFY(lines[0].startsWith("id,block,kind,"));
    QVERIFY(run.err.contains(QString("MACs %1 ").arg(graphTotals(layers).macs)));

    auto half = runCli({"layers", "projects/demo.h4h", "--arch", "min", "--resolution", "14"});
    QCOMPARE(half.exitCode, 0);
    QVERIFY(half.out.contains("\n0,stem,conv,1,14,14,"));
  }

  void badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("malformed key") << QStringList{"layers", "projects/demo.h4h", "--arch", "r28_s16_w16:_c0_f0"}
                                   << "expected 'k' at position 12";
    QTest::newRow("key outside space")
        << QStringList{"layers", "projects/demo.h4h", "--arch", "r28_s16_w20:k3e1_w24:k3e3_w40:k3e3_w64:k3e3_c128_f0"}
        << "arch.stages[0].width: must be one of 16, 24 (20)";
    QTest::newRow("not a spec") << QStringList{"layers", "projects/demo.h4h", "--arch", "biggest"}
                                << "is not max, min, an arch key or a readable file";
    QTest::newRow("resolution") << QStringList{"layers", "projects/demo.h4h", "--resolution", "0"}
                                << "--resolution";
    QTest::newRow("seed alone") << QStringList{"space", "projects/demo.h4h", "--seed", "3"} << "--seed";
    QTest::newRow("missing project") << QStringList{"space", "projects/nope.h4h"} << "nope.h4h";
  }
  void badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    auto run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestSpaceCli)
#include "test_space_cli.moc"
