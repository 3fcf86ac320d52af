// The Studies tab: a --quick study of a tiny project run from the tab (its table fills in
// while it runs, its folder is written with study.md, CSVs and PNGs, its record lands in
// results.studies as an undoable edit), cancel leaves the project's results unchanged and
// writes no folder, an earlier study reopens from its folder after save and reopen, a
// missing folder gives a message, Export folder… copies it, and the tab and the project
// tree entry are in the main window.

#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <qcustomplot.h>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "project/project_io.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"
#include "ui/common/job_runner.h"
#include "ui/project/project_document.h"
#include "ui/project/project_tree.h"
#include "ui/studies/studies_page.h"
#include "ui/studies/study_folder_export.h"
#include "ui/studies/study_history.h"
#include "ui/studies/study_result_view.h"
#include "ui/studies/study_settings_form.h"
#include "ui/studies/study_table_model.h"
#include "ui/window/main_window.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

/// Runs the event loop until the runner's job has ended.
bool waitFinished(JobRunner& runner, int ms = 120000) {
  QElapsedTimer t;
  t.start();
  while (runner.isRunning() && t.elapsed() < ms) QTest::qWait(10);
  QTest::qWait(20);
  return !runner.isRunning();
}

/// A snapshot hook that holds the study's thread until `released` (at most a minute).
std::function<void(const StudyResult&)> holdUntil(const std::atomic<bool>& released) {
  return [&released](const StudyResult&) {
    QElapsedTimer t;
    t.start();
    while (!released && t.elapsed() < 60000) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  };
}

StudySettings quickSystem() {
  StudySettings s;
  s.study = "system";
  s.seeds = 1;
  s.quick = true;
  return s;
}

QStringList filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files, QDir::Name); }

/// A tab of the tiny project (saved in `dir`) with no accuracy signal (hardware only).
struct Tab {
  ProjectDocument doc;
  JobRunner runner;
  StudiesPage page;

  explicit Tab(const QString& project) : page(&doc, &runner) {
    QStringList errors;
    if (!doc.load(project, &errors)) qWarning() << errors;
    page.setAccuracyFactory({});
    page.resize(1300, 850);
    page.show();
  }
};

}  // namespace

