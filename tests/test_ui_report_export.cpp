// File ▸ Export report: the studio writes the same report folder as
// `h4h run PROJECT --stages schedule --out DIR` (same files, same tables), in the
// background, without editing or saving the open project; a failure is reported.
#include <QtTest>

#include "ui/window/main_window.h"
#include "ui/project/project_document.h"
#include "ui/report/report_export.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"

using h4h::test::runCli;
using h4h::ui::MainWindow;
using h4h::ui::ReportExporter;

namespace {

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestUiReportExport : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("report-export-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void studioExportMatchesCliRun() {
    QTemporaryDir dir;
    const QString project = h4h::test::writeProject(dir, "tiny.h4h", h4h::test::tinyProject(64, 1));
    QVERIFY(!project.isEmpty());
    const auto search = runCli({"search", project, "--quiet"});
    QVERIFY2(search.exitCode == 0, qPrintable(search.err));
    const QByteArray before = readAll(project);

    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(project));
    QSignalSpy done(w.reportExporter(), &ReportExporter::finished);
    const QString studioDir = dir.filePath("studio");
    QVERIFY(w.exportReport(studioDir));
    QVERIFY(!w.exportReport(studioDir));  // one export at a time
    QVERIFY(done.wait(120000));
    QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));
    QCOMPARE(readAll(project), before);  // the open project is neither edited nor saved
    QVERIFY(!w.document()->isModified());

    const QString cliDir = dir.filePath("cli");
    const auto run = runCli({"run", w.document()->filePath(), "--stages", "schedule", "--out", cliDir, "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    const QStringList studioFiles = QDir(studioDir).entryList(QDir::Files, QDir::Name);
    QCOMPARE(studioFiles, QDir(cliDir).entryList(QDir::Files, QDir::Name));
    QVERIFY(studioFiles.contains("gantt.png"));
    for (const QString& name : studioFiles) {
      const QByteArray studio = readAll(studioDir + "/" + name);
      QVERIFY2(!studio.isEmpty(), qPrintable(name));
      if (name.endsWith(".png")) continue;  // pixels may differ by font hinting; tables may not
      QVERIFY2(studio == readAll(cliDir + "/" + name), qPrintable(name + " differs"));
    }
  }

  void failureIsReported() {
    QTemporaryDir dir;
    const QString project = h4h::test::writeProject(dir, "tiny.h4h", h4h::test::tinyProject(64, 1));
    QVERIFY(!project.isEmpty());
    const QString notAFolder = dir.filePath("out");
    {
      QFile f(notAFolder);
      QVERIFY(f.open(QIODevice::WriteOnly));
    }
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(project));
    QSignalSpy done(w.reportExporter(), &ReportExporter::finished);
    QVERIFY(w.exportReport(notAFolder));
    QVERIFY(done.wait(60000));
    QVERIFY(!done.front().at(0).toBool());
    QVERIFY2(done.front().at(1).toString().contains("not exported"), qPrintable(done.front().at(1).toString()));
  }
};

QTEST_MAIN(TestUiReportExport)
#include "test_ui_report_export.moc"
