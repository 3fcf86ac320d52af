// The h4h command-line contract: help, version, validate, exit codes.

#include <QtTest>

#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_paths.h"

using h4h::test::runCli;

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
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