class TestStudiesTab : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  QString m_project;        // the tiny project, saved with one stored quick study
  QString m_studyFolder;    // that study's folder
  int m_studyRows = 0;      // rows of its first table
  std::string m_firstCell;  // its first table's first cell, as shown

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("studies-tab-test");
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_project = test::writeProject(m_dir, "tiny.h4h", test::tinyProject(64, 1));
    QVERIFY(!m_project.isEmpty());
  }

  void formListsTheRegistryAndRoundTripsSettings() {
    StudySettingsForm form;
    QVERIFY(form.studyCombo()->findText("system") >= 0);
    QVERIFY(form.studyCombo()->findText("compute-units") >= 0);
    StudySettings s = quickSystem();
    s.seeds = 3;
    s.baseSeed = 7;
    QVERIFY(form.setSettings(s));
    QVERIFY(form.settings() == s);
    s.study = "no-such-study";
    QVERIFY(!form.setSettings(s));
  }

  void tableModelAppendsRowsAndWritesUnits() {
    StudyTableModel model;
    StudyTable t;
    t.name = "t";
    t.columns = {{"system", ""}, {"latency", "ms"}, {"gain", "%"}};
    t.rows = {{std::string("NPU only"), 1.23456, std::nan("")}};
    model.setTable(t);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    t.rows.push_back({std::string("NPU+CIM"), 0.9, 27.1});
    model.setTable(t);  // one more row of the same table: appended, not reset
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QString("latency [ms]"));
    QCOMPARE(model.data(model.index(0, 1)).toString(), QString("1.235"));
    QCOMPARE(model.data(model.index(0, 2)).toString(), QString("—"));
    QCOMPARE(model.data(model.index(1, 2)).toString(), QString("27.1"));
    t.columns[1].unit = "s";
    model.setTable(t);
    QCOMPARE(reset.count(), 1);
  }

  void unsavedProjectWithoutFolderIsRefused() {
    ProjectDocument doc;
    JobRunner runner;
    StudiesPage page(&doc, &runner);
    doc.reset(loadProjectOrThrow(m_project.toStdString()));
    doc.reset([&] {
      Project p = doc.project();
      p.filePath.clear();
      return p;
    }());
    QVERIFY(!page.start());
    QVERIFY2(page.statusText().contains("Save the project first"), qPrintable(page.statusText()));
    QVERIFY(!runner.isRunning());
  }

  void quickStudyFillsTheTableAndIsStored() {
    Tab tab(m_project);
    // The study waits after its first snapshot with rows until the tab has shown them,
    // so that the table is seen filling in while the study still runs.
    std::atomic<bool> shown{false};
    std::atomic<bool> heldOnce{false};
    tab.page.setSnapshotHook([&](const StudyResult& snapshot) {
      if (heldOnce || snapshot.tables.empty() || snapshot.tables.front().rows.empty()) return;
      heldOnce = true;
      QElapsedTimer t;
      t.start();
      while (!shown && t.elapsed() < 60000) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
    QVERIFY(tab.page.settingsForm()->setSettings(quickSystem()));
    QVERIFY2(tab.page.start(), qPrintable(tab.page.statusText()));
    QVERIFY(tab.page.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(tab.page.resultView()->tableModel()->rowCount() > 0, 60000);
    QVERIFY2(tab.page.isRunning(), "the rows came only with the end of the study");
    QVERIFY(tab.page.snapshotsShown() >= 1);
    shown = true;
    QVERIFY(waitFinished(tab.runner));
    QVERIFY(heldOnce);
    QVERIFY2(!tab.page.isRunning(), qPrintable(tab.page.statusText()));
    QVERIFY2(tab.page.statusText().contains("finished"), qPrintable(tab.page.statusText()));

    StudyResultView* view = tab.page.resultView();
    QVERIFY(view->hasResult());
    QCOMPARE(view->result().study, std::string("system"));
    QVERIFY(view->tableModel()->rowCount() > 0);
    QCOMPARE(int(view->plots().size()), int(view->result().plots.size()));
    QVERIFY(!view->plots().empty());
    QVERIFY(view->plots().front()->plottableCount() > 0);

    // Stored: one record whose folder holds study.md, a CSV per table, a PNG per plot.
    const StudyRecords& records = tab.doc.project().results.studies;
    QCOMPARE(int(records.size()), 1);
    QCOMPARE(records[0].study, std::string("system"));
    QVERIFY(records[0].settings.quick);
    QCOMPARE(records[0].status, std::string("finished"));
    const QString folder = tab.page.shownFolder();
    QVERIFY(QFileInfo(folder).isDir());
    const QStringList files = filesIn(folder);
    QVERIFY2(files.contains("study.md") && files.contains("study.json"), qPrintable(files.join(",")));
    for (const StudyTable& table : view->result().tables)
      QVERIFY2(files.contains(QString::fromStdString(table.name) + ".csv"), table.name.c_str());
    for (const StudyPlot& plot : view->result().plots)
      QVERIFY2(files.contains(QString::fromStdString(plot.name) + ".png"), plot.name.c_str());
    QCOMPARE(tab.page.historyList()->topLevelItemCount(), 1);
    QCOMPARE(tab.page.historyList()->chosenIndex(), 0);

    // An undoable edit: undo removes the record (the folder stays), redo brings it back.
    QVERIFY(tab.doc.isModified());
    tab.doc.undoStack()->undo();
    QVERIFY(tab.doc.project().results.studies.empty());
    QCOMPARE(tab.page.historyList()->topLevelItemCount(), 0);
    tab.doc.undoStack()->redo();
    QCOMPARE(int(tab.doc.project().results.studies.size()), 1);

    QString error;
    QVERIFY2(tab.doc.save(m_project, &error), qPrintable(error));
    view->selectTable(QString::fromStdString(view->result().tables.front().name));
    m_studyFolder = folder;
    m_studyRows = view->tableModel()->rowCount();
    m_firstCell = view->tableModel()->data(view->tableModel()->index(0, 0)).toString().toStdString();
  }

  void aSecondStudyOfTheSameSettingsGivesTheSameTable() {
    QVERIFY(!m_studyFolder.isEmpty());
    Tab tab(m_project);
    QVERIFY(tab.page.settingsForm()->setSettings(quickSystem()));
    const QString out = m_dir.filePath("again");
    tab.page.settingsForm()->setOutputFolder(out);
    QVERIFY2(tab.page.start(), qPrintable(tab.page.statusText()));
    QVERIFY(waitFinished(tab.runner));
    QCOMPARE(tab.page.shownFolder(), out);
    for (const QString& csv : filesIn(m_studyFolder).filter(".csv"))
      QCOMPARE(test::fileText((out + "/" + csv).toStdString()), test::fileText((m_studyFolder + "/" + csv).toStdString()));
    QCOMPARE(int(tab.doc.project().results.studies.size()), 2);
  }

  void cancelLeavesTheResultsUnchanged() {
    Tab tab(m_project);
    const Json before = studyRecordsToJson(tab.doc.project().results.studies);
    StudySettings s = quickSystem();
    s.quick = false;
    s.seeds = 4;
    QVERIFY(tab.page.settingsForm()->setSettings(s));
    const QString out = m_dir.filePath("cancelled");
    tab.page.settingsForm()->setOutputFolder(out);
    // The study waits at its first snapshot until Cancel was pressed: cancelled mid-way.
    std::atomic<bool> cancelled{false};
    tab.page.setSnapshotHook(holdUntil(cancelled));
    QVERIFY2(tab.page.start(), qPrintable(tab.page.statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(tab.page.snapshotsShown() > 0, 60000);  // it has begun
    tab.page.cancel();
    cancelled = true;
    QVERIFY(waitFinished(tab.runner));
    QVERIFY2(tab.page.statusText().contains("cancelled"), qPrintable(tab.page.statusText()));
    QCOMPARE(studyRecordsToJson(tab.doc.project().results.studies), before);
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY(!tab.doc.isModified());
    QVERIFY(tab.page.shownFolder().isEmpty());
  }

  void anEarlierStudyReopensFromItsFolder() {
    QVERIFY(!m_studyFolder.isEmpty());
    Tab tab(m_project);
    QVERIFY(tab.page.historyList()->topLevelItemCount() >= 1);
    QVERIFY2(tab.page.openStored(0), qPrintable(tab.page.statusText()));
    StudyResultView* view = tab.page.resultView();
    QCOMPARE(view->result().study, std::string("system"));
    view->selectTable(QString::fromStdString(view->result().tables.front().name));
    QCOMPARE(view->tableModel()->rowCount(), m_studyRows);
    QCOMPARE(view->tableModel()->data(view->tableModel()->index(0, 0)).toString().toStdString(), m_firstCell);
    QVERIFY(!view->plots().empty());
    QCOMPARE(QFileInfo(tab.page.shownFolder()).canonicalFilePath(), QFileInfo(m_studyFolder).canonicalFilePath());
    QCOMPARE(tab.page.historyList()->chosenIndex(), 0);
  }

  void exportCopiesTheShownFolder() {
    Tab tab(m_project);
    QVERIFY(tab.page.openStored(0));
    const QString to = m_dir.filePath("exported/system-copy");
    QVERIFY(QDir().mkpath(m_dir.filePath("exported")));
    QSignalSpy done(tab.page.exporter(), &StudyFolderExporter::finished);
    QVERIFY2(tab.page.exportShown(to), qPrintable(tab.page.statusText()));
    QVERIFY(done.wait(30000));
    QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
    QCOMPARE(filesIn(to), filesIn(m_studyFolder));
    QCOMPARE(test::fileText((to + "/study.md").toStdString()), test::fileText((m_studyFolder + "/study.md").toStdString()));
  }

  void aMissingFolderGivesAMessage() {
    QVERIFY(!m_studyFolder.isEmpty());
    const QString moved = m_studyFolder + "-moved";
    QVERIFY(QDir().rename(m_studyFolder, moved));
    Tab tab(m_project);
    QVERIFY(!tab.page.openStored(0));
    QVERIFY2(tab.page.statusText().contains(QFileInfo(m_studyFolder).fileName()), qPrintable(tab.page.statusText()));
    QVERIFY(!tab.page.resultView()->hasResult());
    QCOMPARE(tab.page.resultView()->headerText(), tab.page.statusText());
    QVERIFY(tab.page.shownFolder().isEmpty());
    QVERIFY(!tab.page.exportShown(m_dir.filePath("nothing")));
    QVERIFY(QDir().rename(moved, m_studyFolder));
    QVERIFY(tab.page.openStored(0));  // back again
  }

  void theMainWindowHasTheTabAndTheTreeEntry() {
    MainWindow w;
    w.setDialogsEnabled(false);
    w.resize(1400, 900);
    QVERIFY(w.openProject(m_project));
    auto* page = w.findChild<StudiesPage*>();
    QVERIFY(page);
    QCOMPARE(w.tabs()->tabText(w.tabs()->indexOf(page)), QString("Studies"));
    auto* tree = w.findChild<ProjectTree*>();
    QVERIFY(tree);
    const QStringList items = tree->itemTexts();
    QVERIFY(items.contains("Studies"));
    QVERIFY2(!items.filter(QRegularExpression("^system \\(quick\\)$")).isEmpty(), qPrintable(items.join("|")));
    // Clicking a stored study in the tree opens it in the Studies tab.
    const auto found = tree->findItems("system (quick)", Qt::MatchExactly | Qt::MatchRecursive);
    QVERIFY(!found.isEmpty());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    page->historyList()->choose(-1);
    tree->scrollToItem(found.front());
    const QRect rect = tree->visualItemRect(found.front());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(rect.left() + 4, rect.center().y()));
    QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(page));
    QCOMPARE(page->historyList()->chosenIndex(), 0);
    QVERIFY(page->resultView()->hasResult());
  }

  void tpiStudyCancelsAndResumesFromTheTab() {
    // Its own project: the records of the tests above stay as they expect.
    QTemporaryDir dir;
    const QString project = test::writeProject(dir, "tpi.h4h", test::tinyProject(64, 1));
    Tab tab(project);
    StudySettingsForm* form = tab.page.settingsForm();
    QComboBox* budget = form->findChild<QComboBox*>("studyBudget");
    QVERIFY(budget);
    form->studyCombo()->setCurrentText("system");
    QVERIFY(!budget->isEnabled());
    form->studyCombo()->setCurrentText("tpi");
    QVERIFY(budget->isEnabled());
    QCOMPARE(budget->currentText(), QString("standard"));
    QCOMPARE(form->findChild<QSpinBox*>("studySeeds")->value(), 3);  // its default
    form->findChild<QCheckBox*>("studyQuick")->setChecked(true);
    QVERIFY(!budget->isEnabled());  // Quick is a budget of its own
    StudySettings s;
    s.study = "tpi";
    s.seeds = 1;
    s.quick = true;
    QVERIFY(form->setSettings(s));

    // Cancelled at its first snapshot (before any supernet finished).
    std::atomic<bool> cancelled{false};
    tab.page.setSnapshotHook(holdUntil(cancelled));
    QVERIFY2(tab.page.start(), qPrintable(tab.page.statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(tab.page.snapshotsShown() > 0, 60000);
    tab.page.cancel();
    cancelled = true;
    QVERIFY(waitFinished(tab.runner));
    QVERIFY2(tab.page.statusText().contains("resumes without retraining"), qPrintable(tab.page.statusText()));
    QVERIFY(tab.doc.project().results.studies.empty());

    // Run again: it finishes, with the table of every recipe, stored like any study.
    tab.page.setSnapshotHook({});
    QVERIFY2(tab.page.start(), qPrintable(tab.page.statusText()));
    QVERIFY(waitFinished(tab.runner, 300000));
    QVERIFY2(tab.page.statusText().contains("finished"), qPrintable(tab.page.statusText()));
    QCOMPARE(int(tab.doc.project().results.studies.size()), 1);
    const StudyResult& result = tab.page.resultView()->result();
    QVERIFY(result.table("tpi"));
    QCOMPARE(result.table("tpi")->rows.size(), std::size_t(6));
    QVERIFY(QFileInfo(QDir(tab.page.shownFolder()).filePath("paired.png")).size() > 0);
  }
};

QTEST_MAIN(TestStudiesTab)
#include "test_ui_studies.moc"
