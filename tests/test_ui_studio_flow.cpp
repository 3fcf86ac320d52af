// End to end through the main window, as a user would: open the demo project, run a
// short hardware-only search from the Search tab, click a point on the Pareto plot,
// double-click it to open the Schedule tab and see one Gantt bar per task, export a
// trace, save, and reopen the file in a fresh window with results, selection and both
// views restored.

#include <QtTest>

#include <QPushButton>
#include <QTabWidget>
#include <qcustomplot.h>

#include "ui/schedule/gantt_chart.h"
#include "ui/common/job_runner.h"
#include "ui/window/main_window.h"
#include "ui/search/pareto_plot.h"
#include "ui/project/project_document.h"
#include "ui/project/project_tree.h"
#include "ui/schedule/schedule_page.h"
#include "ui/search/search_page.h"
#include "ui/search/search_page_settings.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

class TestStudioFlow : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("studio-flow-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void searchSelectScheduleSaveReopen() {
    const QString project = m_dir.filePath("flow.h4h");
    QVERIFY(QFile::copy(QString::fromStdString(test::projectPath("demo.h4h")), project));
    std::string selected;
    int points = 0, bars = 0;
    {
      MainWindow w;
      w.setDialogsEnabled(false);
      w.resize(1400, 900);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QVERIFY(w.openProject(project));
      auto* search = w.findChild<SearchPage*>();
      auto* schedule = w.findChild<SchedulePage*>();
      QVERIFY(search && schedule);
      search->setDialogsEnabled(false);
      schedule->setDialogsEnabled(false);
      w.tabs()->setCurrentWidget(search);

      SearchConfig c = w.document()->project().search;
      c.generations = 2;
      c.population = 12;
      c.objectives = {"latency", "energy"};
      QVERIFY(search->settingsForm()->apply(c, "small search"));
      QVERIFY2(search->start(), qPrintable(search->statusText()));
      QTRY_VERIFY_WITH_TIMEOUT(!w.jobRunner()->isRunning(), 60000);
      QTRY_VERIFY2(search->plot()->drawnCurrent() > 0, qPrintable(search->statusText()));
      points = search->points().size();
      QVERIFY(points >= 12);
      QCOMPARE(search->plot()->drawnCurrent(), points);

      // Click a front point: it becomes the selection.
      const h4h::ParetoFront& pareto = w.document()->project().results.pareto;
      QVERIFY(!pareto.empty());
      const std::string key = pareto[pareto.size() / 2].key;
      const auto pixel = search->plot()->pixelOf(key);
      QVERIFY(pixel.has_value());
      selected = search->plot()->keyAt(*pixel);
      QTest::mouseClick(search->plot()->plot(), Qt::LeftButton, Qt::NoModifier, pixel->toPoint());
      QCOMPARE(w.document()->project().results.selected, selected);
      QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(search));
      auto* tree = w.findChild<ProjectTree*>();
      QVERIFY(tree);
      QVERIFY(tree->itemTexts().contains(QString::fromStdString(selected)));
      // Double-click opens it in the Schedule tab.
      QTest::mouseDClick(search->plot()->plot(), Qt::LeftButton, Qt::NoModifier, pixel->toPoint());
      QTRY_COMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(schedule));
      QTRY_COMPARE(schedule->view().arch, selected);
      QVERIFY2(schedule->view().ok(), qPrintable(schedule->view().error));
      bars = schedule->chart()->barCount();
      QCOMPARE(bars, int(schedule->view().hybrid.tasks.size()));
      QVERIFY(bars >= int(schedule->view().layers.size()));
      QVERIFY(schedule->chart()->baselineBarCount() > 0);

      const QString trace = m_dir.filePath("flow.trace.json");
      QVERIFY(schedule->exportTrace(trace));
      QFile f(trace);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QByteArray bytes = f.readAll();
      QVERIFY(!Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false).is_discarded());

      QVERIFY(w.isWindowModified());
      QVERIFY(w.saveProjectAs(m_dir.filePath("flow-saved.h4h")));
      QVERIFY(!w.isWindowModified());
    }
    // Reopen: every view comes back.
    MainWindow w;
    w.setDialogsEnabled(false);
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openProject(m_dir.filePath("flow-saved.h4h")));
    QCOMPARE(w.document()->project().results.selected, selected);
    auto* search = w.findChild<SearchPage*>();
    auto* schedule = w.findChild<SchedulePage*>();
    w.tabs()->setCurrentWidget(search);
    QTRY_COMPARE(search->plot()->drawnCurrent(), points);
    QCOMPARE(search->plot()->selectedKey(), selected);
    w.tabs()->setCurrentWidget(schedule);
    QTRY_COMPARE(schedule->view().arch, selected);
    QTRY_COMPARE(schedule->chart()->barCount(), bars);
    QVERIFY(!w.isWindowModified());
    // The project tree opens the tab of an item.
    auto* tree = w.findChild<ProjectTree*>();
    emit tree->tabRequested("Search");
    QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(search));
  }
};

QTEST_MAIN(TestStudioFlow)
#include "test_ui_studio_flow.moc"
