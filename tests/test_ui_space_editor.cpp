// The Search Space editor: the demo fills it; invalid edits (table cells, form fields,
// stage operations) are refused with the reason and leave the project unchanged;
// valid edits are undo commands that round-trip through undo/redo; spin-box steps
// merge; the summary follows edits and typing.

#include <QtTest>

#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>

#include "ui/window/main_window.h"
#include "ui/project/project_document.h"
#include "space/space_json.h"
#include "ui/space/space_editor.h"
#include "ui/space/space_editor_model.h"
#include "ui/space/space_editor_table.h"
#include "support/test_paths.h"

using namespace h4h;
using namespace h4h::ui;

namespace {

Json spaceJson(const ProjectDocument& doc) { return spaceToJson(doc.project().space); }

bool loadDemo(ProjectDocument& doc) {
  QStringList errors;
  return doc.load(QString::fromStdString(test::projectPath("demo.h4h")), &errors);
}

QModelIndex cell(SpaceEditor& editor, int row, StageField field) {
  return editor.stageModel()->index(row, int(field));
}

}  // namespace

class TestSpaceEditor : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("H4H-test");
    QCoreApplication::setApplicationName("space-editor-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void demoFillsTheEditor() {
    MainWindow w;
    w.setDialogsEnabled(false);
    QVERIFY(w.openProject(QString::fromStdString(test::projectPath("demo.h4h"))));
    auto* editor = w.tabs()->findChild<SpaceEditor*>();
    QVERIFY(editor);
    QCOMPARE(editor->stageModel()->rowCount(), 4);
    QCOMPARE(editor->stageModel()->data(cell(*editor, 2, StageField::Name), Qt::DisplayRole).toString(),
             QString("hy1"));
    QCOMPARE(editor->stageModel()->data(cell(*editor, 3, StageField::VitDepths), Qt::DisplayRole).toString(),
             QString("0, 1, 2, 3"));
    QCOMPARE(editor->stageModel()->data(cell(*editor, 2, StageField::Se), Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QVERIFY2(editor->statsText().contains("archs"), qPrintable(editor->statsText()));
    QVERIFY(editor->statsText().contains("at 28×28"));
    // The exact size equals the core's count.
    const SpaceStats stats = computeSpaceStats(w.document()->project().space);
    QVERIFY(stats.valid);
    QVERIFY(QString(editor->statsText()).remove(QChar(0x2009)).contains(stats.sizeExact));
    QVERIFY(stats.maxMacs > stats.minMacs && stats.minMacs > 0);
    // The network form shows the demo's values.
    auto* deploy = editor->findChild<QLabel*>("problem_space.deploy_resolution");
    QVERIFY(deploy);
    QVERIFY(deploy->text().isEmpty());
  }

  void invalidCellEditIsRefused_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("heads not dividing widths") << 2 << int(StageField::Heads) << "3, 4"
                                               << "space.stages[2].heads[0]: must divide";
    QTest::newRow("even kernel") << 0 << int(StageField::Kernels) << "3, 4"
                                 << "space.stages[0].kernels[1]: must be odd";
    QTest::newRow("stride 3") << 1 << int(StageField::Stride) << "3"
                              << "space.stages[1].stride: must be 1 or 2";
    QTest::newRow("mbconv depth 0") << 0 << int(StageField::MbDepths) << "0, 1"
                                    << "space.stages[0].mb_depths[0]";
    QTest::newRow("not a number") << 1 << int(StageField::Widths) << "24, x"
                                  << "must be a list of integers (x)";
    QTest::newRow("empty widths") << 1 << int(StageField::Widths) << ""
                                  << "space.stages[1].widths: must not be empty";
    QTest::newRow("width breaking the heads") << 3 << int(StageField::Widths) << "64, 81"
        << "space.stages[3].heads[0]: must divide every width of the stage";
    QTest::newRow("duplicate") << 3 << int(StageField::Expands) << "3, 3"
                               << "must not repeat an earlier choice";
  }

  void invalidCellEditIsRefused() {
    QFETCH(int, row);
    QFETCH(int, field);
    QFETCH(QString, text);
    QFETCH(QString, reason);
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    const Json before = spaceJson(doc);
    QSignalSpy refused(editor.stageModel(), &StageTableModel::refused);
    const QModelIndex index = cell(editor, row, StageField(field));
    QVERIFY(!editor.stageModel()->setData(index, text, Qt::EditRole));
    QCOMPARE(refused.count(), 1);
    QCOMPARE(spaceJson(doc), before);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 0);
    const QString problem = editor.stageModel()->rowProblem(row);
    QVERIFY2(problem.contains(reason), qPrintable(problem));
    // Shown beside the row, in the Problem column.
    QCOMPARE(editor.stageModel()
                 ->data(editor.stageModel()->index(row, StageTableModel::kProblemColumn), Qt::DisplayRole)
                 .toString(),
             problem);
    // Never clipped: the row grows until the whole problem fits its column.
    auto* table = editor.findChild<QTableView*>();
    QVERIFY(table);
    editor.resize(900, 600);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const int column = StageTableModel::kProblemColumn;
    const QRect needed = table->fontMetrics().boundingRect(QRect(0, 0, table->columnWidth(column) - 8, 10000),
                                                           Qt::TextWordWrap, problem);
    QTRY_VERIFY2(table->rowHeight(row) >= needed.height(),
                 qPrintable(QString("%1 < %2").arg(table->rowHeight(row)).arg(needed.height())));
  }

  void invalidFormEditIsRefused_data() {
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("deploy below stride") << int(SpaceField::DeployResolution) << "4"
                                         << "space.deploy_resolution: must be at least the network's total stride (8)";
    QTest::newRow("train resolution") << int(SpaceField::TrainResolutions) << "28, 2"
                                      << "space.train_resolutions[1]";
    QTest::newRow("stem kernel even") << int(SpaceField::StemKernel) << "4" << "space.stem.kernel";
    QTest::newRow("one class") << int(SpaceField::Classes) << "1" << "space.classes: must be in [2";
    QTest::newRow("activation") << int(SpaceField::Activation) << "gelu" << "space.activation";
    QTest::newRow("deploy at") << int(SpaceField::DeployAt) << "sometimes"
                               << "space.fixed_deploy_resolution: must be subnet or fixed";
  }

  /// Fixing the deploy resolution costs every subnet at it; the stats line says which.
  void deployAtChoosesTheCostedResolution() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    QVERIFY(editor.applyField(SpaceField::TrainResolutions, "24, 32"));
    QVERIFY2(editor.statsText().contains("24–32 px"), qPrintable(editor.statsText()));
    QVERIFY(editor.applyField(SpaceField::DeployAt, "fixed"));
    QVERIFY(doc.project().space.fixedDeployResolution);
    const QString fixedAt = QStringLiteral("%1×%1").arg(doc.project().space.deployResolution);
    QVERIFY2(editor.statsText().contains(fixedAt), qPrintable(editor.statsText()));
    doc.undoStack()->undo();
    QVERIFY(!doc.project().space.fixedDeployResolution);
  }

  void invalidFormEditIsRefused() {
    QFETCH(int, field);
    QFETCH(QString, text);
    QFETCH(QString, reason);
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    const Json before = spaceJson(doc);
    QVERIFY(!editor.applyField(SpaceField(field), text));
    QCOMPARE(spaceJson(doc), before);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 0);
    const QString problem = editor.fieldProblem(SpaceField(field));
    QVERIFY2(problem.startsWith("Refused: ") && problem.contains(reason), qPrintable(problem));
  }

  void validEditsUndoAndRedo() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    const Json original = spaceJson(doc);
    const QString statsBefore = editor.statsText();

    QVERIFY(editor.stageModel()->setData(cell(editor, 1, StageField::Widths), "24, 32, 40", Qt::EditRole));
    QVERIFY(doc.isModified());
    QCOMPARE(doc.project().space.stages[1].widths, (std::vector<int>{24, 32, 40}));
    QVERIFY(editor.statsText() != statsBefore);  // size and MACs follow the edit
    const Json afterWidths = spaceJson(doc);

    QVERIFY(editor.stageModel()->setData(cell(editor, 2, StageField::Se), int(Qt::Unchecked), Qt::CheckStateRole));
    QVERIFY(!doc.project().space.stages[2].se);
    QVERIFY(editor.applyField(SpaceField::StemWidths, "[8, 16, 24]"));
    QCOMPARE(doc.project().space.stem.widths, (std::vector<int>{8, 16, 24}));
    QVERIFY(editor.addStage());
    QCOMPARE(doc.project().space.stages.size(), std::size_t(5));
    QVERIFY(editor.moveStage(4, 3));
    QVERIFY(editor.removeStage(0));
    QCOMPARE(doc.undoStack()->count(), 6);
    const Json edited = spaceJson(doc);

    QUndoStack* stack = doc.undoStack();
    for (int i = 0; i < 5; ++i) stack->undo();
    QCOMPARE(spaceJson(doc), afterWidths);
    QCOMPARE(editor.stageModel()->data(cell(editor, 1, StageField::Widths), Qt::DisplayRole).toString(),
             QString("24, 32, 40"));
    stack->undo();
    QCOMPARE(spaceJson(doc), original);
    QVERIFY(!doc.isModified());  // back at the clean state
    QCOMPARE(editor.statsText(), statsBefore);
    for (int i = 0; i < 6; ++i) stack->redo();
    QCOMPARE(spaceJson(doc), edited);
    QVERIFY(doc.isModified());
  }

  void spinStepsMergeIntoOneCommand() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    const QString key = spaceFieldPath(SpaceField::DeployResolution);
    QVERIFY(editor.applyField(SpaceField::DeployResolution, "29", key));
    QVERIFY(editor.applyField(SpaceField::DeployResolution, "30", key));
    QVERIFY(editor.applyField(SpaceField::DeployResolution, "32", key));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.project().space.deployResolution, 32);
    doc.undoStack()->undo();
    QCOMPARE(doc.project().space.deployResolution, 28);
    QVERIFY(!doc.isModified());
  }

  void stageOperationsAreValidated() {
    ProjectDocument clean;
    QVERIFY(loadDemo(clean));
    SpaceEditor e2(&clean);
    const Json before = spaceJson(clean);
    for (int i = 0; i < 3; ++i) QVERIFY(e2.removeStage(0));
    QCOMPARE(clean.project().space.stages.size(), std::size_t(1));
    QVERIFY(!e2.removeStage(0));  // a space needs a stage
    QVERIFY2(e2.stageProblem().contains("space.stages: must not be empty"), qPrintable(e2.stageProblem()));
    QVERIFY(!e2.moveStage(0, 1));
    for (int i = 0; i < 3; ++i) clean.undoStack()->undo();
    QCOMPARE(spaceJson(clean), before);
  }

  void typingPreviewsWithoutApplying() {
    ProjectDocument doc;
    QVERIFY(loadDemo(doc));
    SpaceEditor editor(&doc);
    editor.show();
    const Json before = spaceJson(doc);
    editor.previewField(SpaceField::StemWidths, "16, 24, 32");
    QVERIFY2(editor.previewText().contains("With the typed value"), qPrintable(editor.previewText()));
    QVERIFY(editor.previewText() != editor.statsText());
    editor.previewField(SpaceField::StemWidths, "16, 16");
    QVERIFY(editor.previewText().contains("would be refused"));
    QVERIFY(editor.fieldProblem(SpaceField::StemWidths).contains("Would be refused"));
    QCOMPARE(spaceJson(doc), before);
    QCOMPARE(doc.undoStack()->count(), 0);

    // Typing in a stage cell through the delegate's editor previews too.
    QTableView* table = editor.stageTable();
    const QModelIndex index = cell(editor, 1, StageField::Widths);
    table->setCurrentIndex(index);
    table->edit(index);
    auto* line = table->findChild<QLineEdit*>();
    QVERIFY(line);
    line->selectAll();
    QTest::keyClicks(line, "24, 32, 48");
    QVERIFY2(editor.previewText().contains("With the typed value"), qPrintable(editor.previewText()));
    QCOMPARE(spaceJson(doc), before);
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(doc.project().space.stages[1].widths, (std::vector<int>{24, 32, 48}));
    QCOMPARE(doc.undoStack()->count(), 1);
  }
};

QTEST_MAIN(TestSpaceEditor)
#include "test_ui_space_editor.moc"
