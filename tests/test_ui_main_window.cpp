// The studio shell: open, failed open keeps the project, title marker, save, recent files.

#include <QtTest>

#include <QTabWidget>

#include "main_window.h"
#include "overview_page.h"
#include "project_document.h"
#include "support/test_paths.h"

using namespace h4h;
using h4h::ui::MainWindow;

class TestMainWindow : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("studio-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void opensDemoAndShowsOverview() {
    MainWindow w;
    w.setDialogsEnabled(false);
    w.show();
    const QString demo = QString::fromStdString(test::projectPath("demo.h4h"));
    QVERIFY(w.openProject(demo));
    QVERIFY(w.windowTitle().contains(QString::fromStdString(w.document()->project().name)));
    QVERIFY(w.windowTitle().contains("demo.h4h"));
    QVERIFY(!w.isWindowModified());
    auto* overview = w.tabs()->findChild<ui::OverviewPage*>();
    QVERIFY(overview);
    QVERIFY(overview->summaryHtml().contains("Stage 1"));
    QVERIFY(w.recentFiles().contains(QFileInfo(demo).absoluteFilePath()));
  }

  void failedOpenKeepsCurrentProject() {
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(QString::fromStdString(test::projectPath("demo.h4h"))));
    const std::string before = w.document()->project().filePath;
    const QString bad = m_dir.filePath("bad.h4h");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"h4h-project\", \"version\": 1, \"name\": 3}");
    f.close();
    QVERIFY(!w.openProject(bad));
    QVERIFY(!w.lastErrors().isEmpty());
    QVERIFY(w.lastErrors().join("\n").contains("name"));
    QCOMPARE(w.document()->project().filePath, before);
  }

  void editMarksModifiedAndSaveClears() {
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(QString::fromStdString(test::projectPath("demo.h4h"))));
    w.document()->edit("project", [](Project& p) { p.name = "renamed"; });
    QVERIFY(w.isWindowModified());
    QVERIFY(w.windowTitle().contains("renamed"));
    const QString path = m_dir.filePath("saved.h4h");
    QVERIFY(w.saveProjectAs(path));
    QVERIFY(!w.isWindowModified());
    MainWindow other;
    other.setDialogsEnabled(false);
    QVERIFY(other.openProject(path));
    QCOMPARE(other.document()->project().name, std::string("renamed"));
  }

  void newProjectComesFromTemplate() {
    MainWindow w;
    w.setDialogsEnabled(false);
    w.newProject();
    QCOMPARE(w.document()->project().name, std::string("untitled"));
    QVERIFY(!w.document()->project().space.stages.empty());
    QVERIFY(w.document()->filePath().isEmpty());
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_ui_main_window.moc"
