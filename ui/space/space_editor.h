#pragma once
// The Search Space tab: network, stem and head fields, the stage table, and a
// summary bar (size, min/max MACs and parameters) that follows the typing.
// Every applied edit is an undo command on the document's stack; an edit that
// would make the space invalid is refused and its reason shown beside the field.

#include <QHash>
#include <QWidget>
#include <functional>

#include "ui/space/space_editor_model.h"

class QGridLayout;
class QLabel;
class QPushButton;
class QTableView;

namespace h4h::ui {

class ProjectDocument;
class StageTableModel;
class StageCellDelegate;

class SpaceEditor : public QWidget {
  Q_OBJECT
public:
  explicit SpaceEditor(ProjectDocument* document, QWidget* parent = nullptr);
  ~SpaceEditor() override;

  /// Commits `text` to a field as the form does; false when refused (the reason is
  /// then shown beside the field and returned by fieldProblem()).
  bool applyField(SpaceField field, const QString& text, const QString& mergeKey = {});
  /// Shows the figures the space would have with `text` in the field, without applying.
  void previewField(SpaceField field, const QString& text);
  QString fieldProblem(SpaceField field) const;

  /// Stage operations (undoable); false with stageProblem() set when refused.
  bool addStage();
  bool duplicateStage(int row);
  bool removeStage(int row);
  bool moveStage(int from, int to);
  QString stageProblem() const;

  StageTableModel* stageModel() const { return m_stageModel; }
  QTableView* stageTable() const { return m_table; }
  /// Summary of the document's space, and of the typed candidate while previewing.
  QString statsText() const;
  QString previewText() const;

private:
  struct FieldRow {
    QWidget* editor = nullptr;
    QLabel* problem = nullptr;
    std::function<void(const QString&)> setText;
  };

  QWidget* buildNetworkGroup();
  QWidget* buildStemGroup();
  QWidget* buildHeadGroup();
  QWidget* buildStageGroup();
  void addFieldRow(QGridLayout* grid, int row, SpaceField field, const QString& label,
                   QWidget* editor);
  QWidget* intField(SpaceField field, int min, int max, const QString& suffix = {},
                    const QString& special = {}, int step = 1);
  QWidget* listField(SpaceField field, const QString& placeholder = {});
  QWidget* comboField(SpaceField field, const QStringList& items);
  void setFieldProblem(SpaceField field, const QString& text, bool refused);
  bool applySpace(SearchSpace space, const QString& undoText, const QString& mergeKey = {});
  bool refuseStageOp(const QString& problem);
  void refresh();
  void showPreview(const SearchSpace* candidate, const QString& problem);
  void previewStageCell(const QModelIndex& index, const QString& text);
  int currentStageRow() const;
  void updateStageButtons();

  ProjectDocument* m_document;
  StageTableModel* m_stageModel;
  StageCellDelegate* m_delegate;
  QTableView* m_table = nullptr;
  QLabel* m_stats = nullptr;
  QLabel* m_preview = nullptr;
  QLabel* m_stageMessage = nullptr;
  QPushButton* m_duplicate = nullptr;
  QPushButton* m_remove = nullptr;
  QPushButton* m_up = nullptr;
  QPushButton* m_down = nullptr;
  QHash<int, FieldRow> m_fields;  // key: SpaceField
  bool m_refreshing = false;
};

}  // namespace h4h::ui
