#pragma once
// The stage table of the Search Space editor: one row per stage, one column per
// choice list. setData() parses and validates the whole candidate space; a valid
// edit becomes an undo command, an invalid one is refused and its reason is shown
// in the row's Problem column. The delegate reports typing so the editor can
// preview the space's figures before the edit is committed.

#include <QAbstractTableModel>
#include <QStyledItemDelegate>
#include <QVector>

#include "ui/space/space_editor_model.h"

namespace h4h::ui {

class ProjectDocument;

class StageTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  /// The Problem column comes after the stage fields.
  static constexpr int kProblemColumn = kStageFieldCount;

  explicit StageTableModel(ProjectDocument* document, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  /// Returns false (and records the reason for the row) when the edit is refused.
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;

  /// The candidate space if `text` were committed at `index`; false with `error`
  /// (first problem) when it would be refused.
  bool candidate(const QModelIndex& index, const QString& text, SearchSpace* out,
                 QString* error) const;
  /// Reason the last edit of a row was refused ("" = none).
  QString rowProblem(int row) const;
  void setRowProblem(int row, const QString& problem);
  void clearProblems();

signals:
  /// An edit was refused; `problem` is the reason shown beside the row.
  void refused(int row, const QString& problem);

private:
  void refresh();

  ProjectDocument* m_document;
  int m_rows = 0;
  QVector<QString> m_problems;
};

/// Line-edit delegate that reports every keystroke.
class StageCellDelegate : public QStyledItemDelegate {
  Q_OBJECT
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                        const QModelIndex& index) const override;

signals:
  void typing(const QModelIndex& index, const QString& text) const;
  void editingEnded() const;
};

}  // namespace h4h::ui
