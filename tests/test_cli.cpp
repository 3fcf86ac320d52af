// The h4h command-line contract: help, version, validate, exit codes.

#include <QtTest>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;
using h4h::test::runCliIn;

namespace {

QByteArray demoText() {
  QFile in(QString::fromStdString(h4h::test::projectPath("demo.h4h")));
  if (!in.open(QIODevice::ReadOnly)) return {};
  return in.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile out(path);
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(bytes);
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

private slots:
  void helpListsCommands() {
    auto run = runCli({"--help"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("validate"));
    QVERIFY(run.out.contains("usage: h4h"));
  }

  void version() {
    auto run = runCli({"--version"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("h4h " H4H_VERSION));
  }

  void usageErrorsExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no args") << QStringList{} << "usage";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
    QTest::newRow("unknown option") << QStringList{"validate", "projects/demo.h4h", "--bogus"}
                                    << "unknown option --bogus";
    QTest::newRow("missing project") << QStringList{"validate"} << "missing PROJECT";
    QTest::newRow("bad threads") << QStringList{"validate", "projects/demo.h4h", "--threads", "x"}
                                 << "--threads";
    QTest::newRow("bad memory mode")
        << QStringList{"profile", "projects/demo.h4h", "--memory-mode", "sram"}
        << "--memory-mode: must be one of sram_only, shared_sram, dedicated_sram (sram)";
    QTest::newRow("bad cache size")
        << QStringList{"profile", "projects/demo.h4h", "--memory-mode", "dedicated_sram",
                       "--sram-cache-kib", "0"}
        << "--sram-cache-kib: must be in [1, 976562] (0)";
    QTest::newRow("unknown soc preset")
        << QStringList{"profile", "projects/demo.h4h", "--hardware-preset", "nope"}
        << "--hardware-preset: unknown preset; available: arvr, npu_only (\"nope\")";
  }
  void usageErrorsExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    auto run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
  }

  void validateBundledProjects() {
    for (const char* p : {"projects/demo.h4h", "projects/paper.h4h"}) {
      auto run = runCli({"validate", p});
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      QVERIFY(run.out.contains("valid project"));
    }
  }

  void validateReportsFieldErrors() {
    QTemporaryDir dir;
    QFile in(QString::fromStdString(h4h::test::projectPath("demo.h4h")));
    QVERIFY(in.open(QIODevice::ReadOnly));
    auto doc = nlohmann::json::parse(in.readAll().toStdString());
    doc["training"]["epochs"] = -4;
    const QString text = QString::fromStdString(doc.dump(2));
    const QString path = dir.filePath("bad.h4h");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text.toUtf8());
    out.close();
    auto run = runCli({"validate", path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("training.epochs"), qPrintable(run.err));

    auto missing = runCli({"validate", dir.filePath("nope.h4h")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("no such file"));
  }

  // Hostile inputs: exit 2 with a message naming the file or field, never a crash or a
  // hang (a hang shows as "timed out" with exit code -1).

  void specialSideFilesExitTwo_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("kind");
    QTest::newRow("fifo measured table") << "--measured" << "fifo";
    QTest::newRow("fifo topology") << "--topology" << "fifo";
    QTest::newRow("fifo arch file") << "--arch" << "fifo";
    QTest::newRow("/dev/zero measured table") << "--measured" << "zero";
    QTest::newRow("/dev/zero topology") << "--topology" << "zero";
  }
  void specialSideFilesExitTwo() {
    QFETCH(QString, option);
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QString path = "/dev/zero";
    if (kind == "fifo") {
      path = dir.filePath("side-file");
      QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
    }
    QStringList args{"profile"};
    if (option != "--topology") args << "projects/demo.h4h";
    args << option << path;
    auto run = runCli(args, 30000);
    QVERIFY2(run.exitCode == 2, qPrintable(run.err));
    QVERIFY2(run.err.contains(path + ": is not a regular file (" +
                              (kind == "fifo" ? "a FIFO" : "a character device") + ")"),
             qPrintable(run.err));
  }

  void specialProjectFilesExitTwo() {
    auto run = runCli({"validate", "/dev/zero"}, 30000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("/dev/zero: is not a regular file (a character device)"), qPrintable(run.err));
  }

  void deeplyNestedProjectExitsTwo() {
    QTemporaryDir dir;
    const QString path = dir.filePath("deep.h4h");
    // 400 KB nested 200,000 levels deep: segfaulted every command before.
    writeFile(path, QByteArray(200000, '[') + QByteArray(200000, ']'));
    for (const char* command : {"validate", "profile", "search"}) {
      auto run = runCli({command, path}, 30000);
      QVERIFY2(run.exitCode == 2, qPrintable(command + (": " + run.err)));
      QVERIFY2(run.err.contains("deeper than 256 levels"), qPrintable(run.err));
    }
  }

  void numberOutOfRangeExitsTwo() {
    QTemporaryDir dir;
    QByteArray text = demoText();
    const int at = text.indexOf("\"epochs\": ");
    QVERIFY(at > 0);
    const int end = text.indexOf(',', at);
    text.replace(at, end - at, "\"epochs\": 1e400");
    const QString path = dir.filePath("huge.h4h");
    writeFile(path, text);
    auto run = runCli({"validate", path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(path + ": 1 problem\n  training.epochs: number out of range (1e400)"),
             qPrintable(run.err));
  }

  void duplicateKeyExitsTwo() {
    QTemporaryDir dir;
    const QByteArray text = "{\"name\": \"twice\"," + demoText().mid(demoText().indexOf('{') + 1);
    const QString path = dir.filePath("dup.h4h");
    writeFile(path, text);
    auto run = runCli({"validate", path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(path + ": 1 problem\n  name: key given twice in one object"),
             qPrintable(run.err));
  }

  void hugeBadArrayGivesShortReport() {
    // 2 M bad entries (a 15 MB file, generated here): before, 2 M lines, 9.5 s and 725 MB.
    QTemporaryDir dir;
    QByteArray text = demoText();
    const int at = text.indexOf("\"widths\": [");
    QVERIFY(at > 0);
    const int end = text.indexOf(']', at);
    QByteArray bad = "\"widths\": [";
    bad.reserve(2000000 * 8 + 16);
    for (int i = 0; i < 2000000; ++i) bad += i ? ",-123456" : "-123456";
    text.replace(at, end - at, bad);
    const QString path = dir.filePath("huge-array.h4h");
    writeFile(path, text);
    auto run = runCli({"validate", path});
    QCOMPARE(run.exitCode, 2);
    const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 52, qPrintable(QString::number(lines.size()) + " lines"));
    QVERIFY2(lines.front() == path + ": 2000000 problems", qPrintable(lines.front()));
    QVERIFY2(run.err.contains("... and 1999950 more"), qPrintable(run.err.right(300)));
  }

  void doubleDashEndsOptions() {
    QTemporaryDir dir;
    writeFile(dir.filePath("-p.h4h"), demoText());
    auto refused = runCliIn(dir.path(), {"validate", "-p.h4h"});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("unknown option -p.h4h"), qPrintable(refused.err));
    auto run = runCliIn(dir.path(), {"validate", "--", "-p.h4h"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("valid project"));
    auto after = runCliIn(dir.path(), {"validate", "--", "--quiet"});
    QCOMPARE(after.exitCode, 2);  // after "--", "--quiet" is a file name
    QVERIFY2(after.err.contains("--quiet: no such file"), qPrintable(after.err));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
